// Package gcpace sets how much a pyasync process may allocate between two
// garbage collections: at least a fixed amount (Slack), and otherwise what
// GOGC=100 gives.
//
// Go's collector starts a cycle when the heap has grown by GOGC% (100 by
// default) over what the last cycle found live, and never below 4 MB.
// An event loop that moves data keeps little alive but allocates much:
// every recv() returns a new string. Streaming through a Starlark echo
// handler, that is a collection every 500 reads of 8 KiB, several hundred
// a second, each waking the collector's workers and switching threads. On
// a loop with a small live heap, Enable lets the heap grow by Slack
// instead, so collections come several times less often; with a live heap
// larger than Slack nothing changes, so memory per idle connection at
// thousands of connections stays what GOGC=100 gives.
//
// Slack is 16 MB. Handlers that do real work allocate on every request
// too (the HTTP example about 10 KB, the collector then marking a live
// heap of some 8 MB): with 16 MB the collector takes about 5% of the
// instructions per request (go run ./scripts/instr -w http), with 32 MB
// about 2%, with 64 MB 1%, and memory per idle connection (go run
// ./scripts/bench -only memory) is the same with each (963, 961 bytes).
// But a server's resident memory under load grows by the slack, and
// with 32 MB a chat server flooded by users who do not read peaked
// 96 MB above its start, past the 64 MB its hostile test allows
// (TestHostileChatUsersWhoDoNotRead): the slack stays at 16 MB.
//
// This package knows nothing of Starlark; the command turns it on.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"sync"
)

// Slack is the least the heap may grow between two collections (see
// above for why this much).
const Slack = 16 << 20

// base is GOGC's default: the percentage used once the live heap is
// larger than Slack.
const base = 100

var once sync.Once

// Enable starts pacing for the rest of the process, unless GOGC is set in
// the environment (then the user's setting stands). It is safe to call
// more than once.
func Enable() {
	if os.Getenv("GOGC") != "" {
		return
	}
	once.Do(func() {
		p := &pacer{}
		p.set(Percent(0))
		p.arm()
	})
}

// Percent is the GOGC percentage that lets a heap with live bytes alive
// grow by about Slack before the next collection: base, or more when
// live is small. The collector's goal is the larger of live*(1+p/100)
// and its minimum heap, 4 MB*p/100; the smaller of the two percentages
// that bring one of them to live+Slack brings the goal there.
func Percent(live uint64) int {
	const minHeap = 4 << 20 // the collector's minimum heap at GOGC=100
	byMinimum := (live + Slack) * 100 / minHeap
	byLive := byMinimum
	if live > 0 {
		byLive = Slack * 100 / live
	}
	p := int(min(byMinimum, byLive))
	if p < base {
		return base
	}
	return p
}

// pacer re-reads the live heap after every collection and sets the
// percentage for the next one.
type pacer struct {
	current int
}

func (p *pacer) set(percent int) {
	// a change under an eighth is not worth the call, except back to
	// base, which a heap that grew past Slack must reach (102 would stay)
	if d := percent - p.current; d > p.current/8 || -d > p.current/8 || percent == base && p.current != base {
		debug.SetGCPercent(percent)
		p.current = percent
	}
}

// liveBound is at least the live heap the last cycle found, from the goal
// it set for the next (MemStats.NextGC) under percent: the goal is live
// grown by percent, or the collector's minimum heap when that is larger,
// and then live is below it. (runtime/metrics names the live heap
// itself, but importing it costs every process about half a millisecond
// of start-up; and the heap in use when the finalizer below runs counts
// what was allocated since the cycle, which under a stream of data is
// much more than what it found live.)
func liveBound(goal uint64, percent int) uint64 {
	if percent <= 0 {
		return goal
	}
	return goal * 100 / uint64(100+percent)
}

// arm leaves an object for the collector to find dead: its finalizer
// runs once per cycle, after the cycle, and arms the next.
func (p *pacer) arm() {
	sentinel := new([16]byte)
	runtime.SetFinalizer(sentinel, func(*[16]byte) {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		p.set(Percent(liveBound(ms.NextGC, p.current)))
		p.arm()
	})
}
