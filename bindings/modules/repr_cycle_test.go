package modules

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestReprOfAValueInsideItself: a list or dict that holds itself shows
// as Python shows it, [1, [...]], rather than recursing without end.
func TestReprOfAValueInsideItself(t *testing.T) {
	l := starlark.NewList([]starlark.Value{starlark.MakeInt(1)})
	l.Append(l)
	d := starlark.NewDict(1)
	d.SetKey(starlark.String("me"), d)
	for _, c := range []struct{ got, want string }{
		{Repr(l), "[1, [...]]"},
		{pyReprDeep(l), "[1, [...]]"},
		{Repr(d), "{'me': {...}}"},
		{pyReprDeep(d), "{'me': {...}}"},
		{Repr(starlark.Tuple{l, l}), "([1, [...]], [1, [...]])"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}
