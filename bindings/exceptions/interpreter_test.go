package exceptions

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
)

// operation is one failing operation, written in Starlark and in Python.
// want, when set, is the message pyasync gives where CPython's cannot be
// had (the interpreter does not say which value was missing, say).
type operation struct {
	star, py string
	want     string
}

// operations fail in go.starlark.net with every message interpreter.go
// knows; each is also run by CPython, whose class and message pyasync
// must give.
var operations = []operation{
	{star: `fail("boom")`, py: `raise Exception("boom")`},
	{star: `1 // 0`, py: `1 // 0`},
	{star: `1 / 0`, py: `1 / 0`},
	{star: `1 % 0`, py: `1 % 0`},
	{star: `1.0 % 0`, py: `1.0 % 0`},
	{star: `{}["k"]`, py: `{}["k"]`},
	{star: `{}[1]`, py: `{}[1]`},
	{star: `{}.pop("k")`, py: `{}.pop("k")`, want: "'pop: missing key'"},
	{star: `{}.popitem()`, py: `{}.popitem()`},
	{star: `[1].pop(5)`, py: `[1].pop(5)`},
	{star: `[][0]`, py: `[][0]`},
	{star: `()[0]`, py: `()[0]`},
	{star: `[1][5]`, py: `[1][5]`},
	{star: `(1, 2)[5]`, py: `(1, 2)[5]`},
	{star: `"ab"[5]`, py: `"ab"[5]`},
	{star: `"{0}".format()`, py: `"{0}".format()`, want: "Replacement index out of range for positional args tuple"},
	{star: `int("x")`, py: `int("x")`},
	{star: `int("z", 16)`, py: `int("z", 16)`},
	{star: `int(3.5, 10)`, py: `int(3.5, 10)`},
	{star: `int(None)`, py: `int(None)`},
	{star: `float("x")`, py: `float("x")`},
	{star: `float(None)`, py: `float(None)`},
	{star: `float("1e400000")`, py: `raise OverflowError("floating-point number too large")`},
	{star: `1 + "a"`, py: `1 + "a"`},
	{star: `None + 1`, py: `None + 1`},
	{star: `"a" in 1`, py: `"a" in 1`},
	{star: `1 in "a"`, py: `1 in "a"`},
	{star: `1 < "a"`, py: `1 < "a"`},
	{star: `-"a"`, py: `-"a"`},
	{star: `(1).foo`, py: `(1).foo`},
	{star: `"a".foo`, py: `"a".foo`},
	{star: `None.x`, py: `None.x`},
	{star: `C().x`, py: "class C: pass\nC().x"},
	{star: `setfield()`, py: `x = 1; x.foo = 1`, want: "'int' object has no attribute 'foo'"},
	{star: `1()`, py: `(lambda x: x)(1)()`},
	{star: `{[]: 1}`, py: `{[]: 1}`},
	{star: `[1].remove(2)`, py: `[1].remove(2)`},
	{star: `[1].index(2)`, py: `[1].index(2)`, want: "list.index(x): x not in list"},
	{star: `"a".index("b")`, py: `"a".index("b")`},
	{star: `"a".rindex("b")`, py: `"a".rindex("b")`},
	{star: `unbound()`, py: "def unbound():\n    x = y\n    y = 1\nunbound()"},
	{star: `undefined()`, py: `zz2`},
	{star: `recurse(0)`, py: "import sys\nsys.setrecursionlimit(100)\ndef recurse(n): return recurse(n + 1)\nrecurse(0)"},
	{star: `len(1)`, py: `len(1)`},
	{star: `chr(-1)`, py: `chr(-1)`},
	{star: `[1, 2][1:2:0]`, py: `[1, 2][1:2:0]`},
	{star: `range(1, 2, 0)`, py: `range(1, 2, 0)`},
	{star: `1 << -1`, py: `1 << -1`},
	{star: `1 << 99999999`, py: `1 << 99999999999999999999`, want: "too many digits in integer"},
	{star: `max([])`, py: `max([])`},
	{star: `"%s" % (1, 2)`, py: `"%s" % (1, 2)`},
	{star: `"%s %s" % (1,)`, py: `"%s %s" % (1,)`},
	{star: `"%d" % "x"`, py: `"%d" % "x"`},
	{star: `grow()`, py: `raise RuntimeError("append: cannot append to list during iteration")`},
	{star: `one(1, 2)`, py: "def one(x): pass\none(1, 2)"},
	{star: `"a".replace(1, 2)`, py: `raise TypeError("replace: for parameter 1: got int, want string")`},
	{star: `"a".split(1)`, py: `raise TypeError("split: got int for separator, want string")`},
}

// helpers are the functions the Starlark operations call.
const helpers = `
def setfield():
    x = 1
    x.foo = 1
def unbound():
    x = y
    y = 1
def undefined():
    return zz2
def recurse(n):
    return recurse(n + 1)
def grow():
    l = [1]
    for a in l:
        l.append(1)
def one(x):
    pass
`

func starlarkError(t *testing.T, src string) error {
	t.Helper()
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	env := starlark.StringDict{"C": class.MustNew("C", "", []*class.Class{class.Object}, nil)}
	_, err := starlark.ExecFileOptions(opts, &starlark.Thread{}, "op.star", helpers+"x = "+src+"\n"+"zz2 = 1\n", env)
	if err == nil {
		t.Fatalf("%s: no error", src)
	}
	return err
}

// cpython runs every operation's Python side and returns the class
// name and message of what each raised.
func cpython(t *testing.T) [][2]string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: CPython's classes and messages cannot be compared")
	}
	srcs := make([]string, len(operations))
	for i, op := range operations {
		srcs[i] = op.py
	}
	in, _ := json.Marshal(srcs)
	prog := `
import json, sys
out = []
for src in json.loads(sys.stdin.read()):
    try:
        exec(compile(src if "\n" in src or "=" in src.split("(")[0] or src.startswith("raise") else "_ = " + src, "op", "exec"), {})
        out.append(["", ""])
    except BaseException as e:
        out.append([type(e).__name__, str(e)])
print(json.dumps(out))
`
	cmd := exec.Command(py, "-c", prog)
	cmd.Stdin = strings.NewReader(string(in))
	b, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var out [][2]string
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestInterpreterErrorsAreCPythonsExceptions checks, operation by
// operation, that what go.starlark.net reports becomes the class and
// message CPython raises for the same operation.
func TestInterpreterErrorsAreCPythonsExceptions(t *testing.T) {
	want := cpython(t)
	for i, op := range operations {
		e := Of(starlarkError(t, op.star))
		got := [2]string{e.Class().Name(), e.String()}
		w := want[i]
		if op.want != "" {
			w[1] = op.want
		}
		if got != w {
			t.Errorf("%s: got %s: %s, CPython (for %s) %s: %s", op.star, got[0], got[1], op.py, w[0], w[1])
		}
	}
}

func TestUnknownMessagesAreExceptions(t *testing.T) {
	c, msg, _ := interpreterError("something nobody foresaw")
	if c != "Exception" || msg != "something nobody foresaw" {
		t.Errorf("got %s: %s", c, msg)
	}
}

func TestPyQuote(t *testing.T) {
	for in, want := range map[string]string{
		"x": "'x'", "it's": `"it's"`, "a\nb": `'a\nb'`, `q'"`: `'q\'"'`, "\x01": `'\x01'`,
	} {
		if got := pyQuote(in); got != want {
			t.Errorf("pyQuote(%q) = %s, want %s", in, got, want)
		}
	}
}
