package main

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/pyasync/pyasync/runtime/oneproc"
)

// TestProcsFor: one P per event loop, one more for the prompt's reader.
func TestProcsFor(t *testing.T) {
	for _, c := range []struct {
		loops  int
		prompt bool
		want   int
	}{
		{1, false, 1},
		{4, false, 4},
		{1, true, 2},
		{0, false, 1},
	} {
		if got := procsFor(c.loops, c.prompt); got != c.want {
			t.Errorf("procsFor(%d, %v) = %d, want %d", c.loops, c.prompt, got, c.want)
		}
	}
}

// TestSetProcsLeavesTheEnvironmentsChoice: GOMAXPROCS in the environment
// wins over the loops' count.
func TestSetProcsLeavesTheEnvironmentsChoice(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	t.Setenv("GOMAXPROCS", "3")
	runtime.GOMAXPROCS(3)
	setProcs(1, false)
	if got := runtime.GOMAXPROCS(0); got != 3 {
		t.Errorf("GOMAXPROCS=3 in the environment: got %d Ps", got)
	}
	t.Setenv("GOMAXPROCS", "")
	setProcs(2, false)
	if got := runtime.GOMAXPROCS(0); got != 2 {
		t.Errorf("two loops: got %d Ps, want 2", got)
	}
}

// TestRestoreEnvProcs: GOMAXPROCS in the environment gets back the count
// the runtime started with, which runtime/oneproc lowered to one; without
// it the count stays as it is.
func TestRestoreEnvProcs(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	runtime.GOMAXPROCS(1)
	t.Setenv("GOMAXPROCS", "")
	restoreEnvProcs()
	if got := runtime.GOMAXPROCS(0); got != 1 {
		t.Errorf("no GOMAXPROCS in the environment: got %d Ps, want 1", got)
	}
	t.Setenv("GOMAXPROCS", strconv.Itoa(oneproc.Initial))
	restoreEnvProcs()
	if got := runtime.GOMAXPROCS(0); got != oneproc.Initial {
		t.Errorf("GOMAXPROCS=%d in the environment: got %d Ps", oneproc.Initial, got)
	}
}
