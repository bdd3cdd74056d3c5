// The runtime's own updates of GOMAXPROCS (Go 1.25: a goroutine that
// follows the process's CPU limit) are off: the command sets the count
// itself (runtime/oneproc, setProcs), which stops them anyway, and the
// goroutine started for them at every start only woke a second thread
// for the spare P of the moment (~0.3 ms and ~8 page faults less for
// `pyasync empty.star`, perf stat in alternating runs).

//go:debug updatemaxprocs=0

package main

import (
	"os"
	"runtime"

	"github.com/pyasync/pyasync/runtime/oneproc"
)

// restoreEnvProcs gives the process the count GOMAXPROCS in the
// environment asks for, which runtime/oneproc lowered to one without
// looking (see its doc).
func restoreEnvProcs() {
	if os.Getenv("GOMAXPROCS") != "" {
		runtime.GOMAXPROCS(oneproc.Initial)
	}
}

// setProcs lets as many goroutines run Go code at once (GOMAXPROCS) as
// the process has event loops, plus one for the interactive prompt's
// reader; GOMAXPROCS in the environment wins.
//
// Each loop runs on one thread and never needs a second. A spare P
// costs it: every time the loop's goroutine gives the scheduler a turn
// (runtime/poll's yielder), the runtime wakes a second thread for the
// idle P, which takes the goroutine over; under ping-pong load at 100
// connections that was ~800 futex calls and ~1700 context switches in 2
// s, against none and ~600 with one P. With one P per loop, what else
// runs (signal delivery, the garbage collector's workers) gets the P
// when the loop waits.
//
// The process starts on one P (runtime/oneproc, before package
// initialisation allocates), so that raising the count here for -j or
// the prompt is all that is left to do: lowering it this late cost ~60
// page faults at every start.
func setProcs(loops int, prompt bool) {
	if os.Getenv("GOMAXPROCS") != "" {
		return
	}
	runtime.GOMAXPROCS(procsFor(loops, prompt))
}

// procsFor is the number of Ps for loops event loops, and a prompt.
func procsFor(loops int, prompt bool) int {
	n := max(loops, 1)
	if prompt {
		n++
	}
	return n
}
