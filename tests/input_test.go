package tests

import (
	"os/exec"
	"strings"
	"testing"
)

// TestInputReadsStandardInput: input() under pyasync and under CPython
// read the same lines from the same standard input: the prompt on
// stdout, the line without its "\n" (a "\r" kept), EOFError at the end.
func TestInputReadsStandardInput(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: no input() to compare with")
	}
	const prog = `print(repr(input("name? ")))
print(repr(input()))
print(repr(input("")))
e, _ = catch(input, 5)
print(repr(e))
`
	const pyProg = `print(repr(input("name? ")))
print(repr(input()))
print(repr(input("")))
try:
    input(5)
except EOFError as e:
    print(repr(e))
`
	stdin := "abc\r\nsecond\nlast"
	out, stderr, code := runPyasync(t, stdin, "-c", prog)
	cmd := exec.Command(py, "-c", pyProg)
	cmd.Stdin = strings.NewReader(stdin)
	want, _ := runBoundedOutput(cmd)
	if code != 0 || out != want {
		t.Errorf("pyasync (status %d) printed %q, CPython %q\n%s", code, out, want, stderr)
	}
}
