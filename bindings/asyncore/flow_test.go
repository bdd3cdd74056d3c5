package asyncore

import (
	"io"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/poll"
)

// flowFixture is a module with one channel of a dispatcher_with_send
// subclass whose readable() and handle_read() count their calls (a
// script's methods, to the loop), on one end of a socket pair, in map d.
type flowFixture struct {
	m     *Module
	th    *starlark.Thread
	d     *starlark.Dict
	ch    *class.Instance
	fd    int // the channel's descriptor
	peer  int // the other end
	asked int // readable() calls
	reads int // handle_read() calls
}

func newFlowFixture(t *testing.T) *flowFixture {
	t.Helper()
	m, err := New(Config{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	m.classes()
	f := &flowFixture{m: m, th: &starlark.Thread{Name: "test"}, d: starlark.NewDict(1)}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.fd, f.peer = fds[0], fds[1]
	t.Cleanup(func() { unix.Close(f.peer) })
	c := class.MustNew("Counting", "", []*class.Class{m.withSend}, starlark.StringDict{
		"readable": class.NewFunc("readable", func(*starlark.Thread, *class.Method, starlark.Value, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			f.asked++
			return starlark.True, nil
		}, nil),
		"handle_read": class.NewFunc("handle_read", func(th *starlark.Thread, _ *class.Method, self starlark.Value, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			f.reads++
			if h, ok := Ext(self).(*heldBuffers); ok {
				h.held = false
			}
			return callMethod(th, self, "recv", starlark.MakeInt(4096))
		}, nil),
	})
	// fill the channel's send buffer: the kernel takes nothing more, and
	// what the tests queue stays queued
	unix.SetNonblock(fds[0], true)
	for {
		if _, err := unix.Write(fds[0], make([]byte, 65536)); err != nil {
			break
		}
	}
	s := pysocket.FromFD(fds[0], unix.AF_UNIX, unix.SOCK_STREAM, 0)
	v, err := starlark.Call(f.th, c, starlark.Tuple{s, f.d}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.ch = v.(*class.Instance)
	t.Cleanup(func() { m.CloseAll(f.th, f.d, true) })
	return f
}

// call is self.name(*args) on the channel.
func (f *flowFixture) call(t *testing.T, name string, args ...starlark.Value) starlark.Value {
	t.Helper()
	v, err := callMethod(f.th, f.ch, name, args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

// pass is one loop pass that does not wait.
func (f *flowFixture) pass(t *testing.T) {
	t.Helper()
	if err := f.m.pass(f.th, 0, f.d, false); err != nil {
		t.Fatal(err)
	}
}

// watchedForReading reports whether the poller watches the channel's
// descriptor for reading.
func (f *flowFixture) watchedForReading() bool {
	return f.m.poller.Interest(f.fd)&poll.In != 0
}

// queue sets the channel's queued output (its out_buffer) to n bytes,
// as its sends and the kernel taking them would.
func (f *flowFixture) queue(n int) {
	b := stateOf(f.ch).sender()
	if n > len(b.out) {
		f.m.appendOut(f.ch, b, strings.Repeat("q", n-len(b.out)))
	} else {
		f.m.consumeOut(f.ch, b, len(b.out)-n)
	}
}

func TestFlowControlStopsReadingAboveTheHighMarkUntilTheLowMark(t *testing.T) {
	f := newFlowFixture(t)
	f.call(t, "set_flow_control", starlark.MakeInt(1000), starlark.MakeInt(100))
	f.pass(t)
	if !f.watchedForReading() {
		t.Fatal("a channel with nothing queued is not watched for reading")
	}
	steps := []struct {
		queued  int
		reading bool
	}{
		{1000, true},  // at the high mark: still reading
		{1001, false}, // above it: stopped
		{500, false},  // between the marks: still stopped
		{101, false},  // just above the low mark
		{100, true},   // at the low mark: reading again
		{900, true},   // between the marks, coming from below: reading
		{5000, false}, // above again
		{0, true},     // drained
		{1 << 20, false},
	}
	for _, s := range steps {
		f.queue(s.queued)
		f.pass(t)
		if got := f.watchedForReading(); got != s.reading {
			t.Errorf("with %d bytes queued: watched for reading %v, want %v", s.queued, got, s.reading)
		}
		if got := f.call(t, "is_reading"); got != starlark.Bool(s.reading) {
			t.Errorf("with %d bytes queued: is_reading() = %v, want %v", s.queued, got, s.reading)
		}
		if got := f.call(t, "get_write_buffer_size"); got != starlark.MakeInt(s.queued) {
			t.Errorf("get_write_buffer_size() = %v, want %d", got, s.queued)
		}
	}
	// off again: reading whatever is queued
	f.call(t, "set_flow_control", starlark.None)
	f.pass(t)
	if !f.watchedForReading() {
		t.Error("set_flow_control(None) left the channel stopped")
	}
}

func TestFlowControlIsOffByDefault(t *testing.T) {
	f := newFlowFixture(t)
	f.queue(8 << 20)
	f.pass(t)
	if !f.watchedForReading() || f.call(t, "is_reading") != starlark.True {
		t.Error("a channel with 8 MiB queued and no flow control stopped reading")
	}
}

func TestFlowControlDefaultLowMarkIsAQuarterOfHigh(t *testing.T) {
	f := newFlowFixture(t)
	f.call(t, "set_flow_control", starlark.MakeInt(4000))
	f.queue(4001)
	f.pass(t)
	f.queue(1001)
	f.pass(t)
	if f.watchedForReading() {
		t.Error("reading resumed above high // 4")
	}
	f.queue(1000)
	f.pass(t)
	if !f.watchedForReading() {
		t.Error("reading did not resume at high // 4")
	}
}

func TestFlowControlArguments(t *testing.T) {
	f := newFlowFixture(t)
	for _, c := range []struct {
		args []starlark.Value
		want string
	}{
		{[]starlark.Value{starlark.MakeInt(10), starlark.MakeInt(20)}, "high (10) must be >= low (20) must be >= 0"},
		{[]starlark.Value{starlark.MakeInt(-1)}, "high (-1) must be >= low (0) must be >= 0"},
		{[]starlark.Value{starlark.MakeInt(10), starlark.MakeInt(-1)}, "high (10) must be >= low (-1) must be >= 0"},
		{[]starlark.Value{starlark.String("10")}, "set_flow_control: for parameter high: got string, want int or None"},
		{[]starlark.Value{starlark.None, starlark.MakeInt(1)}, "low (1) given without high"},
		{nil, "set_flow_control: missing argument for high"},
	} {
		_, err := callMethod(f.th, f.ch, "set_flow_control", c.args...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("set_flow_control%v: error %v, want %q", c.args, err, c.want)
		}
	}
}

// A stopped channel whose readable() is a script's is not asked it: the
// loop answers for it, and the interpreter is not entered.
func TestAStoppedChannelIsNotAskedReadable(t *testing.T) {
	f := newFlowFixture(t)
	f.pass(t)
	f.pass(t)
	if f.asked < 2 {
		t.Fatalf("readable() asked %d times in two passes, want every pass", f.asked)
	}
	f.call(t, "pause_reading")
	before := f.asked
	for range 10 {
		f.pass(t)
	}
	if f.asked != before {
		t.Errorf("a paused channel was asked readable() %d times in 10 passes", f.asked-before)
	}
	if f.watchedForReading() {
		t.Error("a paused channel is watched for reading")
	}
	f.call(t, "resume_reading")
	f.pass(t)
	if f.asked == before || !f.watchedForReading() {
		t.Error("resume_reading() did not bring readable() back")
	}
}

// A read event already collected in a pass is dropped when the channel's
// reading stops before its turn.
func TestAReadEventOfAStoppedChannelIsDropped(t *testing.T) {
	f := newFlowFixture(t)
	f.pass(t) // registers the channel
	unix.Write(f.peer, []byte("data"))
	f.call(t, "pause_reading")
	for _, usePoll := range []bool{false, true} {
		if err := f.m.dispatch(f.th, []poll.Event{{Fd: f.fd, Events: poll.In}}, f.d, usePoll); err != nil {
			t.Fatal(err)
		}
	}
	if f.reads != 0 {
		t.Errorf("handle_read ran %d times for a paused channel", f.reads)
	}
	f.call(t, "resume_reading")
	f.pass(t)
	f.pass(t)
	if f.reads != 1 {
		t.Errorf("handle_read ran %d times once resumed, want 1", f.reads)
	}
}

// heldBuffers is a module's Buffers that holds input back.
type heldBuffers struct{ held bool }

func (h *heldBuffers) QueuedOutput() int { return 0 }
func (h *heldBuffers) HeldInput() bool   { return h.held }

// pausedHoldingInput is a fixture whose channel is registered, paused,
// and holds input back.
func pausedHoldingInput(t *testing.T) *flowFixture {
	t.Helper()
	f := newFlowFixture(t)
	h := &heldBuffers{}
	SetExt(f.ch, h)
	f.pass(t)
	f.call(t, "pause_reading")
	h.held = true
	return f
}

// A channel that holds input back when its reading stopped gets a read
// event in the pass after reading resumes, though the kernel has nothing
// for it, and that pass does not wait.
func TestAChannelHoldingInputGetsAReadEventWhenReadingResumes(t *testing.T) {
	f := pausedHoldingInput(t)
	f.pass(t)
	if f.reads != 0 || len(f.m.resumed) != 0 {
		t.Fatalf("a paused channel was read (%d) or listed (%d)", f.reads, len(f.m.resumed))
	}
	f.call(t, "resume_reading")
	if len(f.m.resumed) != 1 {
		t.Fatalf("resume_reading() listed %d channels, want 1", len(f.m.resumed))
	}
	if err := f.m.reg.update(f.th, f.d, false); err != nil {
		t.Fatal(err)
	}
	if !f.m.resumedReady(f.d) {
		t.Fatal("a resumed channel holding input is not due a read event: the pass would wait")
	}
	f.pass(t)
	if f.reads != 1 {
		t.Fatalf("handle_read ran %d times after resume_reading(), want 1", f.reads)
	}
	f.pass(t)
	if f.reads != 1 || len(f.m.resumed) != 0 {
		t.Errorf("after the held input was handed over: %d reads, %d listed; want 1, 0", f.reads, len(f.m.resumed))
	}
}

// A channel listed for its held input is dropped when it closes before
// its read event.
func TestAClosedChannelLeavesTheResumedList(t *testing.T) {
	f := pausedHoldingInput(t)
	f.call(t, "resume_reading")
	f.call(t, "close")
	if f.m.resumedReady(f.d) || len(f.m.resumed) != 0 {
		t.Error("a closed channel is still due a read event")
	}
}
