package class

import (
	"fmt"

	"go.starlark.net/starlark"
)

// ScriptProperty is property(fget, fset=None): a class member whose
// reads call fget(self) and whose writes call fset(self, value), as a
// Python property. The port tool writes @property methods as one.
type ScriptProperty struct {
	fget, fset starlark.Callable // fset nil: read-only
}

func (p *ScriptProperty) String() string        { return "<property object>" }
func (p *ScriptProperty) Type() string          { return "property" }
func (p *ScriptProperty) Freeze()               {}
func (p *ScriptProperty) Truth() starlark.Bool  { return true }
func (p *ScriptProperty) Hash() (uint32, error) { return identityHash(p), nil }

// StaticMethod is staticmethod(f): a class member that reads as f itself,
// not bound to the instance.
type StaticMethod struct{ fn starlark.Callable }

func (s *StaticMethod) String() string        { return "<staticmethod(" + s.fn.Name() + ")>" }
func (s *StaticMethod) Type() string          { return "staticmethod" }
func (s *StaticMethod) Freeze()               {}
func (s *StaticMethod) Truth() starlark.Bool  { return true }
func (s *StaticMethod) Hash() (uint32, error) { return identityHash(s), nil }

// ClassMethod is classmethod(f): a class member that reads as f bound to
// the class it is read through (an instance's class, for an instance),
// as Python's @classmethod: C.make(x) calls f(C, x).
type ClassMethod struct{ fn starlark.Callable }

func (s *ClassMethod) String() string        { return "<classmethod(" + s.fn.Name() + ")>" }
func (s *ClassMethod) Type() string          { return "classmethod" }
func (s *ClassMethod) Freeze()               {}
func (s *ClassMethod) Truth() starlark.Bool  { return true }
func (s *ClassMethod) Hash() (uint32, error) { return identityHash(s), nil }

// bind is the method read through class c.
func (s *ClassMethod) bind(c *Class) starlark.Value {
	fn := s.fn
	return starlark.NewBuiltin(fn.Name(), func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		all := make(starlark.Tuple, 1+len(args))
		all[0] = c
		copy(all[1:], args)
		return starlark.Call(th, fn, all, kwargs)
	})
}

// classmethod(f)
func classmethod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, err := functionArg(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	return &ClassMethod{fn: fn}, nil
}

// functionArg is the one argument, a function, of staticmethod(f) or
// classmethod(f).
func functionArg(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Callable, error) {
	var f starlark.Value
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &f); err != nil {
		return nil, err
	}
	fn, ok := f.(starlark.Callable)
	if !ok {
		return nil, fmt.Errorf("%s: got %s, want a function", name, f.Type())
	}
	return fn, nil
}

// property(fget, fset=None)
func property(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fget, fset starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("property", args, kwargs, "fget", &fget, "fset?", &fset); err != nil {
		return nil, err
	}
	p := &ScriptProperty{}
	var ok bool
	if p.fget, ok = fget.(starlark.Callable); !ok {
		return nil, fmt.Errorf("property: for parameter fget: got %s, want a function", fget.Type())
	}
	if fset != starlark.None {
		if p.fset, ok = fset.(starlark.Callable); !ok {
			return nil, fmt.Errorf("property: for parameter fset: got %s, want a function or None", fset.Type())
		}
	}
	return p, nil
}

// staticmethod(f)
func staticmethod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, err := functionArg(b.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	return &StaticMethod{fn: fn}, nil
}

// get reads the property on instance i.
func (p *ScriptProperty) get(c *Class, i *Instance) (starlark.Value, error) {
	return starlark.Call(c.thread(), p.fget, starlark.Tuple{i}, nil)
}

// set writes the property on instance i.
func (p *ScriptProperty) set(c *Class, i *Instance, name string, v starlark.Value) error {
	if p.fset == nil {
		return fmt.Errorf("can't set attribute '%s' of '%s' object: the property has no setter", name, c.name)
	}
	_, err := starlark.Call(c.thread(), p.fset, starlark.Tuple{i, v}, nil)
	return err
}
