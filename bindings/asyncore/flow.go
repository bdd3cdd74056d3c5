package asyncore

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/poll"
)

// Flow control, an extension beyond CPython (SPEC section 4), off by
// default. A channel's methods (in dispatcher.go's table):
//
//	set_flow_control(high, low=None)   water marks of queued output;
//	                                   high=None turns it off
//	get_write_buffer_size()            bytes queued, not yet in the kernel
//	pause_reading()   resume_reading()   is_reading()
//
// Its rules:
//
//   - A channel's queued output is what it holds in Go and the kernel has
//     not taken: dispatcher_with_send's out_buffer, and what a module
//     built on asyncore holds for it (asynchat's producer queue: its
//     strings, and what its producers have given; a producer is asked
//     for data only as the socket drains). Whoever changes it tells the
//     loop (OutputChanged).
//   - When it goes above the high mark the channel is full: the loop
//     stops reading from it, and when it is back at or below the low mark
//     reading resumes. pause_reading() stops reading too, until
//     resume_reading(). While reading is stopped for either reason the
//     registry watches the descriptor for writing only and readable() is
//     not asked (interest.go): a script's readable() costs no
//     interpreter call, and the kernel's buffers, then the peer's
//     window, fill. A read event already due in the same pass is
//     dropped (dispatch and readwrite, loop.go), and a batch of read
//     events on read-ahead bytes ends (read.go).
//   - Input a channel received but holds back because reading stopped
//     (asynchat stops handing records to found_terminator, Buffers) is
//     handed over when reading resumes: the channel gets a read event in
//     the next pass without the kernel reporting one (resumed), as
//     read-ahead bytes do (readahead.go).
type flowState struct {
	on        bool // set_flow_control set marks
	high, low int  // the water marks, when on
	full      bool // queued output went above high and is not back to low
	paused    bool // pause_reading()
	resumed   bool // listed in Module.resumed
}

// stopped reports whether the loop does not read from the channel.
// A channel that never asked for flow control has none (nil): never
// stopped.
func (f *flowState) stopped() bool { return f != nil && (f.full || f.paused) }

// flowOf returns st's flow control state, made on first use.
func (st *chanState) flowOf() *flowState {
	if st.flow == nil {
		st.flow = new(flowState)
	}
	return st.flow
}

// flowOut checks self's marks after its out_buffer changed, when flow
// control is on.
func (m *Module) flowOut(self starlark.Value) {
	if inst, ok := self.(*class.Instance); ok {
		if st, ok := inst.Native.(*chanState); ok && st.flow != nil && st.flow.on {
			m.flowCheck(self, st)
		}
	}
}

// Buffers is what a module built on asyncore keeps for a channel (its
// Ext, SetExt) when it holds output or input in Go: the loop asks it.
type Buffers interface {
	// QueuedOutput is the bytes queued to send, not yet given to the
	// socket.
	QueuedOutput() int
	// HeldInput reports whether the channel holds input it received and
	// held back when reading stopped, to be handed over when it resumes.
	HeldInput() bool
}

// set_flow_control(high, low=None): stop reading while more than high
// bytes of output are queued, resume at low (default high // 4) or
// below; high=None turns flow control off. The check of the marks is
// asyncio's set_write_buffer_limits'.
func dispatcher_set_flow_control(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var highV, lowV starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "high", &highV, "low?", &lowV); err != nil {
		return nil, err
	}
	st := stateOf(self)
	if st == nil {
		return nil, fmt.Errorf("%s: got %s, want a dispatcher", fn.Name(), self.Type())
	}
	m := moduleOf(fn)
	was := st.flow.stopped()
	if highV == starlark.None {
		if lowV != starlark.None {
			return nil, pyerr.Errorf("ValueError", "low (%s) given without high", lowV.String())
		}
		if st.flow != nil {
			st.flow.on, st.flow.full = false, false
		}
		m.stoppedChanged(self, st, was)
		return starlark.None, nil
	}
	high, err := markArg(fn.Name(), "high", highV)
	if err != nil {
		return nil, err
	}
	low := high / 4
	if lowV != starlark.None {
		if low, err = markArg(fn.Name(), "low", lowV); err != nil {
			return nil, err
		}
	}
	if !(high >= low && low >= 0) {
		return nil, pyerr.Errorf("ValueError", "high (%d) must be >= low (%d) must be >= 0", high, low)
	}
	// new marks apply from now: full while above the new high
	f := st.flowOf()
	f.on, f.high, f.low = true, high, low
	f.full = queuedOutput(st) > high
	m.stoppedChanged(self, st, was)
	return starlark.None, nil
}

// markArg is a water mark argument: an int.
func markArg(fn, name string, v starlark.Value) (int, error) {
	i, ok := v.(starlark.Int)
	if !ok {
		return 0, pyerr.Errorf("TypeError", "%s: for parameter %s: got %s, want int or None", fn, name, v.Type())
	}
	n, ok := i.Int64()
	if !ok || n > 1<<62 {
		n = 1 << 62
	}
	if n < -1<<62 {
		n = -1 << 62
	}
	return int(n), nil
}

// get_write_buffer_size(): the bytes of output queued in the channel,
// not yet given to the kernel (asyncio's name).
func dispatcher_get_write_buffer_size(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	st := stateOf(self)
	if st == nil {
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeInt(queuedOutput(st)), nil
}

// pause_reading() and resume_reading(): the loop stops reading from the
// channel, or reads again (unless flow control holds it), as an asyncio
// transport's.
func dispatcher_pause_reading(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	st := stateOf(self)
	if st == nil {
		return nil, fmt.Errorf("%s: got %s, want a dispatcher", fn.Name(), self.Type())
	}
	pause := fn.Name() == "pause_reading"
	if (st.flow != nil && st.flow.paused) == pause {
		return starlark.None, nil
	}
	was := st.flow.stopped()
	st.flowOf().paused = pause
	moduleOf(fn).stoppedChanged(self, st, was)
	return starlark.None, nil
}

// is_reading(): False while pause_reading() or flow control stops the
// loop reading from the channel.
func dispatcher_is_reading(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	return starlark.Bool(!readingStopped(self)), nil
}

// queuedOutput is the channel's queued output: its out_buffer and what
// another module holds for it.
func queuedOutput(st *chanState) int {
	if st.send == nil {
		return 0
	}
	n := len(st.send.out)
	if b, ok := st.send.ext.(Buffers); ok {
		n += b.QueuedOutput()
	}
	return n
}

// readingStopped reports whether the loop does not read from obj:
// pause_reading() or flow control. (Small, to be inlined on the read
// path.)
func readingStopped(obj starlark.Value) bool {
	if inst, ok := obj.(*class.Instance); ok {
		if st, ok := inst.Native.(*chanState); ok {
			return st.flow.stopped()
		}
	}
	return false
}

// ReadingStopped is readingStopped, for the modules built on asyncore:
// asynchat hands no more input over while it holds.
func ReadingStopped(self starlark.Value) bool { return readingStopped(self) }

// OutputChanged tells the loop that self's queued output changed, for
// flow control (it costs a look at one field when flow control is off),
// and, when flipped, that it became empty or stopped being empty
// (as Changed).
func (m *Module) OutputChanged(self starlark.Value, flipped bool) {
	if inst, ok := self.(*class.Instance); ok && flipped {
		m.reg.markChanged(inst)
	}
	m.flowOut(self)
}

// flowCheck compares self's queued output with its marks: above high it
// is full, at or below low no longer.
func (m *Module) flowCheck(self starlark.Value, st *chanState) {
	f := st.flow
	if f == nil || !f.on {
		return
	}
	q := queuedOutput(st)
	switch {
	case !f.full && q > f.high:
		f.full = true
		m.stoppedChanged(self, st, f.paused)
	case f.full && q <= f.low:
		f.full = false
		m.stoppedChanged(self, st, true)
	}
}

// stoppedChanged tells the registry when reading from self stopped or
// resumed (it was stopped before the change when was).
func (m *Module) stoppedChanged(self starlark.Value, st *chanState, was bool) {
	switch now := st.flow.stopped(); {
	case was && !now:
		m.readingResumed(self, st)
	case now && !was:
		m.Changed(self)
	}
}

// readingResumed tells the registry that self is to be read from again
// and, if it holds input back, lists it for a read event (resumed).
func (m *Module) readingResumed(self starlark.Value, st *chanState) {
	m.Changed(self)
	if b, ok := extOf(st).(Buffers); ok && b.HeldInput() && !st.flowOf().resumed {
		st.flow.resumed = true
		m.resumed = append(m.resumed, self)
	}
}

// resumedReady drops the listed channels that are no longer due a read
// event (closed, left the map, stopped again, their input handed over)
// and reports whether any left is due one this pass: it is registered
// under its descriptor in d and watched for reading. Then the pass must
// not block.
func (m *Module) resumedReady(d *starlark.Dict) bool {
	ready := false
	kept := m.resumed[:0]
	for _, obj := range m.resumed {
		st := stateOf(obj)
		b, ok := extOf(st).(Buffers)
		fd := int(st.reg.fd)
		if !ok || !b.HeldInput() || st.flow.stopped() || !m.reg.registered(fd, obj) {
			if st.flow != nil {
				st.flow.resumed = false
			}
			continue
		}
		kept = append(kept, obj)
		ready = ready || m.resumedDue(d, obj, fd)
	}
	clear(m.resumed[len(kept):])
	m.resumed = kept
	return ready
}

// resumedDue reports whether obj, listed under fd, gets its read event
// this pass: it is the channel under fd in d, watched for reading (a
// script's readable() may still say no: then it waits, listed).
func (m *Module) resumedDue(d *starlark.Dict, obj starlark.Value, fd int) bool {
	if m.poller.Interest(fd)&poll.In == 0 {
		return false
	}
	cur, found, _ := d.Get(starlark.MakeInt(fd))
	return found && cur == obj
}

// mergeAhead adds to the events of a wait the read events the kernel
// cannot know of: the read-ahead's (readahead.go) and the resumed
// channels'.
func (m *Module) mergeAhead(events []poll.Event, d *starlark.Dict) []poll.Event {
	if len(m.ahead.list) > 0 {
		events = m.ahead.merge(events, &m.reg)
	}
	if len(m.resumed) > 0 {
		events = m.mergeResumed(events, d)
	}
	return events
}

// mergeResumed adds a read event for every listed channel due one to the
// events of a wait, and unlists them.
func (m *Module) mergeResumed(events []poll.Event, d *starlark.Dict) []poll.Event {
	kept := m.resumed[:0]
	for _, obj := range m.resumed {
		st := stateOf(obj)
		fd := int(st.reg.fd)
		if !m.resumedDue(d, obj, fd) {
			kept = append(kept, obj)
			continue
		}
		if st.flow != nil {
			st.flow.resumed = false
		}
		merged := false
		for i := range events {
			if events[i].Fd == fd {
				events[i].Events |= poll.In
				merged = true
				break
			}
		}
		if !merged {
			events = append(events, poll.Event{Fd: fd, Events: poll.In})
		}
	}
	clear(m.resumed[len(kept):])
	m.resumed = kept
	return events
}

// extOf is what a module built on asyncore keeps for st (SetExt), or nil.
func extOf(st *chanState) any {
	if st.send == nil {
		return nil
	}
	return st.send.ext
}
