package modules

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// stdinFile is sys.stdin: the program's standard input, read as text
// (str holding the bytes read) with Python's readline(size=-1),
// read(size=-1), readlines(hint=-1), fileno(), isatty(), and iteration
// by lines. Reads block the loop, as they block CPython's.
type stdinFile struct {
	r  *bufio.Reader
	fd int // the descriptor read, or -1 when the input is not a file
}

var (
	_ starlark.HasAttrs = (*stdinFile)(nil)
	_ starlark.Iterable = (*stdinFile)(nil)
)

func newStdin(r io.Reader) *stdinFile {
	fd := -1
	if f, ok := r.(*os.File); ok {
		fd = int(f.Fd())
	}
	return &stdinFile{r: bufio.NewReader(r), fd: fd}
}

func (f *stdinFile) String() string {
	return "<_io.TextIOWrapper name='<stdin>' mode='r' encoding='utf-8'>"
}
func (f *stdinFile) Type() string          { return "TextIOWrapper" }
func (f *stdinFile) Freeze()               {}
func (f *stdinFile) Truth() starlark.Bool  { return true }
func (f *stdinFile) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: TextIOWrapper") }

var stdinMethods = map[string]builtinFunc{
	"readline":  stdinReadline,
	"read":      stdinRead,
	"readlines": stdinReadlines,
	"fileno":    stdinFileno,
	"isatty":    stdinIsatty,
}

func (f *stdinFile) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String("<stdin>"), nil
	case "mode":
		return starlark.String("r"), nil
	case "encoding":
		return starlark.String("utf-8"), nil
	}
	return methodAttr(f, name, stdinMethods), nil
}

func (f *stdinFile) AttrNames() []string {
	return methodNames(stdinMethods, "encoding", "mode", "name")
}

// line reads up to and including the next newline, at most limit bytes
// (limit < 0: no limit); "" at the end of the input.
func (f *stdinFile) line(limit int) (string, error) {
	var b strings.Builder
	for limit < 0 || b.Len() < limit {
		c, err := f.r.ReadByte()
		if err == io.EOF {
			break
		}
		if err != nil {
			return b.String(), pyerr.Errorf("OSError", "%v", err)
		}
		b.WriteByte(c)
		if c == '\n' {
			break
		}
	}
	return b.String(), nil
}

// sizeArg is an optional size argument, -1 (all) when absent; read and
// readlines take None for -1, readline does not, as io's.
func sizeArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	var v starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0, &v); err != nil {
		return 0, err
	}
	if v == starlark.None && fn != "readline" {
		return -1, nil
	}
	n, err := intArg(v)
	if err != nil {
		return 0, err
	}
	return n, nil
}

func stdinReadline(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg("readline", args, kwargs)
	if err != nil {
		return nil, err
	}
	s, err := b.Receiver().(*stdinFile).line(n)
	return starlark.String(s), err
}

func stdinRead(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg("read", args, kwargs)
	if err != nil {
		return nil, err
	}
	f := b.Receiver().(*stdinFile)
	var data []byte
	if n < 0 {
		data, err = io.ReadAll(f.r)
	} else {
		data = make([]byte, n)
		var k int
		k, err = io.ReadFull(f.r, data)
		data = data[:k]
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			err = nil
		}
	}
	if err != nil {
		return starlark.String(data), pyerr.Errorf("OSError", "%v", err)
	}
	return starlark.String(data), nil
}

func stdinReadlines(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg("readlines", args, kwargs)
	if err != nil {
		return nil, err
	}
	f := b.Receiver().(*stdinFile)
	var lines []starlark.Value
	total := 0
	for hint <= 0 || total < hint {
		s, err := f.line(-1)
		if err != nil {
			return nil, err
		}
		if s == "" {
			break
		}
		lines = append(lines, starlark.String(s))
		total += len(s)
	}
	return starlark.NewList(lines), nil
}

func stdinFileno(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("fileno", args, kwargs, 0); err != nil {
		return nil, err
	}
	fd := b.Receiver().(*stdinFile).fd
	if fd < 0 {
		return nil, pyerr.Errorf("io.UnsupportedOperation", "fileno")
	}
	return starlark.MakeInt(fd), nil
}

func stdinIsatty(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("isatty", args, kwargs, 0); err != nil {
		return nil, err
	}
	fd := b.Receiver().(*stdinFile).fd
	if fd < 0 {
		return starlark.False, nil
	}
	_, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	return starlark.Bool(err == nil), nil
}

// Iterate yields the remaining lines, each with its newline.
func (f *stdinFile) Iterate() starlark.Iterator { return &stdinLines{f} }

type stdinLines struct{ f *stdinFile }

func (it *stdinLines) Next(p *starlark.Value) bool {
	s, err := it.f.line(-1)
	if err != nil || s == "" {
		return false
	}
	*p = starlark.String(s)
	return true
}

func (it *stdinLines) Done() {}
