package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// The attributes that the loop and the built-in methods read at every
// event — connected, accepting, connecting, debug and socket — are
// ordinary attributes: a script may set them on the instance or on a
// class at any time, and reading one costs a map lookup or two. A channel
// keeps what they were in its Go state and trusts it while neither its
// own attributes (class.Instance.Version) nor any class
// (class.Generation) changed since.
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
	gen    uint64 // class.Generation() when taken
	ver    uint32 // the instance's Version() when taken
	taken  bool   // false: to be read again
	truth  uint8  // bit n: bool(self.<hotNames[n]>)
	socket starlark.Value
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
	h := &stateOf(inst).hot
	if g := class.Generation(); !h.taken || h.gen != g || h.ver != inst.Version() {
		if !h.take(inst, g) {
			return nil
		}
	}
	return h
}

// take reads the hot attributes of inst.
func (h *hotAttrs) take(inst *class.Instance, gen uint64) bool {
	h.taken, h.socket = false, nil
	var truth uint8
	for n, name := range hotNames {
		cv, inClass := inst.Class().Lookup(name)
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
	h.truth, h.gen, h.ver, h.taken = truth, gen, inst.Version(), true
	return true
}

// hotTruth is bool(getattr(v, name)) for a hot attribute.
func hotTruth(v starlark.Value, n hotName) bool {
	if h := hotOf(v); h != nil {
		return h.truth&(1<<n) != 0
	}
	return attrTruth(v, hotNames[n])
}
