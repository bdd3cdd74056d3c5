package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/poll"
)

// This file answers, for the registry (registry.go), what a channel wants
// to be watched for: its readable() and writable(), asked in Go when they
// are the built-in ones, in Starlark when a script wrote them.

// watchFor asks obj readable() and writable() and turns the answers into
// the events to watch fd for: select's semantics watch urgent data with
// either, poll's with reading. A listener resting after EMFILE is not
// watched for reading (accept_pause.go).
func (m *Module) watchFor(th *starlark.Thread, fd int, obj starlark.Value, usePoll bool) (poll.Events, error) {
	l := layeredOf(obj)
	r, w, err := m.interest(th, obj, l)
	if err != nil {
		return 0, err
	}
	if l != nil {
		w = m.layeredInterest(fd, obj, l, r, w)
	}
	var ev poll.Events
	if usePoll {
		if r {
			ev |= poll.In | poll.Pri
		}
	} else if r {
		ev |= poll.In
	}
	if w {
		ev |= poll.Out
	}
	if len(m.paused) > 0 && m.acceptPaused(fd) {
		ev &^= poll.In | poll.Pri
	}
	if !usePoll && (r || w) {
		ev |= poll.Pri
	}
	return ev, nil
}

// interest asks obj readable() and writable(), in Go when they are not
// overridden. l is obj's socket when it is Layered (else nil).
func (m *Module) interest(th *starlark.Thread, obj starlark.Value, l Layered) (r, w bool, err error) {
	if l != nil && l.Buffered() > 0 {
		r, err = m.askReading(th, obj, l)
	} else {
		r, err = m.ask(th, obj, "readable")
	}
	if err != nil {
		return false, false, err
	}
	if w, err = m.ask(th, obj, "writable"); err != nil {
		return false, false, err
	}
	if w && hotTruth(obj, hotAccepting) {
		w = false // accepting sockets never get write events
	}
	return r, w, nil
}

// askReading asks readable() of obj, whose Layered socket l holds
// decrypted bytes, as a read event of its own: CPython's test_ssl idiom
// drains pending() there, calling handle_read_event() until the engine
// holds nothing, and what those calls send is held until readable()
// returns (sendqueue.go), as in read events repeated on read-ahead bytes
// (read.go), to go out in as few records and system calls as the kernel
// allows.
func (m *Module) askReading(th *starlark.Thread, obj starlark.Value, l Layered) (bool, error) {
	prevObj, prevSock := m.ahead.enter(obj, l)
	m.sends.enter()
	r, err := m.ask(th, obj, "readable")
	m.ahead.leave(prevObj, prevSock)
	return r, m.sends.leave(err)
}

// How the loop answers readable() or writable() for a class.
const (
	askCall   = iota // a script's method: call it
	askTrue          // dispatcher's: always True
	askSend          // dispatcher_with_send's writable
	askNative        // a Go answer registered with NativeInterest
)

// interestInfo is how a class's readable() and writable() are answered,
// worked out under stamp.
type interestInfo struct {
	stamp                   class.Stamp
	class                   *class.Class
	readable, writable      int
	nativeRead, nativeWrite func(starlark.Value) bool
}

// instInterest is how inst's class answers readable() and writable(): what
// the channel kept, while it holds, else classInterest's.
func (m *Module) instInterest(inst *class.Instance) *interestInfo {
	st, _ := inst.Native.(*chanState)
	if st != nil {
		if info := st.interest; info != nil && info.class == inst.Class() && info.stamp == class.Classes() {
			return info
		}
	}
	info := m.classInterest(inst.Class())
	if st != nil {
		st.interest = info
	}
	return info
}

// classInterest works out once per class (until a class changes: its
// stamp) how its readable() and writable() are answered.
func (m *Module) classInterest(c *class.Class) *interestInfo {
	now := class.Classes()
	if info := m.interestOf[c]; info != nil && info.stamp == now {
		return info
	}
	kind := func(name string) (int, func(starlark.Value) bool) {
		fn, ok := c.Lookup(name)
		meth, isMethod := fn.(*class.Method)
		switch {
		case !ok || !isMethod:
			return askCall, nil
		case meth.Is(m.mReadable) || meth.Is(m.mWritable):
			return askTrue, nil
		case meth.Is(m.mWithSendWritable):
			return askSend, nil
		case m.native[meth] != nil:
			return askNative, m.native[meth]
		}
		return askCall, nil
	}
	info := &interestInfo{stamp: now, class: c}
	info.readable, info.nativeRead = kind("readable")
	info.writable, info.nativeWrite = kind("writable")
	if m.interestOf == nil || len(m.interestOf) > 1024 {
		m.interestOf = map[*class.Class]*interestInfo{} // forget the classes of the past
	}
	m.interestOf[c] = info
	return info
}

// ask calls obj.name() — readable or writable — and returns its truth,
// answering in Go when the method is a built-in one.
func (m *Module) ask(th *starlark.Thread, obj starlark.Value, name string) (bool, error) {
	if inst, ok := obj.(*class.Instance); ok && (!inst.MayShadow() || !ownAttr(inst, name)) {
		info := m.instInterest(inst)
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

// scripted reports whether obj's readable() or writable() runs in the
// interpreter (a script's method, on its class or on the instance), so
// that the registry must ask it every pass.
func (m *Module) scripted(obj starlark.Value) bool {
	inst, ok := obj.(*class.Instance)
	if !ok || layeredOf(obj) != nil {
		return true
	}
	info := m.instInterest(inst)
	if info.readable == askCall || info.writable == askCall {
		return true
	}
	return inst.MayShadow() && (ownAttr(inst, "readable") || ownAttr(inst, "writable"))
}
