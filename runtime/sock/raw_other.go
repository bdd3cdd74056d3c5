//go:build !amd64

package sock

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// rawTransfer is unix.RawSyscall6 where there is no assembly leaf.
func rawTransfer(trap, fd uintptr, p unsafe.Pointer, n, flags uintptr) (r, errno uintptr) {
	r, _, e := unix.RawSyscall6(trap, fd, uintptr(p), n, flags, 0, 0)
	return r, uintptr(e)
}
