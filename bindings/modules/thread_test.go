package modules

import "testing"

// TestThreadMatchesCPython runs testdata/thread.json (gen_thread.py):
// locks and reentrant locks taken and released by one thread, as
// CPython 3.11's _thread.
func TestThreadMatchesCPython(t *testing.T) {
	runCases(t, "testdata/thread.json", NewThread())
}
