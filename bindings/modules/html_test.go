package modules

import "testing"

// TestHTMLMatchesCPython runs testdata/html.json (gen_html.py): escape
// with and without quotes; unescape of every named reference of HTML5
// with what may follow it, of every numeric one below 0x100 and at the
// edges of Unicode, and of the malformed ones.
func TestHTMLMatchesCPython(t *testing.T) {
	runCases(t, "testdata/html.json", NewHTML())
}
