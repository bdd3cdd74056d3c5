package modules

import "testing"

// TestMimetypesMatchesCPython runs testdata/mimetypes.json
// (gen_mimetypes.py): the tables, guess_type on every extension CPython
// knows (as a file, a path, a URL, in upper case), compressions and
// suffixes that stand for two, data: URLs, and the extensions of every
// type, strict or not.
func TestMimetypesMatchesCPython(t *testing.T) {
	runCases(t, "testdata/mimetypes.json", NewMimetypes())
}
