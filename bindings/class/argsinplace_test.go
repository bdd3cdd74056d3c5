package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestClassTakesArgsInPlace: a class is called with its arguments in
// place on the caller's stack only when nothing may keep their slice:
// no set-up of a built-in class sees them, and __init__ is a script's
// function or there is none. Instances made so keep the values they
// were given.
func TestClassTakesArgsInPlace(t *testing.T) {
	const src = `
def init(self, a, *rest):
    self.a = a
    self.rest = rest
def make(C):
    return [(o.a, o.rest) for o in [C(i, i + 1, "x") for i in range(3)]]
`
	th := &starlark.Thread{}
	g, err := starlark.ExecFile(th, "inplace.star", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	script := MustNew("C", "", []*Class{Object}, starlark.StringDict{"__init__": g["init"]})
	goInit := MustNew("G", "", []*Class{Object}, starlark.StringDict{
		"__init__": NewMethod("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}),
	})
	withNew := MustNew("N", "", []*Class{Object}, nil)
	withNew.SetNew(func(*Instance, starlark.Tuple) {})
	for _, c := range []struct {
		class *Class
		want  bool
	}{
		{script, true},
		{MustNew("E", "", []*Class{Object}, nil), false}, // object's __init__ is Go's
		{goInit, false},
		{withNew, false},
		{MustNew("S", "", []*Class{withNew}, starlark.StringDict{"__init__": g["init"]}), false},
	} {
		if got := c.class.TakesArgsInPlace(); got != c.want {
			t.Errorf("%s: TakesArgsInPlace() = %v, want %v", c.class.Name(), got, c.want)
		}
	}

	res, err := starlark.Call(th, g["make"], starlark.Tuple{script}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := res.String(), `[(0, (1, "x")), (1, (2, "x")), (2, (3, "x"))]`; got != want {
		t.Errorf("the instances hold %s, want %s", got, want)
	}
}

// TestMethodArgsInPlace: a Go method marked by ArgsInPlace is given its
// arguments where they lie on the caller's stack, through the instance
// (o.keep(i), HasMethods) or unbound, and one not marked a copy.
func TestMethodArgsInPlace(t *testing.T) {
	for _, inPlace := range []bool{false, true} {
		var addrs []*starlark.Value
		m := NewMethod("keep", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			addrs = append(addrs, &args[0])
			return starlark.None, nil
		})
		if inPlace {
			m.ArgsInPlace()
		}
		c := MustNew("C", "", []*Class{Object}, starlark.StringDict{"keep": m})
		th := &starlark.Thread{}
		g, err := starlark.ExecFile(th, "inplace.star", `
def run(c, o):
    for i in range(2):
        o.keep(i)        # through HasMethods
    for i in range(2):
        c.keep(o, i)     # unbound
`, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := starlark.Call(th, g["run"], starlark.Tuple{c, NewInstance(c)}, nil); err != nil {
			t.Fatal(err)
		}
		if got := m.Bind(starlark.None).TakesArgsInPlace(); got != inPlace {
			t.Errorf("ArgsInPlace %v: bound, TakesArgsInPlace() = %v", inPlace, got)
		}
		for k := 0; k < 4; k += 2 {
			if same := addrs[k] == addrs[k+1]; same != inPlace {
				t.Errorf("ArgsInPlace %v: calls %d and %d had their arguments at the same address: %v", inPlace, k, k+1, same)
			}
		}
	}
}
