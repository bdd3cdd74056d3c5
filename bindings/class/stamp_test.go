package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestStampChangesWithWhatItCovers: an instance's stamp changes when
// one of its own attributes is added or deleted and when any class's
// member is set, and only then; Classes() changes with the classes
// alone; the zero Stamp is never current.
func TestStampChangesWithWhatItCovers(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, nil)
	other := MustNew("Other", "", []*Class{Object}, nil)
	a, b := NewInstance(c), NewInstance(c)
	if (a.Stamp() == Stamp{}) || (Classes() == Stamp{}) {
		t.Fatal("a current stamp is the zero Stamp")
	}
	sa, sb, sc := a.Stamp(), b.Stamp(), Classes()
	if a.Stamp() != sa || Classes() != sc {
		t.Fatal("a stamp changed with nothing changed")
	}
	a.SetAttr("x", starlark.MakeInt(1))
	if a.Stamp() == sa {
		t.Error("setting an attribute left the instance's stamp as it was")
	}
	if b.Stamp() != sb || Classes() != sc {
		t.Error("setting an attribute of one instance changed another's stamp or the classes'")
	}
	sa = a.Stamp()
	a.DelAttr("x")
	if a.Stamp() == sa {
		t.Error("deleting an attribute left the instance's stamp as it was")
	}
	sa = a.Stamp()
	if err := other.SetField("y", starlark.MakeInt(2)); err != nil {
		t.Fatal(err)
	}
	if a.Stamp() == sa || b.Stamp() == sb || Classes() == sc {
		t.Error("setting a member of a class left a stamp as it was")
	}
}

// TestWatchHearsEveryOwnChange: the watcher of an instance hears each
// change of its own attributes, the event that changes its stamp.
func TestWatchHearsEveryOwnChange(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, nil)
	a := NewInstance(c)
	heard := 0
	a.Watch(func(i *Instance) {
		if i != a {
			t.Errorf("watcher told of %v, want a", i)
		}
		heard++
	})
	a.SetAttr("x", starlark.MakeInt(1))
	if err := a.SetField("y", starlark.MakeInt(2)); err != nil {
		t.Fatal(err)
	}
	a.DelAttr("x")
	if heard != 3 {
		t.Errorf("watcher heard %d changes, want 3", heard)
	}
	a.Watch(nil)
	a.SetAttr("x", starlark.MakeInt(1))
	if heard != 3 {
		t.Error("a removed watcher still hears changes")
	}
}

// TestStampFollowsTrackedAttributes: setting an attribute the instance
// already has changes its stamp only when its class tracks the name,
// whether the name was tracked before or after it got its slot; an
// instance of another class is not concerned.
func TestStampFollowsTrackedAttributes(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, nil)
	other := MustNew("Other", "", []*Class{Object}, nil)
	a, o := NewInstance(c), NewInstance(other)
	c.Track("early") // before any instance has it
	for _, x := range []*Instance{a, o} {
		x.SetAttr("state", starlark.MakeInt(0))
		x.SetAttr("early", starlark.MakeInt(0))
		x.SetAttr("late", starlark.MakeInt(0))
	}
	c.Track("late") // after
	s, so := a.Stamp(), o.Stamp()
	a.SetAttr("state", starlark.MakeInt(1))
	if a.Stamp() != s {
		t.Error("setting an untracked attribute changed the stamp")
	}
	for _, name := range []string{"early", "late"} {
		s = a.Stamp()
		if err := a.SetField(name, starlark.MakeInt(1)); err != nil {
			t.Fatal(err)
		}
		if a.Stamp() == s {
			t.Errorf("setting the tracked attribute %s left the stamp as it was", name)
		}
		o.SetAttr(name, starlark.MakeInt(1))
	}
	if o.Stamp() != so {
		t.Error("another class's tracking changed the stamp of its instances")
	}
}

// TestStampOfSharedClassFollowsEverySet: the instances of a class shared
// by the interpreters (the root class) keep their attributes outside
// slots, and every set changes their stamp.
func TestStampOfSharedClassFollowsEverySet(t *testing.T) {
	a := NewInstance(Object)
	a.SetAttr("x", starlark.MakeInt(0))
	s := a.Stamp()
	a.SetAttr("x", starlark.MakeInt(1))
	if a.Stamp() == s {
		t.Error("setting an attribute of an instance of object left its stamp as it was")
	}
}
