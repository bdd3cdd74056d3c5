package class

import (
	"fmt"
	"sort"
	"sync/atomic"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Instance is an object of a Class. Its attributes are mutable for the
// life of the program (instances are never frozen: one thread runs a loop).
type Instance struct {
	class *Class
	// vals holds the instance's own attributes: vals[k] is the one named
	// by its class's slot k, nil when unset (see slots.go).
	vals []starlark.Value
	// shadowGen is the class generation shadow was worked out at.
	shadowGen uint64
	// version counts the changes to the instance's own attributes (see
	// Stamp).
	version uint32
	// shadow is set once an instance attribute hides a callable class
	// member (self.writable = lambda: False), so that the loop knows when
	// it must look at the instance before trusting the class's method.
	// It is worked out again when a class changed since shadowGen (a
	// member added to a class may be hidden by an attribute set before).
	shadow bool
	// Native holds the Go-side state of a built-in base class (a
	// dispatcher's socket and buffers, for instance). Owned by the module
	// that created it.
	Native any
	// watch, when set, hears of every change to the instance's own
	// attributes: asyncore's loop recomputes a channel's interest only
	// when its state changed.
	watch func(*Instance)
	// rare holds the Go methods already bound to this instance, so that
	// self.recv(...) in a handler does not allocate one at every event,
	// the attributes without a slot, and the thread of an instance of a
	// built-in class; made when first needed.
	rare *instRare
	// self is (self,): the arguments of a method called with none but
	// self (see SelfArgs).
	self [1]starlark.Value
}

// boundMethod is a class's Go method and its binding to one instance.
type boundMethod struct {
	from, to *Method
}

// maxBound caps the bindings an instance keeps.
const maxBound = 8

// bind returns fn bound to i, made once per method and instance.
func (i *Instance) bind(fn *Method) *Method {
	if i.rare != nil {
		for _, b := range i.rare.bound {
			if b.from == fn {
				return b.to
			}
		}
	}
	m := fn.Bind(i)
	if i.rare == nil {
		i.rare = new(instRare)
	}
	if len(i.rare.bound) < maxBound {
		i.rare.bound = append(i.rare.bound, boundMethod{fn, m})
	}
	return m
}

// bindFunc returns the script's method fn bound to i, made once per
// method and instance for the first maxBound (self.push(...) in a
// handler allocates nothing).
func (i *Instance) bindFunc(fn *starlark.Function) *BoundMethod {
	if i.rare != nil {
		for _, b := range i.rare.funcs {
			if b.fn == fn {
				return b
			}
		}
	}
	m := &BoundMethod{self: i, fn: fn}
	if i.rare == nil {
		i.rare = new(instRare)
	}
	if len(i.rare.funcs) < maxBound {
		i.rare.funcs = append(i.rare.funcs, m)
	}
	return m
}

// SelfArgs is (i,), kept in the instance: the arguments of a method
// called with none but self (Starlark functions do not change their
// arguments).
func (i *Instance) SelfArgs() starlark.Tuple {
	if i.self[0] == nil {
		i.self[0] = i
	}
	return i.self[:]
}

// Watch makes fn hear of every later change to i's own attributes
// (SetAttr, SetField other than through a property, DelAttr), each of
// which changes i's Stamp; nil stops it.
func (i *Instance) Watch(fn func(*Instance)) { i.watch = fn }

var (
	_ starlark.HasSetField = (*Instance)(nil)
)

// NewInstance makes an instance of c without running __init__. An
// instance of a class with a few slots is made with room for exactly
// their values in the same allocation (slots.go): one allocation instead
// of two, of the same size as the two were (an Instance and n values
// fill a size class of Go's allocator exactly, n up to 8).
func NewInstance(c *Class) *Instance {
	switch len(c.slots) {
	case 1:
		x := &instanceWith1{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 2:
		x := &instanceWith2{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 3:
		x := &instanceWith3{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 4:
		x := &instanceWith4{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 5:
		x := &instanceWith5{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 6:
		x := &instanceWith6{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 7:
		x := &instanceWith7{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	case 8:
		x := &instanceWith8{Instance: Instance{class: c}}
		x.Instance.vals = x.room[:0]
		return &x.Instance
	}
	return &Instance{class: c}
}

// An instance and room for the values of its n slots, in one allocation.
type (
	instanceWith1 struct {
		Instance
		room [1]starlark.Value
	}
	instanceWith2 struct {
		Instance
		room [2]starlark.Value
	}
	instanceWith3 struct {
		Instance
		room [3]starlark.Value
	}
	instanceWith4 struct {
		Instance
		room [4]starlark.Value
	}
	instanceWith5 struct {
		Instance
		room [5]starlark.Value
	}
	instanceWith6 struct {
		Instance
		room [6]starlark.Value
	}
	instanceWith7 struct {
		Instance
		room [7]starlark.Value
	}
	instanceWith8 struct {
		Instance
		room [8]starlark.Value
	}
)

// Class returns the instance's class.
func (i *Instance) Class() *Class { return i.class }

func (i *Instance) Type() string { return i.class.name }
func (i *Instance) Freeze()      {}

// ReprThread makes the thread that runs a built-in class's properties
// and special methods when no interpreter's thread is known.
var ReprThread = func() *starlark.Thread { return &starlark.Thread{Name: "repr"} }

// reprDepth guards against a __repr__ that shows self, which would
// recurse without end (shared by the interpreters of pyasync -j, hence
// atomic).
var reprDepth atomic.Int32

// String is str() of the instance, as Go code shows it: the class's
// __str__, else its __repr__, else "<Name object at 0x...>", the last
// also when the method fails (str(), print, % and repr() use Str and
// ReprErr, which report the failure).
func (i *Instance) String() string { return i.shown(i.Str()) }

// Str is str(i) with its error.
func (i *Instance) Str() (string, error) {
	if fn, ok := i.class.Lookup("__str__"); ok {
		return i.dunderString("__str__", fn)
	}
	return i.ReprErr()
}

// Repr is repr() of the instance, as Python gives it: the class's
// __repr__ when it has one, else "<Name object at 0x...>", even when a
// __str__ is defined (which String prefers); the default too when the
// method fails (see ReprErr).
func (i *Instance) Repr() string { return i.shown(i.ReprErr()) }

// shown is s, what a __str__ or __repr__ returned, or the default when
// it failed (err).
func (i *Instance) shown(s string, err error) string {
	if err != nil {
		return i.defaultRepr()
	}
	return s
}

// ReprErr is repr(i) with its error.
func (i *Instance) ReprErr() (string, error) {
	if fn, ok := i.class.Lookup("__repr__"); ok {
		return i.dunderString("__repr__", fn)
	}
	return i.defaultRepr(), nil
}

func (i *Instance) defaultRepr() string {
	return fmt.Sprintf("<%s object at %#x>", i.class.QualName(), identity(i))
}

// dunderString calls the method fn, __str__ or __repr__ (name), for its
// string.
func (i *Instance) dunderString(name string, fn starlark.Value) (string, error) {
	if reprDepth.Load() > 8 {
		return i.defaultRepr(), nil
	}
	reprDepth.Add(1)
	v, err := CallMethod(i.thread(), i, fn, nil, nil)
	reprDepth.Add(-1)
	if err != nil {
		return "", err
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return "", typeError("%s returned non-string (type %s)", name, TypeName(v))
	}
	return s, nil
}

// ID is the instance's identity, as Python's id() gives it (used in repr).
func (i *Instance) ID() uintptr { return identity(i) }

// Attr reads an attribute: a property of the class first (as Python's data
// descriptors), then the instance's own attributes, then the class's
// members (functions come back bound to the instance).
func (i *Instance) Attr(name string) (starlark.Value, error) {
	cv, k := i.class.member(name)
	switch fn := cv.(type) {
	case nil:
		// not a member: the instance's own attribute, or none
		if v, ok := i.ownAt(k, name); ok {
			return v, nil
		}
		return i.noAttr(name)
	case *Property:
		return fn.Get(i)
	case *ScriptProperty:
		return fn.get(i.class, i)
	case *Method:
		if !i.MayShadow() {
			return i.bind(fn), nil // no attribute of the instance hides it
		}
	case *starlark.Function:
		if !i.MayShadow() {
			return i.bindFunc(fn), nil
		}
	}
	if v, ok := i.ownAt(k, name); ok {
		return v, nil
	}
	switch fn := cv.(type) {
	case *starlark.Function:
		return i.bindFunc(fn), nil
	case *Method:
		return i.bind(fn), nil
	case *StaticMethod:
		return fn.fn, nil
	case *ClassMethod:
		return fn.bind(i.class), nil
	}
	return cv, nil
}

// noAttr is Attr for a name that is neither the instance's own
// attribute nor a member of its class.
func (i *Instance) noAttr(name string) (starlark.Value, error) {
	if name == "__class__" {
		return i.class, nil
	}
	if fn, ok := i.class.Lookup("__getattr__"); ok {
		// Go's (a dispatcher's, reaching its socket) or the script's
		th := i.thread()
		if _, ok := fn.(*Method); ok {
			th = nil
		}
		return CallMethod(th, i, fn, starlark.Tuple{starlark.String(name)}, nil)
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("'%s' object has no attribute '%s'", i.class.name, name))
}

// GetAttr returns the instance's own attribute or the class's (not
// binding methods), for Go code that reads state such as "connected".
func (i *Instance) GetAttr(name string) (starlark.Value, bool) {
	if v, ok := i.own(name); ok {
		return v, true
	}
	return i.class.Lookup(name)
}

// GetAttrOwn returns an attribute set on the instance itself.
func (i *Instance) GetAttrOwn(name string) (starlark.Value, bool) {
	return i.own(name)
}

// SetAttr sets an instance attribute directly, bypassing properties.
func (i *Instance) SetAttr(name string, v starlark.Value) {
	i.setAt(i.class.slotOf(name), name, v, hidesUnknown)
}

// What setAt knows of whether a name hides a callable member.
const (
	hidesUnknown = iota // to be looked up
	hidesNot
	hidesMember
)

// setAt is SetAttr for a name whose slot is k (-1: none yet); hides
// tells whether an attribute called name hides a callable member of the
// class, as a hint knows (hidesNot, hidesMember), or hidesUnknown for it
// to be looked up.
func (i *Instance) setAt(k int, name string, v starlark.Value, hides int) {
	may := i.MayShadow()
	added, k := i.putAt(k, name, v)
	if added && !may {
		if hides == hidesUnknown {
			i.shadow = i.hides(name)
		} else {
			i.shadow = hides == hidesMember
		}
	}
	if i.class.counts(k, added) {
		i.version++
	}
	if i.watch != nil {
		i.watch(i)
	}
}

// MayShadow reports whether some instance attribute hides a callable
// class member; when it is false, a method found on the class is the
// one a call would run.
func (i *Instance) MayShadow() bool {
	// shadow holds while no class changed (SetAttr keeps it up to date):
	// answered without looking at the attributes
	if g := generation.Load(); i.shadowGen != g {
		// a class changed: look at every attribute again
		i.shadow, i.shadowGen = false, g
		i.eachOwn(func(name string, _ starlark.Value) bool {
			i.shadow = i.hides(name)
			return !i.shadow
		})
	}
	return i.shadow
}

// hides reports whether an instance attribute called name would hide a
// callable member of the class.
func (i *Instance) hides(name string) bool {
	cv, ok := i.class.Lookup(name)
	if !ok {
		return false
	}
	_, callable := cv.(starlark.Callable)
	return callable
}

// DelAttr removes an instance attribute.
func (i *Instance) DelAttr(name string) {
	i.drop(name)
	i.version++
	if i.watch != nil {
		i.watch(i)
	}
}

// AttrNames lists the instance's attributes and its class's members.
func (i *Instance) AttrNames() []string {
	seen := map[string]bool{}
	var names []string
	i.eachOwn(func(k string, _ starlark.Value) bool {
		seen[k] = true
		names = append(names, k)
		return true
	})
	for _, k := range i.class.AttrNames() {
		if !seen[k] {
			names = append(names, k)
		}
	}
	if fn, ok := i.class.Lookup("__dir__"); ok {
		if m, ok := fn.(*Method); ok {
			if v, err := m.impl(nil, m, i, nil, nil); err == nil {
				if l, ok := v.(*starlark.List); ok {
					for j := 0; j < l.Len(); j++ {
						if s, ok := starlark.AsString(l.Index(j)); ok && !seen[s] {
							seen[s] = true
							names = append(names, s)
						}
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names
}

// SetField assigns self.name = v, through a class property if there is one.
func (i *Instance) SetField(name string, v starlark.Value) error {
	cv, k := i.class.member(name)
	switch p := cv.(type) {
	case *Property:
		if p.Set == nil {
			return fmt.Errorf("can't set attribute '%s' of '%s' object", name, i.class.name)
		}
		return p.Set(i, v)
	case *ScriptProperty:
		return p.set(i.class, i, name, v)
	}
	i.setAt(k, name, v, hidesUnknown)
	return nil
}

// BoundMethod is a script-defined method bound to its instance (h.handle_read).
type BoundMethod struct {
	self starlark.Value
	fn   *starlark.Function
}

func (m *BoundMethod) Name() string { return m.fn.Name() }
func (m *BoundMethod) String() string {
	return fmt.Sprintf("<bound method %s of %s>", m.fn.Name(), m.self.String())
}
func (m *BoundMethod) Type() string                 { return "method" }
func (m *BoundMethod) Freeze()                      {}
func (m *BoundMethod) Truth() starlark.Bool         { return true }
func (m *BoundMethod) Hash() (uint32, error)        { return identityHash(m), nil }
func (m *BoundMethod) Position() syntax.Position    { return m.fn.Position() }
func (m *BoundMethod) Function() *starlark.Function { return m.fn }
func (m *BoundMethod) Self() starlark.Value         { return m.self }

func (m *BoundMethod) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return CallFunc(th, m.fn, m.self, args, kwargs)
}

// MethodFunc implements a method in Go. self is the instance (or whatever
// value the method was called on explicitly, as in Base.method(x)).
type MethodFunc func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// Func implements a method in Go as a starlark.Builtin's function does:
// it is told fn, the method called, whose Name its errors give (one
// function may serve two methods) and whose Owner is what it works for
// (the module of one interpreter, say).
type Func func(th *starlark.Thread, fn *Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// Method is a class member implemented in Go. Read from a class it is
// unbound (the first argument is self); read from an instance it is bound.
type Method struct {
	name   string
	impl   Func
	owner  any
	recv   starlark.Value
	origin *Method // the unbound method this one was bound from
	// inPlace: impl keeps neither its args nor its kwargs slice (see
	// ArgsInPlace)
	inPlace bool
	// builtin is the unbound method as a built-in method, made by
	// asBuiltin
	builtin *starlark.Builtin
}

// NewMethod makes a Go method.
func NewMethod(name string, impl MethodFunc) *Method {
	return NewFunc(name, func(th *starlark.Thread, _ *Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return impl(th, self, args, kwargs)
	}, nil)
}

// NewFunc makes a Go method called name, run by impl on behalf of owner.
func NewFunc(name string, impl Func, owner any) *Method {
	m := &Method{name: name, impl: impl, owner: owner}
	m.origin = m
	return m
}

var _ starlark.ArgsInPlacer = (*Method)(nil)

// Bind returns m bound to recv.
func (m *Method) Bind(recv starlark.Value) *Method {
	return &Method{name: m.name, impl: m.impl, owner: m.owner, recv: recv, origin: m.origin, inPlace: m.inPlace}
}

// ArgsInPlace marks m (and the methods bound from it afterwards) as a
// method whose function keeps neither its args slice nor its kwargs
// slice once it returns, and does not change them: only the values it
// reads from them. The interpreter then calls it with the receiver and
// the arguments where they lie on the caller's operand stack, as it
// calls a script's function, instead of a copy allocated for the call
// (starlark.ArgsInPlacer). A function that hands its args on to a
// callable it does not know (a script's function may be a built-in
// that keeps them) must not be marked. It returns m.
func (m *Method) ArgsInPlace() *Method {
	m.inPlace = true
	if m.recv == nil && m.builtin == nil {
		// made here, as the method is set up, rather than when a
		// thread first asks (the classes of pyasync -j are shared)
		m.builtin = m.newBuiltin()
	}
	return m
}

// TakesArgsInPlace reports whether m is marked by ArgsInPlace.
func (m *Method) TakesArgsInPlace() bool { return m.inPlace }

// asBuiltin returns m, when it is an unbound method marked by
// ArgsInPlace, as a built-in method that runs m on its receiver: the
// interpreter calls it, bound in the caller's frame, as it calls a
// method of a built-in type (starlark.AttrHint.Builtin), without the
// interface conversions a call of m costs. Nil for any other method.
func (m *Method) asBuiltin() *starlark.Builtin {
	if m.recv != nil {
		return nil
	}
	return m.builtin
}

// newBuiltin makes asBuiltin's answer for m. Not inlined: the function
// it makes is then compiled here, where the calls it makes are inlined.
//
//go:noinline
func (m *Method) newBuiltin() *starlark.Builtin {
	return starlark.NewBuiltin(m.name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if self := b.Receiver(); self != nil {
			return m.impl(th, m, self, args, kwargs)
		}
		return m.CallInternal(th, args, kwargs) // unbound: self first
	}).ArgsInPlace()
}

// Owner is what the method works for (see NewFunc).
func (m *Method) Owner() any { return m.owner }

// Is reports whether m is other, or other bound to some receiver.
func (m *Method) Is(other *Method) bool { return other != nil && m.origin == other.origin }

// Call runs the method on self directly.
func (m *Method) Call(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return m.impl(th, m, self, args, kwargs)
}

func (m *Method) Name() string { return m.name }
func (m *Method) String() string {
	if m.recv != nil {
		return fmt.Sprintf("<built-in method %s of %s>", m.name, m.recv.Type())
	}
	return fmt.Sprintf("<method '%s'>", m.name)
}
func (m *Method) Type() string          { return "builtin_function_or_method" }
func (m *Method) Freeze()               {}
func (m *Method) Truth() starlark.Bool  { return true }
func (m *Method) Hash() (uint32, error) { return identityHash(m), nil }

func (m *Method) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self := m.recv
	if self == nil {
		if len(args) == 0 {
			return nil, fmt.Errorf("%s: unbound method needs an instance as its first argument", m.name)
		}
		self, args = args[0], args[1:]
	}
	return m.impl(th, m, self, args, kwargs)
}

// Property is a class member computed in Go on every read (and write),
// like a Python property; it lets Go-held state (a send buffer, say) read
// as an ordinary attribute.
type Property struct {
	Get func(self *Instance) (starlark.Value, error)
	Set func(self *Instance, v starlark.Value) error // nil: read-only
}

func (p *Property) String() string        { return "<property>" }
func (p *Property) Type() string          { return "property" }
func (p *Property) Freeze()               {}
func (p *Property) Truth() starlark.Bool  { return true }
func (p *Property) Hash() (uint32, error) { return identityHash(p), nil }

func identity[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

func identityHash[T any](p *T) uint32 {
	u := uint64(uintptr(unsafe.Pointer(p)))
	return uint32(u ^ u>>32)
}
