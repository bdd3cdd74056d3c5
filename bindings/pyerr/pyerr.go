// Package pyerr holds the error values that carry Python's exception
// semantics across the Starlark/Go boundary.
//
// Starlark has no exceptions: every failure is a Go error. asyncore, however,
// must tell apart the errors it routes to handle_error() from those it lets
// escape loop() (CPython's _reraised_exceptions: ExitNow, KeyboardInterrupt,
// SystemExit). This package names those, and gives every error the Python
// type name that compact_traceback() reports.
package pyerr

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
)

// SystemExit is returned by sys.exit(code). It ends the program with Code.
type SystemExit struct{ Code int }

func (e *SystemExit) Error() string { return fmt.Sprintf("SystemExit: %d", e.Code) }

// ExitNow is returned by asyncore.ExitNow(msg): it ends the running handler
// and makes loop() return to its caller without closing any channel.
type ExitNow struct{ Msg string }

func (e *ExitNow) Error() string {
	if e.Msg == "" {
		return "ExitNow"
	}
	return "ExitNow: " + e.Msg
}

// KeyboardInterrupt is the reason a thread is cancelled with on SIGINT, and
// the error loop() returns when it is interrupted while waiting.
const KeyboardInterrupt = "KeyboardInterrupt"

// Terminated is the cancellation reason used for SIGTERM.
const Terminated = "Terminated"

// Interrupt is returned by the loop when a signal stopped it.
type Interrupt struct{ Reason string }

func (e *Interrupt) Error() string { return e.Reason }

// Error is a failure raised by Go code (a built-in function, a module
// member) as the Python exception it means: Errorf("ValueError",
// "invalid literal for int() with base 10: %s", q). Type is the class's
// name as Python prints it: a built-in exception ("KeyError"), or a
// module's ("re.error", "struct.error", "socket.gaierror"). Args, when
// set, are the exception's args (KeyError's is the key itself);
// otherwise the args are (Msg,).
//
// The exceptions package turns an Error into an instance of the class
// it names when a script catches it; until then it reads as Python
// prints an uncaught exception: "ValueError: bad".
type Error struct {
	Type string
	Msg  string
	Args starlark.Tuple
}

// Errorf returns the Python exception typ with a formatted message.
func Errorf(typ, format string, args ...any) *Error {
	return &Error{Type: typ, Msg: fmt.Sprintf(format, args...)}
}

// KeyError is Python's KeyError(key): its message is repr(key).
func KeyError(key starlark.Value) *Error {
	return &Error{Type: "KeyError", Msg: key.String(), Args: starlark.Tuple{key}}
}

func (e *Error) Error() string {
	if e.Msg == "" {
		return e.Type
	}
	return e.Type + ": " + e.Msg
}

// TypeName is the exception's class name as Python prints it.
func (e *Error) TypeName() string { return e.Type }

// Message is str() of the exception.
func (e *Error) Message() string { return e.Msg }

// Typed is implemented by errors that know their Python exception type
// (OSError and its subclasses, for instance).
type Typed interface {
	error
	TypeName() string // "ConnectionRefusedError"
	Message() string  // "[Errno 111] Connection refused"
}

// Reraised reports whether err must escape asyncore's handlers instead of
// reaching handle_error(): ExitNow, SystemExit, or a cancelled thread
// (Ctrl-C, SIGTERM).
func Reraised(err error) bool {
	var en *ExitNow
	var se *SystemExit
	var in *Interrupt
	if errors.As(err, &en) || errors.As(err, &se) || errors.As(err, &in) {
		return true
	}
	return IsCancelled(err)
}

// IsCancelled reports whether err comes from Thread.Cancel.
func IsCancelled(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Starlark computation cancelled")
}

// TypeAndMessage returns the Python type name and message of err, as
// compact_traceback() reports them: ("OSError", "[Errno 9] Bad file
// descriptor"), ("Error", "boom") for fail("boom"), ("ZeroDivisionError",
// "floored division by zero") for a Starlark division by zero.
func TypeAndMessage(err error) (string, string) {
	var t Typed
	if errors.As(err, &t) {
		return t.TypeName(), t.Message()
	}
	msg := err.Error()
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		msg = ee.Msg
		if c := errors.Unwrap(ee); c != nil {
			msg = c.Error()
		}
	}
	if strings.HasPrefix(msg, "fail: ") {
		return "Error", strings.TrimPrefix(msg, "fail: ")
	}
	return classify(msg), msg
}

// classify guesses the Python exception type of an interpreter error from
// its message, so that handle_error() output reads like CPython's.
func classify(msg string) string {
	switch {
	case strings.Contains(msg, "division by zero"), strings.Contains(msg, "modulo by zero"):
		return "ZeroDivisionError"
	case strings.Contains(msg, "has no attribute"), strings.Contains(msg, "has no ."):
		return "AttributeError"
	case strings.Contains(msg, "not in dict"), strings.Contains(msg, "key ") && strings.Contains(msg, "not found"):
		return "KeyError"
	case strings.Contains(msg, "out of range"):
		return "IndexError"
	case strings.Contains(msg, "got ") && strings.Contains(msg, "want "),
		strings.Contains(msg, "unsupported"), strings.Contains(msg, "not callable"),
		strings.Contains(msg, "unhashable"):
		return "TypeError"
	case strings.Contains(msg, "referenced before assignment"):
		return "NameError"
	case strings.Contains(msg, "stack overflow"):
		return "RecursionError"
	}
	return "Error"
}
