package poll

import (
	"runtime"
	"time"
)

// yieldEvery is how long the loop's goroutine runs before it hands the
// scheduler a turn.
const yieldEvery = 5 * time.Millisecond

// yielder makes the goroutine that runs the loop give the Go scheduler a
// turn every few milliseconds.
//
// The loop never blocks in Go: it waits in epoll_wait and otherwise runs.
// The runtime's monitor thread (sysmon) treats a goroutine that has not
// been through the scheduler for 10 ms as running too long: it asks it to
// stop, and if that goroutine is in a system call at that moment (a recv,
// a send: most of an echo server's time) it takes its P away. From then
// on every system call of the loop can lose its P, each loss costs a
// thread switch to get it back, and the monitor, having found work, wakes
// every 20 µs instead of backing off to every 10 ms. A short, regular
// runtime.Gosched keeps the goroutine's time slice fresh, so none of that
// starts.
type yielder struct {
	last time.Time
	work int // waits and events since the clock was last read
}

// yieldCheck is how many waits and events share one reading of the
// clock: a busy loop with one event per pass waits every few
// microseconds, one with hundreds of events per pass every few
// milliseconds, and must then read it every time.
const yieldCheck = 8

// maybe yields if yieldEvery has passed since the last yield. It reads
// the clock once yieldCheck waits or events have gone by, and before every
// wait that may block (block), which costs far more than a clock reading.
func (y *yielder) maybe(block bool) {
	y.work++
	if !block && y.work < yieldCheck {
		return
	}
	y.work = 0
	now := time.Now()
	if now.Sub(y.last) < yieldEvery {
		return
	}
	y.last = now
	runtime.Gosched()
}

// events counts the n events a wait returned: each is a handler call
// before the next wait.
func (y *yielder) events(n int) { y.work += n }
