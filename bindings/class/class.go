// Package class gives Starlark Python's class system: classes with bases
// and a C3 method resolution order, instances with mutable attributes,
// methods bound to their instance, and Go-implemented methods and
// properties, so that asyncore's dispatcher can be subclassed from a
// script.
//
// Starlark has no class statement; scripts build classes with the
// predeclared function subclass:
//
//	EchoHandler = subclass(asyncore.dispatcher_with_send, "EchoHandler",
//	    handle_read = _handle_read)
//
// The built-ins offered to scripts are subclass, object, isinstance,
// issubclass and setattr (see builtins.go).
package class

import (
	"fmt"
	"sort"
	"sync/atomic"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// generation is bumped whenever any class dictionary changes, which
// invalidates every class's table of names at once (members.go) and
// every Stamp (stamp.go).
var generation atomic.Uint64

// Class is a Python-style class: a name, bases, a dictionary of members and
// the linearised method resolution order. Calling a class creates an
// Instance and runs __init__.
type Class struct {
	name   string
	module string // "asyncore" for built-in classes; "" for a script's
	bases  []*Class
	dict   map[string]starlark.Value
	keys   []string // dict keys in definition order
	mro    []*Class // mro[0] is the class itself

	table *memberTable // the names asked of it: members and slots (members.go)

	slots        []string // the names of its instances' attributes (slots.go)
	tracked      uint64   // bit k: setting slot k changes the instance's Stamp (stamp.go)
	trackedNames []string // the names Track was given

	specials    specialSet // the special methods it has (see special.go)
	specialsGen uint64     // the generation specials was worked out at, +1

	th *starlark.Thread // the thread of the subclass() call; runs properties and special methods

	args [4]starlark.Value // the arguments of a call of a method with a few (CallFunc)

	// builtin is set for the classes pyasync predeclares (exception
	// classes): they are shared by every interpreter, so a script may
	// subclass them but not change them.
	builtin bool
	// onNew, inherited from the first base that has one, sets up an
	// instance before __init__ runs, as Python's __new__ does (an
	// exception's args are set even when a subclass's __init__ does not
	// call its base's).
	onNew func(inst *Instance, args starlark.Tuple)
}

var (
	_ starlark.Callable    = (*Class)(nil)
	_ starlark.HasSetField = (*Class)(nil)
)

// New makes a class. module names where a built-in class lives ("asyncore")
// and is used only in repr; members are its dictionary (functions become
// methods, everything else class attributes).
func New(name, module string, bases []*Class, members starlark.StringDict) (*Class, error) {
	c := &Class{name: name, module: module, bases: bases, dict: make(map[string]starlark.Value, len(members))}
	keys := members.Keys() // sorted: deterministic
	for _, k := range keys {
		c.dict[k] = members[k]
	}
	c.keys = keys
	mro, err := linearize(c)
	if err != nil {
		return nil, err
	}
	c.mro = mro
	for _, k := range mro[1:] {
		if k.onNew != nil {
			c.onNew = k.onNew
			break
		}
	}
	return c, nil
}

// MustNew is New for built-in classes whose hierarchy is known to be valid.
func MustNew(name, module string, bases []*Class, members starlark.StringDict) *Class {
	c, err := New(name, module, bases, members)
	if err != nil {
		panic(err) // a programming error in a built-in class table
	}
	return c
}

// MustNewBuiltin makes a predeclared class shared by every interpreter:
// scripts may subclass it but not set its attributes.
func MustNewBuiltin(name, module string, bases []*Class, members starlark.StringDict) *Class {
	c := MustNew(name, module, bases, members)
	c.builtin = true
	return c
}

// SetNew makes fn set up each new instance of c, and of the classes
// derived from c later, before __init__ runs (Python's __new__).
func (c *Class) SetNew(fn func(inst *Instance, args starlark.Tuple)) { c.onNew = fn }

// linearize computes Python 3's C3 linearisation of c.
func linearize(c *Class) ([]*Class, error) {
	if len(c.bases) < 2 {
		// the class, then its one base's linearisation (what the
		// merge below gives), made in one allocation: most classes,
		// every exception class pyasync predeclares among them
		var mro []*Class
		if len(c.bases) == 1 {
			mro = make([]*Class, 1, 1+len(c.bases[0].mro))
			mro = append(mro, c.bases[0].mro...)
		} else {
			mro = make([]*Class, 1)
		}
		mro[0] = c
		return mro, nil
	}
	var seqs [][]*Class
	for _, b := range c.bases {
		seqs = append(seqs, append([]*Class(nil), b.mro...))
	}
	seqs = append(seqs, append([]*Class(nil), c.bases...))
	out := []*Class{c}
	for {
		nonEmpty := seqs[:0]
		for _, s := range seqs {
			if len(s) > 0 {
				nonEmpty = append(nonEmpty, s)
			}
		}
		seqs = nonEmpty
		if len(seqs) == 0 {
			return out, nil
		}
		var cand *Class
	search:
		for _, s := range seqs {
			h := s[0]
			for _, t := range seqs {
				for _, x := range t[1:] {
					if x == h {
						continue search
					}
				}
			}
			cand = h
			break
		}
		if cand == nil {
			return nil, fmt.Errorf("subclass: cannot create a consistent method resolution order (MRO) for bases of %s", c.name)
		}
		out = append(out, cand)
		for i, s := range seqs {
			if s[0] == cand {
				seqs[i] = s[1:]
			}
		}
	}
}

// Name returns the class name.
func (c *Class) Name() string { return c.name }

// Module returns the module a built-in class belongs to, or "".
func (c *Class) Module() string { return c.module }

// QualName is the name repr() shows: "asyncore.dispatcher" or "EchoHandler".
func (c *Class) QualName() string {
	if c.module != "" {
		return c.module + "." + c.name
	}
	return c.name
}

// MRO returns the method resolution order, the class first.
func (c *Class) MRO() []*Class { return c.mro }

// Bases returns the direct bases.
func (c *Class) Bases() []*Class { return c.bases }

// IsSubclass reports whether c is base or derives from it.
func (c *Class) IsSubclass(base *Class) bool {
	for _, k := range c.mro {
		if k == base {
			return true
		}
	}
	return false
}

// Lookup finds name along the MRO, as Python's type attribute lookup does.
// Answers are kept in the class's table of names (members.go) until any
// class changes.
func (c *Class) Lookup(name string) (starlark.Value, bool) {
	v, _ := c.member(name)
	return v, v != nil
}

// Own returns a member defined on c itself (not inherited).
func (c *Class) Own(name string) (starlark.Value, bool) {
	v, ok := c.dict[name]
	return v, ok
}

func (c *Class) String() string        { return fmt.Sprintf("<class '%s'>", c.QualName()) }
func (c *Class) Type() string          { return "class" }
func (c *Class) Freeze()               {} // classes stay mutable: one thread per loop
func (c *Class) Truth() starlark.Bool  { return true }
func (c *Class) Hash() (uint32, error) { return identityHash(c), nil }

// Attr returns a class member; functions come back unbound, so that
// Base.method(self, ...) calls a base class's method explicitly.
func (c *Class) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__name__":
		return starlark.String(c.name), nil
	case "__bases__":
		t := make(starlark.Tuple, len(c.bases))
		for i, b := range c.bases {
			t[i] = b
		}
		return t, nil
	case "__mro__":
		t := make(starlark.Tuple, len(c.mro))
		for i, b := range c.mro {
			t[i] = b
		}
		return t, nil
	}
	if v, ok := c.Lookup(name); ok {
		switch s := v.(type) {
		case *StaticMethod:
			return s.fn, nil
		case *ClassMethod:
			return s.bind(c), nil
		}
		return v, nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("type object '%s' has no attribute '%s'", c.name, name))
}

// AttrNames lists every member visible through the MRO.
func (c *Class) AttrNames() []string {
	seen := map[string]bool{}
	var names []string
	for _, k := range c.mro {
		for _, n := range k.keys {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	return names
}

// SetField sets a class attribute (EchoHandler.limit = 10), as Python allows.
func (c *Class) SetField(name string, v starlark.Value) error {
	if len(c.mro) == 1 || c.builtin {
		return fmt.Errorf("cannot set '%s' attribute of built-in class '%s'", name, c.name)
	}
	if _, ok := c.dict[name]; !ok {
		c.keys = append(c.keys, name)
	}
	c.dict[name] = v
	generation.Add(1)
	return nil
}

// TakesArgsInPlace reports whether a call of c keeps nothing of its
// argument slices (starlark.ArgsInPlacer): so when no set-up of a built-in
// class (SetNew) sees them and __init__ is a script's function, which
// CallMethod gives a tuple of its own, or there is none.
func (c *Class) TakesArgsInPlace() bool {
	if c.onNew != nil {
		return false
	}
	init, ok := c.Lookup("__init__")
	if !ok {
		return true
	}
	_, ok = init.(*starlark.Function)
	return ok
}

// CallInternal creates an instance and runs __init__ with the arguments.
func (c *Class) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst := NewInstance(c)
	if c.th == nil {
		inst.rare = &instRare{th: Owner(th)} // a built-in class's: its special methods run here
	}
	if c.onNew != nil {
		c.onNew(inst, args)
	}
	init, ok := c.Lookup("__init__")
	if !ok {
		if len(args) > 0 || len(kwargs) > 0 {
			return nil, fmt.Errorf("%s() takes no arguments", c.name)
		}
		return inst, nil
	}
	res, err := CallMethod(th, inst, init, args, kwargs)
	if err != nil {
		return nil, err
	}
	if res != starlark.None {
		return nil, fmt.Errorf("__init__() should return None, not '%s'", res.Type())
	}
	return inst, nil
}

// CallMethod calls the class member fn (a Starlark function or a Go Method)
// with self prepended. A Go method runs directly, without entering the
// interpreter.
func CallMethod(th *starlark.Thread, self starlark.Value, fn starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch fn := fn.(type) {
	case *Method:
		return fn.impl(th, fn, self, args, kwargs)
	case *starlark.Function:
		return CallFunc(th, fn, self, args, kwargs)
	case starlark.Callable:
		// staticmethod-like callables stored on the class
		return starlark.Call(th, fn, args, kwargs)
	}
	return nil, pyerr.Errorf("TypeError", "'%s' object is not callable", TypeName(fn))
}
