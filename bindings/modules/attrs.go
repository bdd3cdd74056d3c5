package modules

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Modules whose classes keep their state in attributes under Python's
// names (logging's loggers, optparse's parsers), so that a program or a
// subclass sees what Python's would, read them and call methods through
// them with these.

// Methods makes class members from Go functions.
func Methods(fns map[string]class.MethodFunc) starlark.StringDict {
	d := make(starlark.StringDict, len(fns))
	for name, fn := range fns {
		d[name] = class.NewMethod(name, fn)
	}
	return d
}

// Instance returns self as an instance of a class, the receiver of a
// method of a module's class.
func Instance(fn string, self starlark.Value) (*class.Instance, error) {
	inst, ok := self.(*class.Instance)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s: got %s, want an instance", fn, PyType(self))
	}
	return inst, nil
}

// GetAttr is getattr(v, name): an AttributeError when v has none.
func GetAttr(v starlark.Value, name string) (starlark.Value, error) {
	if ha, ok := v.(starlark.HasAttrs); ok {
		a, err := ha.Attr(name)
		if err != nil {
			return nil, err
		}
		if a != nil {
			return a, nil
		}
	}
	return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", PyType(v), name)
}

// HasAttr is hasattr(v, name).
func HasAttr(v starlark.Value, name string) bool {
	_, err := GetAttr(v, name)
	return err == nil
}

// CallMethod is v.name(*args): the method a subclass or the instance
// itself defines wins, as in Python.
func CallMethod(th *starlark.Thread, v starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	fn, err := GetAttr(v, name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(th, fn, args, nil)
}

// ListAttr returns v.name, which must be a list.
func ListAttr(v starlark.Value, name string) (*starlark.List, error) {
	a, err := GetAttr(v, name)
	if err != nil {
		return nil, err
	}
	l, ok := a.(*starlark.List)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s: got %s, want list", name, PyType(a))
	}
	return l, nil
}

// AddOnce appends x to l unless x is in it already (the same value).
func AddOnce(l *starlark.List, x starlark.Value) error {
	for i := 0; i < l.Len(); i++ {
		if l.Index(i) == x {
			return nil
		}
	}
	return l.Append(x)
}

// Remove removes the first x (the same value) from l, if it is there.
func Remove(l *starlark.List, x starlark.Value) error {
	for i := 0; i < l.Len(); i++ {
		if l.Index(i) != x {
			continue
		}
		rest := make([]starlark.Value, 0, l.Len()-1)
		for j := 0; j < l.Len(); j++ {
			if j != i {
				rest = append(rest, l.Index(j))
			}
		}
		if err := l.Clear(); err != nil {
			return err
		}
		for _, v := range rest {
			l.Append(v)
		}
		return nil
	}
	return nil
}
