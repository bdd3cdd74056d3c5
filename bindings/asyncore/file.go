package asyncore

import (
	"fmt"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/oserr"
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

func (m *Module) buildFileClasses() {
	read := func(name string) methodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var n int
			var flags int
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &n, &flags); err != nil {
				return nil, err
			}
			if n < 0 {
				return nil, fmt.Errorf("%s: negative buffer size", name)
			}
			if n > 1<<24 {
				n = 1 << 24
			}
			buf := make([]byte, n)
			for {
				k, err := unix.Read(fdOf(self), buf)
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					return nil, oserr.FromErr(err)
				}
				return starlark.String(buf[:k]), nil
			}
		}
	}
	write := func(name string) methodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var data starlark.Value
			var flags int
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &data, &flags); err != nil {
				return nil, err
			}
			s, err := dataString(name, data)
			if err != nil {
				return nil, err
			}
			for {
				k, err := unix.Write(fdOf(self), []byte(s))
				if err == unix.EINTR {
					continue
				}
				if err != nil {
					return nil, oserr.FromErr(err)
				}
				return starlark.MakeInt(k), nil
			}
		}
	}
	m.fileWrapper = class.MustNew("file_wrapper", "asyncore", []*class.Class{class.Object}, starlark.StringDict{
		// file_wrapper(fd) duplicates fd: the caller keeps ownership of its own.
		"__init__": method("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fd int
			if err := starlark.UnpackPositionalArgs("file_wrapper", args, kwargs, 1, &fd); err != nil {
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
		}),
		"recv":  method("recv", read("recv")),
		"read":  method("read", read("read")),
		"send":  method("send", write("send")),
		"write": method("write", write("write")),
		"getsockopt": method("getsockopt", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var level, opt int
			var buflen starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("getsockopt", args, kwargs, 2, &level, &opt, &buflen); err != nil {
				return nil, err
			}
			if level == unix.SOL_SOCKET && opt == unix.SO_ERROR && buflen == starlark.None {
				return starlark.MakeInt(0), nil
			}
			return nil, fmt.Errorf("getsockopt: only asyncore specific behaviour implemented")
		}),
		"close": method("close", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
				return nil, err
			}
			fd := fdOf(self)
			if fd < 0 {
				return starlark.None, nil
			}
			setAttr(self, "fd", starlark.MakeInt(-1))
			m.forget(fd)
			if err := unix.Close(fd); err != nil {
				return nil, oserr.FromErr(err)
			}
			return starlark.None, nil
		}),
		"fileno": method("fileno", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("fileno", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.MakeInt(fdOf(self)), nil
		}),
		"setblocking": method("setblocking", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var flag bool
			if err := starlark.UnpackPositionalArgs("setblocking", args, kwargs, 1, &flag); err != nil {
				return nil, err
			}
			return starlark.None, oserr.FromErr(unix.SetNonblock(fdOf(self), !flag))
		}),
	})
	m.fileDispatcher = class.MustNew("file_dispatcher", "asyncore", []*class.Class{m.dispatcher}, starlark.StringDict{
		// file_dispatcher(fd, map=None)
		"__init__": method("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fdv starlark.Value
			var mp starlark.Value = starlark.None
			if err := starlark.UnpackArgs("file_dispatcher", args, kwargs, "fd", &fdv, "map?", &mp); err != nil {
				return nil, err
			}
			if _, err := m.dispatcherInit(th, self, starlark.Tuple{starlark.None, mp}, nil); err != nil {
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
		}),
		// set_file(fd)
		"set_file": method("set_file", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fd int
			if err := starlark.UnpackPositionalArgs("set_file", args, kwargs, 1, &fd); err != nil {
				return nil, err
			}
			w, err := starlark.Call(th, m.fileWrapper, starlark.Tuple{starlark.MakeInt(fd)}, nil)
			if err != nil {
				return nil, err
			}
			setAttr(self, "socket", w)
			setAttr(self, "_fileno", starlark.MakeInt(fdOf(w)))
			return callMethod(th, self, "add_channel")
		}),
	})
}
