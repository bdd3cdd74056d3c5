package batchmon

import (
	"syscall"
	"testing"
)

func TestFirst(t *testing.T) {
	for _, c := range []struct {
		pid  int
		tids []int
		want int
	}{
		{100, []int{100, 101, 102, 103}, 101},
		{100, []int{103, 100, 105, 102}, 102}, // another process took 101
		{100, []int{100}, 0},                  // no other thread
		{4194300, []int{4194300, 4194302, 300, 301}, 4194302},
		{4194303, []int{4194303, 301, 300}, 300}, // all made after the wrap
		{500, []int{500, 499, 800}, 800},         // 499: made after a wrap, so after 800
	} {
		if got := first(c.pid, c.tids); got != c.want {
			t.Errorf("first(%d, %v) = %d, want %d", c.pid, c.tids, got, c.want)
		}
	}
}

// restoredByTest is set once TestMonitorInBatchUntilRestore has called
// Restore.
var restoredByTest bool

// TestMonitorInBatchUntilRestore: the initialisation put the runtime's
// first thread after the main one in the batch class, and Restore puts
// every thread back in the normal class.
func TestMonitorInBatchUntilRestore(t *testing.T) {
	if getScheduler(0) != schedNormal {
		t.Skip("the test runs in another scheduling class than the normal one")
	}
	tids := threads()
	if len(tids) == 0 {
		t.Skip("/proc/self/task cannot be read")
	}
	if moved == 0 {
		t.Fatal("no thread was put in the batch class")
	}
	if !restoredByTest {
		// a test run again (-count) finds the thread restored
		if want := first(syscall.Getpid(), tids); moved != want {
			t.Errorf("moved thread %d, want the first made after the main one, %d", moved, want)
		}
		if got := getScheduler(moved); got != schedBatch {
			t.Errorf("thread %d: scheduling class %d, want %d (batch)", moved, got, schedBatch)
		}
	}
	Restore()
	restoredByTest = true
	for _, tid := range threads() {
		if got := getScheduler(tid); got != schedNormal {
			t.Errorf("after Restore, thread %d: scheduling class %d, want %d (normal)", tid, got, schedNormal)
		}
	}
	Restore() // a second call does nothing
}
