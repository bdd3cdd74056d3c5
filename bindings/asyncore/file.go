package asyncore

import (
	"fmt"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
)

// file_wrapper and file_dispatcher: asyncore over a pipe or any other
// descriptor (POSIX only, as in CPython).

// fdOf reads a file_wrapper's fd attribute.
func fdOf(self starlark.Value) int {
	v, err := attr(self, "fd")
	if err != nil {
		return -1
	}
	fd, err := starlark.AsInt32(v)
	if err != nil {
		return -1
	}
	return fd
}

// fileWrapperMethods are file_wrapper's methods: a socket's face on a
// descriptor.
var fileWrapperMethods = MethodTable{
	{"__init__", file_wrapper___init__},
	{"recv", file_wrapper_recv},
	{"read", file_wrapper_recv},
	{"send", file_wrapper_send},
	{"write", file_wrapper_send},
	{"getsockopt", file_wrapper_getsockopt},
	{"close", file_wrapper_close},
	{"fileno", file_wrapper_fileno},
	{"setblocking", file_wrapper_setblocking},
}

// fileDispatcherMethods are file_dispatcher's methods, beside what it
// inherits from dispatcher.
var fileDispatcherMethods = MethodTable{
	{"__init__", file_dispatcher___init__},
	{"set_file", file_dispatcher_set_file},
}

func (m *Module) buildFileClasses() {
	m.fileWrapper = class.MustNew("file_wrapper", "asyncore", []*class.Class{class.Object}, fileWrapperMethods.Members(m, nil))
	m.fileDispatcher = class.MustNew("file_dispatcher", "asyncore", []*class.Class{m.dispatcher}, fileDispatcherMethods.Members(m, nil))
}

// file_wrapper(fd) duplicates fd: the caller keeps ownership of its own.
func file_wrapper___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &fd); err != nil {
		return nil, err
	}
	if fd < 0 || fd > 1<<30 {
		return nil, fmt.Errorf("file_wrapper: %w", oserr.New(unix.EBADF))
	}
	nfd, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("file_wrapper: %w", oserr.FromErr(err))
	}
	return starlark.None, setAttr(self, "fd", starlark.MakeInt(nfd))
}

// recv(bufsize, flags=0) and read(bufsize, flags=0): read(2).
func file_wrapper_recv(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	var flags int
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &n, &flags); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("%s: negative buffer size", fn.Name())
	}
	if n > 1<<24 {
		n = 1 << 24
	}
	buf := make([]byte, n)
	k, err := sock.Read(fdOf(self), buf)
	if err != nil {
		return nil, err
	}
	return starlark.String(buf[:k]), nil
}

// send(data, flags=0) and write(data, flags=0): write(2).
func file_wrapper_send(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	var flags int
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &data, &flags); err != nil {
		return nil, err
	}
	s, err := modules.BytesLike(fn.Name(), data)
	if err != nil {
		return nil, err
	}
	k, err := sock.Write(fdOf(self), []byte(s))
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(k), nil
}

// getsockopt(level, optname, buflen=None): SO_ERROR is 0, as CPython's
// file_wrapper answers; nothing else is offered.
func file_wrapper_getsockopt(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level, opt int
	var buflen starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 2, &level, &opt, &buflen); err != nil {
		return nil, err
	}
	if level == unix.SOL_SOCKET && opt == unix.SO_ERROR && buflen == starlark.None {
		return starlark.MakeInt(0), nil
	}
	return nil, fmt.Errorf("%s: only asyncore specific behaviour implemented", fn.Name())
}

// close(): closes the duplicated descriptor.
func file_wrapper_close(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	fd := fdOf(self)
	if fd < 0 {
		return starlark.None, nil
	}
	setAttr(self, "fd", starlark.MakeInt(-1))
	moduleOf(fn).forget(fd)
	if err := unix.Close(fd); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.None, nil
}

// fileno()
func file_wrapper_fileno(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(fdOf(self)), nil
}

// setblocking(flag)
func file_wrapper_setblocking(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var flag bool
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &flag); err != nil {
		return nil, err
	}
	return starlark.None, oserr.FromErr(unix.SetNonblock(fdOf(self), !flag))
}

// file_dispatcher(fd, map=None): a dispatcher over a file_wrapper of fd
// (an int, or a value with fileno()), made non-blocking.
func file_dispatcher___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	var fdv starlark.Value
	var mp starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "fd", &fdv, "map?", &mp); err != nil {
		return nil, err
	}
	if _, err := own(m.dispatcher, "__init__").Call(th, self, starlark.Tuple{starlark.None, mp}, nil); err != nil {
		return nil, err
	}
	setAttr(self, "connected", starlark.True)
	if _, ok := fdv.(starlark.Int); !ok {
		v, err := callMethod(th, fdv, "fileno")
		if err != nil {
			return nil, fmt.Errorf("file_dispatcher: fd must be an int or have fileno(): %v", err)
		}
		fdv = v
	}
	fd, err := starlark.AsInt32(fdv)
	if err != nil {
		return nil, fmt.Errorf("file_dispatcher: for parameter fd: got %s, want int", fdv.Type())
	}
	if _, err := callMethod(th, self, "set_file", starlark.MakeInt(fd)); err != nil {
		return nil, err
	}
	return starlark.None, oserr.FromErr(unix.SetNonblock(fd, true))
}

// set_file(fd): a file_wrapper of fd as the socket, and add_channel().
func file_dispatcher_set_file(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fd int
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &fd); err != nil {
		return nil, err
	}
	w, err := starlark.Call(th, moduleOf(fn).fileWrapper, starlark.Tuple{starlark.MakeInt(fd)}, nil)
	if err != nil {
		return nil, err
	}
	setAttr(self, "socket", w)
	setAttr(self, "_fileno", starlark.MakeInt(fdOf(w)))
	return callMethod(th, self, "add_channel")
}
