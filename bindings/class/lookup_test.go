package class

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"go.starlark.net/starlark"
)

// A class's table of names is keyed by the address of a name's bytes.
// That is sound only while an entry keeps those bytes alive (then no
// other string can be given the same address) and strings never change:
// this test fails if the key stops being a pointer the collector
// follows.
func TestMemberTableKeyKeepsTheNameAlive(t *testing.T) {
	if k := reflect.TypeOf(memberEntry{}.name).Kind(); k != reflect.Pointer {
		t.Fatalf("memberEntry.name is a %v, not a pointer that keeps the name's bytes alive", k)
	}
}

// Names made afresh and dropped, over and over, while collections free
// their bytes for new names: every lookup gets the answer for its own
// text, never one kept for another name's bytes at the same address.
func TestMemberTableNeverAnswersForAFreedName(t *testing.T) {
	members := starlark.StringDict{}
	for i := 0; i < 8; i++ {
		members[fmt.Sprintf("m%d", i)] = starlark.MakeInt(i)
	}
	c := MustNew("C", "", []*Class{Object}, members)
	for round := 0; round < 50; round++ {
		for i := 0; i < 16; i++ {
			name := fmt.Sprintf("m%d", (i+round)%16) // m8..m15 are missing
			v, ok := c.Lookup(name)
			want := (i + round) % 16
			if want < 8 && (!ok || v != starlark.MakeInt(want)) || want >= 8 && ok {
				t.Fatalf("round %d: Lookup(%q) = %v, %v", round, name, v, ok)
			}
		}
		runtime.GC()
	}
}

// A name read before any instance had an attribute of that name, then
// set: the table's answer (no slot) is updated when the slot is given,
// for every string value of that name, and reads find the value.
func TestMemberTableLearnsSlotsGivenLater(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, nil)
	i := NewInstance(c)
	name := "late"
	other := string([]byte("late")) // the same name at other bytes
	for _, n := range []string{name, other} {
		if _, err := i.Attr(n); err == nil {
			t.Fatalf("Attr(%q) before it was set: no error", n)
		}
	}
	i.SetAttr(name, starlark.MakeInt(7))
	for _, n := range []string{name, other} {
		if v, err := i.Attr(n); err != nil || v != starlark.MakeInt(7) {
			t.Errorf("Attr(%q) after it was set = %v, %v; want 7", n, v, err)
		}
	}
}

// A class member set after the table answered: the next read finds the
// new member, through the class and through a subclass.
func TestMemberTableFollowsClassChanges(t *testing.T) {
	c := MustNew("C", "", []*Class{Object}, starlark.StringDict{"n": starlark.MakeInt(1)})
	d := MustNew("D", "", []*Class{c}, nil)
	i := NewInstance(d)
	if v, _ := i.Attr("n"); v != starlark.MakeInt(1) {
		t.Fatalf("n = %v, want 1", v)
	}
	if err := c.SetField("n", starlark.MakeInt(2)); err != nil {
		t.Fatal(err)
	}
	if v, _ := i.Attr("n"); v != starlark.MakeInt(2) {
		t.Errorf("n after the base class changed = %v, want 2", v)
	}
	if v, ok := d.Lookup("n"); !ok || v != starlark.MakeInt(2) {
		t.Errorf("D.Lookup(n) = %v, %v; want 2", v, ok)
	}
}

// Many names read through one class, more than its first table holds:
// the table grows, and every read keeps its own answer.
func TestMemberTableGrowsAndAnswersEachName(t *testing.T) {
	members := starlark.StringDict{}
	for k := 0; k < 300; k++ {
		members[fmt.Sprintf("m%d", k)] = starlark.MakeInt(k)
	}
	c := MustNew("C", "", []*Class{Object}, members)
	i := NewInstance(c)
	names := make([]string, 340)
	for k := range names {
		names[k] = fmt.Sprintf("m%d", k) // one string value per name, kept
	}
	for k := 0; k < 40; k++ {
		i.SetAttr(names[300+k], starlark.MakeInt(-k)) // slots
	}
	for round := 0; round < 4; round++ {
		for k, n := range names {
			v, err := i.Attr(n)
			want := starlark.MakeInt(k)
			if k >= 300 {
				want = starlark.MakeInt(300 - k)
			}
			if err != nil || v != want {
				t.Fatalf("round %d: Attr(%q) = %v, %v; want %v", round, n, v, err, want)
			}
		}
	}
	if n := len(c.table.entries); n <= minTableSize {
		t.Errorf("the table has %d entries after 340 names, want it grown", n)
	}
}
