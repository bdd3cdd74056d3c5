package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// The attributes that the loop and the built-in methods read at every
// event — connected, accepting, connecting, debug and socket — are
// ordinary attributes: a script may set them on the instance or on a
// class at any time, and reading one costs a map lookup or two. A channel
// keeps what they were in its Go state and trusts it while the
// instance's class.Stamp holds: no class changed since, and no attribute
// of the instance was added or deleted, nor one of those its class
// tracks set. The channel has its class track the names whose values
// its answers depend on (these five, and the methods it looked up);
// a handler that sets others at every event (self.state) leaves them
// standing.
//
// A value is kept only when it cannot change behind that back: the
// socket as the object it is, the others only when they are immutable
// (a bool, None, an int or a str), and none of them when the class makes
// one a property.

// hotName is one of the attributes kept.
type hotName uint8

const (
	hotConnected hotName = iota
	hotAccepting
	hotConnecting
	hotDebug
	hotSocket
	numHot
)

var hotNames = [numHot]string{"connected", "accepting", "connecting", "debug", "socket"}

// hotAttrs is what a channel's hot attributes were.
type hotAttrs struct {
	stamp  class.Stamp // the instance's stamp when taken; zero: to be read again
	socket starlark.Value
	// methods are the last methods looked up on the channel (lookup in
	// call.go), under the same rule: forgotten when the attributes are
	// taken again. Made at the first lookup, so that an idle connection,
	// which is never looked up, does not pay for it.
	methods *hotMethods
	// known and is hold answers worked out since the attributes were
	// taken (plan bits below): bit b of is is the answer when bit b of
	// known is set. readFn is plainHandleRead's answer, when known.
	readFn    *starlark.Function
	known, is uint8
	truth     uint8 // bit n: bool(self.<hotNames[n]>)
}

// The questions the loop asks of a channel at every event, answered once
// per taking of its hot attributes (bits of hotAttrs.known and is).
const (
	planReadEvent uint8 = 1 << iota // handle_read_event is the built-in one
	planInitiate                    // initiate_send is dispatcher_with_send's
	planReadFn                      // hotAttrs.readFn is plainHandleRead's answer
)

// planned is isMethod(v, want.Name(), want) for a channel v whose hot
// attributes are h, answered once per taking of them: bit is the plan
// bit kept for that question. (Small, to be inlined: the answer is known
// at every event but the first after the attributes were taken.)
func (h *hotAttrs) planned(v starlark.Value, bit uint8, want *class.Method) bool {
	if h.known&bit == 0 {
		h.plan(v, bit, want)
	}
	return h.is&bit != 0
}

// plan works out planned's answer. It is kept out of line, so that
// planned stays small.
//
//go:noinline
func (h *hotAttrs) plan(v starlark.Value, bit uint8, want *class.Method) {
	h.known |= bit
	if isMethod(v, want.Name(), want) {
		h.is |= bit
	} else {
		h.is &^= bit
	}
}

// hotMethods is the last few lookups of one channel: enough for those of
// one event (handle_read_event, handle_read, initiate_send).
type hotMethods struct {
	kept [4]hotMethod
	next uint8 // the entry to replace next
}

// hotMethod is one kept lookup: what lookup(self, name) returned.
type hotMethod struct {
	name  string
	fn    starlark.Value
	bound bool
}

// method returns the kept lookup of name, or nil.
func (h *hotAttrs) method(name string) *hotMethod {
	if h.methods == nil {
		return nil
	}
	for i := range h.methods.kept {
		if e := &h.methods.kept[i]; e.fn != nil && e.name == name {
			return e
		}
	}
	return nil
}

// keepMethod keeps a lookup, replacing the oldest.
func (h *hotAttrs) keepMethod(name string, fn starlark.Value, bound bool) {
	ms := h.methods
	if ms == nil {
		ms = new(hotMethods)
		h.methods = ms
	}
	ms.kept[ms.next] = hotMethod{name, fn, bound}
	ms.next = (ms.next + 1) % uint8(len(ms.kept))
}

// hotOf returns v's hot attributes, read again if they may have changed;
// nil when they cannot be kept (v is no instance, or one of them is a
// property, missing, or of a mutable type), and the caller reads them
// as any attribute.
func hotOf(v starlark.Value) *hotAttrs {
	inst, ok := v.(*class.Instance)
	if !ok {
		return nil
	}
	// the common case first, without a call: a channel whose attributes
	// were taken and have not changed since
	if st, ok := inst.Native.(*chanState); ok {
		if h := &st.hot; h.stamp == inst.Stamp() {
			return h
		}
	}
	return stateOf(inst).hotFor(inst)
}

// hotIfChannel is hotOf for an instance that is already a channel (has
// Go state); nil for any other, which is left as it is.
func hotIfChannel(inst *class.Instance) *hotAttrs {
	if st, ok := inst.Native.(*chanState); ok {
		return st.hotFor(inst)
	}
	return nil
}

// hotFor returns the hot attributes of st's instance inst, read again if
// they may have changed; nil when they cannot be kept.
func (st *chanState) hotFor(inst *class.Instance) *hotAttrs {
	h := &st.hot
	if now := inst.Stamp(); h.stamp != now {
		if !h.take(inst, now) {
			return nil
		}
	}
	return h
}

// take reads the hot attributes of inst, whose stamp is now, and forgets
// the methods looked up.
func (h *hotAttrs) take(inst *class.Instance, now class.Stamp) bool {
	h.stamp, h.socket = class.Stamp{}, nil
	h.known, h.readFn = 0, nil
	if h.methods != nil {
		*h.methods = hotMethods{}
	}
	var truth uint8
	c := inst.Class()
	for n, name := range hotNames {
		c.Track(name)
		cv, inClass := c.Lookup(name)
		switch cv.(type) {
		case *class.Property, *class.ScriptProperty:
			return false
		}
		x, ok := inst.GetAttrOwn(name)
		if !ok {
			if !inClass {
				return false // __getattr__ may answer anything
			}
			x = cv
		}
		if hotName(n) == hotSocket {
			h.socket = x
			continue
		}
		switch x.(type) {
		case starlark.Bool, starlark.NoneType, starlark.Int, starlark.String:
		default:
			return false // its truth may change without an assignment
		}
		if x.Truth() {
			truth |= 1 << n
		}
	}
	h.truth, h.stamp = truth, now
	return true
}

// hotTruth is bool(getattr(v, name)) for a hot attribute.
func hotTruth(v starlark.Value, n hotName) bool {
	if h := hotOf(v); h != nil {
		return h.truth&(1<<n) != 0
	}
	return attrTruth(v, hotNames[n])
}
