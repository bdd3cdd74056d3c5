package modules

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// mapping is a dict with more behaviour: collections' defaultdict,
// OrderedDict and Counter. Starlark's dict cannot be subclassed, so it
// wraps one and answers as one does: d[k], d[k] = v, `in`, len(),
// iteration over keys, dict(d), d.update(...), and dict's methods (get,
// items, keys, values, pop, setdefault, update, clear, copy; popitem
// takes the last item, as Python's). Beyond a dict:
//
//	defaultdict: d[k] for a missing k stores and returns default_factory()
//	OrderedDict: move_to_end(key, last=True), popitem(last=True); == between
//	    two OrderedDicts minds the order
//	Counter: a missing key counts 0 (counter.go)
type mapping struct {
	kind    string // "defaultdict", "OrderedDict", "Counter"
	dict    *starlark.Dict
	factory starlark.Value   // defaultdict's default_factory, or None
	thread  *starlark.Thread // the thread that made it, to call factory on
}

var (
	_ starlark.IterableMapping = (*mapping)(nil)
	_ starlark.HasSetKey       = (*mapping)(nil)
	_ starlark.Sequence        = (*mapping)(nil)
	_ starlark.Container       = (*mapping)(nil)
	_ starlark.HasSetField     = (*mapping)(nil)
	_ starlark.Comparable      = (*mapping)(nil)
	_ starlark.HasBinary       = (*mapping)(nil)
)

func newMapping(kind string, th *starlark.Thread) *mapping {
	return &mapping{kind: kind, dict: starlark.NewDict(0), factory: starlark.None, thread: th}
}

func (m *mapping) Type() string         { return m.kind }
func (m *mapping) Freeze()              { m.dict.Freeze(); m.factory.Freeze() }
func (m *mapping) Truth() starlark.Bool { return m.dict.Len() > 0 }
func (m *mapping) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: '%s'", m.kind)
}
func (m *mapping) Len() int { return m.dict.Len() }
func (m *mapping) Iterate() starlark.Iterator {
	return m.dict.Iterate()
}
func (m *mapping) Items() []starlark.Tuple          { return m.dict.Items() }
func (m *mapping) SetKey(k, v starlark.Value) error { return m.dict.SetKey(k, v) }
func (m *mapping) Has(k starlark.Value) (bool, error) {
	_, found, err := m.dict.Get(k)
	return found, err
}
func (m *mapping) get(k starlark.Value) (starlark.Value, bool) {
	v, ok, _ := m.dict.Get(k)
	return v, ok
}

// Get is d[k]: for a missing key, a defaultdict stores and returns
// default_factory() (KeyError without one), a Counter returns 0.
func (m *mapping) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, found, err := m.dict.Get(k)
	if found || err != nil {
		return v, found, err
	}
	switch {
	case m.kind == "Counter":
		return starlark.MakeInt(0), true, nil
	case m.kind == "defaultdict" && m.factory != starlark.None:
		v, err := m.makeDefault()
		if err != nil {
			return nil, false, err
		}
		if err := m.dict.SetKey(k, v); err != nil {
			return nil, false, err
		}
		return v, true, nil
	}
	return nil, false, pyerr.KeyError(k)
}

// makeDefault is default_factory(): Starlark's int, float and str need
// an argument, so theirs are made here as Python's (0, 0.0, "").
func (m *mapping) makeDefault() (starlark.Value, error) {
	if b, ok := m.factory.(*starlark.Builtin); ok && b.Receiver() == nil {
		switch b.Name() {
		case "int":
			return starlark.MakeInt(0), nil
		case "float":
			return starlark.Float(0), nil
		case "str":
			return starlark.String(""), nil
		}
	}
	th := m.thread
	if th == nil {
		th = &starlark.Thread{Name: "defaultdict"}
	}
	return starlark.Call(th, m.factory, nil, nil)
}

func (m *mapping) String() string {
	switch m.kind {
	case "defaultdict":
		return "defaultdict(" + factoryRepr(m.factory) + ", " + m.dict.String() + ")"
	case "OrderedDict":
		if m.dict.Len() == 0 {
			return "OrderedDict()"
		}
		return "OrderedDict(" + starlark.NewList(tuples(m.dict.Items())).String() + ")"
	}
	return counterRepr(m)
}

func tuples(items []starlark.Tuple) []starlark.Value {
	out := make([]starlark.Value, len(items))
	for i, kv := range items {
		out[i] = kv
	}
	return out
}

// factoryRepr is a default_factory as Python shows it: a type as
// <class 'list'>.
func factoryRepr(f starlark.Value) string {
	if b, ok := f.(*starlark.Builtin); ok && b.Receiver() == nil {
		switch b.Name() {
		case "list", "dict", "int", "str", "set", "tuple", "float", "bool", "bytes":
			return "<class '" + b.Name() + "'>"
		}
	}
	return f.String()
}

// CompareSameType is == and !=: as dicts, except that two OrderedDicts
// must also have the same order, and a Counter's missing keys count 0.
func (m *mapping) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*mapping)
	if op != syntax.EQL && op != syntax.NEQ {
		if m.kind == "Counter" && o.kind == "Counter" {
			return counterCompare(op, m, o)
		}
		return false, pyerr.Errorf("TypeError", "'%s' not supported between instances of '%s' and '%s'", op, m.kind, o.kind)
	}
	eq, err := m.equal(o, depth)
	if op == syntax.NEQ {
		eq = !eq
	}
	return eq, err
}

func (m *mapping) equal(o *mapping, depth int) (bool, error) {
	if m.kind == "Counter" && o.kind == "Counter" {
		return counterEqual(m, o)
	}
	if m.kind == "OrderedDict" && o.kind == "OrderedDict" {
		a, b := m.dict.Items(), o.dict.Items()
		if len(a) != len(b) {
			return false, nil
		}
		for i := range a {
			if eq, err := starlark.EqualDepth(a[i], b[i], depth-1); err != nil || !eq {
				return false, err
			}
		}
		return true, nil
	}
	return starlark.EqualDepth(m.dict, o.dict, depth-1)
}

// Binary is d | other: a copy of d updated with other (a Counter's is
// the multiset union, in counter.go).
func (m *mapping) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if m.kind == "Counter" {
		return counterBinary(m, op, y, side)
	}
	if op != syntax.PIPE {
		return nil, nil
	}
	other, ok := y.(starlark.IterableMapping)
	if !ok {
		return nil, unsupported(op, m, y, side)
	}
	first, second := m.dict.Items(), other.Items()
	if side == starlark.Right { // other | d
		first, second = second, first
	}
	out := newMapping(m.kind, m.thread)
	out.factory = m.factory
	for _, kv := range append(first, second...) {
		if err := out.dict.SetKey(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// unsupported is Python's error for x op y (y op x on the right) where
// neither side knows the operation.
func unsupported(op syntax.Token, x, y starlark.Value, side starlark.Side) error {
	a, b := pyClassName(x), pyClassName(y)
	if side == starlark.Right {
		a, b = b, a
	}
	return pyerr.Errorf("TypeError", "unsupported operand type(s) for %s: '%s' and '%s'", op, a, b)
}

// pyClassName is the name Python's operator errors give v's type.
func pyClassName(v starlark.Value) string {
	if m, ok := v.(*mapping); ok && m.kind != "Counter" {
		return "collections." + m.kind
	}
	return pyType(v)
}

func (m *mapping) copy() *mapping {
	out := newMapping(m.kind, m.thread)
	out.factory = m.factory
	for _, kv := range m.dict.Items() {
		out.dict.SetKey(kv[0], kv[1])
	}
	return out
}

// mappingMethods are the methods a mapping adds to (or changes in) dict's.
var mappingMethods = map[string]map[string]builtinFunc{
	"defaultdict": {"copy": mappingCopy, "popitem": mappingPopitem},
	"OrderedDict": {"copy": mappingCopy, "popitem": mappingPopitem, "move_to_end": odMoveToEnd},
	"Counter": {"copy": mappingCopy, "popitem": mappingPopitem, "most_common": counterMostCommon,
		"elements": counterElements, "update": counterUpdate, "subtract": counterUpdate,
		"total": counterTotal, "fromkeys": counterFromkeys},
}

func (m *mapping) Attr(name string) (starlark.Value, error) {
	if fn := methodAttr(m, name, mappingMethods[m.kind]); fn != nil {
		return fn, nil
	}
	if name == "default_factory" && m.kind == "defaultdict" {
		return m.factory, nil
	}
	return m.dict.Attr(name)
}

func (m *mapping) AttrNames() []string {
	names := m.dict.AttrNames()
	for n := range mappingMethods[m.kind] {
		names = append(names, n)
	}
	if m.kind == "defaultdict" {
		names = append(names, "default_factory")
	}
	return names
}

// SetField is d.default_factory = f.
func (m *mapping) SetField(name string, v starlark.Value) error {
	if name != "default_factory" || m.kind != "defaultdict" {
		return pyerr.Errorf("AttributeError", "'%s' object attribute '%s' is read-only", m.kind, name)
	}
	m.factory = v
	return nil
}

func mappingCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
		return nil, err
	}
	return b.Receiver().(*mapping).copy(), nil
}

// mappingPopitem is popitem() (OrderedDict: popitem(last=True)): the
// last item, or the first when not last.
func mappingPopitem(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := b.Receiver().(*mapping)
	last := true
	if m.kind == "OrderedDict" {
		if err := starlark.UnpackArgs("popitem", args, kwargs, "last?", &last); err != nil {
			return nil, err
		}
	} else if err := starlark.UnpackPositionalArgs("popitem", args, kwargs, 0); err != nil {
		return nil, err
	}
	items := m.dict.Items()
	if len(items) == 0 {
		if m.kind == "OrderedDict" {
			return nil, pyerr.KeyError(starlark.String("dictionary is empty"))
		}
		return nil, pyerr.KeyError(starlark.String("popitem(): dictionary is empty"))
	}
	kv := items[len(items)-1]
	if !last {
		kv = items[0]
	}
	if _, _, err := m.dict.Delete(kv[0]); err != nil {
		return nil, err
	}
	return kv, nil
}

// odMoveToEnd is move_to_end(key, last=True): key to the end (the start
// when not last).
func odMoveToEnd(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value
	last := true
	if err := starlark.UnpackArgs("move_to_end", args, kwargs, "key", &key, "last?", &last); err != nil {
		return nil, err
	}
	m := b.Receiver().(*mapping)
	v, found, err := m.dict.Delete(key)
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, pyerr.KeyError(key)
	}
	if last {
		return starlark.None, m.dict.SetKey(key, v)
	}
	rest := m.dict.Items()
	m.dict.Clear()
	m.dict.SetKey(key, v)
	for _, kv := range rest {
		m.dict.SetKey(kv[0], kv[1])
	}
	return starlark.None, nil
}

// dictArgs fills d as dict(*args, **kwargs) would: from a mapping or an
// iterable of pairs, then the keywords; tooMany is the error for more
// than one positional argument.
func dictArgs(th *starlark.Thread, tooMany string, d *starlark.Dict, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) > 1 {
		return pyerr.Errorf("TypeError", tooMany, len(args))
	}
	upd, _ := d.Attr("update")
	if _, err := starlark.Call(th, upd, args, kwargs); err != nil {
		if len(args) == 1 {
			if _, ok := args[0].(starlark.Iterable); !ok {
				return pyerr.Errorf("TypeError", "'%s' object is not iterable", pyType(args[0]))
			}
		}
		return pyerr.Errorf("TypeError", "%s", strings.TrimPrefix(err.Error(), "update: "))
	}
	return nil
}

// newDefaultdict is defaultdict(default_factory=None, /, *args, **kwargs).
func newDefaultdict(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := newMapping("defaultdict", th)
	if len(args) > 0 {
		if _, ok := args[0].(starlark.Callable); !ok && args[0] != starlark.None {
			return nil, pyerr.Errorf("TypeError", "first argument must be callable or None")
		}
		m.factory, args = args[0], args[1:]
	}
	if err := dictArgs(th, "dict expected at most 1 argument, got %d", m.dict, args, kwargs); err != nil {
		return nil, err
	}
	return m, nil
}

// newOrderedDict is OrderedDict(other=(), /, **kwargs).
func newOrderedDict(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := newMapping("OrderedDict", th)
	if err := dictArgs(th, "expected at most 1 arguments, got %d", m.dict, args, kwargs); err != nil {
		return nil, err
	}
	return m, nil
}
