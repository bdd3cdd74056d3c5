package modules

import "testing"

// TestIOMatchesCPython runs testdata/io.json (gen_io.py): StringIO with
// each newline mode, and StringIO and BytesIO read, written, sought,
// truncated and closed, as CPython 3.11's.
func TestIOMatchesCPython(t *testing.T) {
	runCases(t, "testdata/io.json", NewIO())
}
