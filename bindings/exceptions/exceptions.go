// Package exceptions gives scripts Python's exceptions (SPEC section 2a):
// the exception classes with Python's hierarchy, throw to raise one, and
// catch to call a function and get what it raised as an exception
// instance, whatever failed: a throw, a Go built-in (pyerr.Error, an OS
// error), or the interpreter itself (a missing key, a bad operand: see
// interpreter.go).
//
// Predeclared:
//
//	BaseException, Exception, ValueError, OSError (IOError,
//	    EnvironmentError), ConnectionResetError... (classes.go)
//	throw(exc) throw(Cls, *args) throw()
//	catch(fn, *args, **kwargs) -> (None, result) or (exc, None)
//	catch_base(fn, *args, **kwargs): catch, and SystemExit,
//	    KeyboardInterrupt and asyncore.ExitNow too
//
// An exception travels through Go as an error: a *Raised holding the
// instance. Of turns any error into the instance Python would have
// raised, which is what catch returns, what handle_error and
// compact_traceback report and what an uncaught error prints.
package exceptions

import (
	"errors"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// Raised is an exception instance on its way up: what throw returns, and
// what an error becomes once a script has seen it as an instance.
type Raised struct {
	Exc *class.Instance
}

// origin is an exception instance's Native: the error it was made from
// (nil for one a script made), so that throwing it again keeps the
// place it first failed, and the frames it was raised through.
type origin struct {
	err     error
	stack   starlark.CallStack
	trimmed bool // stack starts at the frame that caught it
}

func (r *Raised) Error() string {
	if msg := r.Message(); msg != "" {
		return r.TypeName() + ": " + msg
	}
	return r.TypeName() // raise ValueError: "ValueError", as Python prints it
}

// TypeName is the class's name as Python prints it: "ValueError",
// "socket.gaierror", "EndSession".
func (r *Raised) TypeName() string { return r.Exc.Class().QualName() }

// Message is str() of the exception.
func (r *Raised) Message() string { return r.Exc.String() }

// Unwrap gives what the rest of pyasync acts on: a SystemExit ends the
// program with its code, a KeyboardInterrupt as Ctrl-C does, an
// asyncore.ExitNow leaves loop(); other exceptions unwrap to the error
// they were made from, if any.
func (r *Raised) Unwrap() error {
	c := r.Exc.Class()
	switch {
	case c.IsSubclass(mustClass("SystemExit")):
		return &pyerr.SystemExit{Code: exitCode(r.Exc)}
	case c.IsSubclass(mustClass("KeyboardInterrupt")):
		return &pyerr.Interrupt{Reason: pyerr.KeyboardInterrupt}
	case c.IsSubclass(mustClass("asyncore.ExitNow")):
		return &pyerr.ExitNow{Msg: r.Message()}
	}
	if o, ok := r.Exc.Native.(*origin); ok {
		return o.err
	}
	return nil
}

// Stack is the frames e was raised through, outermost first, once it
// has been caught (by catch or the loop); nil before.
func Stack(e *class.Instance) starlark.CallStack {
	if o, ok := e.Native.(*origin); ok {
		return o.stack
	}
	return nil
}

// fromCaller keeps, of e's frames, those from the one at depth (the
// function that called catch) on, without catch itself: the frames a
// Python traceback shows from its try statement.
func fromCaller(e *class.Instance, depth int) {
	o, ok := e.Native.(*origin)
	if !ok || depth < 0 || depth >= len(o.stack) || o.trimmed {
		return
	}
	s := append(starlark.CallStack(nil), o.stack[depth])
	rest := o.stack[depth+1:]
	if len(rest) > 0 && rest[0].Pos.Filename() == "<builtin>" {
		rest = rest[1:]
	}
	o.stack, o.trimmed = append(s, rest...), true
}

// record keeps the frames of err, the error e was raised as, with e.
func record(e *class.Instance, err error) {
	var ee *starlark.EvalError
	if !errors.As(err, &ee) {
		return
	}
	stack := ee.CallStack
	if n := len(stack); n > 0 && stack[n-1].Pos.Filename() == "<builtin>" {
		stack = stack[:n-1] // the built-in that raised is not a frame
	}
	switch o := e.Native.(type) {
	case *origin:
		if o.stack == nil {
			o.stack = stack
		}
	case nil:
		e.Native = &origin{stack: stack}
	}
}

// exitCode is the status a SystemExit instance ends the program with:
// its code if an int, 0 for None, 1 otherwise (as Python, which prints
// such a code).
func exitCode(e *class.Instance) int {
	code, _ := e.GetAttr("code")
	switch c := code.(type) {
	case nil, starlark.NoneType:
		return 0
	case starlark.Int:
		if n, err := starlark.AsInt32(c); err == nil {
			return n & 0xff
		}
	}
	return 1
}

// IsException reports whether v is an instance of an exception class.
func IsException(v starlark.Value) bool {
	i, ok := v.(*class.Instance)
	return ok && i.Class().IsSubclass(classes["BaseException"])
}

// Of returns the exception instance err means, making it if need be: the
// instance a throw raised, the class a pyerr.Error names, the OSError
// subclass of an errno, SystemExit, asyncore.ExitNow or
// KeyboardInterrupt for pyasync's own ways out, and for any other error
// the class interpreter.go's table gives its message.
func Of(err error) *class.Instance {
	var r *Raised
	if errors.As(err, &r) {
		record(r.Exc, err)
		return r.Exc
	}
	e := build(err)
	e.Native = &origin{err: err}
	record(e, err)
	return e
}

func build(err error) *class.Instance {
	var pe *pyerr.Error
	if errors.As(err, &pe) {
		c := Class(pe.Type)
		if c == nil {
			return newInstance(mustClass("Exception"), starlark.Tuple{starlark.String(pe.Error())})
		}
		args := pe.Args
		if args == nil {
			args = starlark.Tuple{starlark.String(pe.Msg)}
		}
		return newInstance(c, args)
	}
	var oe *oserr.Error
	if errors.As(err, &oe) {
		if len(oe.Filenames) == 0 {
			return NewOSError(int(oe.Errno), oserr.Strerror(oe.Errno), nil)
		}
		e := NewOSError(int(oe.Errno), oserr.Strerror(oe.Errno), starlark.String(oe.Filenames[0]))
		if len(oe.Filenames) > 1 {
			e.SetAttr("filename2", starlark.String(oe.Filenames[1]))
		}
		return e
	}
	var ge *oserr.GaiError
	if errors.As(err, &ge) {
		return newInstance(mustClass("socket.gaierror"), starlark.Tuple{starlark.MakeInt(ge.Code), starlark.String(ge.Msg)})
	}
	var se *pyerr.SystemExit
	if errors.As(err, &se) {
		e := newInstance(mustClass("SystemExit"), starlark.Tuple{starlark.MakeInt(se.Code)})
		e.SetAttr("code", starlark.MakeInt(se.Code))
		return e
	}
	var en *pyerr.ExitNow
	if errors.As(err, &en) {
		return newInstance(mustClass("asyncore.ExitNow"), starlark.Tuple{starlark.String(en.Msg)})
	}
	var in *pyerr.Interrupt
	if errors.As(err, &in) || pyerr.IsCancelled(err) {
		return newInstance(mustClass("KeyboardInterrupt"), nil)
	}
	var t pyerr.Typed
	if errors.As(err, &t) {
		if c := Class(t.TypeName()); c != nil {
			return newInstance(c, starlark.Tuple{starlark.String(t.Message())})
		}
	}
	name, msg, args := interpreterError(message(err))
	if args == nil {
		args = starlark.Tuple{starlark.String(msg)}
	}
	return newInstance(mustClass(name), args)
}

// message is the text of err as the failing call gave it, without the
// backtrace an evaluation error carries.
func message(err error) string {
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		if c := errors.Unwrap(ee); c != nil {
			return c.Error()
		}
		return ee.Msg
	}
	return err.Error()
}

// newInstance makes an instance of the exception class c with args,
// without running a script's __init__ (a built-in failure has no
// script to run).
func newInstance(c *class.Class, args starlark.Tuple) *class.Instance {
	e := class.NewInstance(c)
	if c.IsSubclass(mustClass("OSError")) {
		setOSFields(e, args)
	} else {
		e.SetAttr("args", args)
	}
	return e
}

// NewOSError makes the OSError subclass Python picks for errno, with
// errno, strerror and filename (nil for none) set.
func NewOSError(errno int, strerror string, filename starlark.Value) *class.Instance {
	c := mustClass(oserr.ExceptionName(unix.Errno(errno)))
	args := starlark.Tuple{starlark.MakeInt(errno), starlark.String(strerror)}
	if filename != nil {
		args = append(args, filename)
	}
	return newInstance(c, args)
}

// TypeAndMessage is the Python class name and str() of the exception err
// means, as compact_traceback() and an uncaught error report them:
// ("ValueError", "bad"), ("ConnectionRefusedError", "[Errno 111]
// Connection refused").
func TypeAndMessage(err error) (string, string) {
	e := Of(err)
	return e.Class().QualName(), e.String()
}

// throw(exc), throw(Cls, *args), or throw() to raise again the exception
// being handled.
func throw(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		if len(kwargs) > 0 {
			return nil, pyerr.Errorf("TypeError", "throw() takes no keyword arguments without an exception")
		}
		if e := Handling(th); e != nil {
			return nil, &Raised{Exc: e}
		}
		return nil, pyerr.Errorf("RuntimeError", "No active exception to reraise")
	}
	switch x := args[0].(type) {
	case *class.Instance:
		if IsException(x) {
			if len(args) > 1 || len(kwargs) > 0 {
				return nil, pyerr.Errorf("TypeError", "instance exception may not have a separate value")
			}
			return nil, &Raised{Exc: x}
		}
	case *class.Class:
		if x.IsSubclass(classes["BaseException"]) {
			v, err := starlark.Call(th, x, args[1:], kwargs)
			if err != nil {
				return nil, err // raised while making it: that is what is raised
			}
			if e, ok := v.(*class.Instance); ok {
				return nil, &Raised{Exc: e}
			}
		}
	}
	return nil, pyerr.Errorf("TypeError", "exceptions must derive from BaseException")
}

// catchBuiltin makes catch (base false) and catch_base (base true).
func catchBuiltin(base bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, pyerr.Errorf("TypeError", "%s() missing 1 required positional argument: 'fn'", b.Name())
		}
		if _, ok := args[0].(starlark.Callable); !ok {
			return nil, pyerr.Errorf("TypeError", "%s(): '%s' object is not callable", b.Name(), args[0].Type())
		}
		res, err := starlark.Call(th, args[0], args[1:], kwargs)
		if err == nil {
			return starlark.Tuple{starlark.None, res}, nil
		}
		e, ok := Catchable(err, base)
		if !ok {
			return nil, err
		}
		fromCaller(e, th.CallStackDepth()-2)
		SetHandling(th, e, 1)
		return starlark.Tuple{e, starlark.None}, nil
	}
}

// Catchable returns the exception instance of err if a catch may take
// it: never a Ctrl-C or SIGTERM shutdown; SystemExit, KeyboardInterrupt
// and asyncore.ExitNow only when base is set (Python's except
// BaseException); everything else always.
func Catchable(err error, base bool) (*class.Instance, bool) {
	var r *Raised
	if !errors.As(err, &r) {
		var in *pyerr.Interrupt
		if pyerr.IsCancelled(err) || errors.As(err, &in) {
			return nil, false
		}
	}
	e := Of(err)
	if !base && !e.Class().IsSubclass(classes["Exception"]) {
		return nil, false
	}
	return e, true
}

// handlingKey is the thread-local slot of the exception being handled.
const handlingKey = "pyasync.exceptions.handling"

// handling is an exception being handled and the frame handling it: the
// function that called catch (or the loop that called handle_error). It
// is seen by that frame and the calls it makes, as Python's except
// block sees its exception, and no longer once the frame has returned.
type handling struct {
	exc   *class.Instance
	frame starlark.Callable // the handling frame's function
	depth int               // its place in the stack, from the bottom
}

// SetHandling records e (nil for none) as the exception the frame up
// frames above the innermost one is handling (1: the caller of the
// running built-in): what sys.exc_info() and throw() with no argument
// see while that frame runs. It returns what was recorded before, to
// restore with RestoreHandling.
func SetHandling(th *starlark.Thread, e *class.Instance, up int) any {
	prev := th.Local(handlingKey)
	if e == nil {
		th.SetLocal(handlingKey, nil)
		return prev
	}
	h := &handling{exc: e, depth: th.CallStackDepth() - 1 - up}
	if h.depth >= 0 {
		h.frame = th.DebugFrame(up).Callable()
	}
	th.SetLocal(handlingKey, h)
	return prev
}

// RestoreHandling puts back what SetHandling returned.
func RestoreHandling(th *starlark.Thread, prev any) { th.SetLocal(handlingKey, prev) }

// Handling is the exception th is handling, or nil: the one recorded
// last, while the frame that handles it is still running.
func Handling(th *starlark.Thread) *class.Instance {
	h, _ := th.Local(handlingKey).(*handling)
	if h == nil {
		return nil
	}
	if h.depth >= 0 {
		up := th.CallStackDepth() - 1 - h.depth
		if up < 0 || th.DebugFrame(up).Callable() != h.frame {
			return nil // the handling frame has returned
		}
	}
	return h.exc
}

// Err returns the error an exception instance raises as (for Go code
// that must return it).
func Err(e *class.Instance) error { return &Raised{Exc: e} }

// ExcInfo is sys.exc_info(): (type, value, None) of the exception being
// handled, or (None, None, None).
var ExcInfo = starlark.NewBuiltin("exc_info", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("exc_info", args, kwargs, 0); err != nil {
		return nil, err
	}
	if e := Handling(th); e != nil {
		return starlark.Tuple{e.Class(), e, starlark.None}, nil
	}
	return starlark.Tuple{starlark.None, starlark.None, starlark.None}, nil
})
