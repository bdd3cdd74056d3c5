// Package oneproc, imported for its effect, starts the process on one P
// (GOMAXPROCS 1). The command raises the count afterwards where it needs
// more (an event loop per worker with -j, the prompt's reader: see
// cmd/pyasync's setProcs), and gives back Initial when GOMAXPROCS is in
// the environment.
//
// Why at package initialisation: lowering the count destroys the spare
// Ps, and each hands back the spans of memory it has cached, one span
// class at a time, into lists the runtime allocates as they are first
// used; the package initialisation that comes before main allocates in
// many span classes, on whichever P the main goroutine happens to run.
// Lowered in main, that was ~60 page faults at every start, and a spare P
// wakes threads meanwhile; lowered here, before the heavier packages
// initialise, ~90 fewer page faults for `pyasync empty.star` (586 ->
// 496, perf stat), where a page fault costs 10-20 µs on a virtual
// machine.
//
// Why without looking at the environment: this package then needs the
// runtime alone, and Go's initialisation order (the first package, by
// import path, whose imports are initialised) takes it right after the
// runtime, before any package has allocated. Reading GOMAXPROCS here
// needed syscall, whose initialisation copies the environment into a map
// and comes after a dozen others: the spare P then held that many more
// span classes to hand back, ~25 more page faults at every start.
//
// This package knows nothing of Starlark.
package oneproc

import "runtime"

// Initial is the count the runtime started with: GOMAXPROCS from the
// environment if it is set to a valid count, else the CPUs the process
// may use.
var Initial = runtime.GOMAXPROCS(1)
