package class

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestStampChangesWithWhatItCovers: an instance's stamp changes when
// one of its own attributes is set or deleted and when any class's
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
