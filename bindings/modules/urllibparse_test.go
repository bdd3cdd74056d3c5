package modules

import "testing"

// TestURLParseMatchesCPython runs testdata/urllib_parse.json
// (gen_urllib.py): splitting and parsing URLs of every shape (schemes,
// netlocs with users, ports, IPv6 and IPvFuture hosts, params, controls
// to strip) with their attributes and geturl(), putting them back,
// RFC 3986's relative references against several bases, quoting and
// unquoting, query strings each way, and the errors.
func TestURLParseMatchesCPython(t *testing.T) {
	runCases(t, "testdata/urllib_parse.json", NewURLParse())
}
