// Package timer is the loop's clock: a heap of timers ordered by deadline
// (and, for equal deadlines, by creation), so that the loop can ask when
// the next one is due and take the due ones in order. Cancelling removes a
// timer at once. A Heap is used by one goroutine.
package timer

import (
	"container/heap"
	"time"
)

// Timer is one scheduled call. Period > 0 makes it repeat.
type Timer struct {
	When   time.Time
	Period time.Duration
	Data   any // what the caller runs; opaque here

	index int // in the heap; -1 when not scheduled
	seq   uint64
}

// Pending reports whether t is scheduled.
func (t *Timer) Pending() bool { return t.index >= 0 }

// Heap is a set of pending timers.
type Heap struct {
	items timers
	seq   uint64
}

type timers []*Timer

func (h timers) Len() int { return len(h) }
func (h timers) Less(i, j int) bool {
	if h[i].When.Equal(h[j].When) {
		return h[i].seq < h[j].seq
	}
	return h[i].When.Before(h[j].When)
}
func (h timers) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *timers) Push(x any) {
	t := x.(*Timer)
	t.index = len(*h)
	*h = append(*h, t)
}
func (h *timers) Pop() any {
	old := *h
	t := old[len(old)-1]
	old[len(old)-1] = nil
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// New makes a timer that is not yet scheduled.
func New(when time.Time, period time.Duration, data any) *Timer {
	return &Timer{When: when, Period: period, Data: data, index: -1}
}

// Add schedules t (again, if it ran or was cancelled).
func (h *Heap) Add(t *Timer) {
	if t.index >= 0 {
		heap.Fix(&h.items, t.index)
		return
	}
	h.seq++
	t.seq = h.seq
	heap.Push(&h.items, t)
}

// Reschedule moves t to a new deadline, scheduling it if needed.
func (h *Heap) Reschedule(t *Timer, when time.Time) {
	t.When = when
	h.Add(t)
}

// Remove cancels t; removing a timer that is not scheduled does nothing.
func (h *Heap) Remove(t *Timer) {
	if t.index >= 0 {
		heap.Remove(&h.items, t.index)
	}
}

// Len is the number of pending timers.
func (h *Heap) Len() int { return len(h.items) }

// Next returns the earliest deadline.
func (h *Heap) Next() (time.Time, bool) {
	if len(h.items) == 0 {
		return time.Time{}, false
	}
	return h.items[0].When, true
}

// PopDue removes and returns the earliest timer if it is due at now.
func (h *Heap) PopDue(now time.Time) *Timer {
	if len(h.items) == 0 || h.items[0].When.After(now) {
		return nil
	}
	return heap.Pop(&h.items).(*Timer)
}
