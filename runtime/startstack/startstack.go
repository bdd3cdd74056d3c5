// Package startstack, imported for its effect, gives the goroutine that
// initialises the packages and then runs main a 16 KiB stack at once,
// the size it grows to anyway on the way to running a script.
//
// A goroutine starts on a 2 KiB stack, and the runtime doubles it each
// time a call needs more: 4 KiB, then 8 KiB, then 16 KiB, each a copy of
// the stack, with the stack maps of every frame read from the binary.
// The first stack of each size is carved from a fresh 32 KiB span of
// memory, whose free list the runtime writes into every stack slot of
// the span: the 4 KiB ones touch all eight pages of theirs, the 8 KiB
// ones four. Asking for the room of a 10 KiB frame first makes the
// runtime double past it in one step, to 16 KiB, whose span has two
// slots: for `pyasync empty.star` one stack copy instead of two and ~15
// fewer page faults at every start (perf stat), where a page fault costs
// several µs on a virtual machine.
//
// The frame asked for is never written: the array is declared on a path
// not taken, so the stack pages it spans are only touched as the calls
// that follow need them.
//
// This package knows nothing of Starlark.
package startstack

func init() { grow(0) }

// grow has a frame of a little over 10 KiB, all but the array's. Called
// with 0, it only enters: entering is what makes the runtime grow the
// stack.
//
//go:noinline
func grow(n int) byte {
	if n > 0 {
		var buf [10 << 10]byte
		buf[n%len(buf)] = byte(n)
		return buf[n*7%len(buf)]
	}
	return 0
}
