package class

import (
	"errors"
	"math"
	"math/big"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Python's special methods, as the operations that use them see an
// instance: bool(x) and `if x` call __bool__ (or Python 2's __nonzero__,
// or __len__), x == y calls __eq__, x + y calls __add__ (or y's __radd__),
// and so on (the rest: container.go, iterate.go, compare.go, operators.go).
// They are looked up on the class, through the MRO, as Python does.
// Instances of a class that defines none of them behave as before: true,
// hashed and compared by identity.

// specialSet says which of the special methods the hot paths ask about
// (truth, hashing, comparison) a class has, so that an instance of a
// class with none of them pays one load and a compare.
type specialSet uint16

const (
	hasBool specialSet = 1 << iota
	hasNonzero
	hasLen
	hasHash
	hasEq
	hasNe
	hasLt
	hasLe
	hasGt
	hasGe
)

const (
	truthSpecials   = hasBool | hasNonzero | hasLen
	compareSpecials = hasEq | hasNe | hasLt | hasLe | hasGt | hasGe
)

var specialNames = [...]struct {
	name string
	bit  specialSet
}{
	{"__bool__", hasBool}, {"__nonzero__", hasNonzero}, {"__len__", hasLen},
	{"__hash__", hasHash}, {"__eq__", hasEq}, {"__ne__", hasNe},
	{"__lt__", hasLt}, {"__le__", hasLe}, {"__gt__", hasGt}, {"__ge__", hasGe},
}

// special returns the special methods c has, worked out again when a
// class changed.
func (c *Class) special() specialSet {
	if len(c.mro) == 1 || c.builtin {
		return specialsOf(c) // shared by the workers: not cached
	}
	g := generation.Load() + 1
	if c.specialsGen != g {
		c.specials, c.specialsGen = specialsOf(c), g
	}
	return c.specials
}

func specialsOf(c *Class) specialSet {
	var s specialSet
	for _, sn := range specialNames {
		if _, ok := c.Lookup(sn.name); ok {
			s |= sn.bit
		}
	}
	return s
}

// NotImplemented is Python's NotImplemented: what a binary or comparison
// method returns to let the other operand try.
var NotImplemented starlark.Value = notImplemented{}

type notImplemented struct{}

func (notImplemented) String() string        { return "NotImplemented" }
func (notImplemented) Type() string          { return "NotImplementedType" }
func (notImplemented) Freeze()               {}
func (notImplemented) Truth() starlark.Bool  { return true }
func (notImplemented) Hash() (uint32, error) { return 0x4e6f74, nil }

// TypeName is the name Python gives the type of v: "str" for a Starlark
// string, the class name for an instance, Starlark's own name otherwise.
func TypeName(v starlark.Value) string {
	if _, ok := v.(starlark.String); ok {
		return "str"
	}
	return v.Type()
}

// ErrorIs reports whether err is the Python exception class (or a
// subclass of it): StopIteration ends an iteration, IndexError a
// __getitem__ sequence. By default it knows the class an error names
// (pyerr.Typed); the exceptions package may set a version that knows
// the hierarchy.
var ErrorIs = func(err error, class string) bool {
	var t pyerr.Typed
	return errors.As(err, &t) && t.TypeName() == class
}

// typeError is a TypeError with a formatted message.
func typeError(format string, args ...any) error {
	return pyerr.Errorf("TypeError", format, args...)
}

// callSpecial calls the special method name of i, found on its class,
// with args; ok is false when the class has no such method.
func (i *Instance) callSpecial(name string, args ...starlark.Value) (v starlark.Value, ok bool, err error) {
	fn, ok := i.class.Lookup(name)
	if !ok {
		return nil, false, nil
	}
	v, err = CallMethod(i.thread(), i, fn, args, nil)
	return v, true, err
}

// Truth is bool(i): __bool__, Python 2's __nonzero__, or __len__ != 0,
// else true. A method that fails, or returns what Python refuses, makes
// the running computation fail (Truth cannot return an error).
func (i *Instance) Truth() starlark.Bool {
	if i.class.special()&truthSpecials == 0 {
		return true
	}
	b, err := i.truth()
	if err != nil {
		fail(i.thread(), err)
		return false
	}
	return b
}

// truth is Truth with its error.
func (i *Instance) truth() (starlark.Bool, error) {
	if v, ok, err := i.callSpecial("__bool__"); ok {
		if err != nil {
			return false, err
		}
		b, isBool := v.(starlark.Bool)
		if !isBool {
			return false, typeError("__bool__ should return bool, returned %s", TypeName(v))
		}
		return b, nil
	}
	if v, ok, err := i.callSpecial("__nonzero__"); ok {
		if err != nil {
			return false, err
		}
		switch v := v.(type) {
		case starlark.Bool:
			return v, nil
		case starlark.Int:
			return v.Sign() != 0, nil // as Python 2
		}
		return false, typeError("__nonzero__ should return bool or int, returned %s", TypeName(v))
	}
	if _, ok := i.class.Lookup("__len__"); ok {
		n, err := i.length()
		return n > 0, err
	}
	return true, nil
}

// Truth is bool(v), with the error of an instance's __bool__ or __len__,
// for Go code that tests a value a script gave it.
func Truth(v starlark.Value) (bool, error) {
	if i, ok := v.(*Instance); ok && i.class.special()&truthSpecials != 0 {
		b, err := i.truth()
		return bool(b), err
	}
	return bool(v.Truth()), nil
}

// length is len(i), from __len__.
func (i *Instance) length() (int, error) {
	v, ok, err := i.callSpecial("__len__")
	if !ok {
		return 0, typeError("object of type '%s' has no len()", i.class.name)
	}
	if err != nil {
		return 0, err
	}
	n, isInt := v.(starlark.Int)
	if !isInt {
		return 0, typeError("'%s' object cannot be interpreted as an integer", TypeName(v))
	}
	if n.Sign() < 0 {
		return 0, pyerr.Errorf("ValueError", "__len__() should return >= 0")
	}
	m, ok := n.Int64()
	if !ok || m > 1<<62 {
		return 0, pyerr.Errorf("OverflowError", "cannot fit 'int' into an index-sized integer")
	}
	return int(m), nil
}

// Len is len(v): an instance's __len__, the length of a Starlark
// sequence, or Python's TypeError.
func Len(v starlark.Value) (int, error) {
	if i, ok := v.(*Instance); ok {
		return i.length()
	}
	if n := starlark.Len(v); n >= 0 {
		return n, nil
	}
	return 0, typeError("object of type '%s' has no len()", TypeName(v))
}

// Hash is hash(i) as a Starlark hash: identity unless the class defines
// __hash__; a class that defines __eq__ and not __hash__ makes its
// instances unhashable, as in Python 3.
func (i *Instance) Hash() (uint32, error) {
	if i.class.special()&(hasHash|hasEq) == 0 {
		return identityHash(i), nil
	}
	h, err := i.PyHash()
	if err != nil {
		return 0, err
	}
	return uint32(h) ^ uint32(uint64(h)>>32), nil
}

// PyHash is what hash(i) returns in Python: the class's __hash__ result
// reduced as Python reduces an int's hash, or a value from i's identity.
func (i *Instance) PyHash() (int64, error) {
	fn, ok := i.hashMethod()
	if !ok {
		return int64(identity(i) >> 4), nil
	}
	if fn == nil {
		return 0, typeError("unhashable type: '%s'", i.class.name)
	}
	v, err := CallMethod(i.thread(), i, fn, nil, nil)
	if err != nil {
		return 0, err
	}
	switch v := v.(type) {
	case starlark.Int:
		return IntHash(v), nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return 0, typeError("__hash__ method should return an integer")
}

// hashMethod finds the __hash__ Python 3 would use: the first class in
// the MRO that defines __hash__ or __eq__ decides; one that defines
// __eq__ alone (or sets __hash__ = None) makes instances unhashable (fn
// nil). ok is false for the default, identity.
func (i *Instance) hashMethod() (fn starlark.Value, ok bool) {
	for _, k := range i.class.mro {
		if h, has := k.dict["__hash__"]; has {
			if h == starlark.None {
				return nil, true
			}
			return h, true
		}
		if _, has := k.dict["__eq__"]; has {
			return nil, true
		}
	}
	return nil, false
}

// hashModulus is the modulus of Python's numeric hash, 2**61 - 1.
const hashModulus = 1<<61 - 1

var bigModulus = big.NewInt(hashModulus)

// IntHash is Python's hash of an int: the int modulo 2**61-1, with the
// sign kept and -1 (which means an error in C) turned into -2.
func IntHash(x starlark.Int) int64 {
	var h int64
	if v, ok := x.Int64(); ok && v > -hashModulus && v < hashModulus {
		h = v
	} else {
		b := x.BigInt()
		neg := b.Sign() < 0
		b.Abs(b)
		b.Mod(b, bigModulus)
		h = b.Int64()
		if neg {
			h = -h
		}
	}
	if h == -1 {
		h = -2
	}
	return h
}

// FloatHash is CPython's _Py_HashDouble: equal to the hash of an equal
// int, of the value modulo 2**61-1 otherwise.
func FloatHash(v float64) int64 {
	const bits = 61
	const modulus = 1<<bits - 1
	switch {
	case math.IsInf(v, 1):
		return 314159
	case math.IsInf(v, -1):
		return -314159
	case math.IsNaN(v):
		return 0
	}
	m, e := math.Frexp(v)
	sign := int64(1)
	if m < 0 {
		sign, m = -1, -m
	}
	var x uint64
	for m != 0 {
		x = x<<28&modulus | x>>(bits-28)
		m *= 268435456.0 // 2**28
		e -= 28
		y := uint64(m)
		m -= float64(y)
		x += y
		if x >= modulus {
			x -= modulus
		}
	}
	if e >= 0 {
		e %= bits
	} else {
		e = bits - 1 - (-1-e)%bits
	}
	x = x<<uint(e)&modulus | x>>uint(bits-e)
	h := int64(x) * sign
	if h == -1 {
		h = -2
	}
	return h
}

// Name is the class's name: an instance may be called (__call__).
func (i *Instance) Name() string { return i.class.name }

// CallInternal is i(*args, **kwargs): the class's __call__.
func (i *Instance) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fn, ok := i.class.Lookup("__call__")
	if !ok {
		return nil, typeError("'%s' object is not callable", i.class.name)
	}
	return CallMethod(th, i, fn, args, kwargs)
}

// Callable reports whether v can be called, as Python's callable(v): an
// instance only when its class defines __call__.
func Callable(v starlark.Value) bool {
	if i, ok := v.(*Instance); ok {
		_, ok := i.class.Lookup("__call__")
		return ok
	}
	_, ok := v.(starlark.Callable)
	return ok
}

// unaryNames are the methods of the unary operators.
var unaryNames = map[syntax.Token]string{
	syntax.MINUS: "__neg__",
	syntax.PLUS:  "__pos__",
	syntax.TILDE: "__invert__",
}

// Unary is -i, +i or ~i.
func (i *Instance) Unary(op syntax.Token) (starlark.Value, error) {
	name, ok := unaryNames[op]
	if !ok {
		return nil, nil
	}
	v, ok, err := i.callSpecial(name)
	if !ok || err != nil {
		return nil, err
	}
	return v, nil
}

// The interfaces through which the interpreter reaches the protocol.
var (
	_ starlark.Comparable      = (*Instance)(nil)
	_ starlark.MixedComparable = (*Instance)(nil)
	_ starlark.HasBinary       = (*Instance)(nil)
	_ starlark.HasUnary        = (*Instance)(nil)
	_ starlark.InplaceUpdater  = (*Instance)(nil)
	_ starlark.HasSetKey       = (*Instance)(nil)
	_ starlark.Container       = (*Instance)(nil)
	_ starlark.Iterable        = (*Instance)(nil)
	_ starlark.ValueSliceable  = (*Instance)(nil)
	_ starlark.Callable        = (*Instance)(nil)
)

// CallSpecial calls the special method name of v's class with args, for
// a built-in function that honours one (__abs__, __index__, __round__,
// __divmod__...); ok is false when v is not an instance or its class has
// no such method.
func CallSpecial(v starlark.Value, name string, args ...starlark.Value) (result starlark.Value, ok bool, err error) {
	i, isInst := v.(*Instance)
	if !isInst {
		return nil, false, nil
	}
	return i.callSpecial(name, args...)
}
