package asyncore

import (
	"errors"
	"fmt"
	"math"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/poll"
)

// This file is asyncore's loop: loop(), poll() (select's semantics),
// poll2() (poll's semantics), and the helpers read(), write(),
// _exception(), readwrite() and close_all().
//
// A pass is: the registry brings the poller's registrations up to date
// (registry.go), the poller waits, the read-ahead and the channels whose
// reading resumed add the events the kernel cannot know of (readahead.go,
// flow.go), and each event goes to its
// channel: read events through read (read.go), the others through event.
// Both poll() and poll2() run on one persistent epoll registration. A
// channel that does not override readable() and writable() is answered
// in Go, and asked again only when its state changed; one that
// overrides them is asked every pass, as CPython does. The kernel hears
// about it only when the answer changed.

// mapArg resolves a map= argument: None is asyncore.socket_map.
func (m *Module) mapArg(fn string, v starlark.Value) (*starlark.Dict, error) {
	if v == nil || v == starlark.None {
		return m.SocketMap(), nil
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("%s: for parameter map: got %s, want dict", fn, v.Type())
	}
	return d, nil
}

// timeoutArg converts seconds (float, int or None) to a duration; None or
// a negative timeout waits forever.
func timeoutArg(fn string, v starlark.Value) (time.Duration, error) {
	if v == nil || v == starlark.None {
		return -1, nil
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, fmt.Errorf("%s: for parameter timeout: got %s, want float or None", fn, v.Type())
	}
	if math.IsNaN(f) {
		return 0, fmt.Errorf("%s: timeout must not be NaN", fn)
	}
	if f < 0 || f > 1e9 {
		return -1, nil
	}
	return time.Duration(f * float64(time.Second)), nil
}

// loop(timeout=30.0, use_poll=False, map=None, count=None)
func (m *Module) loop(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var timeoutV starlark.Value = starlark.Float(30.0)
	var usePoll bool
	var mp, countV starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeoutV, "use_poll?", &usePoll, "map?", &mp, "count?", &countV); err != nil {
		return nil, err
	}
	timeout, err := timeoutArg(b.Name(), timeoutV)
	if err != nil {
		return nil, err
	}
	d, err := m.mapArg(b.Name(), mp)
	if err != nil {
		return nil, err
	}
	count := -1
	if countV != starlark.None {
		if count, err = starlark.AsInt32(countV); err != nil {
			return nil, fmt.Errorf("%s: for parameter count: got %s, want int or None", b.Name(), countV.Type())
		}
		if count < 0 {
			count = 0
		}
	}
	m.reg.invalidate() // the script may have changed the map since the last call
	m.serving()
	for (d.Len() > 0 || m.timers.Len() > 0 && !m.retired || m.px.active()) && count != 0 {
		if err := m.pass(th, timeout, d, usePoll); err != nil {
			return exitNowIsReturn(err)
		}
		if count > 0 {
			count--
		}
	}
	return starlark.None, nil
}

// exitNowIsReturn turns ExitNow into a normal return, and passes other
// errors (SystemExit, an interrupt) up.
func exitNowIsReturn(err error) (starlark.Value, error) {
	var en *pyerr.ExitNow
	if errors.As(err, &en) {
		return starlark.None, nil
	}
	return nil, err
}

// poll(timeout=0.0, map=None) / poll2(timeout=0.0, map=None): one pass.
func (m *Module) pollBuiltin(usePoll bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var timeoutV starlark.Value = starlark.Float(0)
		var mp starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "timeout?", &timeoutV, "map?", &mp); err != nil {
			return nil, err
		}
		timeout, err := timeoutArg(b.Name(), timeoutV)
		if err != nil {
			return nil, err
		}
		d, err := m.mapArg(b.Name(), mp)
		if err != nil {
			return nil, err
		}
		if d.Len() == 0 && m.timers.Len() == 0 {
			return starlark.None, nil
		}
		m.reg.invalidate()
		if err := m.pass(th, timeout, d, usePoll); err != nil {
			return exitNowIsReturn(err)
		}
		return starlark.None, nil
	}
}

// pass is one poll()/poll2() pass over map d.
func (m *Module) pass(th *starlark.Thread, timeout time.Duration, d *starlark.Dict, usePoll bool) error {
	if r := m.interrupted.Load(); r != nil {
		return &pyerr.Interrupt{Reason: *r}
	}
	if !m.retired && m.retire.Load() {
		if err := m.retireNow(th); err != nil { // retire.go
			return err
		}
		if d.Len() == 0 && !m.px.active() {
			return nil // nothing left to finish: no wait for timers
		}
	}
	var err error
	if m.reg.needScan(d, usePoll) || len(m.paused) > 0 {
		err = m.reg.scan(th, d, usePoll)
	} else {
		err = m.reg.update(th, d, usePoll)
	}
	if err != nil {
		m.reg.invalidate() // left half done: scan next time
		return err
	}

	if len(m.paused) > 0 {
		timeout = m.untilRested(timeout)
	}
	wait := m.untilNextTimer(timeout)
	ahead := len(m.ahead.list) > 0 && m.ahead.ready(&m.reg) || len(m.resumed) > 0 && m.resumedReady(d)
	if ahead {
		wait = 0 // bytes already read wait for their channel
	}
	proxy := m.px.active()
	if proxy {
		wait = m.proxyBeforeWait(wait) // headers arriving (proxy.go)
	}
	events, err := m.poller.Wait(wait, m.events[:0])
	if err != nil {
		m.events = events[:0]
		return fmt.Errorf("poll: %w", err)
	}
	if ahead {
		events = m.mergeAhead(events, d)
	}
	if proxy {
		if events, err = m.proxyAfterWait(th, events); err != nil {
			m.events = events[:0]
			return err
		}
	}
	m.events = events[:0]
	if r := m.interrupted.Load(); r != nil {
		return &pyerr.Interrupt{Reason: *r}
	}
	if err := m.runSignals(th); err != nil {
		return err
	}
	if err := m.dispatch(th, events, d, usePoll); err != nil {
		return err
	}
	return m.runTimers(th)
}

// dispatch hands one wait's events to their channels.
func (m *Module) dispatch(th *starlark.Thread, events []poll.Event, d *starlark.Dict, usePoll bool) error {
	if usePoll {
		for _, ev := range events {
			obj, found := m.reg.current(d, ev.Fd)
			if !found {
				continue
			}
			if err := m.readwrite(th, obj, toPollFlags(ev.Events), d, ev.Fd); err != nil {
				return err
			}
		}
		return nil
	}
	// select's semantics: all reads, then all writes, then all exceptional
	// conditions; a channel closed earlier in the pass is skipped.
	m.rfds, m.wfds, m.efds = m.rfds[:0], m.wfds[:0], m.efds[:0]
	for _, ev := range events {
		in := m.poller.Interest(ev.Fd)
		if in&poll.In != 0 && ev.Events&(poll.In|poll.Hup|poll.Err) != 0 {
			m.rfds = append(m.rfds, ev.Fd)
		}
		if in&poll.Out != 0 && ev.Events&(poll.Out|poll.Hup|poll.Err) != 0 {
			m.wfds = append(m.wfds, ev.Fd)
		}
		if in&poll.Pri != 0 && ev.Events&poll.Pri != 0 {
			m.efds = append(m.efds, ev.Fd)
		}
	}
	for _, fd := range m.rfds { // a channel whose reading stopped earlier in the pass is skipped (flow.go)
		if obj, found := m.reg.current(d, fd); found {
			if ok, h := readGate(obj); ok {
				if err := m.handle(th, obj, m.read(th, obj, h, d, fd)); err != nil {
					return err
				}
			}
		}
	}
	for _, fd := range m.wfds {
		if obj, found := m.reg.current(d, fd); found {
			if err := m.handle(th, obj, m.writeEvent(th, obj, fd)); err != nil {
				return err
			}
		}
	}
	for _, fd := range m.efds {
		if obj, found := m.reg.current(d, fd); found {
			if err := m.handle(th, obj, m.event(th, obj, "handle_expt_event", m.mHandleExptEvent)); err != nil {
				return err
			}
		}
	}
	return nil
}

// event calls obj.method(), in Go when it is not overridden.
// Sends that the handler holds go out when it returns (sendqueue.go).
func (m *Module) event(th *starlark.Thread, obj starlark.Value, name string, native *class.Method) error {
	var err error
	m.sends.enter()
	if isMethod(obj, name, native) {
		if native == m.mHandleReadEvent {
			// called straight, not through the method value: one
			// function return less after each handler's system calls
			// (see sock.RecvNow)
			_, err = dispatcher_handle_read_event(th, native, obj, nil, nil)
		} else {
			_, err = native.Call(th, obj, nil, nil)
		}
	} else {
		_, err = callMethod(th, obj, name)
	}
	return m.sends.leave(err)
}

func toPollFlags(ev poll.Events) int {
	f := 0
	if ev&poll.In != 0 {
		f |= pollIN
	}
	if ev&poll.Pri != 0 {
		f |= pollPRI
	}
	if ev&poll.Out != 0 {
		f |= pollOUT
	}
	if ev&poll.Err != 0 {
		f |= pollERR
	}
	if ev&poll.Hup != 0 {
		f |= pollHUP
	}
	if ev&poll.Nval != 0 {
		f |= pollNVAL
	}
	return f
}

// readwrite dispatches one poll() result: read, write, priority and
// hang-up, in that order. Unlike CPython, a channel that closes during one
// step gets no later step, so handle_close runs at most once (bpo-13372).
func (m *Module) readwrite(th *starlark.Thread, obj starlark.Value, flags int, d *starlark.Dict, fd int) error {
	present := func() bool {
		if d == nil {
			return true
		}
		cur, found, _ := d.Get(starlark.MakeInt(fd))
		return found && cur == obj
	}
	err := func() error {
		if flags&pollIN != 0 {
			ok, h := true, (*hotAttrs)(nil)
			if d != nil {
				ok, h = readGate(obj)
			}
			if ok {
				if err := m.read(th, obj, h, d, fd); err != nil {
					return err
				}
				if !present() {
					return nil
				}
			}
		}
		if flags&pollOUT != 0 {
			if err := m.writeEvent(th, obj, fd); err != nil {
				return err
			}
			if !present() {
				return nil
			}
		}
		if flags&pollPRI != 0 {
			if err := m.event(th, obj, "handle_expt_event", m.mHandleExptEvent); err != nil {
				return err
			}
			if !present() {
				return nil
			}
		}
		if flags&(pollHUP|pollERR|pollNVAL) != 0 {
			if _, err := callMethod(th, obj, "handle_close"); err != nil {
				return err
			}
		}
		return nil
	}()
	if err == nil {
		return nil
	}
	if !pyerr.Reraised(err) && disconnected(err) {
		_, cerr := callMethod(th, obj, "handle_close")
		return m.handle(th, obj, cerr)
	}
	return m.handle(th, obj, err)
}

// eventHandlers are the handler each of read(obj), write(obj) and
// _exception(obj) calls.
var eventHandlers = map[string]string{
	"read":       "handle_read_event",
	"write":      "handle_write_event",
	"_exception": "handle_expt_event",
}

// read(obj), write(obj), _exception(obj)
func (m *Module) eventBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &obj); err != nil {
		return nil, err
	}
	_, err := callMethod(th, obj, eventHandlers[b.Name()])
	if err := m.handle(th, obj, err); err != nil {
		return exitNowIsReturn(err)
	}
	return starlark.None, nil
}

// readwrite(obj, flags)
func (m *Module) readwriteBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	var flags int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &obj, &flags); err != nil {
		return nil, err
	}
	if err := m.readwrite(th, obj, flags, nil, -1); err != nil {
		return exitNowIsReturn(err)
	}
	return starlark.None, nil
}

// close_all(map=None, ignore_all=False)
func (m *Module) closeAll(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mp starlark.Value = starlark.None
	var ignoreAll bool
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "map?", &mp, "ignore_all?", &ignoreAll); err != nil {
		return nil, err
	}
	d, err := m.mapArg(b.Name(), mp)
	if err != nil {
		return nil, err
	}
	return starlark.None, m.CloseAll(th, d, ignoreAll)
}

// CloseAll closes every channel of d and clears it (close_all). Errors
// other than EBADF stop it, unless ignoreAll; ExitNow, SystemExit and
// interrupts always do.
func (m *Module) CloseAll(th *starlark.Thread, d *starlark.Dict, ignoreAll bool) error {
	if d == nil {
		d = m.SocketMap()
	}
	items := d.Items()
	for _, kv := range items {
		_, err := callMethod(th, kv[1], "close")
		if err == nil {
			continue
		}
		if pyerr.Reraised(err) {
			return err
		}
		if e, ok := errnoOf(err); ok && e == unix.EBADF {
			continue
		}
		if !ignoreAll {
			return err
		}
	}
	d.Clear()
	m.reg.lost(d)
	return nil
}

// forget drops fd, about to be closed, from the registry and from the
// listeners resting after EMFILE.
func (m *Module) forget(fd int) {
	m.reg.forget(fd)
	delete(m.paused, fd)
}
