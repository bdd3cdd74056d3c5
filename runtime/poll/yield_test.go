package poll

import (
	"testing"
	"time"
)

// TestYieldAfterManyEvents: a wait that follows a pass with many events
// checks the clock (and yields, once yieldEvery has passed) even though
// it is not the yieldCheck-th wait; one after a quiet pass does not.
func TestYieldAfterManyEvents(t *testing.T) {
	var y yielder
	y.last = time.Now().Add(-time.Second)
	stale := y.last
	y.maybe(false)
	if !y.last.Equal(stale) {
		t.Fatal("the first wait after a quiet pass read the clock; want it to wait for yieldCheck waits or events")
	}
	y.events(400) // a pass that dispatched 400 events
	y.maybe(false)
	if y.last.Equal(stale) {
		t.Fatal("the wait after 400 events did not yield, though yieldEvery had passed")
	}
}

// TestYieldBeforeBlocking: a wait that may block always checks the clock.
func TestYieldBeforeBlocking(t *testing.T) {
	var y yielder
	y.last = time.Now().Add(-time.Second)
	stale := y.last
	y.maybe(true)
	if y.last.Equal(stale) {
		t.Fatal("a wait that may block did not yield, though yieldEvery had passed")
	}
	recent := y.last
	y.maybe(true)
	if !y.last.Equal(recent) {
		t.Fatal("yielded again at once; want at most one yield per yieldEvery")
	}
}
