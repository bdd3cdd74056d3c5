// Package pyfile is Python's open() and its file objects:
//
//	open(file, mode='r', buffering=-1, encoding=None, errors=None,
//	     newline=None, closefd=True, opener=None)
//
// A file object has read(size=-1), readline(size=-1),
// readlines(hint=-1), write(s), writelines(lines), seek(offset,
// whence=0), tell(), truncate(size=None), flush(), close(), fileno(),
// isatty(), readable(), writable(), seekable(), __enter__() and
// __exit__(*exc_info) (a with statement's), the attributes name, mode
// and closed, and iterates by line.
//
// A pyasync str holds bytes, and the port tool turns b"..." into "...",
// so every mode reads str and every mode writes str or bytes: nothing is
// decoded or encoded, whatever encoding says. Text modes ("r", "w"...)
// treat line ends as Python 3's do with newline=None: "\r\n" and "\r"
// read as "\n" (newline="" keeps them, and "\n", "\r" or "\r\n" end lines
// on that alone); binary modes ("rb", "wb"...) keep every byte. Failures
// are Python's: FileNotFoundError, IsADirectoryError, PermissionError...
// with the file name, ValueError on a closed file, io.UnsupportedOperation
// (an OSError) when the mode forbids the call.
package pyfile

import (
	"errors"
	"os"
	"runtime"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// Open is the built-in open().
var Open = starlark.NewBuiltin("open", open).ArgsInPlace() // keeps no args slice

func open(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value
	var mode = "r"
	var buffering = -1
	var encoding, errors, newline, opener starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
	var closefd = true
	if err := starlark.UnpackArgs("open", args, kwargs, "file", &file, "mode?", &mode, "buffering?", &buffering,
		"encoding?", &encoding, "errors?", &errors, "newline?", &newline, "closefd?", &closefd, "opener?", &opener); err != nil {
		return nil, err
	}
	m, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	if m.binary && encoding != starlark.None {
		return nil, pyerr.Errorf("ValueError", "binary mode doesn't take an encoding argument")
	}
	if m.binary && newline != starlark.None {
		return nil, pyerr.Errorf("ValueError", "binary mode doesn't take a newline argument")
	}
	if opener != starlark.None {
		return nil, pyerr.Errorf("ValueError", "open: opener is not supported")
	}
	nl, err := parseNewline(m, newline)
	if err != nil {
		return nil, err
	}
	var f *os.File
	switch file := file.(type) {
	case starlark.String, starlark.Bytes:
		path := asString(file)
		if strings.IndexByte(path, 0) >= 0 {
			return nil, pyerr.Errorf("ValueError", "embedded null byte")
		}
		if !closefd {
			return nil, pyerr.Errorf("ValueError", "Cannot use closefd=False with file name")
		}
		f, err = openFile(path, m.flags)
		if err != nil {
			return nil, oserr.WithPaths(err, path)
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, oserr.WithPaths(unix.EISDIR, path)
		}
	default:
		return nil, pyerr.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", class.TypeName(file))
	}
	fo := newFile(th, f, file, mode, m, nl)
	track(th, fo)
	return fo, nil
}

// reclaimWait bounds how long an open that ran out of descriptors waits
// for the collector to close a dropped file before it reports EMFILE.
const reclaimWait = 25 * time.Millisecond

// openFile opens path. Out of descriptors, it first lets the collector
// close the files the script dropped without closing them (which CPython
// closes as soon as they are dropped: open(p).read() is common), then
// tries again.
func openFile(path string, flags int) (*os.File, error) {
	f, err := os.OpenFile(path, flags, 0o666)
	if !errors.Is(err, unix.EMFILE) && !errors.Is(err, unix.ENFILE) {
		return f, err
	}
	runtime.GC()
	// the collector's cleanups close them on another goroutine, which a
	// busy machine may not schedule at once: try again as they do, up to
	// reclaimWait when none comes (nothing was dropped)
	deadline := time.Now().Add(reclaimWait)
	for (errors.Is(err, unix.EMFILE) || errors.Is(err, unix.ENFILE)) && time.Now().Before(deadline) {
		time.Sleep(500 * time.Microsecond)
		f, err = os.OpenFile(path, flags, 0o666)
	}
	return f, err
}

// parseNewline reads open()'s newline argument (None, "", "\n", "\r" or
// "\r\n") for a file opened with m.
func parseNewline(m modeFlags, newline starlark.Value) (newlineMode, error) {
	nl := newlineMode{translate: !m.binary}
	if newline != starlark.None {
		s, ok := newline.(starlark.String)
		if !ok {
			return nl, pyerr.Errorf("TypeError", "open() argument 'newline' must be str or None, not %s", class.TypeName(newline))
		}
		switch s {
		case "", "\n", "\r", "\r\n":
			nl = newlineMode{translate: false, sep: string(s)}
		default:
			return nl, pyerr.Errorf("ValueError", "illegal newline value: %s", string(s))
		}
	}
	return nl, nil
}

// modeFlags is what a mode string says.
type modeFlags struct {
	flags    int // os.OpenFile's
	readable bool
	writable bool
	binary   bool
}

// parseMode reads Python's mode: one of r, w, a, x, maybe +, maybe b or t.
func parseMode(mode string) (modeFlags, error) {
	var m modeFlags
	counts := map[rune]int{}
	for _, c := range mode {
		if !strings.ContainsRune("rwaxbt+U", c) || counts[c] > 0 {
			return m, pyerr.Errorf("ValueError", "invalid mode: '%s'", mode)
		}
		counts[c]++
	}
	kinds := counts['r'] + counts['w'] + counts['a'] + counts['x']
	if counts['U'] > 0 {
		if kinds > 0 && counts['r'] == 0 || counts['+'] > 0 {
			return m, pyerr.Errorf("ValueError", "mode U cannot be combined with 'x', 'w', 'a', or '+'")
		}
		if kinds == 0 {
			counts['r'], kinds = 1, 1
		}
	}
	if kinds != 1 {
		return m, pyerr.Errorf("ValueError", "must have exactly one of create/read/write/append mode")
	}
	if counts['b'] > 0 && counts['t'] > 0 {
		return m, pyerr.Errorf("ValueError", "can't have text and binary mode at once")
	}
	m.binary = counts['b'] > 0
	plus := counts['+'] > 0
	switch {
	case counts['r'] > 0:
		m.readable, m.writable = true, plus
	case counts['w'] > 0:
		m.writable, m.readable = true, plus
		m.flags = os.O_CREATE | os.O_TRUNC
	case counts['a'] > 0:
		m.writable, m.readable = true, plus
		m.flags = os.O_CREATE | os.O_APPEND
	case counts['x'] > 0:
		m.writable, m.readable = true, plus
		m.flags = os.O_CREATE | os.O_EXCL
	}
	switch {
	case m.readable && m.writable:
		m.flags |= os.O_RDWR
	case m.writable:
		m.flags |= os.O_WRONLY
	default:
		m.flags |= os.O_RDONLY
	}
	return m, nil
}

func asString(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case starlark.Bytes:
		return string(v)
	}
	return ""
}
