package class

// This file lets the interpreter call an instance's methods without a
// bound method: self.push(data) runs the class's function with self as
// its first argument (starlark.HasMethods).

import "go.starlark.net/starlark"

var _ starlark.HasMethods = (*Instance)(nil)

// Method returns the class's method that i.name(...) would call bound to
// i: a script's function or a Go method, when no attribute of i hides it
// (MayShadow). For a property, a class attribute of another kind, a
// staticmethod or classmethod, an instance attribute, __getattr__ or no
// such attribute, ok is false and the interpreter reads the attribute
// with Attr, as it did.
func (i *Instance) Method(name string) (starlark.Callable, bool) {
	cv, _ := i.class.Lookup(name)
	switch fn := cv.(type) {
	case *starlark.Function:
		if !i.MayShadow() {
			return fn, true
		}
	case *Method:
		if !i.MayShadow() {
			return fn, true
		}
	}
	return nil, false
}
