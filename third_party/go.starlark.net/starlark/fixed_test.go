// (pyasync patch) Tests of Program.InitFixed.

package starlark_test

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// A module made by InitFixed reads its predeclared and universal names
// as Init's does; one made by Init sees a change of its environment
// made after it ran, which InitFixed's is allowed not to.
func TestInitFixed(t *testing.T) {
	src := "def f():\n    return x + len([1])\nfirst = f()\n"
	for _, fixed := range []bool{false, true} {
		env := starlark.StringDict{"x": starlark.MakeInt(10)}
		_, prog, err := starlark.SourceProgramOptions(&syntax.FileOptions{}, "f.star", src, env.Has)
		if err != nil {
			t.Fatal(err)
		}
		thread := new(starlark.Thread)
		init := prog.Init
		if fixed {
			init = prog.InitFixed
		}
		globals, err := init(thread, env)
		if err != nil {
			t.Fatal(err)
		}
		if got := globals["first"]; got.String() != "11" {
			t.Errorf("fixed=%t: first = %v, want 11", fixed, got)
		}
		env["x"] = starlark.MakeInt(20)
		got, err := starlark.Call(thread, globals["f"], nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "21"
		if fixed {
			want = "11" // looked up once
		}
		if got.String() != want {
			t.Errorf("fixed=%t: f() after the change = %v, want %s", fixed, got, want)
		}
	}
}
