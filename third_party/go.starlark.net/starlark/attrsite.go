package starlark

// This file lets a value keep, in each instruction that reads or sets
// one of its attributes or calls one of its methods, what it worked
// out the last time that instruction ran (pyasync patch).

import (
	"sync/atomic"
	"unsafe"

	"go.starlark.net/internal/compile"
)

// An AttrSite is the memory of one instruction that reads an attribute
// (x.f), sets one (x.f = y) or calls a method (x.f(...)): a hint that
// the value the instruction last ran on left there, for the next time.
// Each such instruction of a function's code has one, made when the
// code is decoded. The hint is the value's own business (see
// CachedAttrs); the interpreter only hands the site over.
type AttrSite struct {
	hint atomic.Pointer[AttrHint]
}

// An AttrHint is what a value left at an AttrSite: typically, for an
// object of a class, the class (Key), the version of the classes the
// answer holds for (Gen), where its objects keep the attribute
// (Index), the class's member of that name (Value, Func), and the
// functions that read the attribute, set it or find the method of an
// object as the hint says (Read, Write, Method; nil where the hint does
// not help). Each reports false when x is not a value the hint holds
// for (a value of another type or class, or one that changed since),
// and the interpreter then asks x (CachedAttrs). A site may see values
// of several types and classes, and keeps the hint of the last. A hint
// is never changed once it is stored, so that threads running the same
// code read a whole one.
type AttrHint struct {
	Key   unsafe.Pointer
	Gen   uint64
	Index int
	Flags uint32
	Value Value
	Func  Callable
	// Builtin, when not nil, is Func as a built-in method that the
	// interpreter binds to the receiver of a call x.f(...) and calls
	// as it calls a method of a built-in type, with the arguments in
	// place and without an interface conversion (pyasync patch): set
	// only with Method, for a Func that keeps none of its arguments
	// and for which calling the built-in bound to x is calling Func
	// with x first.
	Builtin *Builtin

	Read   func(x Value, h *AttrHint) (Value, bool)
	Write  func(x Value, h *AttrHint, name string, v Value) bool
	Method func(x Value, h *AttrHint) (Callable, bool)
}

// Hint is the site's hint, or nil.
func (s *AttrSite) Hint() *AttrHint { return s.hint.Load() }

// SetHint replaces the site's hint.
func (s *AttrSite) SetHint(h *AttrHint) {
	if s.hint.Load() != h {
		s.hint.Store(h)
	}
}

// A CachedAttrs value reads its attributes with the help of the
// instruction's AttrSite, where it may leave a hint for the next time:
// AttrAt(site, name) must answer as Attr(name) does, whatever hint the
// site holds (a hint of another value, or of this one made before it
// changed), and so must the hint's Read.
type CachedAttrs interface {
	HasAttrs
	AttrAt(site *AttrSite, name string) (Value, error)
}

// A CachedFields value sets its attributes with the help of the
// instruction's AttrSite: SetFieldAt(site, name, v) and the hint's
// Write must do what SetField(name, v) does.
type CachedFields interface {
	HasSetField
	SetFieldAt(site *AttrSite, name string, v Value) error
}

// A CachedMethods value finds the methods that calls x.f(...) run
// with the help of the instruction's AttrSite: MethodAt(site, name)
// and the hint's Method must answer as Method(name) does.
type CachedMethods interface {
	HasMethods
	MethodAt(site *AttrSite, name string) (fn Callable, ok bool)
}

// getAttrAt is getAttr for the instruction insn of f (an ATTR, or a
// METHOD that found no method).
func getAttrAt(x Value, f *compile.Funcode, insn *compile.Insn) (Value, error) {
	site := siteOf(insn)
	if h := site.Hint(); h != nil && h.Read != nil {
		if v, ok := h.Read(x, h); ok {
			return v, nil
		}
	}
	name := f.Prog.Names[insn.Arg]
	if ca, ok := x.(CachedAttrs); ok {
		v, err := ca.AttrAt(site, name)
		if err == nil && v != nil {
			return v, nil
		}
		return nil, attrError(x, ca, name, err)
	}
	return getAttr(x, name)
}

// setFieldAt is setField for the SETFIELD instruction insn of f.
func setFieldAt(x, y Value, f *compile.Funcode, insn *compile.Insn) error {
	site, name := siteOf(insn), f.Prog.Names[insn.Arg]
	if h := site.Hint(); h != nil && h.Write != nil && h.Write(x, h, name, y) {
		return nil
	}
	if cf, ok := x.(CachedFields); ok {
		err := cf.SetFieldAt(site, name, y)
		if err != nil {
			err = fieldError(cf, name, err)
		}
		return err
	}
	return setField(x, name, y)
}

// methodOfAt is methodOf for the METHOD instruction insn of f.
func methodOfAt(x Value, f *compile.Funcode, insn *compile.Insn) Callable {
	site := siteOf(insn)
	if h := site.Hint(); h != nil {
		if h.Method != nil {
			if fn, ok := h.Method(x, h); ok {
				return fn
			}
		} else if h.Read != nil {
			// an attribute read as a value and called (os.read(fd, n)):
			// no method, without asking x through the interfaces
			if _, ok := h.Read(x, h); ok {
				return nil
			}
		}
	}
	name := f.Prog.Names[insn.Arg]
	if cm, ok := x.(CachedMethods); ok {
		if fn, ok := cm.MethodAt(site, name); ok {
			return fn
		}
		return nil
	}
	return methodOf(x, name)
}

// builtinAt is the built-in method that the hint at the site of a
// METHOD instruction's method set ms offers for x (AttrHint.Builtin),
// or nil. (Small, to be inlined.)
func builtinAt(x Value, ms *methodSet) *Builtin {
	if h := ms.site.Hint(); h != nil && h.Builtin != nil {
		if _, ok := h.Method(x, h); ok {
			return h.Builtin
		}
	}
	return nil
}

// siteOf is the site of an ATTR or SETFIELD instruction, which the
// decoder keeps in its Aux (compile.NewAttrSite), or of a METHOD, in
// its methodSet.
func siteOf(insn *compile.Insn) *AttrSite {
	switch aux := insn.Aux.(type) {
	case *AttrSite:
		return aux
	case *methodSet:
		return &aux.site
	}
	panic("no attribute site")
}
