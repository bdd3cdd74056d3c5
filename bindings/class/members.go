package class

import (
	"unsafe"

	"go.starlark.net/starlark"
)

// A class's table of names: for each name asked of it, what its MRO
// holds under that name (the member, or nothing) and which slot its
// instances keep their own attribute of that name in (slots.go), so that
// reading self.x or setting it costs one probe of this table, not a walk
// of the MRO's dictionaries and a search of the slots.
//
// The names asked for on hot paths are the same string values every time
// (a name in a compiled script, a constant in Go code), so the table is
// indexed by the address of the name's bytes (a name may take either
// entry of a pair, so that two names whose addresses fall on the same
// pair do not displace each other) and an entry matches only the very
// same bytes: a string never changes, and the entry keeps its
// bytes alive, so no other string can be given that address while the
// entry holds it.
//
// A name made afresh each time (getattr(self, "smtp_" + command)) never
// has the address of an entry. Such names are found by content in a small
// side map (byName), filled with each name the first time it is worked
// out: a name found there at another address is answered from it and is
// not put in the table, so it neither displaces the hot names nor costs a
// walk of the MRO each time. The map is emptied with the table when the
// generation changes, and slotGiven updates its entries too.
//
// The members an entry names hold while no class changes (the
// generation, stamp.go): a table made under another generation is
// emptied before use. The slots hold for as long as the class lives
// (slots are only added), except that a name with no slot may be given
// one (addSlot), which updates the entries of that name.
//
// The table starts small and doubles, up to maxTableSize entries, when
// names keep displacing each other: a class whose instances are read
// through many names (a large handler and its bases) settles at a size
// where each has its own entry.
//
// The classes shared by the interpreters of pyasync -j (sharedByWorkers)
// have no table: written from two threads it would race; their members
// are found by walking the MRO, and their instances have no slots.

// memberEntry is what class c answers for the name whose bytes are at
// name (n long).
type memberEntry struct {
	name    *byte
	n       int32
	slot    int8           // the slot of its instances' attribute; -1: none
	tracked bool           // Track was given the name (stamp.go)
	v       starlark.Value // the member along the MRO; nil: none
	// fn is v when it is a method a call on an instance runs with the
	// instance first (a script's function or a Go method), else nil:
	// what Instance.Method answers
	fn starlark.Callable
	// hint is what the interpreter's instructions that ask for the
	// name keep of this entry (sites.go); nil until one asks
	hint *starlark.AttrHint
}

// memberTable is a class's table of names (see above).
type memberTable struct {
	gen       uint64 // the generation its members were found at
	entries   []memberEntry
	shift     uint8 // 64 - log2(len(entries))
	displaced int   // entries overwritten since the table was last sized
	// byName holds, by content, the entry of each name worked out
	// (up to maxByName names), for names made afresh (see above)
	byName map[string]*memberEntry
}

const (
	minTableSize = 32
	maxTableSize = 512
	maxByName    = 128
)

// tableSlot spreads the addresses of names over a table.
func tableSlot(p *byte, shift uint8) uintptr {
	return uintptr(uint64(uintptr(unsafe.Pointer(p))) * 0x9E3779B97F4A7C15 >> shift)
}

// member returns what c's MRO holds under name (nil for nothing) and
// the slot of its instances' attribute name (-1 for none).
func (c *Class) member(name string) (starlark.Value, int) {
	if e := c.hit(name); e != nil {
		return e.v, int(e.slot)
	}
	if e := c.fill(name); e != nil {
		return e.v, int(e.slot)
	}
	return c.walk(name), c.findSlot(name)
}

// hit returns the table's entry for name, or nil when it has none (or
// is out of date).
func (c *Class) hit(name string) *memberEntry {
	t := c.table
	p := unsafe.StringData(name)
	if t != nil && t.gen == generation.Load() {
		i := tableSlot(p, t.shift)
		if e := &t.entries[i]; e.name == p && int(e.n) == len(name) && p != nil {
			return e
		}
		if e := &t.entries[i^1]; e.name == p && int(e.n) == len(name) && p != nil {
			return e
		}
	}
	return nil
}

// entry returns the table's entry for name, worked out if need be; nil
// when c keeps none (sharedByWorkers, or the empty name).
func (c *Class) entry(name string) *memberEntry {
	if e := c.hit(name); e != nil {
		return e
	}
	return c.fill(name)
}

// fill works out name's entry (name not in the table, or the table out
// of date) and returns it; nil when c keeps none.
func (c *Class) fill(name string) *memberEntry {
	p := unsafe.StringData(name)
	if c.sharedByWorkers() || p == nil {
		return nil
	}
	t := c.table
	g := generation.Load()
	if t == nil {
		t = newMemberTable(minTableSize, g)
		c.table = t
	} else if t.gen != g {
		clear(t.entries)
		clear(t.byName)
		t.gen, t.displaced = g, 0
	}
	if e := t.byName[name]; e != nil && e.name != p {
		return e // the same name at another address: made afresh
	}
	i := tableSlot(p, t.shift)
	if t.entries[i].name != nil && t.entries[i^1].name != nil {
		t.displaced++
		if t.displaced > len(t.entries) && len(t.entries) < maxTableSize {
			t = newMemberTable(2*len(t.entries), g)
			c.table = t
			i = tableSlot(p, t.shift)
		} else {
			// the pair is full: the entry it took last moves over
			// the other one, and name takes its place
			t.entries[i^1] = t.entries[i]
			t.entries[i].name = nil
		}
	}
	if t.entries[i].name != nil {
		i ^= 1
	}
	e := &t.entries[i]
	v := c.walk(name)
	*e = memberEntry{name: p, n: int32(len(name)), slot: int8(c.findSlot(name)), v: v, fn: methodFn(v)}
	if _, ok := t.byName[name]; !ok && len(t.byName) < maxByName {
		if t.byName == nil {
			t.byName = make(map[string]*memberEntry)
		}
		kept := *e
		t.byName[name] = &kept
	}
	return e
}

// newMemberTable makes an empty table of size entries (a power of two)
// for generation g.
func newMemberTable(size int, g uint64) *memberTable {
	shift := uint8(64)
	for n := size; n > 1; n >>= 1 {
		shift--
	}
	return &memberTable{gen: g, entries: make([]memberEntry, size), shift: shift}
}

// walk finds name along the MRO, as Python's type attribute lookup does.
func (c *Class) walk(name string) starlark.Value {
	for _, k := range c.mro {
		if v, ok := k.dict[name]; ok {
			return v
		}
	}
	return nil
}

// findSlot searches c's slots for name: its slot, or -1.
func (c *Class) findSlot(name string) int {
	for k, s := range c.slots {
		if s == name {
			return k
		}
	}
	return -1
}

// slotGiven updates the table's entries for name, which has just been
// given slot k.
func (c *Class) slotGiven(name string, k int) {
	if c.table == nil {
		return
	}
	for i := range c.table.entries {
		e := &c.table.entries[i]
		if e.name != nil && int(e.n) == len(name) && unsafe.String(e.name, e.n) == name {
			e.slot = int8(k)
			e.hint = nil // it said no slot
		}
	}
	if e := c.table.byName[name]; e != nil {
		e.slot = int8(k)
		e.hint = nil
	}
}
