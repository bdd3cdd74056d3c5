package class

// This file lets the interpreter's instructions that read or set an
// instance's attribute or call its method (self.state, self.line = [],
// self.push(data)) remember, each in its own starlark.AttrSite, what the
// instance's class answered the last time: where its instances keep
// the attribute, and the class's member of that name. The next time
// the instruction runs on an instance of the same class, while no
// class has changed, it reads or sets the value without asking the
// class's table of names (members.go).
//
// The hint an instruction keeps is the class's, one per name asked of
// it (memberEntry.hint), made when an instruction first needs it, and
// dropped with the entry (when any class changes) or when the name is
// given a slot: an instruction whose hint is out of date asks the
// table, as it did before there were hints, and takes the new one.

import (
	"unsafe"

	"go.starlark.net/starlark"
)

var (
	_ starlark.CachedAttrs   = (*Instance)(nil)
	_ starlark.CachedFields  = (*Instance)(nil)
	_ starlark.CachedMethods = (*Instance)(nil)
)

// What a hint says of the class's member (AttrHint.Flags).
const (
	// hintProperty: the member is a property, which reads and sets the
	// attribute in the instance's stead
	hintProperty = 1 << iota
	// hintPlain: the member is a value of the class's own (not a
	// method, a property or a static or class method), which an
	// instance reads when it has no attribute of its own of that name
	hintPlain
	// hintCallable: the member is callable (an instance attribute of
	// that name hides it: Instance.hides)
	hintCallable
)

// hintOf returns the hint of c's entry e, made if need be.
func (c *Class) hintOf(e *memberEntry) *starlark.AttrHint {
	if e.hint == nil {
		h := &starlark.AttrHint{Key: unsafe.Pointer(c), Gen: c.table.gen, Index: int(e.slot), Value: e.v, Func: e.fn,
			Read: readHinted, Write: writeHinted, Method: methodHinted}
		if m, ok := e.fn.(*Method); ok {
			h.Builtin = m.asBuiltin() // called as a built-in's method
		}
		switch e.v.(type) {
		case *Property, *ScriptProperty:
			h.Flags = hintProperty
			h.Read, h.Write = nil, nil
		case nil, *Method, *starlark.Function, *StaticMethod, *ClassMethod:
		default:
			if e.slot >= 0 {
				h.Flags = hintPlain
			}
		}
		if e.slot < 0 {
			h.Write = nil
		}
		if _, ok := e.v.(starlark.Callable); ok {
			h.Flags |= hintCallable
		}
		e.hint = h
	}
	return e.hint
}

// hinted returns x as an instance that h holds for: an instance of
// h's class, while no class has changed; else nil.
func hinted(x starlark.Value, h *starlark.AttrHint) *Instance {
	if i, ok := x.(*Instance); ok && h.Key == unsafe.Pointer(i.class) && h.Gen == generation.Load() {
		return i
	}
	return nil
}

// readHinted is a hint's Read: x's own attribute, found in its slot,
// or else the class's plain value.
func readHinted(x starlark.Value, h *starlark.AttrHint) (starlark.Value, bool) {
	i := hinted(x, h)
	if i == nil {
		return nil, false
	}
	if k := h.Index; uint(k) < uint(len(i.vals)) {
		if v := i.vals[k]; v != nil {
			return v, true
		}
	}
	return h.Value, h.Flags&hintPlain != 0
}

// writeHinted is a hint's Write (a hint of a name with a slot, and no
// property): x's attribute set in its slot.
func writeHinted(x starlark.Value, h *starlark.AttrHint, name string, v starlark.Value) bool {
	i := hinted(x, h)
	if i == nil {
		return false
	}
	if k := h.Index; uint(k) < uint(len(i.vals)) && i.vals[k] != nil && i.class.tracked&(1<<k) == 0 {
		// an attribute replaced (self.state = "body"): nothing but its
		// value changes (setAt would neither add it nor count it)
		i.vals[k] = v
		if i.watch != nil {
			i.watch(i)
		}
		return true
	}
	hides := hidesNot
	if h.Flags&hintCallable != 0 {
		hides = hidesMember
	}
	i.setAt(h.Index, name, v, hides)
	return true
}

// methodHinted is a hint's Method: the class's method, when no
// attribute of x's own hides a callable member (as Method answers); nil
// when the member is no method, which the interpreter then reads as
// an attribute.
func methodHinted(x starlark.Value, h *starlark.AttrHint) (starlark.Callable, bool) {
	i := hinted(x, h)
	if i == nil || i.shadowGen != h.Gen || i.shadow {
		return nil, false
	}
	return h.Func, true
}

// learn leaves at site the hint of i's class for name, if it keeps one.
func (i *Instance) learn(site *starlark.AttrSite, name string) {
	if e := i.class.entry(name); e != nil {
		site.SetHint(i.class.hintOf(e))
	}
}

// AttrAt is Attr(name), for the instruction whose site is site, where
// it leaves its class's hint.
func (i *Instance) AttrAt(site *starlark.AttrSite, name string) (starlark.Value, error) {
	i.learn(site, name)
	return i.Attr(name)
}

// SetFieldAt is SetField(name, v), for the instruction whose site is
// site, where it leaves its class's hint.
func (i *Instance) SetFieldAt(site *starlark.AttrSite, name string, v starlark.Value) error {
	i.learn(site, name)
	return i.SetField(name, v)
}

// MethodAt is Method(name), for the instruction whose site is site,
// where it leaves its class's hint.
func (i *Instance) MethodAt(site *starlark.AttrSite, name string) (starlark.Callable, bool) {
	i.learn(site, name)
	return i.Method(name)
}
