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
