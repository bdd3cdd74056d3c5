package starlark_test

// Tests of unwind.go (not upstream): the frames a Go panic leaves are
// cleaned up by the Call it passes through.

import (
	"fmt"
	"testing"

	"go.starlark.net/starlark"
)

// TestPanicUnwinds checks that a panic raised two Starlark calls and
// three loops deep, and recovered by a built-in around its Call (catch)
// or around a CallNested made within it (nested), leaves the thread as
// it was before the call: the stack at the built-in's depth, the loops'
// iterators ended (the list they ran over can grow again), and the
// frames fit for the calls that follow.
func TestPanicUnwinds(t *testing.T) {
	var depths []string
	catch := starlark.NewBuiltin("catch", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (v starlark.Value, err error) {
		depth := th.CallStackDepth()
		defer func() {
			if r := recover(); r != nil {
				v, err = starlark.String(fmt.Sprint(r)), nil
			}
			depths = append(depths, fmt.Sprintf("%d->%d", depth, th.CallStackDepth()))
		}()
		return starlark.Call(th, args[0], args[1:], nil)
	})
	nested := starlark.NewBuiltin("nested", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.CallNested(th, args[0], args[1:], nil)
	})
	boom := starlark.NewBuiltin("boom", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		panic(args[0].String())
	})
	g, err := run(t, &starlark.Thread{}, `
lst = [1, 2]
def inner(x):
    for a in lst:
        for b in (1, 2):
            boom(x)
def outer(x):
    for a in lst:
        inner(x)
def grow():
    lst.append(len(lst) + 1)
    return len(lst)
def sum3(x):
    t = 0
    for a in lst:
        t += a * x
    return t
r1 = catch(outer, 1)
n1 = grow()
r2 = catch(lambda: nested(outer, 2))
n2 = grow()
r3 = catch(sum3, 10)
`, starlark.StringDict{"catch": catch, "nested": nested, "boom": boom})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"r1": `"1"`, "n1": "3", "r2": `"2"`, "n2": "4", "r3": "100"} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if got := fmt.Sprint(depths); got != "[2->2 2->2 2->2]" {
		t.Errorf("the stack's depth before and after each catch: %s", got)
	}
}
