package class

import (
	"reflect"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Rich comparisons, as Python's do_richcompare: x < y calls x.__lt__(y);
// if x's class has none, or it returns NotImplemented, y.__gt__(x) (the
// reflection) is tried, and first when y's class is a subclass of x's
// that overrides it. With neither, == and != compare identity and an
// ordering is a TypeError. A __ne__ that is not defined is the negation
// of __eq__.

// compareNames are each operator's method and its reflection's.
var compareNames = map[syntax.Token][2]string{
	syntax.EQL: {"__eq__", "__eq__"},
	syntax.NEQ: {"__ne__", "__ne__"},
	syntax.LT:  {"__lt__", "__gt__"},
	syntax.LE:  {"__le__", "__ge__"},
	syntax.GT:  {"__gt__", "__lt__"},
	syntax.GE:  {"__ge__", "__le__"},
}

// CompareSameType is i op y where y has i's Starlark type (another
// instance, or a value whose type is named as i's class is).
func (i *Instance) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	if i.class.special()&compareSpecials == 0 {
		if j, ok := y.(*Instance); !ok || j.class.special()&compareSpecials == 0 {
			return identityCompare(op, i, y)
		}
	}
	return richCompare(op, i, y)
}

// CompareMixed is i op y (side Left) or y op i (side Right), y a value
// of another type.
func (i *Instance) CompareMixed(op syntax.Token, y starlark.Value, side starlark.Side, depth int) (bool, bool, error) {
	if i.class.special()&compareSpecials == 0 {
		return false, false, nil // Starlark's: unequal, unordered
	}
	var ok bool
	var err error
	if side == starlark.Left {
		ok, err = richCompare(op, i, y)
	} else {
		ok, err = richCompare(op, y, i)
	}
	return ok, true, err
}

// richCompare is x op y, one of them an instance.
func richCompare(op syntax.Token, x, y starlark.Value) (bool, error) {
	names := compareNames[op]
	xi, _ := x.(*Instance)
	yi, _ := y.(*Instance)
	reflectedFirst := false
	if xi != nil && yi != nil && xi.class != yi.class && yi.class.IsSubclass(xi.class) {
		// a subclass's reflection that overrides the base's goes first
		yfn, yok := yi.compareMethod(names[1])
		xfn, _ := xi.compareMethod(names[1])
		reflectedFirst = yok && !same(yfn, xfn)
	}
	if reflectedFirst {
		if r, done, err := yi.tryCompare(names[1], x); done || err != nil {
			return r, err
		}
	}
	if xi != nil {
		if r, done, err := xi.tryCompare(names[0], y); done || err != nil {
			return r, err
		}
	}
	if yi != nil && !reflectedFirst {
		if r, done, err := yi.tryCompare(names[1], x); done || err != nil {
			return r, err
		}
	}
	if op == syntax.EQL || op == syntax.NEQ {
		return identityCompare(op, x, y)
	}
	return false, typeError("'%s' not supported between instances of '%s' and '%s'", op, TypeName(x), TypeName(y))
}

// compareMethod finds the comparison method name on i's class.
func (i *Instance) compareMethod(name string) (starlark.Value, bool) {
	return i.class.Lookup(name)
}

// tryCompare calls i's comparison method name with other; done is false
// when the class has none or it returned NotImplemented. A missing
// __ne__ is not __eq__.
func (i *Instance) tryCompare(name string, other starlark.Value) (result, done bool, err error) {
	v, ok, err := i.callSpecial(name, other)
	if !ok && name == "__ne__" {
		v, ok, err = i.callSpecial("__eq__", other)
		if ok && err == nil && v != NotImplemented {
			eq, err := Truth(v)
			return !eq, true, err
		}
	}
	if !ok || err != nil || v == NotImplemented {
		return false, false, err
	}
	r, err := Truth(v)
	return r, true, err
}

// same reports whether a and b are the same value (a nil b included),
// for values Go may compare.
func same(a, b starlark.Value) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	return ta == tb && ta.Comparable() && a == b
}

// identityCompare is Python's default == and != (and the TypeError of
// an ordering between objects that define none).
func identityCompare(op syntax.Token, x, y starlark.Value) (bool, error) {
	switch op {
	case syntax.EQL:
		return x == y, nil
	case syntax.NEQ:
		return x != y, nil
	}
	return false, typeError("'%s' not supported between instances of '%s' and '%s'", op, TypeName(x), TypeName(y))
}
