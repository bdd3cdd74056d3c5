package pyfile

import (
	"os"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

// NewTemp is the file object of a temporary file, for the tempfile
// module's TemporaryFile and NamedTemporaryFile: mode and newline are
// open()'s (checked before the file is made), create makes the file and
// returns its descriptor (open for reading and writing) and its path
// ("" when it has none), and name gives the object's name from them.
// With remove, closing the file (or the collector, or the interpreter's
// end, closing it) removes the path: NamedTemporaryFile's delete=True.
func NewTemp(th *starlark.Thread, mode string, newline starlark.Value, create func() (int, string, error),
	name func(fd int, path string) starlark.Value, remove bool) (*File, error) {
	m, err := parseMode(mode)
	if err != nil {
		return nil, err
	}
	nl, err := parseNewline(m, newline)
	if err != nil {
		return nil, err
	}
	fd, path, err := create()
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), path)
	fo := newFile(th, f, name(fd, path), fileMode(mode, m), m, nl)
	track(th, fo)
	if remove && path != "" {
		fo.c.remove = path
	}
	return fo, nil
}

// fileMode is the mode attribute of a file opened with mode on a
// descriptor, as Python shows it: a text file's is the mode given, a
// binary file's that of its raw file ("rb+" for "w+b").
func fileMode(mode string, m modeFlags) string {
	if !m.binary {
		return mode
	}
	switch {
	case m.readable && m.writable:
		if m.flags&unix.O_APPEND != 0 {
			return "ab+"
		}
		return "rb+"
	case m.flags&unix.O_APPEND != 0:
		return "ab"
	case m.writable:
		return "wb"
	}
	return "rb"
}
