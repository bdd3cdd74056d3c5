// Package prefault, imported for its effect, maps at start-up, with one
// system call each, the memory the start-up is about to touch: the
// program's code and the heap it grows into. Otherwise the kernel maps
// it a page fault at a time, as each page is first touched.
//
// Starting `pyasync empty.star` touches some 200 pages of heap (package
// initialisation, the predeclared environment, the loop) and code spread
// over most of the binary's 6 MB of text (the initialisation of some 150
// packages, each in its own place). Each first touch of a heap page is a
// page fault, and so is each of code not yet mapped (the kernel maps the
// 16 pages around it), and a page fault costs several µs on a virtual
// machine (the trap to the kernel and back, through the hypervisor),
// where madvise(MADV_POPULATE_WRITE) maps a run of fresh pages for about
// 1 µs each, and MADV_POPULATE_READ the pages of a file in the page
// cache for much less.
//
//   - The heap grows upwards from where it is during package
//     initialisation: this package allocates one object just large
//     enough to be given pages of its own (never touched: fresh pages
//     are zero) to learn where that is, and populates the MiB above it,
//     about what start-up takes (~90 fewer page faults at every start;
//     resident memory that the heap then uses, most of it).
//   - The code is the executable segment, which the program headers the
//     kernel hands the process (the auxiliary vector) describe: ~50
//     fewer page faults. It is the binary's own file, in the page cache,
//     shared with every other pyasync process.
//
// Altogether ~130 fewer page faults for `pyasync empty.star` (perf
// stat: ~393 -> ~260), and a task-clock median 1.8-2.0 ms lower in 200
// and 300 alternating runs on a loaded machine (14.2 -> 12.4 ms), though
// within the noise (0-0.4 ms) in other such series: what a page fault
// costs there varies with what else the machine does.
//
// Where the system calls are missing (Linux before 5.14) nothing is
// done, and where a range runs into memory not mapped yet (the heap is
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
	if start, n := textSegment(getAuxv()); n > 0 {
		populate(start, n, madvPopulateRead)
	}
}

// Linux's madvise advice values for populating (not in package syscall).
const (
	madvPopulateRead  = 22
	madvPopulateWrite = 23
)

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

// getAuxv is the auxiliary vector the kernel started the process with
// (pairs of a tag and a value), as the runtime keeps it for
// golang.org/x/sys.
//
//go:linkname getAuxv runtime.getAuxv
func getAuxv() []uintptr

// The auxiliary vector's tags for the program headers.
const (
	atPHDR  = 3 // their address in memory
	atPHENT = 4 // the size of one
	atPHNUM = 5 // how many
)

// phdr is an ELF64 program header.
type phdr struct {
	typ, flags                              uint32
	off, vaddr, paddr, filesz, memsz, align uint64
}

// textSegment is where the executable segment of the program lies in
// memory, from its program headers; n is 0 if they are not found.
func textSegment(auxv []uintptr) (start, n uintptr) {
	var at, ent, num uintptr
	for i := 0; i+1 < len(auxv); i += 2 {
		switch auxv[i] {
		case atPHDR:
			at = auxv[i+1]
		case atPHENT:
			ent = auxv[i+1]
		case atPHNUM:
			num = auxv[i+1]
		}
	}
	if at == 0 || ent != unsafe.Sizeof(phdr{}) {
		return 0, 0
	}
	const (
		ptLoad = 1
		ptPhdr = 6
		pfX    = 1
	)
	// the headers are in the program's own mapping, outside the Go heap
	headers := unsafe.Slice((*phdr)(*(*unsafe.Pointer)(unsafe.Pointer(&at))), num)
	// where the program was loaded: 0 for an executable at a fixed
	// address, what the headers' own address tells for one that is not
	var bias uintptr
	for _, h := range headers {
		if h.typ == ptPhdr {
			bias = at - uintptr(h.vaddr)
		}
	}
	for _, h := range headers {
		if h.typ == ptLoad && h.flags&pfX != 0 {
			return bias + uintptr(h.vaddr), uintptr(h.filesz)
		}
	}
	return 0, 0
}
