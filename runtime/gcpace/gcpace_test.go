package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// goal is the heap size at which the collector starts its next cycle for
// a live heap and a percentage, as the Go runtime computes it.
func goal(live uint64, percent int) uint64 {
	byLive := live + live*uint64(percent)/100
	minimum := uint64(4<<20) * uint64(percent) / 100
	return max(byLive, minimum)
}

// TestPercentGivesSlack: below Slack of live heap, the next collection
// waits for about Slack of new allocation; above, GOGC=100 stands.
func TestPercentGivesSlack(t *testing.T) {
	for _, live := range []uint64{0, 100 << 10, 1 << 20, 3 << 20, 6 << 20, 12 << 20} {
		p := Percent(live)
		g := goal(live, p)
		want := live + Slack
		if g+g/50 < want || g > want+want/50 {
			t.Errorf("live %d KiB: percent %d gives a goal of %d KiB, want about %d KiB", live>>10, p, g>>10, want>>10)
		}
	}
	for _, live := range []uint64{Slack, 2 * Slack, 1 << 30} {
		if p := Percent(live); p != base {
			t.Errorf("live %d MiB: percent %d, want %d (GOGC=100)", live>>20, p, base)
		}
	}
}

// TestLiveBound: from the goal the collector set for a live heap and a
// percentage, liveBound gives back at least that live heap, and the heap
// itself when the goal came from it rather than from the minimum.
func TestLiveBound(t *testing.T) {
	for _, p := range []int{100, 400, 1600} {
		for _, live := range []uint64{0, 100 << 10, 1 << 20, 6 << 20, 64 << 20} {
			g := goal(live, p)
			b := liveBound(g, p)
			if b+1 < live {
				t.Errorf("percent %d, live %d KiB: bound %d KiB is below it", p, live>>10, b>>10)
			}
			if g > uint64(4<<20)*uint64(p)/100 && b > live+live/100+1 {
				t.Errorf("percent %d, live %d KiB: bound %d KiB, want the live heap (the goal came from it)", p, live>>10, b>>10)
			}
		}
	}
}

// TestEnableFollowsLiveHeap: Enable raises the percentage for a small
// heap, and after a collection that finds a large live heap, the pacer
// brings it back to GOGC=100.
func TestEnableFollowsLiveHeap(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: Enable leaves the user's setting alone")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	runtime.GC()
	Enable()
	if p := currentPercent(); p <= base {
		t.Fatalf("after Enable with a small heap: GOGC %d, want more than %d", p, base)
	}
	live := make([][]byte, 2*Slack>>20)
	for i := range live {
		live[i] = make([]byte, 1<<20)
	}
	deadline := time.Now().Add(30 * time.Second) // a safety net only
	for currentPercent() != base {
		if time.Now().After(deadline) {
			t.Fatalf("with %d MiB live: GOGC %d, want %d", len(live), currentPercent(), base)
		}
		runtime.GC()
		runtime.Gosched()
	}
	runtime.KeepAlive(live)
}

func currentPercent() int {
	p := debug.SetGCPercent(-1)
	debug.SetGCPercent(p)
	return p
}
