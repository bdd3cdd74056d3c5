package starlark_test

// Tests of frameiter.go (not upstream): loops over lists and tuples with
// the frame's iterators, unpacking and joins without an iterator.

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func TestFrameIterators(t *testing.T) {
	g, err := run(t, &starlark.Thread{}, `
def nest(x):
    # six nested loops: four over the frame's iterators, the rest
    # allocated, over lists and tuples alike
    n = 0
    for a in x:
        for b in list(x):
            for c in x:
                for d in tuple(x):
                    for e in x:
                        for f in [y for y in x]:
                            n += a * b * c * d * e * f
    return n
nested = nest([1, 2])

def early(x):
    # a return from inside loops leaves them ended
    for a in x:
        for b in x:
            if b == 2:
                return a + b
def twice(x):
    # the frame's iterators serve the next call at the same depth
    return early(x) + early(x) + len([v for v in x])
again = twice([1, 2, 3])

def mutate(l):
    for x in l:
        l.append(x)
def after(l):
    l.append(9)

a, b = (1, 2)
c, d = [3, 4]
[e, (f, g)] = ["e", ("f", "g")]
one = "-".join(["x"])
none = "-".join(())
many = ", ".join(("a", "b", "c"))
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"nested": "729", "again": "9",
		"a": "1", "b": "2", "c": "3", "d": "4", "e": `"e"`, "f": `"f"`, "g": `"g"`,
		"one": `"x"`, "none": `""`, "many": `"a, b, c"`,
	} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}

	// a list being iterated cannot change, and can once its loop ends
	l := starlark.NewList([]starlark.Value{starlark.MakeInt(1)})
	_, err = starlark.Call(&starlark.Thread{}, g["mutate"], starlark.Tuple{l}, nil)
	if err == nil || !strings.Contains(err.Error(), "during iteration") {
		t.Errorf("mutate: %v, want an error about iteration", err)
	}
	if _, err := starlark.Call(&starlark.Thread{}, g["after"], starlark.Tuple{l}, nil); err != nil {
		t.Errorf("after: %v", err)
	}

	for _, c := range []struct{ src, want string }{
		{"a, b = (1, 2, 3)", "too many values to unpack (got 3, want 2)"},
		{"a, b = [1]", "too few values to unpack (got 1, want 2)"},
		{"a, b = 1", "got int in sequence assignment"},
		{`x = "-".join(["a", 1])`, "join: in list, want string, got int"},
		{`x = "-".join((1,))`, "join: in list, want string, got int"},
	} {
		_, err := run(t, &starlark.Thread{}, c.src, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.src, err, c.want)
		}
	}
}

// TestMinMaxArgsAndAppends: min and max of several arguments, compared
// where they are, and lists grown by append from empty.
func TestMinMaxArgsAndAppends(t *testing.T) {
	g, err := run(t, &starlark.Thread{}, `
a = min(3, 1, 2)
b = max("a", "c", "b")
c = max(1, 1.0)      # the first of equals
d = min(1.0, 1)
e = min(3, 1, 2, key = lambda x: -x)
l = []
for i in range(6):
    l.append(i)
m = [x * 2 for x in l]
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"a": "1", "b": `"c"`, "c": "1", "d": "1.0", "e": "3",
		"l": "[0, 1, 2, 3, 4, 5]", "m": "[0, 2, 4, 6, 8, 10]",
	} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	_, err = run(t, &starlark.Thread{}, `x = min(1, "a")`, nil)
	if err == nil || !strings.Contains(err.Error(), "min: ") {
		t.Errorf(`min(1, "a"): %v, want min's error`, err)
	}
}
