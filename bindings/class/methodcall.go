package class

// This file lets the interpreter call an instance's methods without a
// bound method: self.push(data) runs the class's function with self as
// its first argument (starlark.HasMethods).

import (
	"unsafe"

	"go.starlark.net/starlark"
)

var _ starlark.HasMethods = (*Instance)(nil)

// Method returns the class's method that i.name(...) would call bound to
// i: a script's function or a Go method, when no attribute of i hides it
// (MayShadow). For a property, a class attribute of another kind, a
// staticmethod or classmethod, an instance attribute, __getattr__ or no
// such attribute, ok is false and the interpreter reads the attribute
// with Attr, as it did.
func (i *Instance) Method(name string) (starlark.Callable, bool) {
	// the common case in one piece: the class's table holds name, and
	// no instance attribute hides a callable member, both as of the
	// current generation (what hit and MayShadow answer)
	if t := i.class.table; t != nil {
		g := generation.Load()
		if t.gen == g && i.shadowGen == g && !i.shadow {
			p := unsafe.StringData(name)
			k := tableSlot(p, t.shift)
			e := &t.entries[k]
			if e.name != p || int(e.n) != len(name) || p == nil {
				e = &t.entries[k^1]
			}
			if e.name == p && int(e.n) == len(name) && p != nil {
				return e.fn, e.fn != nil
			}
		}
	}
	return i.methodSlow(name)
}

// methodFn is v as the function a call of an instance's method v runs
// with the instance first (a script's function or a Go method), or nil
// for any other member.
func methodFn(v starlark.Value) starlark.Callable {
	switch fn := v.(type) {
	case *starlark.Function:
		return fn
	case *Method:
		return fn
	}
	return nil
}

// methodSlow is Method when the class's table does not hold name as of
// the current generation, or an instance attribute may hide a member.
func (i *Instance) methodSlow(name string) (starlark.Callable, bool) {
	cv, _ := i.class.Lookup(name)
	if fn := methodFn(cv); fn != nil && !i.MayShadow() {
		return fn, true
	}
	return nil, false
}
