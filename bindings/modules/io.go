package modules

import (
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyfile"
)

// NewIO makes the io module, and NewUnderscoreIO Python's _io, which io
// is built on (compatibility code tests isinstance(f, _io._TextIOBase)):
//
//	StringIO(initial_value="", newline="\n")   an in-memory text file
//	BytesIO(initial_bytes=b"")                 an in-memory binary file
//	    read(size=-1), readline(size=-1), readlines(hint=-1), write(s),
//	    writelines(lines), getvalue(), seek(pos, whence=0), tell(),
//	    truncate(size=None), close(), closed, flush(), isatty(),
//	    readable(), writable(), seekable(), fileno(), iteration by
//	    lines, with (__enter__, __exit__)
//	IOBase, RawIOBase, BufferedIOBase, TextIOBase, TextIOWrapper: the
//	    classes, for isinstance and subclassing
//	UnsupportedOperation, open (the built-in), SEEK_SET, SEEK_CUR,
//	SEEK_END, DEFAULT_BUFFER_SIZE
//	_io: the same, and _IOBase, _RawIOBase, _BufferedIOBase, _TextIOBase
//
// StringIO and BytesIO are classes a program may subclass. A pyasync str
// holds bytes: both keep bytes, take str (BytesIO bytes too) and give
// str; positions count bytes, where a Python StringIO counts
// characters. The file objects of open() are not instances of these
// classes, and TextIOWrapper cannot be made (open() makes text files).
func NewIO() *Lazy {
	return NewLazy("io", func() starlark.StringDict { return ioMembers(false) })
}

// NewUnderscoreIO makes _io.
func NewUnderscoreIO() *Lazy {
	return NewLazy("_io", func() starlark.StringDict { return ioMembers(true) })
}

func ioMembers(underscore bool) starlark.StringDict {
	m := starlark.StringDict{
		"StringIO":             stringIOClass(),
		"BytesIO":              bytesIOClass(),
		"IOBase":               ioBase(),
		"RawIOBase":            rawIOBase(),
		"BufferedIOBase":       bufferedIOBase(),
		"TextIOBase":           textIOBase(),
		"TextIOWrapper":        textIOWrapper(),
		"UnsupportedOperation": exceptions.Class("io.UnsupportedOperation"),
		"SEEK_SET":             starlark.MakeInt(0),
		"SEEK_CUR":             starlark.MakeInt(1),
		"SEEK_END":             starlark.MakeInt(2),
		"DEFAULT_BUFFER_SIZE":  starlark.MakeInt(8192),
		"open":                 pyfile.Open,
	}
	if underscore {
		m["_IOBase"], m["_RawIOBase"], m["_BufferedIOBase"], m["_TextIOBase"] = ioBase(), rawIOBase(), bufferedIOBase(), textIOBase()
	}
	return m
}

var (
	ioBase         = sync.OnceValue(func() *class.Class { return class.MustNewBuiltin("IOBase", "io", []*class.Class{class.Object}, nil) })
	rawIOBase      = sync.OnceValue(func() *class.Class { return class.MustNewBuiltin("RawIOBase", "io", []*class.Class{ioBase()}, nil) })
	bufferedIOBase = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("BufferedIOBase", "io", []*class.Class{ioBase()}, nil)
	})
	textIOBase    = sync.OnceValue(func() *class.Class { return class.MustNewBuiltin("TextIOBase", "io", []*class.Class{ioBase()}, nil) })
	textIOWrapper = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("TextIOWrapper", "io", []*class.Class{textIOBase()}, Methods(map[string]class.MethodFunc{
			"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return nil, pyerr.Errorf("NotImplementedError", "io.TextIOWrapper: pyasync does not wrap binary files; open() the file in text mode")
			},
		}))
	})
	stringIOClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("StringIO", "io", []*class.Class{textIOBase()}, memFileMethods(false))
	})
	bytesIOClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("BytesIO", "io", []*class.Class{bufferedIOBase()}, memFileMethods(true))
	})
)

// memFile is the state of a StringIO or a BytesIO.
type memFile struct {
	buf       []byte
	pos       int
	closed    bool
	binary    bool
	translate bool   // newline=None: "\r\n" and "\r" written become "\n"
	newline   string // lines end at it ("" for any of "\n", "\r", "\r\n"); written "\n" become it
}

// memOf is the state of self, made empty for an instance of a subclass
// whose __init__ did not call StringIO's or BytesIO's.
func memOf(fn string, self starlark.Value, binary bool) (*memFile, error) {
	inst, err := Instance(fn, self)
	if err != nil {
		return nil, err
	}
	m, ok := inst.Native.(*memFile)
	if !ok {
		m = &memFile{binary: binary, newline: "\n"}
		inst.Native = m
	}
	return m, nil
}

// open checks that m is not closed.
func (m *memFile) open() error {
	if m.closed {
		if m.binary {
			return pyerr.Errorf("ValueError", "I/O operation on closed file.")
		}
		return pyerr.Errorf("ValueError", "I/O operation on closed file")
	}
	return nil
}

func memFileMethods(binary bool) starlark.StringDict {
	kind := "StringIO"
	if binary {
		kind = "BytesIO"
	}
	with := func(name string, fn func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) class.MethodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			m, err := memOf(kind+"."+name, self, binary)
			if err != nil {
				return nil, err
			}
			return fn(m, args, kwargs)
		}
	}
	noArgsOpen := func(name string, fn func(m *memFile) (starlark.Value, error)) class.MethodFunc {
		return with(name, func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, err
			}
			if err := m.open(); err != nil {
				return nil, err
			}
			return fn(m)
		})
	}
	yes := func(name string) class.MethodFunc {
		return noArgsOpen(name, func(*memFile) (starlark.Value, error) { return starlark.True, nil })
	}
	d := Methods(map[string]class.MethodFunc{
		"__init__": with("__init__", func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return m.init(kind, args, kwargs)
		}),
		"read":      with("read", (*memFile).read),
		"readline":  with("readline", (*memFile).readline),
		"readlines": with("readlines", (*memFile).readlines),
		"write":     with("write", (*memFile).write),
		"writelines": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var lines starlark.Iterable
			if err := starlark.UnpackPositionalArgs("writelines", args, kwargs, 1, &lines); err != nil {
				return nil, err
			}
			it := lines.Iterate()
			defer it.Done()
			var x starlark.Value
			for it.Next(&x) {
				if _, err := CallMethod(th, self, "write", x); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		},
		"getvalue": noArgsOpen("getvalue", func(m *memFile) (starlark.Value, error) { return starlark.String(m.buf), nil }),
		"seek":     with("seek", (*memFile).seek),
		"tell":     noArgsOpen("tell", func(m *memFile) (starlark.Value, error) { return starlark.MakeInt(m.pos), nil }),
		"truncate": with("truncate", (*memFile).truncate),
		"close": with("close", func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
				return nil, err
			}
			m.closed = true
			return starlark.None, nil
		}),
		"flush":    noArgsOpen("flush", func(*memFile) (starlark.Value, error) { return starlark.None, nil }),
		"isatty":   noArgsOpen("isatty", func(*memFile) (starlark.Value, error) { return starlark.False, nil }),
		"readable": yes("readable"),
		"writable": yes("writable"),
		"seekable": yes("seekable"),
		"fileno": noArgsOpen("fileno", func(*memFile) (starlark.Value, error) {
			return nil, pyerr.Errorf("io.UnsupportedOperation", "fileno")
		}),
		"__iter__": with("__iter__", func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return nil, nil // replaced below: it returns self
		}),
		"__next__": with("__next__", func(m *memFile, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("__next__", args, kwargs, 0); err != nil {
				return nil, err
			}
			if err := m.open(); err != nil {
				return nil, err
			}
			line := m.line(-1)
			if line == "" {
				return nil, pyerr.Errorf("StopIteration", "")
			}
			return starlark.String(line), nil
		}),
		"__enter__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			m, err := memOf(kind+".__enter__", self, binary)
			if err != nil {
				return nil, err
			}
			return self, m.open()
		},
		"__exit__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			_, err := CallMethod(th, self, "close")
			if err != nil {
				return nil, err
			}
			return starlark.None, nil
		},
	})
	d["__iter__"] = class.NewMethod("__iter__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		m, err := memOf(kind+".__iter__", self, binary)
		if err != nil {
			return nil, err
		}
		return self, m.open()
	})
	d["closed"] = &class.Property{Get: func(self *class.Instance) (starlark.Value, error) {
		m, err := memOf(kind+".closed", self, binary)
		if err != nil {
			return nil, err
		}
		return starlark.Bool(m.closed), nil
	}}
	return d
}

// init is StringIO(initial_value="", newline="\n") and
// BytesIO(initial_bytes=b"").
func (m *memFile) init(kind string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var initial starlark.Value = starlark.None
	var newline starlark.Value = starlark.String("\n")
	if m.binary {
		if err := starlark.UnpackArgs(kind, args, kwargs, "initial_bytes?", &initial); err != nil {
			return nil, err
		}
	} else if err := starlark.UnpackArgs(kind, args, kwargs, "initial_value?", &initial, "newline?", &newline); err != nil {
		return nil, err
	}
	*m = memFile{binary: m.binary, newline: "\n"}
	if !m.binary {
		switch nl := newline.(type) {
		case starlark.NoneType:
			m.translate, m.newline = true, "\n"
		case starlark.String:
			switch nl {
			case "", "\n", "\r", "\r\n":
				m.newline = string(nl)
			default:
				return nil, pyerr.Errorf("ValueError", "illegal newline value: %s", pyReprStr(string(nl)))
			}
		default:
			return nil, pyerr.Errorf("TypeError", "newline must be str or None, not %s", PyType(newline))
		}
	}
	if initial == starlark.None {
		return starlark.None, nil
	}
	text, err := m.data(initial)
	if err != nil {
		if !m.binary {
			return nil, pyerr.Errorf("TypeError", "initial_value must be str or None, not %s", PyType(initial))
		}
		return nil, err
	}
	m.buf = []byte(m.written(text))
	return starlark.None, nil
}

// data reads what may be written: a str (bytes too for BytesIO).
func (m *memFile) data(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		if m.binary {
			return string(v), nil
		}
		return "", pyerr.Errorf("TypeError", "string argument expected, got 'bytes'")
	}
	if m.binary {
		return "", pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", PyType(v))
	}
	return "", pyerr.Errorf("TypeError", "string argument expected, got '%s'", PyType(v))
}

// written is text as a StringIO keeps it: line ends translated as its
// newline says.
func (m *memFile) written(text string) string {
	switch {
	case m.binary:
		return text
	case m.translate:
		return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
	case m.newline == "\r" || m.newline == "\r\n":
		return strings.ReplaceAll(text, "\n", m.newline)
	}
	return text
}

func (m *memFile) write(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("write", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	text, err := m.data(v)
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	n := len(text)
	text = m.written(text)
	if m.pos > len(m.buf) {
		m.buf = append(m.buf, make([]byte, m.pos-len(m.buf))...)
	}
	end := m.pos + len(text)
	if end > len(m.buf) {
		m.buf = append(m.buf[:m.pos], text...)
	} else {
		copy(m.buf[m.pos:], text)
	}
	m.pos = end
	return starlark.MakeInt(n), nil
}

// memSizeArg reads an optional size (None or negative: all).
func memSizeArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple, name string) (int, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, name+"?", &v); err != nil {
		return 0, err
	}
	if v == starlark.None {
		return -1, nil
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, pyerr.Errorf("TypeError", "argument should be integer or None, not '%s'", PyType(v))
	}
	return n, nil
}

func (m *memFile) read(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := memSizeArg("read", args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	if m.pos >= len(m.buf) {
		return starlark.String(""), nil
	}
	end := len(m.buf)
	if n >= 0 && m.pos+n < end {
		end = m.pos + n
	}
	s := string(m.buf[m.pos:end])
	m.pos = end
	return starlark.String(s), nil
}

// line reads one line, of at most limit bytes (limit < 0: any length).
func (m *memFile) line(limit int) string {
	if m.pos >= len(m.buf) {
		return ""
	}
	rest := m.buf[m.pos:]
	end := len(rest)
	if m.binary || m.newline != "" {
		sep := "\n"
		if !m.binary {
			sep = m.newline
		}
		if i := strings.Index(string(rest), sep); i >= 0 {
			end = i + len(sep)
		}
	} else if i := strings.IndexAny(string(rest), "\r\n"); i >= 0 {
		end = i + 1
		if rest[i] == '\r' && i+1 < len(rest) && rest[i+1] == '\n' {
			end++
		}
	}
	if limit >= 0 && limit < end {
		end = limit
	}
	m.pos += end
	return string(rest[:end])
}

func (m *memFile) readline(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := memSizeArg("readline", args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	return starlark.String(m.line(n)), nil
}

func (m *memFile) readlines(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := memSizeArg("readlines", args, kwargs, "hint")
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	var lines []starlark.Value
	total := 0
	for {
		l := m.line(-1)
		if l == "" {
			break
		}
		lines = append(lines, starlark.String(l))
		total += len(l)
		if hint > 0 && total >= hint {
			break
		}
	}
	return starlark.NewList(lines), nil
}

func (m *memFile) seek(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var posv, whencev starlark.Value = nil, starlark.MakeInt(0)
	if err := starlark.UnpackPositionalArgs("seek", args, kwargs, 1, &posv, &whencev); err != nil {
		return nil, err
	}
	pos, err := intArg(posv)
	if err != nil {
		return nil, err
	}
	whence, err := intArg(whencev)
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	switch whence {
	case 0:
		if pos < 0 && m.binary {
			return nil, pyerr.Errorf("ValueError", "negative seek value %d", pos)
		} else if pos < 0 {
			return nil, pyerr.Errorf("ValueError", "Negative seek position %d", pos)
		}
		m.pos = pos
	case 1, 2:
		if pos != 0 && !m.binary { // CPython says "cur" for both
			return nil, pyerr.Errorf("OSError", "Can't do nonzero cur-relative seeks")
		}
		base := m.pos
		if whence == 2 {
			base = len(m.buf)
		}
		m.pos = max(base+pos, 0)
	default:
		if m.binary {
			return nil, pyerr.Errorf("ValueError", "invalid whence (%d, should be 0, 1 or 2)", whence)
		}
		return nil, pyerr.Errorf("ValueError", "Invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	return starlark.MakeInt(m.pos), nil
}

func (m *memFile) truncate(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := memSizeArg("truncate", args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	if err := m.open(); err != nil {
		return nil, err
	}
	if n < 0 {
		if len(args) > 0 && args[0] != starlark.None {
			if m.binary {
				return nil, pyerr.Errorf("ValueError", "negative size value %d", n)
			}
			return nil, pyerr.Errorf("ValueError", "Negative size value %d", n)
		}
		n = m.pos
	}
	if n < len(m.buf) {
		m.buf = m.buf[:n]
	}
	return starlark.MakeInt(n), nil
}
