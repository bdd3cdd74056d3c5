package pyfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// newlineMode is how a file reads line ends: translate ("\r\n" and "\r"
// read as "\n", Python's newline=None), or not, lines then ending at sep
// ("" for any of "\n", "\r", "\r\n").
type newlineMode struct {
	translate bool
	sep       string
}

// File is a file object.
type File struct {
	f    *os.File
	name starlark.Value
	mode string
	m    modeFlags
	nl   newlineMode
	rbuf []byte // read from the file, not yet given to the script
	eof  bool   // the file gave 0 bytes at the last fill
	th   *starlark.Thread
	c    *closer // closes f (see registry.go)
}

// newFile makes the file object of an open file, for the script running
// on th.
func newFile(th *starlark.Thread, f *os.File, name starlark.Value, mode string, m modeFlags, nl newlineMode) *File {
	return &File{f: f, name: name, mode: mode, m: m, nl: nl, th: th}
}

var (
	_ starlark.HasAttrs = (*File)(nil)
	_ starlark.Iterable = (*File)(nil)
)

func (f *File) String() string {
	state := ""
	if f.f == nil {
		state = "closed "
	}
	return fmt.Sprintf("<%sfile %s, mode %s>", state, f.name.String(), starlark.String(f.mode).String())
}
func (f *File) Type() string          { return "file" }
func (f *File) Freeze()               {}
func (f *File) Truth() starlark.Bool  { return true }
func (f *File) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(f)) >> 3), nil }

// Attr returns an attribute: name, mode, closed, or a method.
func (f *File) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return f.name, nil
	case "mode":
		return starlark.String(f.mode), nil
	case "closed":
		return starlark.Bool(f.f == nil), nil
	}
	impl, ok := methods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return impl(f, args, kwargs)
	}), nil
}

func (f *File) AttrNames() []string {
	names := []string{"closed", "mode", "name"}
	for n := range methods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// method implements a method of file objects.
type method func(f *File, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

var methods map[string]method

func init() {
	methods = map[string]method{
		"read":       (*File).read,
		"readline":   (*File).readline,
		"readlines":  (*File).readlines,
		"write":      (*File).write,
		"writelines": (*File).writelines,
		"seek":       (*File).seek,
		"tell":       (*File).tell,
		"truncate":   (*File).truncate,
		"flush":      (*File).flush,
		"close":      (*File).close,
		"fileno":     (*File).fileno,
		"isatty":     (*File).isatty,
		"readable": func(f *File, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return f.can("readable", a, k, f.m.readable)
		},
		"writable": func(f *File, a starlark.Tuple, k []starlark.Tuple) (starlark.Value, error) {
			return f.can("writable", a, k, f.m.writable)
		},
		"seekable":  (*File).seekable,
		"__next__":  (*File).next,
		"__enter__": (*File).enter,
		"__exit__":  (*File).exit,
		"next":      (*File).next,
	}
}

// noArgs checks that a method that takes no arguments got none, on an
// open file.
func (f *File) noArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
		return err
	}
	return f.open()
}

// open checks that the file is open.
func (f *File) open() error {
	if f.f == nil {
		return pyerr.Errorf("ValueError", "I/O operation on closed file.")
	}
	return nil
}

// unsupported is io.UnsupportedOperation, an OSError.
func unsupported(what string) error {
	return pyerr.Errorf("io.UnsupportedOperation", "%s", what)
}

// osError is a failed system call on the file, as Python raises it.
func osError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return oserr.FromErr(err)
}

// fill reads more of the file into rbuf; it reports whether it got any.
func (f *File) fill() (bool, error) {
	if f.eof {
		return false, nil
	}
	if cap(f.rbuf)-len(f.rbuf) < 4096 {
		grown := make([]byte, len(f.rbuf), max(8192, 2*cap(f.rbuf)))
		copy(grown, f.rbuf)
		f.rbuf = grown
	}
	n, err := f.f.Read(f.rbuf[len(f.rbuf):cap(f.rbuf)])
	f.rbuf = f.rbuf[:len(f.rbuf)+n]
	if err == io.EOF || n == 0 && err == nil {
		f.eof = true
		return n > 0, nil
	}
	if err != nil {
		return n > 0, osError(err)
	}
	return true, nil
}

// take returns what the script reads next: up to n bytes (all when n <
// 0), and when line is true no more than one line. Line ends are read as
// f.nl says.
func (f *File) take(n int, line bool) (string, error) {
	var out strings.Builder
	for {
		i, done, err := f.scan(&out, n, line)
		f.rbuf = f.rbuf[i:]
		if err != nil || done {
			return out.String(), err
		}
		got, err := f.fill()
		if err != nil {
			return out.String(), err
		}
		if !got && len(f.rbuf) == 0 {
			return out.String(), nil
		}
	}
}

// scan moves bytes of rbuf to out, as take says; it returns how many it
// consumed and whether the read is complete. A "\r" at the end of rbuf
// waits for the next byte (it may start "\r\n") unless the file ended.
func (f *File) scan(out *strings.Builder, n int, line bool) (int, bool, error) {
	b := f.rbuf
	i := 0
	for i < len(b) {
		if n >= 0 && out.Len() >= n {
			return i, true, nil
		}
		c := b[i]
		if c == '\r' && (f.nl.translate || f.nl.sep == "" || f.nl.sep == "\r\n") {
			if i+1 == len(b) && !f.eof {
				return i, false, nil // is it "\r\n"?
			}
			crlf := i+1 < len(b) && b[i+1] == '\n'
			switch {
			case f.nl.translate:
				out.WriteByte('\n')
				i++
				if crlf {
					i++
				}
				if line {
					return i, true, nil
				}
				continue
			case crlf && n >= 0 && out.Len()+2 > n:
				out.WriteByte('\r') // the size cuts the line end in two
				return i + 1, true, nil
			case crlf:
				out.WriteString("\r\n")
				i += 2
				if line {
					return i, true, nil
				}
				continue
			}
			out.WriteByte('\r')
			i++
			if line && f.nl.sep == "" {
				return i, true, nil
			}
			continue
		}
		out.WriteByte(c)
		i++
		if line && (c == '\n' && f.nl.sep != "\r" && f.nl.sep != "\r\n" || c == '\r' && f.nl.sep == "\r") {
			return i, true, nil
		}
	}
	return i, n >= 0 && out.Len() >= n, nil
}

// sizeArg reads an optional size argument (None or an int; negative
// means all).
func sizeArg(name string, args starlark.Tuple, kwargs []starlark.Tuple, param string) (int, error) {
	var size starlark.Value = starlark.None
	if err := starlark.UnpackArgs(name, args, kwargs, param+"?", &size); err != nil {
		return 0, err
	}
	if size == starlark.None {
		return -1, nil
	}
	n, err := starlark.AsInt32(size)
	if err != nil {
		return 0, pyerr.Errorf("TypeError", "argument should be integer or None, not '%s'", class.TypeName(size))
	}
	return n, nil
}

// readArgs reads the size argument of a read method (see sizeArg) and
// checks that the file is open for reading.
func (f *File) readArgs(name string, args starlark.Tuple, kwargs []starlark.Tuple, param string) (int, error) {
	n, err := sizeArg(name, args, kwargs, param)
	if err != nil {
		return 0, err
	}
	return n, f.checkRead()
}

// checkRead checks that the file is open for reading.
func (f *File) checkRead() error {
	if err := f.open(); err != nil {
		return err
	}
	if !f.m.readable {
		return unsupported("not readable")
	}
	return nil
}

// read(size=-1)
func (f *File) read(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := f.readArgs("read", args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	s, err := f.take(n, false)
	return starlark.String(s), err
}

// readline(size=-1)
func (f *File) readline(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := f.readArgs("readline", args, kwargs, "size")
	if err != nil {
		return nil, err
	}
	s, err := f.take(n, true)
	return starlark.String(s), err
}

// readlines(hint=-1): the lines, until their total length reaches hint.
func (f *File) readlines(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := f.readArgs("readlines", args, kwargs, "hint")
	if err != nil {
		return nil, err
	}
	var lines []starlark.Value
	total := 0
	for {
		s, err := f.take(-1, true)
		if err != nil {
			return nil, err
		}
		if s == "" {
			break
		}
		lines = append(lines, starlark.String(s))
		total += len(s)
		if hint > 0 && total >= hint {
			break
		}
	}
	return starlark.NewList(lines), nil
}

// next is __next__(): the next line, StopIteration at the end.
func (f *File) next(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("__next__", args, kwargs, 0); err != nil {
		return nil, err
	}
	if err := f.checkRead(); err != nil {
		return nil, err
	}
	s, err := f.take(-1, true)
	if err != nil {
		return nil, err
	}
	if s == "" {
		return nil, class.StopIteration()
	}
	return starlark.String(s), nil
}

// Iterate is for line in f.
func (f *File) Iterate() starlark.Iterator { return &lines{f: f} }

// lines iterates a file by line; a failure (a closed file, a read
// error) ends it and fails the computation that iterates.
type lines struct{ f *File }

func (it *lines) Next(p *starlark.Value) bool {
	err := it.f.checkRead()
	var s string
	if err == nil {
		s, err = it.f.take(-1, true)
	}
	if err != nil {
		if th := it.f.th; th != nil && th.CallStackDepth() > 0 {
			th.Fail(err)
		}
		return false
	}
	if s == "" {
		return false
	}
	*p = starlark.String(s)
	return true
}

func (it *lines) Done() {}

// dropReadAhead gives back to the file what was read ahead and not
// taken, so that the file's position is the script's.
func (f *File) dropReadAhead() error {
	if len(f.rbuf) > 0 {
		if _, err := f.f.Seek(-int64(len(f.rbuf)), io.SeekCurrent); err != nil {
			return osError(err)
		}
	}
	f.rbuf, f.eof = nil, false
	return nil
}

// write(s): s (str or bytes) written whole; its length.
func (f *File) write(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := starlark.UnpackPositionalArgs("write", args, kwargs, 1, &s); err != nil {
		return nil, err
	}
	data, err := f.data(s)
	if err != nil {
		return nil, err
	}
	if err := f.writeAll(data); err != nil {
		return nil, err
	}
	return starlark.MakeInt(len(data)), nil
}

// writelines(lines): each written in turn, no line ends added.
func (f *File) writelines(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lines starlark.Iterable
	if err := starlark.UnpackPositionalArgs("writelines", args, kwargs, 1, &lines); err != nil {
		return nil, err
	}
	iter := lines.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		data, err := f.data(x)
		if err != nil {
			return nil, err
		}
		if err := f.writeAll(data); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// writeAll writes data at the script's position, "\n" turned into the
// newline the file was opened with.
func (f *File) writeAll(data string) error {
	if err := f.open(); err != nil {
		return err
	}
	if !f.m.writable {
		return unsupported("not writable")
	}
	if err := f.dropReadAhead(); err != nil {
		return err
	}
	if f.nl.sep == "\r" || f.nl.sep == "\r\n" {
		data = strings.ReplaceAll(data, "\n", f.nl.sep)
	}
	if _, err := io.WriteString(f.f, data); err != nil {
		return osError(err)
	}
	return nil
}

// data is what write() writes for v: the bytes of a str or a bytes
// value, in any mode.
func (f *File) data(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	if f.m.binary {
		return "", pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", class.TypeName(v))
	}
	return "", pyerr.Errorf("TypeError", "write() argument must be str, not %s", class.TypeName(v))
}

// seek(offset, whence=0): the new position.
func (f *File) seek(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var offset int64
	var whence int
	if err := starlark.UnpackPositionalArgs("seek", args, kwargs, 1, &offset, &whence); err != nil {
		return nil, err
	}
	if err := f.open(); err != nil {
		return nil, err
	}
	if whence < 0 || whence > 2 {
		return nil, pyerr.Errorf("ValueError", "invalid whence (%d, should be 0, 1 or 2)", whence)
	}
	if !f.m.binary && whence != 0 && offset != 0 {
		return nil, unsupported("can't do nonzero cur-relative seeks")
	}
	if err := f.dropReadAhead(); err != nil {
		return nil, err
	}
	pos, err := f.f.Seek(offset, whence)
	if err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(pos), nil
}

// tell(): the script's position in the file.
func (f *File) tell(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := f.noArgs("tell", args, kwargs); err != nil {
		return nil, err
	}
	pos, err := f.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(pos - int64(len(f.rbuf))), nil
}

// truncate(size=None): the file cut (or grown) to size, by default the
// current position; the new size.
func (f *File) truncate(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var size starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("truncate", args, kwargs, 0, &size); err != nil {
		return nil, err
	}
	if err := f.open(); err != nil {
		return nil, err
	}
	if !f.m.writable {
		return nil, unsupported("truncate")
	}
	if err := f.dropReadAhead(); err != nil {
		return nil, err
	}
	var n int64
	if size == starlark.None {
		pos, err := f.f.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, osError(err)
		}
		n = pos
	} else if i, err := starlark.AsInt32(size); err != nil || i < 0 {
		return nil, pyerr.Errorf("ValueError", "negative size value %s", size)
	} else {
		n = int64(i)
	}
	if err := f.f.Truncate(n); err != nil {
		return nil, osError(err)
	}
	return starlark.MakeInt64(n), nil
}

// flush(): nothing is buffered on the way out; checks the file is open.
func (f *File) flush(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("flush", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, f.open()
}

// close(): the file closed; closing again does nothing.
func (f *File) close(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
		return nil, err
	}
	if f.f == nil {
		return starlark.None, nil
	}
	err := f.c.close()
	f.f, f.rbuf = nil, nil
	if err != nil {
		return nil, osError(err)
	}
	return starlark.None, nil
}

// __enter__(): the file itself (a with statement's manager), which must
// be open.
func (f *File) enter(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("__enter__", args, kwargs, 0); err != nil {
		return nil, err
	}
	if f.f == nil {
		return nil, pyerr.Errorf("ValueError", "I/O operation on closed file.")
	}
	return f, nil
}

// __exit__(*exc_info): the file closed.
func (f *File) exit(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "__exit__() takes no keyword arguments")
	}
	return f.close(nil, nil)
}

// fileno(): the file's descriptor.
func (f *File) fileno(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("fileno", args, kwargs, 0); err != nil {
		return nil, err
	}
	if f.f == nil {
		return nil, pyerr.Errorf("ValueError", "I/O operation on closed file") // sic: Python's has no period here
	}
	return starlark.MakeInt(int(f.f.Fd())), nil
}

// isatty(): whether the file is a terminal.
func (f *File) isatty(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := f.noArgs("isatty", args, kwargs); err != nil {
		return nil, err
	}
	_, err := unix.IoctlGetTermios(int(f.f.Fd()), unix.TCGETS)
	return starlark.Bool(err == nil), nil
}

// can answers readable() and writable().
func (f *File) can(name string, args starlark.Tuple, kwargs []starlark.Tuple, ok bool) (starlark.Value, error) {
	if err := f.noArgs(name, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

// seekable(): whether seek works on the file.
func (f *File) seekable(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := f.noArgs("seekable", args, kwargs); err != nil {
		return nil, err
	}
	_, err := f.f.Seek(0, io.SeekCurrent)
	return starlark.Bool(err == nil), nil
}
