package modules

import "testing"

// TestBinasciiMatchesCPython runs testdata/binascii.json (gen_codecs.py):
// hex and base64 each way, separators, crc32 with starting values, and
// every kind of malformed base64 in both modes.
func TestBinasciiMatchesCPython(t *testing.T) {
	runCases(t, "testdata/binascii.json", NewBinascii())
}

// TestBase64MatchesCPython runs testdata/base64.json (gen_codecs.py):
// every encoder and decoder on the same samples, alternative alphabets,
// casefold and map01, and malformed input.
func TestBase64MatchesCPython(t *testing.T) {
	runCases(t, "testdata/base64.json", NewBase64())
}

// TestHashlibMatchesCPython runs testdata/hashlib.json (gen_codecs.py):
// every algorithm's digests, attributes and constructors.
func TestHashlibMatchesCPython(t *testing.T) {
	runCases(t, "testdata/hashlib.json", NewHashlib())
}
