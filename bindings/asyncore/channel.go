package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// This file is the Go side of a channel: the state a dispatcher keeps in
// Go, each part owned by the part of the module named beside it.

// chanState is the Go state of one channel instance.
type chanState struct {
	out  []byte // dispatcher_with_send's out_buffer (with_send.go)
	base []byte // the array out lives in
	ext  any    // owned by a module built on asyncore (asynchat)

	reg  regState  // the registry's (registry.go)
	held heldSends // the send queue's (sendqueue.go)
	hot  hotAttrs  // what its hot attributes were (hot.go)

	interest *interestInfo // how its class answers readable() and writable() (interest.go)
	proxy    *proxyGate    // a listener's PROXY protocol state (proxy.go)
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
	st := &chanState{reg: regState{fd: -1}}
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
		m.reg.markChanged(inst)
	}
}
