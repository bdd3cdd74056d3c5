package interp

import (
	"io"
	"strings"
	"testing"
)

// TestCheckSaysWhatToWriteForPython: checking a file that uses a Python
// construct Starlark lacks names the construct and what to write
// instead, at its place.
func TestCheckSaysWhatToWriteForPython(t *testing.T) {
	in, err := New(Config{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	for src, want := range map[string]string{
		"class A(B):\n    pass\n":                        "f.star:1:1: Python's class statement is not Starlark: write Name = subclass(",
		"try:\n    x = 1\nexcept KeyError:\n    x = 2\n": "f.star:1:1: Python's try statement is not Starlark: call catch(fn, *args)",
		"x = 1\nexcept:\n    pass\n":                     "f.star:2:1: Python's try statement",
		"import socket\n":                                "f.star:1:1: Python's import is not Starlark",
		"from os import path\n":                          "Python's import is not Starlark",
		"with open('f') as f:\n    pass\n":               "Python's with statement is not Starlark: open, use and close explicitly",
		"raise ValueError('bad')\n":                      "Python's raise statement is not Starlark: call throw(exc)",
		"def f():\n    global n\n":                       "f.star:2:5: Python's global statement",
		"def f():\n    yield 1\n":                        "Python's yield is not Starlark",
		"del d[k]\n":                                     "delitem(x, key)",
		"x = a is None\n":                                "Python's is operator",
		"print 'hi'\n":                                   "Python 2's print statement is not Starlark: call print(...)",
		"@staticmethod\ndef f():\n    pass\n":            "Python's decorators are not Starlark",
		"assert x\n":                                     "Python's assert statement",
		"x = 2 ** 8\n":                                   "Python's ** operator",
	} {
		err := in.Check("f.star", src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v, want it to contain %q", src, err, want)
		}
	}
	// other errors keep go.starlark.net's words
	if err := in.Check("f.star", "x = (1,\n"); err == nil || strings.Contains(err.Error(), "Python") {
		t.Errorf("an unclosed parenthesis: %v", err)
	}
}
