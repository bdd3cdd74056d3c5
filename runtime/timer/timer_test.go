package timer

import (
	"math/rand"
	"testing"
	"time"
)

func TestOrderAndTies(t *testing.T) {
	var h Heap
	base := time.Now()
	var want []int
	for i := 0; i < 1000; i++ {
		d := time.Duration(rand.Intn(50)) * time.Millisecond
		h.Add(New(base.Add(d), 0, i))
	}
	var last time.Time
	lastSeq := map[time.Time]int{}
	for {
		tm := h.PopDue(base.Add(time.Hour))
		if tm == nil {
			break
		}
		if tm.When.Before(last) {
			t.Fatal("out of order")
		}
		if prev, ok := lastSeq[tm.When]; ok && prev > tm.Data.(int) {
			t.Fatal("equal deadlines not in creation order")
		}
		lastSeq[tm.When] = tm.Data.(int)
		last = tm.When
		want = append(want, tm.Data.(int))
	}
	if len(want) != 1000 || h.Len() != 0 {
		t.Fatalf("popped %d", len(want))
	}
}

func TestRemoveAndReschedule(t *testing.T) {
	var h Heap
	now := time.Now()
	a := New(now.Add(time.Second), 0, "a")
	b := New(now.Add(2*time.Second), 0, "b")
	h.Add(a)
	h.Add(b)
	h.Remove(a)
	h.Remove(a) // twice is harmless
	if a.Pending() || h.Len() != 1 {
		t.Fatal("Remove")
	}
	if next, _ := h.Next(); !next.Equal(b.When) {
		t.Fatal("Next after Remove")
	}
	h.Reschedule(b, now)
	if tm := h.PopDue(now); tm != b {
		t.Fatal("Reschedule to now")
	}
	if h.PopDue(now.Add(time.Hour)) != nil {
		t.Fatal("empty heap popped something")
	}
	if _, ok := h.Next(); ok {
		t.Fatal("Next on empty")
	}
}

func TestNotDueYet(t *testing.T) {
	var h Heap
	now := time.Now()
	h.Add(New(now.Add(time.Minute), 0, nil))
	if h.PopDue(now) != nil {
		t.Fatal("popped a timer before its deadline")
	}
}

func BenchmarkAddPop(b *testing.B) {
	var h Heap
	now := time.Now()
	for i := 0; i < 100000; i++ {
		h.Add(New(now.Add(time.Duration(i)*time.Microsecond+time.Hour), 0, nil))
	}
	// a timer that runs and is scheduled again, as call_every's: the
	// heap itself allocates nothing
	tm := New(now, 0, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		h.Reschedule(tm, now.Add(time.Duration(i%1000)*time.Microsecond))
		h.PopDue(now.Add(time.Second))
	}
}
