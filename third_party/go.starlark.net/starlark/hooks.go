package starlark

// This file is not part of upstream go.starlark.net: it holds the hooks and
// optional interfaces that let an application make Starlark behave as
// another Python-like language does (see PATCHES.md at the module's root).
// Every hook is nil, and no built-in type implements the interfaces, so by
// default Starlark behaves exactly as upstream's.

import (
	"fmt"

	"go.starlark.net/syntax"
)

// ReprHook, when set, may replace how a value is shown: in String() of
// strings and bytes, inside lists, tuples, dicts and sets, and by %r.
// It returns ok false to keep Starlark's own representation. It must be
// set before any Starlark code runs and never changed afterwards.
var ReprHook func(x Value) (repr string, ok bool)

// FormatHook, when set, gives the text of "%s" (conv 's') and "%r" (conv
// 'r') for a value in string interpolation (format % args), or the error
// that makes the interpolation fail. It must be set before any Starlark
// code runs.
var FormatHook func(conv byte, x Value) (string, error)

// ErrorHook, when set, sees each error before it becomes an EvalError (a
// failure of the interpreter or of a built-in, not yet seen by any
// frame) and returns the error to report instead, usually err itself. It
// must be set before any Starlark code runs.
var ErrorHook func(err error) error

// SetTypeMethod adds, or replaces, the built-in method name of values of
// type typ ("string", "bytes", "list", "dict" or "set"): "abc".upper, for
// instance. It must be called before any Starlark code runs. The method
// is called with its receiver bound in a Builtin that lives only for the
// call, and with its arguments in place (see CALL_METHOD): it must keep
// neither that Builtin nor its args slice, only values read from them.
func SetTypeMethod(typ, name string, method *Builtin) error {
	var methods map[string]*Builtin
	switch typ {
	case "string":
		methods = stringMethods
	case "bytes":
		methods = bytesMethods
	case "list":
		methods = listMethods
	case "dict":
		methods = dictMethods
	case "set":
		methods = setMethods
	default:
		return fmt.Errorf("SetTypeMethod: no methods for type %s", typ)
	}
	methods[name] = method
	return nil
}

// TypeMethod returns the built-in method name of values of type typ, or
// nil: the upstream implementation, for a replacement to fall back on.
func TypeMethod(typ, name string) *Builtin {
	switch typ {
	case "string":
		return stringMethods[name]
	case "bytes":
		return bytesMethods[name]
	case "list":
		return listMethods[name]
	case "dict":
		return dictMethods[name]
	case "set":
		return setMethods[name]
	}
	return nil
}

// A MixedComparable value can compare itself with values of other types
// (an object whose class defines __eq__ or __lt__, say), which Starlark
// otherwise deems unequal and unordered.
type MixedComparable interface {
	Value
	// CompareMixed compares the receiver, on side of the operator, with
	// y, a value of another type. handled is false to leave the
	// comparison to Starlark.
	CompareMixed(op syntax.Token, y Value, side Side, depth int) (result, handled bool, err error)
}

// A ValueSliceable value is sliced by its own method, given the slice's
// operands as written (None where left out), not converted to ints.
type ValueSliceable interface {
	Value
	SliceValues(lo, hi, step Value) (Value, error)
}

// A SliceValue stands for a slice in an index expression: x[s] for a
// Sliceable x is then x[lo:hi:step].
type SliceValue interface {
	Value
	SliceBounds() (lo, hi, step Value)
}

// An InplaceUpdater value defines what x += y and x |= y do to it, where
// otherwise they mean x = x + y and x = x | y.
type InplaceUpdater interface {
	Value
	// InplaceBinary returns the new value of x (often x itself), or nil,
	// nil to fall back to the plain operator.
	InplaceBinary(op syntax.Token, y Value) (Value, error)
}

// isNumberOrString reports whether x is an int, a float or a string,
// which the in-place operators need not ask about InplaceUpdater (n += 1
// is the commonest statement).
func isNumberOrString(x Value) bool {
	switch x.(type) {
	case Int, Float, String:
		return true
	}
	return false
}

// failing is the cancellation reason that says an error recorded by Fail
// waits to be raised; it is compared by address.
var failing = "a failure is pending"

// Fail makes the computation running on the thread fail with err at its
// next step: when the current built-in returns, or, inside a Starlark
// function, before its next instruction. It is for Go code that has no
// way to return an error, such as a value's Truth, Len or String method,
// or an Iterator's Next. Only the goroutine running the thread may call
// it. The first failure recorded wins until it is raised; a cancellation
// (Cancel) takes precedence over it.
func (thread *Thread) Fail(err error) {
	if thread.failure != nil && thread.cancelReason.Load() == &failing {
		return
	}
	thread.failure = err
	if thread.cancelReason.CompareAndSwap(nil, &failing) {
		thread.stepLimit.Store(0)
	}
}

// stopped returns the error that stops the thread when reason (the
// cancellation reason read at a step) is set: the failure recorded by
// Fail, or the cancellation.
func (thread *Thread) stopped(reason *string) error {
	if reason == &failing {
		err := thread.takeFailure()
		if err != nil {
			return err
		}
		if reason = thread.cancelReason.Load(); reason == nil {
			return nil
		}
	}
	thread.failure = nil
	return fmt.Errorf("Starlark computation cancelled: %s", *reason)
}

// takeFailure returns the failure that Fail recorded, if it is still
// waiting, and forgets it.
func (thread *Thread) takeFailure() error {
	err := thread.failure
	if err == nil {
		return nil
	}
	thread.failure = nil
	if !thread.cancelReason.CompareAndSwap(&failing, nil) {
		return nil // a cancellation came and wins, or Uncancel dropped it
	}
	return err
}

// A HasMethods value has methods that a call x.f(...) may run without
// the bound method that reading x.f makes (an instance of a class whose
// method f is a function taking the instance first, say).
type HasMethods interface {
	HasAttrs
	// Method returns fn, ok true when reading the attribute name of x
	// would give fn bound to x, which the call x.name(args...) then runs
	// as fn(x, args...); ok false for any other attribute, or none (x.f
	// is then read with Attr, as before). fn must not be a *Builtin. It
	// is asked where x.f would be read, before the call's arguments are
	// evaluated.
	Method(name string) (fn Callable, ok bool)
}

// methodOf returns the method of x called name, which a call runs with
// x as its first argument, if x is a HasMethods value that has it, or
// nil.
func methodOf(x Value, name string) Callable {
	if hm, ok := x.(HasMethods); ok {
		if fn, ok := hm.Method(name); ok {
			return fn
		}
	}
	return nil
}

// slowStep is what the interpreter does at a step once Steps reaches
// stepLimit: it calls OnMaxSteps (or cancels) when Steps has reached
// maxSteps, returns the error that stops the thread when a cancellation
// or a failure waits, and otherwise sets stepLimit again.
//
// A Cancel or Fail of another goroutine stores its reason, then a
// stepLimit of 0; slowStep stores the limit, then reads the reason
// again: one of them sees the other's store, so that none is missed.
func (thread *Thread) slowStep() error {
	if thread.Steps >= thread.maxSteps {
		if thread.OnMaxSteps != nil {
			thread.OnMaxSteps(thread)
		} else {
			thread.Cancel("too many steps")
		}
	}
	if reason := thread.cancelReason.Load(); reason != nil {
		if err := thread.stopped(reason); err != nil {
			return err
		}
	}
	thread.stepLimit.Store(thread.maxSteps)
	if thread.cancelReason.Load() != nil {
		thread.stepLimit.Store(0)
	}
	return nil
}

// ArgsInPlace marks b as a built-in whose function keeps neither its
// args slice nor its kwargs slice once it returns (only values read from
// them; it must not change them either), so that the interpreter may
// pass it the positional arguments where they lie on its operand stack
// instead of a copy, as it does for a Starlark function. It returns b.
// The functions of the universe (len, str, min...) are marked so.
func (b *Builtin) ArgsInPlace() *Builtin {
	b.inPlace = true
	return b
}

// TakesArgsInPlace reports whether b is marked by ArgsInPlace.
func (b *Builtin) TakesArgsInPlace() bool { return b.inPlace }

// An ArgsInPlacer is a callable of the application's (neither a
// *Function nor a *Builtin) that may make ArgsInPlace's promise:
// TakesArgsInPlace reports true when it keeps neither its args slice nor
// its kwargs slice once it returns, nor changes them (a method of a
// class implemented in Go, say). The interpreter then gives it its
// positional arguments where they lie on the caller's operand stack, and
// with them, for a call x.f(...) of a HasMethods value, the receiver.
type ArgsInPlacer interface {
	Callable
	TakesArgsInPlace() bool
}

// takesArgsInPlace reports whether fn may be given its arguments in
// place on the caller's operand stack: a Starlark function (which does
// not change its arguments, and copies *args), a built-in marked by
// ArgsInPlace, or an ArgsInPlacer that says so.
func takesArgsInPlace(fn Value) bool {
	switch fn := fn.(type) {
	case *Function:
		return true
	case *Builtin:
		return fn.inPlace
	}
	return placerInPlace(fn)
}

// placerInPlace reports whether fn is an ArgsInPlacer that says it
// takes its arguments in place: out of line, so that the interpreter's
// loop, where takesArgsInPlace is inlined, does not grow by the
// conversion.
//
//go:noinline
func placerInPlace(fn Value) bool {
	p, ok := fn.(ArgsInPlacer)
	return ok && p.TakesArgsInPlace()
}

// universeInPlace marks the functions of the universe with ArgsInPlace
// (called as the universe is made).
func universeInPlace() {
	for _, v := range Universe {
		if b, ok := v.(*Builtin); ok {
			b.ArgsInPlace()
		}
	}
}
