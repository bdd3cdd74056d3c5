package interp

import (
	"fmt"
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Module is a Python module made of a .star file, as import_module
// returns it: `m.f()` reads the module's global f. Python lets modules
// import each other; so does this, because a module's globals are read
// when an attribute is asked for, not when the module is bound:
//
//   - once its top level has run, the globals it ended with;
//   - while its top level runs (another module it imports, directly or
//     not, imports it back), the globals assigned so far, read from the
//     frame running that top level, as Python shows a partially
//     initialized module.
//
// Attributes also name the submodules imported so far (pkg.mod after
// import_module("pkg.mod")), and the module's variables that its
// functions assign, which a translated program keeps in its _globals
// dict (see PORTING.md). Modules compare by identity and are never
// frozen.
type Module struct {
	in      *Interp
	name    string // dotted: "pkg.mod", or "__main__"
	file    string // the .star file, as shown in messages; "" for a namespace package
	dir     string // for a package, the folder its submodules are in; "" for a plain module
	globals starlark.StringDict
	doc     starlark.Value // its docstring, or None

	// While the top level runs: the thread running it, and the position
	// of its frame on that thread's stack, counted from the bottom.
	thread *starlark.Thread
	depth  int
}

var (
	_ starlark.HasAttrs    = (*Module)(nil)
	_ starlark.HasSetField = (*Module)(nil)
)

func (m *Module) String() string {
	switch {
	case m.file != "":
		return fmt.Sprintf("<module '%s' from '%s'>", m.name, m.file)
	case m.dir != "":
		return fmt.Sprintf("<module '%s' (namespace) from ['%s']>", m.name, m.dir)
	}
	return fmt.Sprintf("<module '%s'>", m.name)
}

// Type is "module", as for the predeclared modules.
func (m *Module) Type() string         { return "module" }
func (m *Module) Freeze()              {}
func (m *Module) Truth() starlark.Bool { return starlark.True }
func (m *Module) Hash() (uint32, error) {
	return starlark.String(m.name).Hash()
}

// current is the module's globals: final, or as assigned so far while
// its top level runs (nil before it starts or after it failed).
func (m *Module) current() starlark.StringDict {
	if m.globals != nil {
		return m.globals
	}
	if m.thread == nil {
		return nil
	}
	if n := m.thread.CallStackDepth(); n > m.depth {
		if fn, ok := m.thread.DebugFrame(n - 1 - m.depth).Callable().(*starlark.Function); ok {
			return fn.Globals()
		}
	}
	return nil
}

// loading reports whether the module's top level is still running.
func (m *Module) loading() bool { return m.globals == nil && m.thread != nil }

// Attr is a global of the module, a variable in its _globals dict, or a
// submodule imported so far.
func (m *Module) Attr(name string) (starlark.Value, error) {
	g := m.current()
	if v, ok := g[name]; ok {
		return v, nil
	}
	if v, ok := assigned(g, name); ok {
		return v, nil
	}
	switch name {
	case "__name__":
		return starlark.String(m.name), nil
	case "__doc__":
		if m.doc == nil {
			return starlark.None, nil
		}
		return m.doc, nil
	case "__file__":
		if m.file != "" {
			return starlark.String(m.file), nil
		}
	}
	if sub, ok := m.in.modules[m.name+"."+name]; ok {
		return sub, nil
	}
	if m.loading() {
		return nil, pyerr.Errorf("AttributeError", "partially initialized module '%s' has no attribute '%s' (most likely due to a circular import)", m.name, name)
	}
	return nil, pyerr.Errorf("AttributeError", "module '%s' has no attribute '%s'", m.name, name)
}

// assigned looks name up in the module's _globals dict: where a
// translated program keeps the variables its functions assign.
func assigned(g starlark.StringDict, name string) (starlark.Value, bool) {
	d, ok := g["_globals"].(*starlark.Dict)
	if !ok {
		return nil, false
	}
	v, found, err := d.Get(starlark.String(name))
	return v, found && err == nil
}

// AttrNames lists the module's globals and the submodules imported so far.
func (m *Module) AttrNames() []string {
	seen := map[string]bool{"__name__": true}
	g := m.current()
	for k := range g {
		seen[k] = true
	}
	if d, ok := g["_globals"].(*starlark.Dict); ok {
		for _, k := range d.Keys() {
			if s, ok := k.(starlark.String); ok {
				seen[string(s)] = true
			}
		}
	}
	prefix := m.name + "."
	for k := range m.in.modules {
		if rest, ok := strings.CutPrefix(k, prefix); ok && !strings.Contains(rest, ".") {
			seen[rest] = true
		}
	}
	names := make([]string, 0, len(seen))
	for k := range seen {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// SetField assigns one of the variables the module's functions assign
// (its _globals dict). Any other global belongs to the module's own
// code, which would not see a value set from outside, so assigning it
// is refused rather than done halfway.
func (m *Module) SetField(name string, v starlark.Value) error {
	if d, ok := m.current()["_globals"].(*starlark.Dict); ok {
		if _, found, _ := d.Get(starlark.String(name)); found {
			return d.SetKey(starlark.String(name), v)
		}
	}
	return fmt.Errorf("cannot assign %s.%s from outside module '%s': only the variables its functions declare global can be (see PORTING.md)", m.name, name, m.name)
}
