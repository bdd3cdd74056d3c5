// Package prefault, imported for its effect, maps at start-up, with one
// system call, the heap the start-up is about to grow into. Otherwise
// the kernel maps it a page fault at a time, as each page is first
// touched.
//
// Starting `pyasync empty.star` touches some 200 pages of heap (package
// initialisation, the predeclared environment, the loop), and each first
// touch of a heap page is a page fault, which costs several µs on a
// virtual machine (the trap to the kernel and back, through the
// hypervisor), where madvise(MADV_POPULATE_WRITE) maps a run of fresh
// pages for about 1 µs each. The heap grows upwards from where it is
// during package initialisation: this package allocates one object just
// large enough to be given pages of its own (never touched: fresh pages
// are zero) to learn where that is, and populates the MiB above it,
// about what start-up takes (~90 fewer page faults at every start;
// resident memory that the heap then uses, most of it). Half a MiB left
// ~30 more page faults; 1.5 MiB saved 5 more.
//
// The program's code is not populated so (MADV_POPULATE_READ of the
// executable segment, as this package did): it saved ~50 page faults
// (244 -> 290 without it, perf stat), but mapping all 1,500 pages of a
// 6 MB segment, and unmapping them at exit, cost more than the faults
// it saved, which each map 16 pages of code at once: without it, 0.24
// to 0.85 ms less wall time for `pyasync empty.star` and 0.84 ms less
// for `pyasync --version`, pinned to one CPU (paired medians of 250-300
// alternating runs), whether the binary's pages were cached as the Go
// linker writes them or as a copy is written.
//
// Where the system call is missing (Linux before 5.14) nothing is done,
// and where the range runs into memory not mapped yet (the heap is
// mapped in 4 MiB chunks, and may begin near a chunk's end) only the
// pages before it are populated (the call then fails with EINVAL); the
// program runs as before either way. The package needs only the
// runtime, syscall and unsafe, so Go's initialisation order takes it
// early, before the heavier packages initialise.
//
// This package knows nothing of Starlark.
package prefault

import (
	"syscall"
	"unsafe"
)

// HeapSize is how much heap, above where it stands, is mapped at
// start-up.
const HeapSize = 1 << 20

// probe is the object whose address tells where the heap grows: larger
// than the largest size class (32 KiB), so that it is given pages of
// its own at the edge of what is in use.
var probe *[32<<10 + 1]byte

func init() {
	probe = new([32<<10 + 1]byte)
	end := uintptr(unsafe.Pointer(probe)) + unsafe.Sizeof(*probe)
	populate(end, HeapSize, madvPopulateWrite)
	probe = nil
}

// Linux's madvise advice for populating writable memory (not in
// package syscall).
const madvPopulateWrite = 23

// populate maps the pages of [p, p+n) with advice, rounding p up and n
// down to whole pages.
func populate(p, n uintptr, advice int) syscall.Errno {
	const page = 4096
	start := (p + page - 1) &^ (page - 1)
	if start >= p+n {
		return 0
	}
	_, _, e := syscall.RawSyscall(syscall.SYS_MADVISE, start, (p+n-start)&^(page-1), uintptr(advice))
	return e
}
