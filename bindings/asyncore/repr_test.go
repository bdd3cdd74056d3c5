package asyncore_test

import (
	"strings"
	"testing"

	"github.com/pyasync/pyasync/interp"
)

// What a script's __repr__ or __str__ prints while asyncore writes about
// a value (handle_error's "closing channel <repr>", log_info's message)
// goes to the interpreter's stdout, as the script's own print does.
func TestPrintInsideReprGoesToTheInterpretersStdout(t *testing.T) {
	var out, errb strings.Builder
	in, err := interp.New(interp.Config{Argv: []string{"t"}, Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	_, err = in.ExecFile("t.star", `
def _repr(self):
    print("in __repr__")
    return "<D>"

def _str(self):
    print("in __str__")
    return "msg"

def _fail(self):
    fail("boom")

Msg = subclass(object, "Msg", __str__ = _str)
D = subclass(asyncore.dispatcher, "D", __repr__ = _repr, handle_read = _fail)
d = D()
d.log_info(Msg())
asyncore.read(d)  # handle_read fails: handle_error logs repr(d)
`)
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"in __str__\ninfo: msg\n", "in __repr__\n", "closing channel <D>"} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout %q lacks %q", got, want)
		}
	}
	if strings.Contains(errb.String(), "in __") {
		t.Errorf("stderr has what __repr__ or __str__ printed: %q", errb.String())
	}
}
