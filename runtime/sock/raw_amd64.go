package sock

import "unsafe"

// rawTransfer is recvfrom(2) or sendto(2) (trap) of n bytes at p on fd,
// with no address, made by this assembly leaf itself and without telling
// the Go scheduler (see RecvNow). It returns the result and the errno (0
// for none).
//
//go:noescape
func rawTransfer(trap, fd uintptr, p unsafe.Pointer, n, flags uintptr) (r, errno uintptr)
