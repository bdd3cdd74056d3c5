package class

import (
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"go.starlark.net/starlark"
)

// Lookup's table of recent answers is keyed by the address of a name's
// bytes. That is sound only while an entry keeps those bytes alive (then
// no other string can be given the same address) and strings never
// change: this test fails if the key stops being a pointer the collector
// follows.
func TestRecentLookupKeyKeepsTheNameAlive(t *testing.T) {
	if k := reflect.TypeOf(recentLookup{}.name).Kind(); k != reflect.Pointer {
		t.Fatalf("recentLookup.name is a %v, not a pointer that keeps the name's bytes alive", k)
	}
}

// Names made afresh and dropped, over and over, while collections free
// their bytes for new names: every lookup gets the answer for its own
// text, never one kept for another name's bytes at the same address.
func TestRecentLookupNeverAnswersForAFreedName(t *testing.T) {
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
