package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestCallMethodWithSelfOnlyAddsNoAllocation: calling a Starlark method
// with no argument but self (how the loop calls handle_read) costs no
// more than calling the function with a ready-made (self,) tuple, and
// the function receives the instance.
func TestCallMethodWithSelfOnlyAddsNoAllocation(t *testing.T) {
	th := &starlark.Thread{}
	globals, err := starlark.ExecFile(th, "m.star", "def handle_read(self):\n    return self\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	fn := globals["handle_read"].(*starlark.Function)
	c, err := New("C", "", nil, starlark.StringDict{"handle_read": fn})
	if err != nil {
		t.Fatal(err)
	}
	inst := NewInstance(c)
	got, err := CallMethod(th, inst, fn, nil, nil)
	if err != nil || got != starlark.Value(inst) {
		t.Fatalf("handle_read(self) returned %v (%v), want the instance", got, err)
	}
	ready := starlark.Tuple{inst}
	direct := testing.AllocsPerRun(100, func() { starlark.Call(th, fn, ready, nil) })
	via := testing.AllocsPerRun(100, func() { CallMethod(th, inst, fn, nil, nil) })
	if via > direct {
		t.Errorf("CallMethod: %v allocations per call, a direct call %v; want no more", via, direct)
	}
}

// TestLookupSeesClassChanges: Lookup remembers recent answers by the
// name's bytes; a member set on the class or on a base later, and a name
// spelled by another string with the same text, get the current answer.
func TestLookupSeesClassChanges(t *testing.T) {
	root, err := New("object", "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, err := New("Base", "", []*Class{root}, starlark.StringDict{"x": starlark.MakeInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := New("Sub", "", []*Class{base}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := func(name string, v starlark.Value) {
		t.Helper()
		got, ok := sub.Lookup(name)
		if v == nil && ok {
			t.Errorf("Lookup(%q) = %v, want nothing", name, got)
		} else if v != nil && (!ok || got != v) {
			t.Errorf("Lookup(%q) = %v, %v; want %v", name, got, ok, v)
		}
	}
	for i := 0; i < 3; i++ { // the second and third come from the table
		want("x", starlark.MakeInt(1))
		want("y", nil)
	}
	set := func(c *Class, name string, v int) {
		t.Helper()
		if err := c.SetField(name, starlark.MakeInt(v)); err != nil {
			t.Fatal(err)
		}
	}
	set(base, "x", 2)
	set(sub, "y", 3)
	want("x", starlark.MakeInt(2))
	want("y", starlark.MakeInt(3))
	dynamic := string([]byte{'x'}) // same text, other bytes
	want(dynamic, starlark.MakeInt(2))
	set(sub, "x", 4)
	want(dynamic, starlark.MakeInt(4))
	want("x", starlark.MakeInt(4))
}
