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
