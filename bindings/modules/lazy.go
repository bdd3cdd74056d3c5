package modules

import (
	"fmt"
	"unsafe"

	"go.starlark.net/starlark"
)

// Lazy is a module whose members are made the first time the program
// looks at it (an attribute, or the list of them). A module with many
// members that most programs never touch (errno: some 130 names and the
// errorcode dict) then costs nothing at start-up. It behaves as a
// starlarkstruct.Module: type "module", printed as <module "name">.
//
// A Lazy belongs to one interpreter, as its members do; it is not safe
// for concurrent use before it is frozen.
type Lazy struct {
	name    string
	make    func() starlark.StringDict
	members starlark.StringDict
	frozen  bool
	sets    uint64 // members set by SetField: the version of AttrAt's hints
}

var (
	_ starlark.CachedAttrs = (*Lazy)(nil)
	_ starlark.HasSetField = (*Lazy)(nil)
)

// NewLazy returns the module name whose members make will return.
func NewLazy(name string, make func() starlark.StringDict) *Lazy {
	return &Lazy{name: name, make: make}
}

// load makes the members, once.
func (m *Lazy) load() starlark.StringDict {
	if m.members == nil {
		m.members = m.make()
		m.make = nil
		if m.frozen {
			m.members.Freeze()
		}
	}
	return m.members
}

func (m *Lazy) Attr(name string) (starlark.Value, error) { return m.load()[name], nil }
func (m *Lazy) AttrNames() []string                      { return m.load().Keys() }
func (m *Lazy) Hash() (uint32, error)                    { return 0, fmt.Errorf("unhashable: %s", m.Type()) }
func (m *Lazy) String() string                           { return fmt.Sprintf("<module %q>", m.name) }
func (m *Lazy) Truth() starlark.Bool                     { return true }
func (m *Lazy) Type() string                             { return "module" }

// SetField sets a member, as a program sets a Python module's attribute
// (logging.raiseExceptions = False), unless the module is frozen.
func (m *Lazy) SetField(name string, v starlark.Value) error {
	if m.frozen {
		return fmt.Errorf("cannot set .%s of frozen module %s", name, m.name)
	}
	m.load()[name] = v
	m.sets++
	return nil
}

// AttrAt is Attr, for the instruction whose site is site, where it
// leaves a hint: the next time that instruction reads an attribute of
// this module (urllib.parse, mimetypes.guess_type), it has the member
// without looking its name up, unless a member was set since.
func (m *Lazy) AttrAt(site *starlark.AttrSite, name string) (starlark.Value, error) {
	v := m.load()[name]
	if v != nil {
		site.SetHint(&starlark.AttrHint{Key: unsafe.Pointer(m), Gen: m.sets, Value: v, Read: readLazy})
	}
	return v, nil
}

// readLazy is the Read of AttrAt's hints: the member the hint holds, if
// x is its module and no member was set since.
func readLazy(x starlark.Value, h *starlark.AttrHint) (starlark.Value, bool) {
	m, ok := x.(*Lazy)
	return h.Value, ok && unsafe.Pointer(m) == h.Key && m.sets == h.Gen
}

// Freeze freezes the members, now or when they are made.
func (m *Lazy) Freeze() {
	m.frozen = true
	if m.members != nil {
		m.members.Freeze()
	}
}
