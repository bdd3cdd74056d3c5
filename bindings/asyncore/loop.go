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
// Both poll() and poll2() run on one persistent epoll registration. A
// channel that does not override readable() and writable() is answered in
// Go, and asked again only when its state changed (sync.go); one that
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
	if err := starlark.UnpackArgs("loop", args, kwargs, "timeout?", &timeoutV, "use_poll?", &usePoll, "map?", &mp, "count?", &countV); err != nil {
		return nil, err
	}
	timeout, err := timeoutArg("loop", timeoutV)
	if err != nil {
		return nil, err
	}
	d, err := m.mapArg("loop", mp)
	if err != nil {
		return nil, err
	}
	count := -1
	if countV != starlark.None {
		if count, err = starlark.AsInt32(countV); err != nil {
			return nil, fmt.Errorf("loop: for parameter count: got %s, want int or None", countV.Type())
		}
		if count < 0 {
			count = 0
		}
	}
	m.resync = true // the script may have changed the map since the last call
	for (d.Len() > 0 || m.timers.Len() > 0) && count != 0 {
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
		m.resync = true
		if err := m.pass(th, timeout, d, usePoll); err != nil {
			return exitNowIsReturn(err)
		}
		return starlark.None, nil
	}
}

// interest asks obj readable() and writable(), in Go when they are not
// overridden.
func (m *Module) interest(th *starlark.Thread, obj starlark.Value) (r, w bool, err error) {
	if r, err = m.ask(th, obj, "readable", m.mReadable); err != nil {
		return false, false, err
	}
	if w, err = m.ask(th, obj, "writable", m.mWritable); err != nil {
		return false, false, err
	}
	if w && hotTruth(obj, hotAccepting) {
		w = false // accepting sockets never get write events
	}
	return r, w, nil
}

// How the loop answers readable() or writable() for a class.
const (
	askCall   = iota // a script's method: call it
	askTrue          // dispatcher's: always True
	askSend          // dispatcher_with_send's writable
	askNative        // a Go answer registered with NativeInterest
)

type interestInfo struct {
	readable, writable      int
	nativeRead, nativeWrite func(starlark.Value) bool
}

// classInterest works out once per class (until a class changes) how its
// readable() and writable() are answered.
func (m *Module) classInterest(c *class.Class) *interestInfo {
	if v, ok := c.Memo(); ok {
		if info, ok := v.(*interestInfo); ok {
			return info
		}
	}
	info := &interestInfo{}
	kind := func(name string, always *class.Method) (int, func(starlark.Value) bool) {
		fn, ok := c.Lookup(name)
		meth, isMethod := fn.(*class.Method)
		switch {
		case !ok || !isMethod:
			return askCall, nil
		case meth.Is(always):
			return askTrue, nil
		case meth.Is(m.mWithSendWritable):
			return askSend, nil
		case m.native[meth] != nil:
			return askNative, m.native[meth]
		}
		return askCall, nil
	}
	info.readable, info.nativeRead = kind("readable", m.mReadable)
	info.writable, info.nativeWrite = kind("writable", m.mWritable)
	c.SetMemo(info)
	return info
}

// ask calls obj.name() — readable or writable — and returns its truth,
// answering in Go when the method is a built-in one.
func (m *Module) ask(th *starlark.Thread, obj starlark.Value, name string, always *class.Method) (bool, error) {
	if inst, ok := obj.(*class.Instance); ok && (!inst.MayShadow() || !ownAttr(inst, name)) {
		info := m.classInterest(inst.Class())
		k, native := info.readable, info.nativeRead
		if name == "writable" {
			k, native = info.writable, info.nativeWrite
		}
		switch k {
		case askTrue:
			return true, nil
		case askSend:
			return withSendWritable(obj), nil
		case askNative:
			return native(obj), nil
		}
	}
	v, err := callMethod(th, obj, name)
	if err != nil {
		return false, err
	}
	return class.Truth(v) // an object's __bool__ may fail: that is the handler's error
}

// pass is one poll()/poll2() pass over map d.
func (m *Module) pass(th *starlark.Thread, timeout time.Duration, d *starlark.Dict, usePoll bool) error {
	if r := m.interrupted.Load(); r != nil {
		return &pyerr.Interrupt{Reason: *r}
	}
	var err error
	if m.needScan(d, usePoll) {
		err = m.scan(th, d, usePoll, &timeout)
	} else {
		err = m.update(th, d, usePoll, &timeout)
	}
	if err != nil {
		m.resync = true // left half done: scan next time
		return err
	}

	wait := m.untilNextTimer(timeout)
	ahead := len(m.ahead) > 0 && m.aheadReady()
	if ahead {
		wait = 0 // bytes already read wait for their channel
	}
	events, err := m.poller.Wait(wait, m.events[:0])
	if err != nil {
		m.events = events[:0]
		return fmt.Errorf("poll: %w", err)
	}
	if ahead {
		events = m.withAhead(events)
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
			obj, found := m.current(d, ev.Fd)
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
	for _, list := range [...]struct {
		fds    []int
		method string
		native *class.Method
	}{{m.rfds, "handle_read_event", m.mHandleReadEvent}, {m.wfds, "handle_write_event", m.mHandleWriteEvent}, {m.efds, "handle_expt_event", m.mHandleExptEvent}} {
		for _, fd := range list.fds {
			obj, found := m.current(d, fd)
			if !found {
				continue
			}
			var builtinRead bool
			var f *starlark.Function
			if list.native == m.mHandleReadEvent {
				builtinRead, f = m.readPlan(obj)
			}
			var err error
			if builtinRead {
				err = m.readEvents(th, obj, d, fd, f)
			} else {
				err = m.event(th, obj, list.method, list.native)
			}
			if err := m.handle(th, obj, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// current returns the channel an event of this pass is for: the one
// registered under fd when the pass began. A channel closed earlier in
// the pass is skipped, and so is a new channel that reused its
// descriptor in the meantime: it must not receive the old one's events
// (bpo-30931).
func (m *Module) current(d *starlark.Dict, fd int) (starlark.Value, bool) {
	obj, found, _ := d.Get(starlark.MakeInt(fd))
	if fd >= len(m.objAt) {
		return nil, false
	}
	if was := m.objAt[fd]; !found || was != obj {
		if was != nil {
			// the map changed behind add_channel/del_channel's back
			m.resync = true
		}
		return nil, false
	}
	return obj, true
}

// event calls obj.method(), in Go when it is not overridden.
// Sends that the handler defers go out when it returns (deferred.go).
func (m *Module) event(th *starlark.Thread, obj starlark.Value, name string, native *class.Method) error {
	var err error
	m.dispatching++
	if isMethod(obj, name, native) {
		if native == m.mHandleReadEvent {
			// called straight, not through the method value: one
			// function return less after each handler's system calls
			// (see sock.RecvNow)
			_, err = m.handleReadEvent(th, obj, nil, nil)
		} else {
			_, err = native.Call(th, obj, nil, nil)
		}
	} else {
		_, err = callMethod(th, obj, name)
	}
	m.dispatching--
	return m.afterEvent(th, err)
}

// afterEvent sends what the event's handler deferred (deferred.go); err
// is the handler's.
func (m *Module) afterEvent(th *starlark.Thread, err error) error {
	if len(m.deferredQ) > 0 {
		if ferr := m.flushDeferred(th); err == nil {
			err = ferr
		}
	}
	return err
}

// watch registers interest ev for fd on behalf of obj's socket.
func (m *Module) watch(fd int, obj starlark.Value, ev poll.Events) {
	if fd < 0 {
		return
	}
	for fd >= len(m.stamp) {
		m.stamp = append(m.stamp, 0)
		m.owner = append(m.owner, nil)
		m.objAt = append(m.objAt, nil)
		m.listed = append(m.listed, false)
	}
	if m.objAt[fd] != obj {
		// another channel under this number: look at its socket
		m.objAt[fd] = obj
		owner := obj
		if s, err := attr(obj, "socket"); err == nil && s != starlark.None {
			owner = s
		}
		if m.owner[fd] != owner {
			// a new socket under a reused number: the kernel may have
			// dropped the old registration when the old one was closed.
			m.poller.Forget(fd)
			m.owner[fd] = owner
		}
	}
	if !m.listed[fd] {
		m.listed[fd] = true
		m.watched = append(m.watched, fd)
	}
	m.stamp[fd] = m.passNo
	if err := m.poller.Set(fd, ev); err != nil {
		// a descriptor closed behind the loop's back: nothing to watch
		m.poller.Forget(fd)
	}
}

// unwatchStale stops watching the fds no channel asked for this pass.
func (m *Module) unwatchStale() {
	kept := m.watched[:0]
	for _, fd := range m.watched {
		if m.stamp[fd] == m.passNo {
			kept = append(kept, fd)
			continue
		}
		m.poller.Set(fd, 0)
		m.listed[fd] = false
	}
	m.watched = kept
}

// forget drops fd from the poller before it is closed.
func (m *Module) forget(fd int) {
	m.poller.Forget(fd)
	delete(m.paused, fd)
	if fd < len(m.owner) {
		m.owner[fd] = nil
		m.objAt[fd] = nil
		m.stamp[fd] = 0
	}
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
			var builtinRead bool
			var f *starlark.Function
			if d != nil {
				builtinRead, f = m.readPlan(obj)
			}
			var err error
			if builtinRead {
				err = m.readEvents(th, obj, d, fd, f)
			} else {
				err = m.event(th, obj, "handle_read_event", m.mHandleReadEvent)
			}
			if err != nil {
				return err
			}
			if !present() {
				return nil
			}
		}
		if flags&pollOUT != 0 {
			if err := m.event(th, obj, "handle_write_event", m.mHandleWriteEvent); err != nil {
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

// read(obj), write(obj), _exception(obj)
func (m *Module) eventBuiltin(name, method string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var obj starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &obj); err != nil {
			return nil, err
		}
		_, err := callMethod(th, obj, method)
		if err := m.handle(th, obj, err); err != nil {
			return exitNowIsReturn(err)
		}
		return starlark.None, nil
	}
}

// readwrite(obj, flags)
func (m *Module) readwriteBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var obj starlark.Value
	var flags int
	if err := starlark.UnpackPositionalArgs("readwrite", args, kwargs, 2, &obj, &flags); err != nil {
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
	if err := starlark.UnpackArgs("close_all", args, kwargs, "map?", &mp, "ignore_all?", &ignoreAll); err != nil {
		return nil, err
	}
	d, err := m.mapArg("close_all", mp)
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
	if d == m.synced {
		m.resync = true
	}
	return nil
}
