// Package oserr turns errno values into errors that read like Python's:
// "ConnectionRefusedError: [Errno 111] Connection refused", with the
// OSError subclass that Python (PEP 3151) picks for each errno.
package oserr

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Error is an OS error as Python reports it. Filenames, when set, are
// the paths the failed call named (Python's filename and filename2):
// "[Errno 2] No such file or directory: 'x'", or "'a' -> 'b'" for two.
type Error struct {
	Errno     unix.Errno
	Filenames []string
}

// New returns the error for errno.
func New(errno unix.Errno) *Error { return &Error{Errno: errno} }

// FromErr converts an errno anywhere in err's chain (a bare unix.Errno,
// an *os.SyscallError...) to *Error; other errors pass through.
func FromErr(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	var en unix.Errno
	if errors.As(err, &en) {
		return New(en)
	}
	return err
}

func (e *Error) Error() string    { return e.TypeName() + ": " + e.Message() }
func (e *Error) TypeName() string { return ExceptionName(e.Errno) }
func (e *Error) Message() string {
	msg := fmt.Sprintf("[Errno %d] %s", int(e.Errno), Strerror(e.Errno))
	for i, f := range e.Filenames {
		if i == 0 {
			msg += ": " + Quote(f)
		} else {
			msg += " -> " + Quote(f)
		}
	}
	return msg
}
func (e *Error) Unwrap() error { return e.Errno }

// WithPaths is FromErr(err) naming the paths the call was given, as
// Python's os functions report them; errors without an errno pass
// through.
func WithPaths(err error, paths ...string) error {
	err = FromErr(err)
	var e *Error
	if errors.As(err, &e) {
		return &Error{Errno: e.Errno, Filenames: paths}
	}
	return err
}

// Strerror is the C library's text for errno, as Python's os.strerror.
func Strerror(errno unix.Errno) string {
	if errno < unix.Errno(len(strerror)) && strerror[errno] != "" {
		return strerror[errno]
	}
	return fmt.Sprintf("Unknown error %d", int(errno))
}

// Name is errno's symbolic name ("ECONNREFUSED"), or "".
func Name(errno unix.Errno) string {
	if errno < unix.Errno(len(names)) {
		return names[errno]
	}
	return ""
}

// Codes yields every name of Python's errno module and its number, in
// the names' order.
func Codes(yield func(name string, code unix.Errno) bool) {
	for _, c := range codes {
		if !yield(c.name, c.code) {
			return
		}
	}
}

// ExceptionName is the OSError subclass Python raises for errno.
func ExceptionName(errno unix.Errno) string {
	switch errno {
	case unix.EAGAIN, unix.EALREADY, unix.EINPROGRESS:
		return "BlockingIOError"
	case unix.ECHILD:
		return "ChildProcessError"
	case unix.EPIPE, unix.ESHUTDOWN:
		return "BrokenPipeError"
	case unix.ECONNABORTED:
		return "ConnectionAbortedError"
	case unix.ECONNREFUSED:
		return "ConnectionRefusedError"
	case unix.ECONNRESET:
		return "ConnectionResetError"
	case unix.EEXIST:
		return "FileExistsError"
	case unix.ENOENT:
		return "FileNotFoundError"
	case unix.EINTR:
		return "InterruptedError"
	case unix.EISDIR:
		return "IsADirectoryError"
	case unix.ENOTDIR:
		return "NotADirectoryError"
	case unix.EACCES, unix.EPERM:
		return "PermissionError"
	case unix.ESRCH:
		return "ProcessLookupError"
	case unix.ETIMEDOUT:
		return "TimeoutError"
	}
	return "OSError"
}

// GaiError is socket.gaierror, a failed name lookup.
type GaiError struct {
	Code int
	Msg  string
}

func (e *GaiError) Error() string    { return e.TypeName() + ": " + e.Message() }
func (e *GaiError) TypeName() string { return "gaierror" }
func (e *GaiError) Message() string  { return fmt.Sprintf("[Errno %d] %s", e.Code, e.Msg) }
