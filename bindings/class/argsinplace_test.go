package class

import (
	"fmt"
	"strings"
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

// TestMethodAsBuiltin: a Go method marked by ArgsInPlace, which the
// interpreter calls as a built-in's method once a call site has a hint
// (x.f(...) and x.f()), runs on the instance called with, under its own
// name, as long as the hint holds: an instance of another class at the
// same site runs its own method, an attribute of the instance's own
// hides the method, a subclass's script method overrides it.
func TestMethodAsBuiltin(t *testing.T) {
	var frames []string
	method := func(tag string) *Method {
		return NewMethod("m", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			frames = append(frames, th.DebugFrame(0).Callable().Name())
			if len(args) == 1 && args[0] == starlark.None {
				return nil, fmt.Errorf("m: no None, please")
			}
			return starlark.Tuple{starlark.String(tag), self.(*Instance).Class(), starlark.Tuple(append([]starlark.Value(nil), args...))}, nil
		}).ArgsInPlace()
	}
	a := MustNew("A", "", []*Class{Object}, starlark.StringDict{"m": method("a")})
	b := MustNew("B", "", []*Class{Object}, starlark.StringDict{"m": method("b")})
	th := &starlark.Thread{}
	g, err := starlark.ExecFile(th, "asbuiltin.star", `
def call(o, x):
    return o.m(x)
def call0(o):
    return o.m()
def override(self, x):
    return ("script", x)
def own(x):
    return ("own", x)
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	sub := MustNew("S", "", []*Class{a}, starlark.StringDict{"m": g["override"]})
	shadowed := NewInstance(a)
	for _, c := range []struct {
		fn   string
		o    starlark.Value
		want string
	}{
		{"call", NewInstance(a), `("a", <class 'A'>, (1,))`},
		{"call", NewInstance(a), `("a", <class 'A'>, (1,))`}, // with the site's hint
		{"call", NewInstance(b), `("b", <class 'B'>, (1,))`},
		{"call", NewInstance(sub), `("script", 1)`},
		{"call", NewInstance(a), `("a", <class 'A'>, (1,))`},
		{"call0", NewInstance(a), `("a", <class 'A'>, ())`},
		{"call0", NewInstance(a), `("a", <class 'A'>, ())`},
		{"call0", NewInstance(b), `("b", <class 'B'>, ())`},
		{"call", shadowed, `("a", <class 'A'>, (1,))`},
		{"shadow", shadowed, `("own", 1)`},
	} {
		fn, args := g[c.fn], starlark.Tuple{c.o, starlark.MakeInt(1)}
		switch c.fn {
		case "call0":
			args = args[:1]
		case "shadow":
			if err := shadowed.SetField("m", g["own"]); err != nil {
				t.Fatal(err)
			}
			fn = g["call"]
		}
		res, err := starlark.Call(th, fn, args, nil)
		if err != nil {
			t.Fatalf("%s(%s): %v", c.fn, c.o, err)
		}
		if got := res.String(); got != c.want {
			t.Errorf("%s(%s) = %s, want %s", c.fn, c.o, got, c.want)
		}
	}
	for i, name := range frames {
		if name != "m" {
			t.Errorf("call %d of the Go method ran in a frame named %q", i, name)
		}
	}
	_, err = starlark.Call(th, g["call"], starlark.Tuple{NewInstance(a), starlark.None}, nil)
	if err == nil || !strings.Contains(err.Error(), "m: no None, please") {
		t.Errorf("the method's error: got %v", err)
	}
}
