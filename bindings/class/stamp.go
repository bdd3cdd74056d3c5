package class

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
//   - An instance's Stamp() changes whenever Classes() does and whenever
//     an attribute of the instance itself is set or deleted.
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
// members, and its own attributes.
func (i *Instance) Stamp() Stamp { return Stamp{classes: generation.Load() + 1, own: i.version} }
