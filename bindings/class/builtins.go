package class

import (
	"fmt"

	"go.starlark.net/starlark"
)

// Object is the root class, predeclared as `object`, for plain classes
// (producers, helpers).
var Object = MustNew("object", "", nil, starlark.StringDict{
	"__init__": NewMethod("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 0 || len(kwargs) > 0 {
			return nil, fmt.Errorf("%s() takes no arguments", self.Type())
		}
		return starlark.None, nil
	}),
})

// Builtins are the predeclared functions of the class system. Those
// that keep neither their args slice nor their kwargs slice take their
// arguments in place (starlark.Builtin.ArgsInPlace).
var Builtins = starlark.StringDict{
	"subclass":     starlark.NewBuiltin("subclass", subclass),
	"object":       Object,
	"isinstance":   starlark.NewBuiltin("isinstance", isinstance).ArgsInPlace(),
	"issubclass":   starlark.NewBuiltin("issubclass", issubclass).ArgsInPlace(),
	"setattr":      starlark.NewBuiltin("setattr", setattr).ArgsInPlace(),
	"property":     starlark.NewBuiltin("property", property),
	"staticmethod": starlark.NewBuiltin("staticmethod", staticmethod),
	"classmethod":  starlark.NewBuiltin("classmethod", classmethod),
	"repr":         starlark.NewBuiltin("repr", repr).ArgsInPlace(),
	"len":          starlark.NewBuiltin("len", length).ArgsInPlace(),
}

// Reprer is a value whose repr() differs from its String(): an instance
// of a class with both __repr__ and __str__, or with __str__ only.
type Reprer interface {
	Repr() string
}

// Repr is repr(x): x's Repr when it has one, else its String().
func Repr(x starlark.Value) string {
	if r, ok := x.(Reprer); ok {
		return r.Repr()
	}
	return x.String()
}

// ReprErr is repr(x) with the error of an instance's __repr__.
func ReprErr(x starlark.Value) (string, error) {
	if i, ok := x.(*Instance); ok {
		return i.ReprErr()
	}
	return Repr(x), nil
}

// repr(x), as Starlark's, but honouring a class's __repr__ over its
// __str__ as Python does.
func repr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("repr", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	s, err := ReprErr(x)
	return starlark.String(s), err
}

// len(x), as Python's: the length of a Starlark sequence, or what an
// instance's __len__ returns.
func length(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	x, err := OnlyArg("len", args, kwargs)
	if err != nil {
		return nil, err
	}
	n, err := Len(x)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

// subclass(base, name, **members) builds a class. base is a class or a
// tuple of classes.
func subclass(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("subclass: got %d positional arguments, want 2 (base, name)", len(args))
	}
	bases, err := classTuple("subclass", args[0])
	if err != nil {
		return nil, err
	}
	name, ok := starlark.AsString(args[1])
	if !ok || name == "" {
		return nil, fmt.Errorf("subclass: for parameter name: got %s, want a non-empty string", args[1].Type())
	}
	members := make(starlark.StringDict, len(kwargs))
	for _, kv := range kwargs {
		members[string(kv[0].(starlark.String))] = kv[1]
	}
	c, err := New(name, "", bases, members)
	if err != nil {
		return nil, err
	}
	c.th = Owner(th)
	return c, nil
}

// classTuple accepts a class or a tuple of classes.
func classTuple(fn string, v starlark.Value) ([]*Class, error) {
	switch v := v.(type) {
	case *Class:
		return []*Class{v}, nil
	case starlark.Tuple:
		if len(v) == 0 {
			return nil, fmt.Errorf("%s: empty tuple of classes", fn)
		}
		out := make([]*Class, len(v))
		for i, x := range v {
			c, ok := x.(*Class)
			if !ok {
				return nil, fmt.Errorf("%s: got %s in the tuple of classes, want class", fn, x.Type())
			}
			out[i] = c
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: got %s, want class or tuple of classes", fn, v.Type())
}

// builtinTypes maps Starlark's conversion built-ins to the type names of
// their values, so that isinstance(x, str) reads as in Python.
var builtinTypes = map[string]string{
	"str": "string", "int": "int", "float": "float", "bool": "bool", "list": "list",
	"dict": "dict", "tuple": "tuple", "bytes": "bytes", "set": "set",
}

func isinstance(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, cls starlark.Value
	if err := starlark.UnpackPositionalArgs("isinstance", args, kwargs, 2, &x, &cls); err != nil {
		return nil, err
	}
	ok, err := instanceOf("isinstance", x, cls)
	return starlark.Bool(ok), err
}

// A Type is a type made in Go that isinstance accepts: a module's class
// whose instances are Go values (ssl.SSLSocket, ssl.SSLContext).
type Type interface {
	starlark.Value
	HasInstance(x starlark.Value) bool
}

func instanceOf(fn string, x, cls starlark.Value) (bool, error) {
	switch cls := cls.(type) {
	case Type:
		return cls.HasInstance(x), nil
	case *Class:
		if cls == Object {
			return true, nil
		}
		if inst, ok := x.(*Instance); ok {
			return inst.class.IsSubclass(cls), nil
		}
		return false, nil
	case *starlark.Builtin:
		t, ok := builtinTypes[cls.Name()]
		if !ok {
			return false, fmt.Errorf("%s: %s is not a type", fn, cls.Name())
		}
		return x.Type() == t, nil
	case starlark.Tuple:
		for _, c := range cls {
			ok, err := instanceOf(fn, x, c)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, fmt.Errorf("%s: arg 2 must be a class or tuple of classes, not %s", fn, cls.Type())
}

func issubclass(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, cls starlark.Value
	if err := starlark.UnpackPositionalArgs("issubclass", args, kwargs, 2, &x, &cls); err != nil {
		return nil, err
	}
	c, ok := x.(*Class)
	if !ok {
		return nil, fmt.Errorf("issubclass: arg 1 must be a class, not %s", x.Type())
	}
	bases, err := classTuple("issubclass", cls)
	if err != nil {
		return nil, err
	}
	for _, base := range bases {
		if base == Object || c.IsSubclass(base) {
			return starlark.True, nil
		}
	}
	return starlark.False, nil
}

func setattr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, v starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("setattr", args, kwargs, 3, &x, &name, &v); err != nil {
		return nil, err
	}
	f, ok := x.(starlark.HasSetField)
	if !ok {
		return nil, fmt.Errorf("setattr: '%s' object has no settable attributes", x.Type())
	}
	if err := f.SetField(name, v); err != nil {
		return nil, fmt.Errorf("setattr: %w", err)
	}
	return starlark.None, nil
}
