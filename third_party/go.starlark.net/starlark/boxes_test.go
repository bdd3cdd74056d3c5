package starlark_test

// Tests of boxes.go (not upstream): tuples and strings whose header
// shares their allocation stay whole through collections, whether the
// Value or only what was read out of it is kept.

import (
	"fmt"
	"runtime"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func TestBoxedValuesSurviveCollections(t *testing.T) {
	th := &starlark.Thread{}
	g, err := run(t, th, `
def make(i):
    s = "k%d" % i
    return (s + "=" + s, "-".join([s, s]), s.partition("k"), (i, s), (i,), (1, 2, 3, 4, 5, 6, 7), (1, 2, 3, 4, 5, 6, 7, 8, 9))
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	var kept []starlark.Value
	var strs []string
	for i := range 2000 {
		v, err := starlark.Call(th, g["make"], starlark.Tuple{starlark.MakeInt(i)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if i%7 == 0 {
			kept = append(kept, v)
			// only the string read out of its Value
			strs = append(strs, string(v.(starlark.Tuple)[0].(starlark.String)))
		}
		if i%100 == 0 {
			runtime.GC()
		}
	}
	runtime.GC()
	for j, v := range kept {
		i := j * 7
		want := fmt.Sprintf(`("k%d=k%d", "k%d-k%d", ("", "k", "%d"), (%d, "k%d"), (%d,), (1, 2, 3, 4, 5, 6, 7), (1, 2, 3, 4, 5, 6, 7, 8, 9))`, i, i, i, i, i, i, i, i)
		if got := v.String(); got != want {
			t.Fatalf("make(%d) = %s, want %s", i, got, want)
		}
		if want := fmt.Sprintf("k%d=k%d", i, i); strs[j] != want {
			t.Fatalf("the string of make(%d) = %q, want %q", i, strs[j], want)
		}
	}
	// the same operations on empty strings
	v, err := starlark.EvalOptions(&syntax.FileOptions{}, th, "e.star", `("" + "", "a" + "", "" + "b", "".join(["", ""]), "%s" % "", "".partition("x"))`, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := v.String(), `("", "a", "b", "", "", ("", "", ""))`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
