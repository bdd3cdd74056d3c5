// Package oneproc, imported for its effect, starts the process on one P
// (GOMAXPROCS 1) unless GOMAXPROCS is in the environment. The command
// raises the count afterwards where it needs more (an event loop per
// worker with -j, the prompt's reader: see cmd/pyasync's setProcs).
//
// Why at package initialisation: lowering the count destroys the spare
// Ps, and each hands back the spans of memory it has cached, one span
// class at a time, into lists the runtime allocates as they are first
// used; the package initialisation that comes before main allocates in
// many span classes, on whichever P the main goroutine happens to run.
// Lowered in main, that was ~60 page faults at every start, and a spare P
// wakes threads meanwhile; lowered here, before the heavier packages
// initialise (this package needs only the runtime and syscall, so Go's
// initialisation order takes it early), ~90 fewer page faults for
// `pyasync empty.star` (586 -> 496, perf stat), where a page fault costs
// 10-20 µs on a virtual machine.
//
// This package knows nothing of Starlark.
package oneproc

import (
	"runtime"
	"syscall"
)

func init() {
	if _, ok := syscall.Getenv("GOMAXPROCS"); !ok {
		runtime.GOMAXPROCS(1)
	}
}
