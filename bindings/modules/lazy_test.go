package modules

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestLazyMakesMembersOnceOnFirstLook: nothing is made until an attribute
// or the attribute names are asked for, and then only once.
func TestLazyMakesMembersOnceOnFirstLook(t *testing.T) {
	made := 0
	m := NewLazy("m", func() starlark.StringDict {
		made++
		return starlark.StringDict{"x": starlark.MakeInt(1)}
	})
	if m.String() != `<module "m">` || m.Type() != "module" || made != 0 {
		t.Fatalf("before any look: %s %s, made %d times", m, m.Type(), made)
	}
	if v, _ := m.Attr("x"); v != starlark.MakeInt(1) {
		t.Errorf("m.x = %v", v)
	}
	if v, _ := m.Attr("y"); v != nil {
		t.Errorf("m.y = %v, want none", v)
	}
	if names := m.AttrNames(); len(names) != 1 || names[0] != "x" {
		t.Errorf("AttrNames = %v", names)
	}
	if made != 1 {
		t.Errorf("members made %d times, want 1", made)
	}
}

// TestLazyFrozenBeforeMade: a module frozen before its members exist
// freezes them when they are made.
func TestLazyFrozenBeforeMade(t *testing.T) {
	m := NewLazy("m", func() starlark.StringDict {
		return starlark.StringDict{"d": starlark.NewDict(1)}
	})
	m.Freeze()
	v, _ := m.Attr("d")
	if err := v.(*starlark.Dict).SetKey(starlark.String("k"), starlark.None); err == nil {
		t.Error("a dict of a module frozen before it was made is mutable")
	}
}

// TestErrnoModule: errno's names and errorcode, made on first look.
func TestErrnoModule(t *testing.T) {
	m := NewErrno()
	if v, _ := m.Attr("ECONNREFUSED"); v != starlark.MakeInt(111) {
		t.Errorf("errno.ECONNREFUSED = %v", v)
	}
	ec, _ := m.Attr("errorcode")
	if v, _, _ := ec.(*starlark.Dict).Get(starlark.MakeInt(11)); v != starlark.String("EAGAIN") {
		t.Errorf("errno.errorcode[11] = %v, want EAGAIN (the canonical name, not EWOULDBLOCK)", v)
	}
}

// TestLazySetField: a program may set a module's attribute, as in Python,
// but not once the module is frozen.
func TestLazySetField(t *testing.T) {
	m := NewLazy("m", func() starlark.StringDict { return starlark.StringDict{"x": starlark.MakeInt(1)} })
	if err := m.SetField("x", starlark.MakeInt(2)); err != nil {
		t.Fatal(err)
	}
	if v, _ := m.Attr("x"); v != starlark.MakeInt(2) {
		t.Errorf("after m.x = 2, m.x = %v", v)
	}
	m.Freeze()
	if err := m.SetField("x", starlark.MakeInt(3)); err == nil {
		t.Error("a frozen module's attribute was set")
	}
}
