package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// This file is the Go side of a channel: the state a dispatcher keeps in
// Go (dispatcher_with_send's buffer, asynchat's), and what the loop needs
// to ask a channel readable() and writable() only when the answer may
// have changed.
//
// A channel whose readable() and writable() are built-in answers them
// from its own state: its attributes (connected, accepting...) and its
// Go buffers. The loop watches that state: every change to the
// instance's attributes (class.Instance.Watch) and every change of a
// buffer between empty and not empty marks the channel changed, and the
// next pass recomputes the interest of the changed channels only. A
// channel whose class or instance overrides readable() or writable() in
// Starlark is asked every pass, as CPython asks every channel.

// chanState is the Go state of one channel instance.
type chanState struct {
	out  []byte // dispatcher_with_send's out_buffer (with_send.go)
	base []byte // the array out lives in
	ext  any    // owned by a module built on asyncore (asynchat)

	fd       int     // the map key the loop last registered it under
	changed  bool    // queued in Module.changed
	scripted bool    // listed in Module.scripted
	watched  bool    // its attribute changes reach the loop
	flush    Flusher // sends what it deferred; set while queued in Module.deferredQ (deferred.go)

	hot hotAttrs // what its hot attributes were (hot.go)
}

// stateOf returns the Go state of a channel instance (made on first use),
// or nil for a value that is not an instance.
func stateOf(v starlark.Value) *chanState {
	inst, ok := v.(*class.Instance)
	if !ok {
		return nil
	}
	if st, ok := inst.Native.(*chanState); ok {
		return st
	}
	st := &chanState{fd: -1}
	inst.Native = st
	return st
}

// Ext returns the state another module keeps on a channel (nil if none).
func Ext(self starlark.Value) any {
	if st := stateOf(self); st != nil {
		return st.ext
	}
	return nil
}

// SetExt stores another module's state on a channel instance; it reports
// false when self is not an instance.
func SetExt(self starlark.Value, x any) bool {
	st := stateOf(self)
	if st == nil {
		return false
	}
	st.ext = x
	return true
}

// Changed tells the loop that the state behind self's built-in
// readable()/writable() changed (a Go buffer became empty or not).
func (m *Module) Changed(self starlark.Value) {
	if inst, ok := self.(*class.Instance); ok {
		m.markChanged(inst)
	}
}

func (m *Module) markChanged(inst *class.Instance) {
	st := stateOf(inst)
	if st.changed {
		return
	}
	st.changed = true
	m.changed = append(m.changed, inst)
}

// scriptedInterest reports whether obj's readable() or writable() runs in
// the interpreter (a script's method, on its class or on the instance),
// so that the loop must ask it every pass.
func (m *Module) scriptedInterest(obj starlark.Value) bool {
	inst, ok := obj.(*class.Instance)
	if !ok {
		return true
	}
	info := m.classInterest(inst.Class())
	if info.readable == askCall || info.writable == askCall {
		return true
	}
	return inst.MayShadow() && (ownAttr(inst, "readable") || ownAttr(inst, "writable"))
}
