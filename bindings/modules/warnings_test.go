package modules

import (
	"bytes"
	"testing"

	"go.starlark.net/starlark"
)

// TestWarnPlaces: stacklevel beyond the stack gives "sys:1", as in
// Python; a DeprecationWarning issued by a loaded file (not the main
// script) is ignored by the default filters, one issued by the main
// script is shown.
func TestWarnPlaces(t *testing.T) {
	var errb bytes.Buffer
	env := starlark.StringDict{"warnings": NewWarnings(&errb)}
	lib := `
def old():
    warnings.warn("old() from lib", "DeprecationWarning")
def user():
    warnings.warn("user warning from lib")
`
	th := &starlark.Thread{Name: "main", Load: func(th *starlark.Thread, module string) (starlark.StringDict, error) {
		return starlark.ExecFile(&starlark.Thread{Name: "load " + module}, module, lib, env)
	}}
	src := `load("lib.star", "old", "user")
warnings.warn("deep", stacklevel=5)
old()
user()
warnings.warn("from main", "DeprecationWarning")
`
	if _, err := starlark.ExecFile(th, "main.star", src, env); err != nil {
		t.Fatal(err)
	}
	want := "sys:1: UserWarning: deep\n" +
		"lib.star:5: UserWarning: user warning from lib\n" +
		"main.star:5: DeprecationWarning: from main\n"
	if errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
}

// TestDeprecated: _deprecated warns for the code that imported its
// caller (a module's top level that the main script loads), formats its
// message with name and remove, and raises RuntimeError once remove is
// reached; as CPython 3.11's warnings._deprecated does (the messages
// were printed by it).
func TestDeprecated(t *testing.T) {
	var errb bytes.Buffer
	env := starlark.StringDict{"warnings": NewWarnings(&errb)}
	lib := `
def load_me():
    warnings._deprecated("oldmod", "The {name} module goes in Python {remove}.", remove=(3, 12))
`
	th := &starlark.Thread{Name: "main", Load: func(th *starlark.Thread, module string) (starlark.StringDict, error) {
		return starlark.ExecFile(&starlark.Thread{Name: "load " + module}, module, lib, env)
	}}
	src := `load("lib.star", "load_me")
load_me()
warnings._deprecated("alone", remove=(3, 12))
`
	if _, err := starlark.ExecFile(th, "main.star", src, env); err != nil {
		t.Fatal(err)
	}
	if want := "main.star:2: DeprecationWarning: The oldmod module goes in Python 3.12.\n"; errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
	for _, c := range []struct{ call, err string }{
		{`warnings._deprecated("x", remove=(3, 11))`, "RuntimeError: 'x' was slated for removal after Python 3.11 alpha"},
		{`warnings._deprecated("x", remove=(3, 10))`, "RuntimeError: 'x' was slated for removal after Python 3.10 alpha"},
		{`warnings._deprecated("x", remove=(3, 12), _version=(3, 12, 0, "alpha", 1))`, ""},
		{`warnings._deprecated("x", remove=(3, 12), _version=(3, 12, 0, "beta", 1))`, "RuntimeError: 'x' was slated for removal after Python 3.12 alpha"},
		{`warnings._deprecated("x", remove=3)`, "TypeError: 'int' object is not subscriptable"},
		{`warnings._deprecated("x")`, "TypeError: _deprecated() missing 1 required keyword-only argument: 'remove'"},
	} {
		_, err := starlark.ExecFile(&starlark.Thread{}, "c.star", c.call, env)
		got := ""
		if err != nil {
			got = err.(*starlark.EvalError).Unwrap().Error()
		}
		if got != c.err {
			t.Errorf("%s: got error %q, want %q", c.call, got, c.err)
		}
	}
}
