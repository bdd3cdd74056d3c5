package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestCallFuncArgumentsOutliveLaterCalls: the words CallFunc passes a
// method's arguments in are filled again by the calls the method makes
// and by the next call; what the method received (its parameters, its
// *args) stays what it was given.
func TestCallFuncArgumentsOutliveLaterCalls(t *testing.T) {
	const src = `
def inner(self, x, *rest):
    kept.append((x, rest))
    return x

def outer(self, x, y):
    got = call(inner, self, "inner-x", "inner-rest")
    return (x, y, got)
`
	callBuiltin := starlark.NewBuiltin("call", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return CallFunc(th, args[0].(*starlark.Function), args[1], args[2:], nil)
	})
	th := &starlark.Thread{}
	kept := starlark.NewList(nil)
	g, err := starlark.ExecFile(th, "selfcall.star", src, starlark.StringDict{"call": callBuiltin, "kept": kept})
	if err != nil {
		t.Fatal(err)
	}
	c := MustNew("C", "", []*Class{Object}, nil)
	self := NewInstance(c)
	outer, inner := g["outer"].(*starlark.Function), g["inner"].(*starlark.Function)
	res, err := CallFunc(th, outer, self, starlark.Tuple{starlark.String("x"), starlark.String("y")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.String(), `("x", "y", "inner-x")`; got != want {
		t.Errorf("outer returned %s, want %s", got, want)
	}
	if _, err := CallFunc(th, inner, self, starlark.Tuple{starlark.String("second"), starlark.String("more")}, nil); err != nil {
		t.Fatal(err)
	}
	if got, want := kept.String(), `[("inner-x", ("inner-rest",)), ("second", ("more",))]`; got != want {
		t.Errorf("the methods kept %s, want %s", got, want)
	}
	for k, v := range c.args {
		if v != nil {
			t.Errorf("after the calls the class's argument words hold %v at %d", v, k)
		}
	}
}
