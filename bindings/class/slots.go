package class

import (
	"go.starlark.net/starlark"
)

// Slots: where an instance keeps its own attributes.
//
// The instances of one class set, almost always, the same few names
// (self.socket, self.connected, self.addr...). The class keeps those
// names once, in the order an instance first set them (its slots), and
// each instance keeps only the values, one word pair per slot, in the
// same order: ten thousand connections of one handler class hold ten
// thousand short arrays of values, not ten thousand hash maps of names
// and values. A name's slot is found in the class's table of names
// (members.go), with its member, by one probe.
//
// A class has at most maxSlots; names past them (a script that makes
// attribute names as it runs) and the attributes of instances of the
// classes shared by the interpreters of pyasync -j (the root class, the
// predeclared ones), whose slot list would be written by two threads,
// go to a map of the instance's own (instRare.extra).

// maxSlots is the most names a class keeps slots for (a bit each in
// Class.tracked).
const maxSlots = 64

// sharedByWorkers reports whether c is shared by the interpreters of
// pyasync -j, so that its slots cannot be written.
func (c *Class) sharedByWorkers() bool { return c.builtin || len(c.mro) == 1 }

// slotOf returns the slot of the attribute name in c's instances, or -1
// when c has none for it.
func (c *Class) slotOf(name string) int {
	_, k := c.member(name)
	return k
}

// addSlot gives name a slot in c's instances and returns it; -1 when c
// can have no more (or none: sharedByWorkers).
func (c *Class) addSlot(name string) int {
	if len(c.slots) >= maxSlots || c.sharedByWorkers() {
		return -1
	}
	c.slots = append(c.slots, name)
	k := len(c.slots) - 1
	c.slotGiven(name, k)
	if c.isTracked(name) {
		c.tracked |= 1 << k
	}
	return k
}

// instRare is what few instances need: methods bound to them,
// attributes without a slot, and the thread that made an instance of a
// built-in class, whose special methods run on it (a script's class has
// its own, Class.th).
type instRare struct {
	bound []boundMethod
	funcs []*BoundMethod // the script's methods bound to it (bindFunc)
	extra map[string]starlark.Value
	th    *starlark.Thread
}

// own returns the instance's own attribute name.
func (i *Instance) own(name string) (starlark.Value, bool) {
	return i.ownAt(i.class.slotOf(name), name)
}

// ownAt is own for a name whose slot is k (-1: none).
func (i *Instance) ownAt(k int, name string) (starlark.Value, bool) {
	if k >= 0 {
		if k < len(i.vals) {
			if v := i.vals[k]; v != nil {
				return v, true
			}
		}
		return nil, false
	}
	if i.rare != nil && i.rare.extra != nil {
		v, ok := i.rare.extra[name]
		return v, ok
	}
	return nil, false
}

// put sets the instance's own attribute name to v (not nil), and reports
// whether it was new.
func (i *Instance) put(name string, v starlark.Value) (added bool) {
	added, _ = i.putAt(i.class.slotOf(name), name, v)
	return added
}

// putAt is put for a name whose slot is k (-1: none yet); it returns
// the slot the value went to (-1: none, a map of the instance's own).
func (i *Instance) putAt(k int, name string, v starlark.Value) (added bool, slot int) {
	if k < 0 {
		if i.rare == nil || i.rare.extra == nil {
			k = i.class.addSlot(name)
		} else if _, ok := i.rare.extra[name]; ok {
			i.rare.extra[name] = v
			return false, -1
		} else {
			k = i.class.addSlot(name)
		}
	}
	if k < 0 {
		if i.rare == nil {
			i.rare = new(instRare)
		}
		if i.rare.extra == nil {
			i.rare.extra = make(map[string]starlark.Value)
		}
		i.rare.extra[name] = v
		return true, -1
	}
	if k >= len(i.vals) {
		i.growVals(k)
	}
	added = i.vals[k] == nil
	i.vals[k] = v
	return added, k
}

// growVals makes room for slot k in i.vals: as many values as the class
// has slots, so that an instance set up as the others were allocates
// once.
func (i *Instance) growVals(k int) {
	n := max(len(i.class.slots), k+1)
	if n <= cap(i.vals) {
		i.vals = i.vals[:n]
		return
	}
	c := n
	if k == len(i.class.slots)-1 {
		// the class is still learning its names: leave room for more
		c = max(n, 2*cap(i.vals), 4)
	}
	vals := make([]starlark.Value, n, c)
	copy(vals, i.vals)
	i.vals = vals
}

// drop deletes the instance's own attribute name, reporting whether it
// was there.
func (i *Instance) drop(name string) bool {
	if k := i.class.slotOf(name); k >= 0 {
		if k < len(i.vals) && i.vals[k] != nil {
			i.vals[k] = nil
			return true
		}
		return false
	}
	if i.rare != nil && i.rare.extra != nil {
		if _, ok := i.rare.extra[name]; ok {
			delete(i.rare.extra, name)
			return true
		}
	}
	return false
}

// eachOwn calls fn with every attribute of the instance's own, until fn
// returns false.
func (i *Instance) eachOwn(fn func(name string, v starlark.Value) bool) {
	for k, v := range i.vals {
		if v != nil && !fn(i.class.slots[k], v) {
			return
		}
	}
	if i.rare != nil {
		for name, v := range i.rare.extra {
			if !fn(name, v) {
				return
			}
		}
	}
}
