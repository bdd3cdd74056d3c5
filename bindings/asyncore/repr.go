package asyncore

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// What asyncore writes about a value (handle_error's "closing channel
// <repr>", log_info's message) is repr() or str() of it, computed on the
// interpreter's thread th: a script's __repr__ or __str__ runs there as
// any of its methods, so that what it prints goes to the interpreter's
// stdout, and its errors are its own.

// reprOn is repr(v), a script's __repr__ run on th.
func reprOn(th *starlark.Thread, v starlark.Value) string {
	if s, ok := dunderOn(th, v, "__repr__"); ok {
		return s
	}
	return class.Repr(v)
}

// strOn is str(v): a string as it is, a script's __str__ (or __repr__)
// run on th.
func strOn(th *starlark.Thread, v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	if s, ok := dunderOn(th, v, "__str__"); ok {
		return s
	}
	if s, ok := dunderOn(th, v, "__repr__"); ok {
		return s
	}
	return v.String()
}

// dunderOn calls v's special method name on th when v is an instance
// whose class has it; ok is false otherwise.
func dunderOn(th *starlark.Thread, v starlark.Value, name string) (s string, ok bool) {
	inst, isInst := v.(*class.Instance)
	if !isInst {
		return "", false
	}
	fn, found := inst.Class().Lookup(name)
	if !found {
		return "", false
	}
	r, err := class.CallMethod(th, inst, fn, nil, nil)
	if err != nil {
		return fmt.Sprintf("<%s() failed for object at %#x: %v>", name, inst.ID(), err), true
	}
	if s, isStr := starlark.AsString(r); isStr {
		return s, true
	}
	return r.String(), true
}
