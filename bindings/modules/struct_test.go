package modules

import "testing"

// TestStructMatchesCPython runs testdata/struct.json (gen_struct.py):
// every format code under every byte order, packing ints at the edges of
// each range and floats that round, overflow or are not numbers,
// unpacking, alignment, repeat counts, offsets, and the errors.
func TestStructMatchesCPython(t *testing.T) {
	runCases(t, "testdata/struct.json", NewStruct())
}
