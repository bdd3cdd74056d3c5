package logging

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is FileHandler and the file it writes to.

// FileHandler(filename, mode='a', encoding=None, delay=False, errors=None)
func (s *state) fileHandlerInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, err := s.fileHandlerArgs("FileHandler", "a", self, args, kwargs)
	return starlark.None, err
}

// fileHandlerArgs is the __init__ of the class named cls, which takes
// FileHandler's arguments, (filename, mode=defaultMode, encoding=None,
// delay=False, errors=None) (mode required when defaultMode is ""), and
// does what FileHandler's does with them.
func (s *state) fileHandlerArgs(cls, defaultMode string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*class.Instance, error) {
	inst, err := modules.Instance(cls+".__init__", self)
	if err != nil {
		return nil, err
	}
	var filename, mode string = "", defaultMode
	var encoding, errs starlark.Value = starlark.None, starlark.None
	var delay bool
	modeParam := "mode?"
	if defaultMode == "" {
		modeParam = "mode"
	}
	if err := starlark.UnpackArgs(cls, args, kwargs, "filename", &filename, modeParam, &mode, "encoding?", &encoding, "delay?", &delay, "errors?", &errs); err != nil {
		return nil, err
	}
	return inst, s.initFileHandler(inst, filename, mode, encoding, errs, delay)
}

// initFileHandler is what FileHandler.__init__ does once its arguments
// are read: the file opened (unless delay) and the handler's attributes.
func (s *state) initFileHandler(inst *class.Instance, filename, mode string, encoding, errs starlark.Value, delay bool) error {
	if _, err := openFlags(mode); err != nil {
		return err
	}
	if strings.IndexByte(filename, 0) >= 0 {
		return pyerr.Errorf("ValueError", "embedded null byte")
	}
	abs, err := filepath.Abs(filename)
	if err != nil {
		return oserr.FromErr(err)
	}
	var stream starlark.Value = starlark.None
	if !delay {
		if stream, err = openFile(abs, mode); err != nil {
			return err
		}
	}
	s.initHandler(inst, starlark.MakeInt(NOTSET))
	inst.SetAttr("baseFilename", starlark.String(abs))
	inst.SetAttr("mode", starlark.String(mode))
	inst.SetAttr("encoding", encoding)
	inst.SetAttr("errors", errs)
	inst.SetAttr("delay", starlark.Bool(delay))
	inst.SetAttr("stream", stream)
	return nil
}

func (s *state) fileHandlerRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	level, err := modules.GetAttr(self, "level")
	if err != nil {
		return nil, err
	}
	name, err := modules.GetAttr(self, "baseFilename")
	if err != nil {
		return nil, err
	}
	return starlark.String(fmt.Sprintf("<%s %s (%s)>", typeName(self), str(name), str(s.nameOf(level)))), nil
}

// _open() opens baseFilename with mode.
func fileHandlerOpen(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("_open", args, kwargs); err != nil {
		return nil, err
	}
	name, err := modules.GetAttr(self, "baseFilename")
	if err != nil {
		return nil, err
	}
	mode, err := modules.GetAttr(self, "mode")
	if err != nil {
		return nil, err
	}
	return openFile(str(name), str(mode))
}

// emit opens the file first if delay=True put that off (unless the
// handler was closed and its mode is "w", which would empty it).
func (s *state) fileHandlerEmit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, _, err := recordMethod("emit", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	stream, err := modules.GetAttr(self, "stream")
	if err != nil {
		return nil, err
	}
	if stream == starlark.None {
		mode, _ := modules.GetAttr(self, "mode")
		closed, _ := modules.GetAttr(self, "_closed")
		if mode != starlark.String("w") || closed == nil || !closed.Truth() {
			if stream, err = reopen(th, inst); err != nil {
				return nil, err
			}
		}
	}
	if stream == starlark.None {
		return starlark.None, nil
	}
	return s.streamHandlerEmit(th, self, args, kwargs)
}

// close flushes and closes the file; the handler reopens it if it
// emits again (Python's does the same).
func (s *state) fileHandlerClose(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, stream, err := streamMethod("close", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	if stream != starlark.None && stream.Truth() {
		inst.SetAttr("stream", starlark.None)
		if modules.HasAttr(stream, "close") {
			if _, err := modules.CallMethod(th, stream, "close"); err != nil {
				return nil, err
			}
		}
	}
	return s.handlerClose(th, self, args, kwargs)
}

// openFlags turns a Python file mode into open(2) flags.
func openFlags(mode string) (int, error) {
	base := strings.Trim(mode, "bt+")
	var flags int
	switch base {
	case "a":
		flags = unix.O_WRONLY | unix.O_CREAT | unix.O_APPEND
	case "w":
		flags = unix.O_WRONLY | unix.O_CREAT | unix.O_TRUNC
	case "x":
		flags = unix.O_WRONLY | unix.O_CREAT | unix.O_EXCL
	case "r":
		flags = unix.O_RDONLY
	default:
		return 0, pyerr.Errorf("ValueError", "invalid mode: %s", modules.PyRepr(mode))
	}
	if strings.Contains(mode, "+") {
		flags = flags&^(unix.O_WRONLY|unix.O_RDONLY) | unix.O_RDWR
	}
	return flags, nil
}

// openFile opens name as Python's open(name, mode) would, failing with
// its OSError ("[Errno 2] No such file or directory: 'x/y.log'").
func openFile(name, mode string) (starlark.Value, error) {
	flags, err := openFlags(mode)
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(name, flags|unix.O_CLOEXEC, 0o666)
	if err != nil {
		var errno unix.Errno
		if errors.As(err, &errno) {
			return nil, pyerr.Errorf(oserr.ExceptionName(errno), "[Errno %d] %s: %s", int(errno), oserr.Strerror(errno), modules.PyRepr(name))
		}
		return nil, oserr.FromErr(err)
	}
	return &fileStream{f: f, name: name, writable: flags&(unix.O_WRONLY|unix.O_RDWR) != 0}, nil
}

// fileStream is the file a FileHandler writes to: write(s), flush(),
// close(), fileno(), name and closed. Writes are not buffered.
type fileStream struct {
	f        *os.File // nil once closed
	name     string
	writable bool
}

var _ starlark.HasAttrs = (*fileStream)(nil)

func (f *fileStream) String() string {
	return fmt.Sprintf("<_io.TextIOWrapper name=%s mode='a' encoding='utf-8'>", modules.PyRepr(f.name))
}
func (f *fileStream) Type() string          { return "_io.TextIOWrapper" }
func (f *fileStream) Freeze()               {}
func (f *fileStream) Truth() starlark.Bool  { return true }
func (f *fileStream) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'file'") }

func (f *fileStream) AttrNames() []string {
	return []string{"close", "closed", "fileno", "flush", "name", "write"}
}

func (f *fileStream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(f.name), nil
	case "closed":
		return starlark.Bool(f.f == nil), nil
	case "write":
		return starlark.NewBuiltin("write", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs("write", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			if err := f.write(s); err != nil {
				return nil, err
			}
			return starlark.MakeInt(len(s)), nil
		}), nil
	case "flush", "close", "fileno":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(name, args, kwargs); err != nil {
				return nil, err
			}
			switch name {
			case "close":
				if f.f != nil {
					err := f.f.Close()
					f.f = nil
					if err != nil {
						return nil, oserr.FromErr(err)
					}
				}
			case "fileno":
				if f.f == nil {
					return nil, pyerr.Errorf("ValueError", "I/O operation on closed file")
				}
				return starlark.MakeInt(int(f.f.Fd())), nil
			case "flush":
				if f.f == nil {
					return nil, pyerr.Errorf("ValueError", "I/O operation on closed file.")
				}
			}
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// write writes s, all of it.
func (f *fileStream) write(s string) error {
	if f.f == nil {
		return pyerr.Errorf("ValueError", "I/O operation on closed file.")
	}
	if !f.writable {
		return pyerr.Errorf("io.UnsupportedOperation", "not writable")
	}
	if _, err := f.f.WriteString(s); err != nil {
		return oserr.FromErr(err)
	}
	return nil
}
