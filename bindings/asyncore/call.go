package asyncore

import (
	"errors"
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file holds the small helpers through which the Go side of asyncore
// reads attributes and calls methods of dispatchers and their sockets,
// honouring whatever a script overrides.

// attr reads name from v: an instance's own attribute or its class's
// (methods unbound), or any value's attribute.
func attr(v starlark.Value, name string) (starlark.Value, error) {
	if inst, ok := v.(*class.Instance); ok {
		cv, inClass := inst.Class().Lookup(name)
		switch p := cv.(type) {
		case *class.Property:
			return p.Get(inst) // a property wins over the instance, as in Python
		case *class.ScriptProperty:
			return inst.Attr(name)
		}
		if x, ok := inst.GetAttrOwn(name); ok {
			return x, nil
		}
		if inClass {
			return cv, nil
		}
	}
	ha, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil, fmt.Errorf("'%s' object has no attribute '%s'", v.Type(), name)
	}
	x, err := ha.Attr(name)
	if err != nil {
		return nil, err
	}
	if x == nil {
		return nil, fmt.Errorf("'%s' object has no attribute '%s'", v.Type(), name)
	}
	return x, nil
}

// attrTruth is bool(getattr(v, name, False)).
func attrTruth(v starlark.Value, name string) bool {
	x, err := attr(v, name)
	return err == nil && x.Truth() == starlark.True
}

// setAttr is v.name = x.
func setAttr(v starlark.Value, name string, x starlark.Value) error {
	if inst, ok := v.(*class.Instance); ok {
		return inst.SetField(name, x)
	}
	hs, ok := v.(starlark.HasSetField)
	if !ok {
		return fmt.Errorf("'%s' object has no settable attribute '%s'", v.Type(), name)
	}
	return hs.SetField(name, x)
}

// lookup finds the method name of v without binding it: the instance's own
// attribute if it has one, else the class member. A channel keeps what it
// found while its attributes and the classes stay as they were (hot.go).
func lookup(v starlark.Value, name string) (fn starlark.Value, bound bool, err error) {
	if inst, ok := v.(*class.Instance); ok {
		h := hotIfChannel(inst)
		if h != nil {
			if e := h.method(name); e != nil {
				return e.fn, e.bound, nil
			}
		}
		if fn, bound, ok := lookupIn(inst, name); ok {
			if h != nil {
				inst.Class().Track(name)
				h.keepMethod(name, fn, bound)
			}
			return fn, bound, nil
		}
		if h != nil {
			// a property's value or __getattr__'s answer, which may
			// change with any attribute: what the channel keeps now is
			// good for this event only
			h.stamp = class.Stamp{}
		}
	}
	x, err := attr(v, name)
	return x, true, err
}

// lookupIn is lookup on an instance, for a method that is the instance's
// own attribute or a class member other than a property; ok is false for
// any other, whose value attr must compute (a property's, __getattr__'s).
func lookupIn(inst *class.Instance, name string) (fn starlark.Value, bound, ok bool) {
	x, inClass := inst.Class().Lookup(name)
	if _, callable := x.(starlark.Callable); callable && !inst.MayShadow() {
		return x, false, true // no attribute of the instance hides it
	}
	if own, ok := inst.GetAttrOwn(name); ok {
		return own, true, true // set on the instance: called as it is
	}
	switch x.(type) {
	case *class.Property, *class.ScriptProperty:
		return nil, false, false // its value is what is called
	}
	return x, false, inClass
}

// callMethod is v.name(*args): the override if a script defined one, the
// Go implementation otherwise. args is copied when it must outlive the
// call, so that the caller's stays on its stack: a Starlark method gets
// self and args in its class's words for them (class.CallFunc).
func callMethod(th *starlark.Thread, v starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	fn, bound, err := lookup(v, name)
	if err != nil {
		return nil, err
	}
	if !bound {
		if f, ok := fn.(*starlark.Function); ok {
			return class.CallFunc(th, f, v, args, nil)
		}
		return class.CallMethod(th, v, fn, tupleOf(args), nil)
	}
	return starlark.Call(th, fn, tupleOf(args), nil)
}

// tupleOf is a copy of args, nil when there are none.
func tupleOf(args []starlark.Value) starlark.Tuple {
	if len(args) == 0 {
		return nil
	}
	return append(starlark.Tuple(nil), args...)
}

// isMethod reports whether v.name is, unoverridden, the Go method want.
func isMethod(v starlark.Value, name string, want *class.Method) bool {
	if _, ok := v.(*class.Instance); !ok {
		return false
	}
	fn, bound, err := lookup(v, name)
	if err != nil || bound {
		return false
	}
	m, ok := fn.(*class.Method)
	return ok && m.Is(want)
}

// ownAttr reports whether name is set on the instance itself.
func ownAttr(inst *class.Instance, name string) bool {
	_, ok := inst.GetAttrOwn(name)
	return ok
}

// errnoOf returns the errno of an OS error anywhere in err's chain.
func errnoOf(err error) (unix.Errno, bool) {
	var oe *oserr.Error
	if errors.As(err, &oe) {
		return oe.Errno, true
	}
	var en unix.Errno
	if errors.As(err, &en) {
		return en, true
	}
	return 0, false
}

// disconnected is CPython's _DISCONNECTED: the errnos that mean the peer
// went away.
func disconnected(err error) bool {
	e, ok := errnoOf(err)
	if !ok {
		return false
	}
	switch e {
	case unix.ECONNRESET, unix.ENOTCONN, unix.ESHUTDOWN, unix.ECONNABORTED, unix.EPIPE, unix.EBADF:
		return true
	}
	return false
}

// bytesOf views a string's bytes without copying them, for a send: the
// kernel only reads them, and Go strings are never modified.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// isEmpty is not data, for what a recv() returned.
func isEmpty(data starlark.Value) bool {
	if s, ok := data.(starlark.String); ok {
		return len(s) == 0
	}
	return data.Truth() == starlark.False
}

// socket operations: direct Go calls for the built-in socket type, method
// calls for anything else a script put in self.socket (a file_wrapper).

func sockFileno(th *starlark.Thread, s starlark.Value) (int, error) {
	if s, ok := s.(*pysocket.Socket); ok {
		return s.Fileno(), nil
	}
	v, err := callMethod(th, s, "fileno")
	if err != nil {
		return -1, err
	}
	fd, err := starlark.AsInt32(v)
	if err != nil {
		return -1, fmt.Errorf("fileno() returned %s, want int", v.Type())
	}
	return fd, nil
}

// sockSendCall is send(data) on a socket object other than the built-in
// one (a script's own, a file_wrapper): the number of bytes it sent.
func sockSendCall(th *starlark.Thread, s starlark.Value, data []byte) (int, error) {
	v, err := callMethod(th, s, "send", starlark.String(data))
	if err != nil {
		return 0, err
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, fmt.Errorf("send() returned %s, want int", v.Type())
	}
	return n, nil
}

func sockError(th *starlark.Thread, s starlark.Value) (int, error) {
	if s, ok := s.(*pysocket.Socket); ok {
		return s.Getsockopt(unix.SOL_SOCKET, unix.SO_ERROR)
	}
	v, err := callMethod(th, s, "getsockopt", starlark.MakeInt(unix.SOL_SOCKET), starlark.MakeInt(unix.SO_ERROR))
	if err != nil {
		return 0, err
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, fmt.Errorf("getsockopt() returned %s, want int", v.Type())
	}
	return n, nil
}
