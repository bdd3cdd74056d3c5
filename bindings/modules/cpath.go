package modules

import (
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// System calls on a path without allocating its C string: golang.org/x/sys
// copies each path into a new NUL-terminated slice on the heap; a path
// that fits in cPathMax bytes is copied onto the stack instead (the
// system call's uintptr arguments keep a stack buffer where it is: the
// assembly that makes the call cannot grow the stack). A handler that
// stats and opens a file per request makes several such calls.

// atFDCWD is unix.AT_FDCWD, a variable so that it converts to uintptr.
var atFDCWD = unix.AT_FDCWD

// cPathMax is the longest path (with its NUL) copied onto the stack.
const cPathMax = 512

// cPath is a path copied onto the stack, NUL-terminated.
type cPath [cPathMax]byte

// set copies p into c; false when p does not fit or holds a NUL (which
// the slow path reports as x/sys does).
func (c *cPath) set(p string) bool {
	if len(p) >= len(c) || strings.IndexByte(p, 0) >= 0 {
		return false
	}
	copy(c[:], p)
	c[len(p)] = 0
	return true
}

// fstatat is unix.Fstatat(unix.AT_FDCWD, the path in c, st, flags).
func (c *cPath) fstatat(st *unix.Stat_t, flags int) error {
	_, _, e := unix.Syscall6(uintptr(sysFstatat), uintptr(atFDCWD), uintptr(unsafe.Pointer(&c[0])), uintptr(unsafe.Pointer(st)), uintptr(flags), 0, 0)
	if e != 0 {
		return e
	}
	return nil
}

// statAt is unix.Stat (follow) or unix.Lstat of p.
func statAt(p string, st *unix.Stat_t, follow bool) error {
	flags := 0
	if !follow {
		flags = unix.AT_SYMLINK_NOFOLLOW
	}
	var c cPath
	if sysFstatat < 0 || !c.set(p) {
		return unix.Fstatat(unix.AT_FDCWD, p, st, flags)
	}
	return c.fstatat(st, flags)
}

// openAt is unix.Open(p, flags, mode), retrying EINTR as it does.
func openAt(p string, flags int, mode uint32) (int, error) {
	var c cPath
	if !c.set(p) {
		return unix.Open(p, flags, mode)
	}
	fd := -1
	err := oserr.IgnoringEINTR(func() error {
		r, _, e := unix.Syscall6(unix.SYS_OPENAT, uintptr(atFDCWD), uintptr(unsafe.Pointer(&c[0])), uintptr(flags|unix.O_LARGEFILE), uintptr(mode), 0, 0)
		if e != 0 {
			return e
		}
		fd = int(r)
		return nil
	})
	return fd, err
}

// plainRealpath is realpath(p) for the common case, without allocating:
// p absolute and in normal form (no "//", ".", ".." or trailing "/"),
// and no part of it a symbolic link or missing; ok is false for any
// other, which joinRealpath works out.
func plainRealpath(p string) (ok bool) {
	if !isPlainAbs(p) || sysFstatat < 0 {
		return false
	}
	var c cPath
	if !c.set(p) {
		return false
	}
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		c[i] = 0 // p[:i], the path so far
		var st unix.Stat_t
		err := c.fstatat(&st, unix.AT_SYMLINK_NOFOLLOW)
		if i < len(p) {
			c[i] = '/'
		}
		if err != nil || st.Mode&sIFMT == sIFLNK {
			return false
		}
	}
	return true
}

// isPlainAbs reports whether p is an absolute path that normpath leaves
// as it is, "/" excepted.
func isPlainAbs(p string) bool {
	if len(p) < 2 || p[0] != '/' || p[len(p)-1] == '/' {
		return false
	}
	for _, part := range []string{"//", "/./", "/../"} {
		if strings.Contains(p, part) {
			return false
		}
	}
	return !strings.HasSuffix(p, "/.") && !strings.HasSuffix(p, "/..")
}
