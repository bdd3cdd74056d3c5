package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestGoMethodBoundOncePerInstance: reading a Go method from an instance
// (self.recv in a handler) binds it once; later reads allocate nothing and
// give the same bound method, still bound to that instance.
func TestGoMethodBoundOncePerInstance(t *testing.T) {
	impl := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return self, nil
	}
	c, err := New("C", "", nil, starlark.StringDict{"m": NewMethod("m", impl)})
	if err != nil {
		t.Fatal(err)
	}
	a, b := NewInstance(c), NewInstance(c)
	first, err := a.Attr("m")
	if err != nil {
		t.Fatal(err)
	}
	if allocs := testing.AllocsPerRun(100, func() { a.Attr("m") }); allocs != 0 {
		t.Errorf("reading a bound Go method again: %v allocations, want 0", allocs)
	}
	again, _ := a.Attr("m")
	if again != first {
		t.Error("a second read gave another bound method")
	}
	other, _ := b.Attr("m")
	got, err := starlark.Call(&starlark.Thread{}, other, nil, nil)
	if err != nil || got != starlark.Value(b) {
		t.Errorf("b.m() ran on %v (%v), want b", got, err)
	}
}

// TestFuncIsToldItsMethod: a Func learns the method it runs for, under
// whichever name it was made, bound or not, with its owner.
func TestFuncIsToldItsMethod(t *testing.T) {
	owner := new(int)
	impl := func(th *starlark.Thread, fn *Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if fn.Owner() != owner {
			t.Errorf("%s: owner %v, want %v", fn.Name(), fn.Owner(), owner)
		}
		return starlark.String(fn.Name()), nil
	}
	c := MustNew("C", "", []*Class{Object}, starlark.StringDict{
		"readable": NewFunc("readable", impl, owner),
		"writable": NewFunc("writable", impl, owner),
	})
	inst := NewInstance(c)
	th := &starlark.Thread{}
	for _, name := range []string{"readable", "writable"} {
		bound, _ := inst.Attr(name)
		unbound, _ := c.Attr(name)
		for _, call := range []func() (starlark.Value, error){
			func() (starlark.Value, error) { return starlark.Call(th, bound, nil, nil) },
			func() (starlark.Value, error) { return starlark.Call(th, unbound, starlark.Tuple{inst}, nil) },
			func() (starlark.Value, error) { return CallMethod(th, inst, unbound, nil, nil) },
		} {
			if got, err := call(); err != nil || got != starlark.String(name) {
				t.Errorf("calling %s ran as %v (%v)", name, got, err)
			}
		}
	}
}

// TestInstanceOfFewSlotsIsOneAllocation: once its class knows the names
// its instances set, an instance with a few of them is one allocation,
// values included.
func TestInstanceOfFewSlotsIsOneAllocation(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, nil)
	names := []string{"a", "b", "c"}
	setUp := func() *Instance {
		i := NewInstance(c)
		for k, n := range names {
			i.SetAttr(n, starlark.MakeInt(k))
		}
		return i
	}
	first := setUp()
	if allocs := testing.AllocsPerRun(100, func() { setUp() }); allocs != 1 {
		t.Errorf("an instance of 3 attributes: %v allocations, want 1", allocs)
	}
	i := setUp()
	for k, n := range names {
		if v, err := i.Attr(n); err != nil || v != starlark.MakeInt(k) {
			t.Errorf("%s = %v, %v; want %d", n, v, err, k)
		}
	}
	i.SetAttr("d", starlark.MakeInt(3)) // a fourth, then a fifth: room grows
	i.SetAttr("e", starlark.MakeInt(4))
	if v, _ := i.Attr("e"); v != starlark.MakeInt(4) {
		t.Errorf("e = %v, want 4", v)
	}
	if v, _ := first.Attr("a"); v != starlark.MakeInt(0) {
		t.Errorf("the first instance's a = %v, want 0", v)
	}
}
