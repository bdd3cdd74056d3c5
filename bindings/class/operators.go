package class

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Binary operators, as Python's binary_op1: x + y calls x.__add__(y); if
// x's class has none, or it returns NotImplemented, y.__radd__(x) (the
// reflection) is tried, but only when y's type differs from x's, and
// first when y's class is a subclass of x's that overrides it. When
// neither answers, the interpreter reports the unsupported operand types.
// / calls __truediv__, or Python 2's __div__.

// binaryNames are each operator's method and its reflection's.
var binaryNames = map[syntax.Token][2]string{
	syntax.PLUS:       {"__add__", "__radd__"},
	syntax.MINUS:      {"__sub__", "__rsub__"},
	syntax.STAR:       {"__mul__", "__rmul__"},
	syntax.SLASH:      {"__truediv__", "__rtruediv__"},
	syntax.SLASHSLASH: {"__floordiv__", "__rfloordiv__"},
	syntax.PERCENT:    {"__mod__", "__rmod__"},
	syntax.AMP:        {"__and__", "__rand__"},
	syntax.PIPE:       {"__or__", "__ror__"},
	syntax.CIRCUMFLEX: {"__xor__", "__rxor__"},
	syntax.LTLT:       {"__lshift__", "__rlshift__"},
	syntax.GTGT:       {"__rshift__", "__rrshift__"},
}

// python2Names are Python 2's names for what Python 3 renamed.
var python2Names = map[string]string{
	"__truediv__":  "__div__",
	"__rtruediv__": "__rdiv__",
	"__itruediv__": "__idiv__",
}

// inplaceNames are the methods of the in-place operators Starlark keeps
// apart from the plain ones (x += y, x |= y).
var inplaceNames = map[syntax.Token]string{
	syntax.PLUS: "__iadd__",
	syntax.PIPE: "__ior__",
}

// Binary is i op y (side Left) or y op i (side Right). (nil, nil) leaves
// the operation to the other operand, or to the interpreter's error.
func (i *Instance) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	names, ok := binaryNames[op]
	if !ok {
		return nil, nil
	}
	yi, _ := y.(*Instance)
	if side == starlark.Right {
		if yi != nil && (yi.class == i.class || i.class.IsSubclass(yi.class) && i.overrides(yi, names[1])) {
			return nil, nil // same type: no reflection; a subclass's was tried first
		}
		return i.tryBinary(names[1], y)
	}
	if yi != nil && yi.class != i.class && yi.class.IsSubclass(i.class) && yi.overrides(i, names[1]) {
		if v, err := yi.tryBinary(names[1], i); v != nil || err != nil {
			return v, err
		}
	}
	return i.tryBinary(names[0], y)
}

// overrides reports whether i's class has a method name that is not the
// one other's class has.
func (i *Instance) overrides(other *Instance, name string) bool {
	fn, ok := i.class.Lookup(name)
	theirs, _ := other.class.Lookup(name)
	return ok && !same(fn, theirs)
}

// tryBinary calls i's method name (or its Python 2 name) with y; nil
// when the class has neither or it returned NotImplemented.
func (i *Instance) tryBinary(name string, y starlark.Value) (starlark.Value, error) {
	v, ok, err := i.callSpecial(name, y)
	if !ok {
		if old, has := python2Names[name]; has {
			v, ok, err = i.callSpecial(old, y)
		}
	}
	if !ok || err != nil || v == NotImplemented {
		return nil, err
	}
	return v, nil
}

// InplaceBinary is i += y or i |= y: __iadd__ or __ior__ when the class
// has it, otherwise (nil) the plain operator.
func (i *Instance) InplaceBinary(op syntax.Token, y starlark.Value) (starlark.Value, error) {
	name, ok := inplaceNames[op]
	if !ok {
		return nil, nil
	}
	return i.tryBinary(name, y)
}
