package asyncore

import (
	"fmt"
	"math"
	"time"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/timer"
)

// Timers, an extension of asyncore (SPEC section 4):
//
//	asyncore.call_later(seconds, fn, *args) -> handle
//	asyncore.call_every(seconds, fn, *args) -> handle
//	dispatcher.call_later / dispatcher.call_every: the same, cancelled
//	    when the dispatcher closes
//	handle.cancel(), handle.reset(), handle.when, handle.cancelled
//
// Timers run inside loop(), whose wait never overshoots the next one; a
// loop() whose map is empty keeps running while timers are pending. A
// failing callback is reported like an uncaptured handler error and the
// loop goes on.

// Timer is the handle a script gets for a scheduled call.
type Timer struct {
	m         *Module
	t         *timer.Timer
	fn        starlark.Value
	args      starlark.Tuple
	delay     time.Duration
	owner     starlark.Value // the dispatcher whose close() cancels it, or nil
	done      bool           // cancelled, or a one-shot timer that ran
	cancelled bool
	bound     *timerBound // its methods bound to it, made at the first read
}

// timerBound is a timer's methods bound to it: a handler that calls
// self.timer.reset() at every event allocates them once.
type timerBound struct {
	cancel, reset *starlark.Builtin
}

func (h *Timer) String() string {
	state := "pending"
	if h.done {
		state = "done"
	}
	return fmt.Sprintf("<timer %s every=%v %s>", callableName(h.fn), h.t.Period > 0, state)
}
func (h *Timer) Type() string         { return "timer" }
func (h *Timer) Freeze()              {}
func (h *Timer) Truth() starlark.Bool { return true }
func (h *Timer) Hash() (uint32, error) {
	u := uint64(uintptr(unsafe.Pointer(h)))
	return uint32(u ^ u>>32), nil
}

func (h *Timer) Attr(name string) (starlark.Value, error) {
	switch name {
	case "when":
		return starlark.Float(float64(h.t.When.UnixNano()) / 1e9), nil
	case "cancelled":
		return starlark.Bool(h.cancelled), nil
	}
	var m **starlark.Builtin
	var fn *starlark.Builtin
	switch name {
	case "cancel":
		fn = timerCancel
		m = &h.boundMethods().cancel
	case "reset":
		fn = timerReset
		m = &h.boundMethods().reset
	default:
		return nil, nil
	}
	if *m == nil {
		*m = fn.BindReceiver(h)
	}
	return *m, nil
}

// AttrAt is Attr, for the instruction whose site is site, where a
// method (cancel, reset) leaves a hint: the next time that instruction
// reads it, of this timer or another whose method is bound already
// (self.timer.reset()), it has it without looking its name up.
func (h *Timer) AttrAt(site *starlark.AttrSite, name string) (starlark.Value, error) {
	v, err := h.Attr(name)
	switch name {
	case "cancel":
		site.SetHint(&timerHints[0])
	case "reset":
		site.SetHint(&timerHints[1])
	}
	return v, err
}

// timerHints are the hints of a timer's methods, cancel and reset (the
// hint's Index), for any timer.
var timerHints = [2]starlark.AttrHint{{Index: 0, Read: readTimerMethod}, {Index: 1, Read: readTimerMethod}}

// readTimerMethod is the Read of the timerHints: x's method, if x is a
// timer whose method is bound already.
func readTimerMethod(x starlark.Value, h *starlark.AttrHint) (starlark.Value, bool) {
	t, ok := x.(*Timer)
	if !ok || t.bound == nil {
		return nil, false
	}
	m := t.bound.cancel
	if h.Index == 1 {
		m = t.bound.reset
	}
	return m, m != nil
}

var _ starlark.CachedAttrs = (*Timer)(nil)

// boundMethods is h.bound, made if need be.
func (h *Timer) boundMethods() *timerBound {
	if h.bound == nil {
		h.bound = new(timerBound)
	}
	return h.bound
}

func (h *Timer) AttrNames() []string { return []string{"cancel", "cancelled", "reset", "when"} }

// A timer handle's methods, unbound (shared by every interpreter: a
// Builtin is not changed once made).
var (
	timerCancel = starlark.NewBuiltin("cancel", timer_cancel)
	timerReset  = starlark.NewBuiltin("reset", timer_reset)
)

// cancel(): the call will not happen (again).
func timer_cancel(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	h := b.Receiver().(*Timer)
	h.m.cancelTimer(h)
	return starlark.None, nil
}

// reset(): scheduled again from now by the original delay (even after it
// ran).
func timer_reset(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	h := b.Receiver().(*Timer)
	h.done, h.cancelled = false, false
	h.m.timers.Reschedule(h.t, time.Now().Add(h.delay))
	return starlark.None, nil
}

func callableName(v starlark.Value) string {
	if c, ok := v.(starlark.Callable); ok {
		return c.Name()
	}
	return v.Type()
}

// schedule makes a timer; period > 0 repeats it.
func (m *Module) schedule(fn string, owner starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple, every bool) (*Timer, error) {
	if len(kwargs) > 0 {
		return nil, fmt.Errorf("%s: unexpected keyword argument %s", fn, kwargs[0][0])
	}
	if len(args) < 2 {
		return nil, fmt.Errorf("%s: want (seconds, fn, *args), got %d arguments", fn, len(args))
	}
	secs, ok := starlark.AsFloat(args[0])
	if !ok {
		return nil, fmt.Errorf("%s: for parameter seconds: got %s, want float", fn, args[0].Type())
	}
	if math.IsNaN(secs) || secs < 0 || secs > 1e9 {
		return nil, fmt.Errorf("%s: seconds must be between 0 and 1e9, not %v", fn, secs)
	}
	if every && secs <= 0 {
		return nil, fmt.Errorf("%s: seconds must be greater than 0", fn)
	}
	if _, ok := args[1].(starlark.Callable); !ok {
		return nil, fmt.Errorf("%s: for parameter fn: got %s, want callable", fn, args[1].Type())
	}
	delay := time.Duration(secs * float64(time.Second))
	var period time.Duration
	if every {
		period = delay
	}
	h := &Timer{m: m, fn: args[1], args: append(starlark.Tuple(nil), args[2:]...), delay: delay, owner: owner}
	h.t = timer.New(time.Now().Add(delay), period, h)
	m.timers.Add(h.t)
	if owner != nil {
		if m.owned == nil {
			m.owned = map[starlark.Value][]*Timer{}
		}
		m.owned[owner] = append(m.owned[owner], h)
	}
	return h, nil
}

func (m *Module) cancelTimer(h *Timer) {
	h.done, h.cancelled = true, true
	m.timers.Remove(h.t)
}

// cancelOwned cancels the timers of a dispatcher that closes.
func (m *Module) cancelOwned(owner starlark.Value) {
	for _, h := range m.owned[owner] {
		m.cancelTimer(h)
	}
	delete(m.owned, owner)
}

func (m *Module) callLater(every bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return m.schedule(b.Name(), nil, args, kwargs, every)
	}
}

// call_later(seconds, fn, *args) and call_every(seconds, fn, *args) of a
// dispatcher: a timer cancelled when the dispatcher closes.
func dispatcher_call_later(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return moduleOf(fn).schedule(fn.Name(), self, args, kwargs, fn.Name() == "call_every")
}

// untilNextTimer shortens timeout so the wait ends when the next timer is
// due.
func (m *Module) untilNextTimer(timeout time.Duration) time.Duration {
	next, ok := m.timers.Next()
	if !ok {
		return timeout
	}
	d := time.Until(next)
	if d < 0 {
		d = 0
	}
	if timeout < 0 || d < timeout {
		return d
	}
	return timeout
}

// runTimers calls the timers due now, in deadline order. Errors that must
// escape the loop are returned; others are reported and the loop goes on.
func (m *Module) runTimers(th *starlark.Thread) error {
	if m.timers.Len() == 0 {
		return nil
	}
	now := time.Now()
	for {
		t := m.timers.PopDue(now)
		if t == nil {
			return nil
		}
		h := t.Data.(*Timer)
		if t.Period > 0 {
			next := t.When.Add(t.Period)
			if next.Before(now) {
				next = now.Add(t.Period) // late: don't fire a burst to catch up
			}
			m.timers.Reschedule(t, next)
		} else {
			h.done = true
			if h.owner != nil {
				m.dropOwned(h)
			}
		}
		if _, err := starlark.Call(th, h.fn, h.args, nil); err != nil {
			if pyerr.Reraised(err) || m.interrupted.Load() != nil {
				return err
			}
			m.report(th, "timer "+callableName(h.fn), err)
		}
	}
}

func (m *Module) dropOwned(h *Timer) {
	list := m.owned[h.owner]
	for i, x := range list {
		if x == h {
			list = append(list[:i], list[i+1:]...)
			break
		}
	}
	if len(list) == 0 {
		delete(m.owned, h.owner)
	} else {
		m.owned[h.owner] = list
	}
}

// report prints an error of a callback that has no handle_error (a timer,
// a signal handler), as the default handle_error would.
func (m *Module) report(th *starlark.Thread, what string, err error) {
	_, exc, info := traceback(handled{err: err, stack: th.CallStack()})
	fmt.Fprintf(m.cfg.Stdout, "error: uncaptured python exception in %s (%s:%s %s)\n", what, exc.Class().QualName(), strOn(th, exc), info)
}
