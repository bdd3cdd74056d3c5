package class

import "slices"

// Stamps: how Go code that keeps what it derived from classes and
// instances (which method a name finds, what an attribute was) knows
// whether it still holds. This is the one mechanism; everything that
// keeps such answers uses it.
//
// A Stamp is taken when the answer is worked out and compared with a
// fresh one when the answer is used: equal stamps mean that nothing the
// answer could depend on has changed since.
//
//   - Classes() changes whenever a member of any class is set.
//   - An instance's Stamp() changes whenever Classes() does, whenever an
//     attribute of the instance itself is added or deleted, and whenever
//     one that its class tracks is set (Class.Track): the answers kept
//     depend on a few of its attributes (its socket, whether it is
//     connected, an attribute that hides a method), and a handler that
//     sets others at every event (self.state, self.buffer) leaves them
//     standing. Its class tracks every attribute its instances keep
//     outside slots (slots.go).
//   - The zero Stamp is never current: an answer stamped with it is
//     worked out again at its next use (how a cache is dropped).
//
// Comparing is a load or two, so a hot path can check before every use.
// Code that must act on a change rather than find it at its next look
// (asyncore's loop, which recomputes a channel's interest only when its
// state changed) hears of each change of an instance's own attributes
// through Instance.Watch, the same event that changes its Stamp.

// Stamp is what a derived answer was worked out under.
type Stamp struct {
	classes uint64 // generation, +1 so that the zero Stamp is never current
	own     uint32 // the instance's version
}

// Classes is the current stamp of every class's members.
func Classes() Stamp { return Stamp{classes: generation.Load() + 1} }

// Stamp is the current stamp of i: its class's and every other class's
// members, the names of its own attributes, and the values of those its
// class tracks.
func (i *Instance) Stamp() Stamp { return Stamp{classes: generation.Load() + 1, own: i.version} }

// Track makes the Stamp of c's instances change whenever their
// attribute name is set, as well as when it is added or deleted: what
// Go code keeps that depends on the attribute's value (or on which
// function it holds, for a method's name) must ask for it before it
// takes a Stamp. It lasts for the life of the class.
func (c *Class) Track(name string) {
	e := c.entry(name)
	if e == nil || e.tracked {
		return // none kept (no slots: every change counts), or known
	}
	e.tracked = true
	if !c.isTracked(name) {
		c.trackedNames = append(c.trackedNames, name)
	}
	if e.slot >= 0 {
		c.tracked |= 1 << e.slot
	}
}

// isTracked reports whether c tracks name.
func (c *Class) isTracked(name string) bool { return slices.Contains(c.trackedNames, name) }

// counts reports whether setting the attribute in slot k (-1: none) of
// an instance of c, which added it or not, changes its Stamp.
func (c *Class) counts(k int, added bool) bool {
	return added || k < 0 || c.tracked&(1<<k) != 0
}
