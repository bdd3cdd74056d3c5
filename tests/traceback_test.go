package tests

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// sourceLines are the lines of source under a frame (which differ
// between the twins, as do the line numbers), and CPython 3.11's carets.
var (
	sourceLines = regexp.MustCompile(`(?m)^    .*\n`)
	lineNumbers = regexp.MustCompile(`, line \d+,`)
	fileNames   = regexp.MustCompile(`File "[^"]*tb\.(py|star)"`)
)

// TestTracebackModuleMatchesCPython: format_exc, print_exc,
// format_exception_only and format_exception of a caught exception give
// what CPython gives for the same program.
func TestTracebackModuleMatchesCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: cannot compare with CPython")
	}
	want, err := exec.Command(py, "traceback/tb.py").Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	got, stderr, code := runPyasync(t, "", "traceback/tb.star")
	if code != 0 {
		t.Fatalf("status %d: %s", code, stderr)
	}
	norm := func(s string) string {
		s = sourceLines.ReplaceAllString(s, "")
		s = lineNumbers.ReplaceAllString(s, ", line N,")
		return strings.TrimSpace(fileNames.ReplaceAllString(s, `File "FILE"`))
	}
	if norm(got) != norm(string(want)) {
		t.Errorf("pyasync:\n%s\nCPython:\n%s", got, want)
	}
}
