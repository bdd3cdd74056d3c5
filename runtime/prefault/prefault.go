// Package prefault, imported for its effect, maps the memory the heap is
// about to grow into at start-up with one system call, instead of one
// page fault per page as the allocator first touches each.
//
// Starting `pyasync empty.star` touches some 200 pages of heap: package
// initialisation, the predeclared environment, the loop. Each first
// touch is a page fault, and a page fault costs several µs on a virtual
// machine (the trap to the kernel and back, which goes through the
// hypervisor), where madvise(MADV_POPULATE_WRITE) maps a run of pages
// for about 1 µs each. The heap grows upwards from where it is during
// package initialisation, so this package allocates one object just
// large enough to be given pages of its own (never touched: fresh pages
// are zero) to learn where that is, and populates the MiB above it,
// about what start-up takes: ~90 fewer page faults at every start
// (perf stat; 1 MiB of resident memory, most of which the heap then
// uses).
//
// Where the system call is missing (Linux before 5.14) or the range not
// all mapped, nothing is done or part of it; the heap works as before
// either way. The package needs only the runtime, syscall and unsafe, so
// Go's initialisation order takes it early, before the heavier packages
// allocate.
//
// This package knows nothing of Starlark.
package prefault

import (
	"syscall"
	"unsafe"
)

// Size is how much heap, above where it stands, is mapped at start-up.
const Size = 1 << 20

// probe is the object whose address tells where the heap grows: larger
// than the largest size class (32 KiB), so that it is given pages of
// its own at the edge of what is in use.
var probe *[32<<10 + 1]byte

func init() {
	probe = new([32<<10 + 1]byte)
	end := uintptr(unsafe.Pointer(probe)) + unsafe.Sizeof(*probe)
	populate(end, Size)
	probe = nil
}

// madvPopulateWrite is Linux's MADV_POPULATE_WRITE (not in package
// syscall).
const madvPopulateWrite = 23

// populate maps the pages of [p, p+n) as if written, rounding p up and
// n down to whole pages.
func populate(p, n uintptr) syscall.Errno {
	const page = 4096
	start := (p + page - 1) &^ (page - 1)
	if start >= p+n {
		return 0
	}
	_, _, e := syscall.RawSyscall(syscall.SYS_MADVISE, start, (p+n-start)&^(page-1), madvPopulateWrite)
	return e
}
