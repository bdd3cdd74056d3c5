package modules

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// ntClass is a class made by collections.namedtuple(typename,
// field_names, *, rename=False, defaults=None, module=None): calling it
// makes a tuple whose items are also attributes. It has Python's
// _fields, _field_defaults and _make(iterable).
type ntClass struct {
	name     string
	fields   []string
	defaults starlark.Tuple // for the last len(defaults) fields
}

var (
	_ starlark.Callable = (*ntClass)(nil)
	_ starlark.HasAttrs = (*ntClass)(nil)
)

func (c *ntClass) Name() string          { return c.name }
func (c *ntClass) String() string        { return "<class '__main__." + c.name + "'>" }
func (c *ntClass) Type() string          { return "type" }
func (c *ntClass) Freeze()               {}
func (c *ntClass) Truth() starlark.Bool  { return true }
func (c *ntClass) Hash() (uint32, error) { return starlark.String(c.name).Hash() }

func (c *ntClass) fieldsTuple() starlark.Tuple {
	out := make(starlark.Tuple, len(c.fields))
	for i, f := range c.fields {
		out[i] = starlark.String(f)
	}
	return out
}

func (c *ntClass) fieldDefaults() *starlark.Dict {
	d := starlark.NewDict(len(c.defaults))
	off := len(c.fields) - len(c.defaults)
	for i, v := range c.defaults {
		d.SetKey(starlark.String(c.fields[off+i]), v)
	}
	return d
}

func (c *ntClass) Attr(name string) (starlark.Value, error) {
	switch name {
	case "_fields":
		return c.fieldsTuple(), nil
	case "_field_defaults":
		return c.fieldDefaults(), nil
	case "__name__":
		return starlark.String(c.name), nil
	case "_make":
		return starlark.NewBuiltin("_make", ntMake).BindReceiver(c), nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("type object '%s' has no attribute '%s'", c.name, name))
}

func (c *ntClass) AttrNames() []string {
	return []string{"__name__", "_field_defaults", "_fields", "_make"}
}

// CallInternal is Point(*args, **kwargs), with the errors of the
// __new__ Python generates.
func (c *ntClass) CallInternal(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := len(c.fields)
	if len(args) > n {
		return nil, pyerr.Errorf("TypeError", "%s.__new__() takes %d positional argument%s but %d were given", c.name, n+1, plural(n+1), len(args)+1)
	}
	items := make(starlark.Tuple, n)
	copy(items, args)
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		i := indexOf(c.fields, k)
		if i < 0 {
			return nil, pyerr.Errorf("TypeError", "%s.__new__() got an unexpected keyword argument '%s'", c.name, k)
		}
		if items[i] != nil {
			return nil, pyerr.Errorf("TypeError", "%s.__new__() got multiple values for argument '%s'", c.name, k)
		}
		items[i] = kv[1]
	}
	off := n - len(c.defaults)
	var missing []string
	for i := range items {
		if items[i] == nil {
			if i >= off {
				items[i] = c.defaults[i-off]
			} else {
				missing = append(missing, "'"+c.fields[i]+"'")
			}
		}
	}
	if len(missing) > 0 {
		return nil, pyerr.Errorf("TypeError", "%s.__new__() missing %d required positional argument%s: %s", c.name, len(missing), plural(len(missing)), englishList(missing))
	}
	return &ntValue{c, items}, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// englishList is "'a'", "'a' and 'b'", "'a', 'b', and 'c'", as Python's
// missing-argument messages.
func englishList(xs []string) string {
	switch len(xs) {
	case 1:
		return xs[0]
	case 2:
		return xs[0] + " and " + xs[1]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + ", and " + xs[len(xs)-1]
}

// ntMake is Point._make(iterable).
func ntMake(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	if err := starlark.UnpackPositionalArgs("_make", args, kwargs, 1, &it); err != nil {
		return nil, err
	}
	c := b.Receiver().(*ntClass)
	items, err := iterItems(it)
	if err != nil {
		return nil, err
	}
	if len(items) != len(c.fields) {
		return nil, pyerr.Errorf("TypeError", "Expected %d arguments, got %d", len(c.fields), len(items))
	}
	return &ntValue{c, items}, nil
}

// ntValue is an instance of a namedtuple class: a tuple (indexing,
// slicing to a plain tuple, iteration, unpacking, len, hash, comparison
// with another namedtuple as tuples compare, + and * giving tuples) whose
// items are also attributes, with _fields, _asdict(), _replace(**kw),
// count and index. type() is the class's name; it does not compare
// equal to a plain tuple, as it would in Python.
type ntValue struct {
	class *ntClass
	items starlark.Tuple
}

var (
	_ starlark.Sliceable  = (*ntValue)(nil)
	_ starlark.Sequence   = (*ntValue)(nil)
	_ starlark.HasAttrs   = (*ntValue)(nil)
	_ starlark.Comparable = (*ntValue)(nil)
	_ starlark.Container  = (*ntValue)(nil)
	_ starlark.HasBinary  = (*ntValue)(nil)
)

func (v *ntValue) String() string {
	var b strings.Builder
	b.WriteString(v.class.name + "(")
	for i, x := range v.items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v.class.fields[i] + "=" + x.String())
	}
	b.WriteString(")")
	return b.String()
}

func (v *ntValue) Type() string                              { return v.class.name }
func (v *ntValue) Freeze()                                   { v.items.Freeze() }
func (v *ntValue) Truth() starlark.Bool                      { return len(v.items) > 0 }
func (v *ntValue) Hash() (uint32, error)                     { return v.items.Hash() }
func (v *ntValue) Len() int                                  { return len(v.items) }
func (v *ntValue) Index(i int) starlark.Value                { return v.items[i] }
func (v *ntValue) Slice(start, end, step int) starlark.Value { return v.items.Slice(start, end, step) }
func (v *ntValue) Iterate() starlark.Iterator                { return v.items.Iterate() }
func (v *ntValue) Has(x starlark.Value) (bool, error)        { return v.items.Has(x) }
func (v *ntValue) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, v.items, y.(*ntValue).items, depth)
}

// Binary is p + tuple, tuple + p, p * n: plain tuples, as Python's.
func (v *ntValue) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if o, ok := y.(*ntValue); ok {
		y = o.items
	}
	return starlark.Binary(op, map[bool]starlark.Value{true: v.items, false: y}[side == starlark.Left],
		map[bool]starlark.Value{true: y, false: v.items}[side == starlark.Left])
}

func (v *ntValue) Attr(name string) (starlark.Value, error) {
	if i := indexOf(v.class.fields, name); i >= 0 {
		return v.items[i], nil
	}
	switch name {
	case "_fields":
		return v.class.fieldsTuple(), nil
	case "_field_defaults":
		return v.class.fieldDefaults(), nil
	case "_asdict", "_replace":
		fn := ntAsdict
		if name == "_replace" {
			fn = ntReplace
		}
		return starlark.NewBuiltin(name, fn).BindReceiver(v), nil
	case "count", "index":
		return starlark.NewBuiltin(name, ntCountIndex).BindReceiver(v), nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("'%s' object has no attribute '%s'", v.class.name, name))
}

func (v *ntValue) AttrNames() []string {
	return append(append([]string(nil), v.class.fields...), "_asdict", "_field_defaults", "_fields", "_replace", "count", "index")
}

func ntAsdict(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("_asdict", args, kwargs, 0); err != nil {
		return nil, err
	}
	v := b.Receiver().(*ntValue)
	d := starlark.NewDict(len(v.items))
	for i, x := range v.items {
		d.SetKey(starlark.String(v.class.fields[i]), x)
	}
	return d, nil
}

// ntCountIndex is count(x), or index(x): how often x is an item, or
// where it first is.
func ntCountIndex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	n := 0
	for i, y := range b.Receiver().(*ntValue).items {
		eq, err := starlark.Equal(x, y)
		if err != nil {
			return nil, err
		}
		if eq && b.Name() == "index" {
			return starlark.MakeInt(i), nil
		}
		if eq {
			n++
		}
	}
	if b.Name() == "index" {
		return nil, pyerr.Errorf("ValueError", "tuple.index(x): x not in tuple")
	}
	return starlark.MakeInt(n), nil
}

// ntReplace is p._replace(**kwds): a copy with those fields replaced.
func ntReplace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "_replace() takes 1 positional argument but %d were given", len(args)+1)
	}
	v := b.Receiver().(*ntValue)
	items := append(starlark.Tuple(nil), v.items...)
	var unknown []string
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		if i := indexOf(v.class.fields, k); i >= 0 {
			items[i] = kv[1]
		} else {
			unknown = append(unknown, "'"+k+"'")
		}
	}
	if len(unknown) > 0 {
		return nil, pyerr.Errorf("ValueError", "Got unexpected field names: [%s]", strings.Join(unknown, ", "))
	}
	return &ntValue{v.class, items}, nil
}

// pyKeywords are Python's reserved words, which cannot name a field.
var pyKeywords = strings.Fields(`False None True and as assert async await break class continue
	def del elif else except finally for from global if import in is lambda nonlocal not or pass
	raise return try while with yield`)

// text is str(v): a string's text, or v's repr.
func text(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	return v.String()
}

// newNamedtuple is namedtuple(typename, field_names, *, rename=False,
// defaults=None, module=None), checking names as Python's does.
func newNamedtuple(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var typename, fieldsv starlark.Value
	var defaultsv, module starlark.Value = starlark.None, starlark.None
	rename := false
	if err := starlark.UnpackArgs("namedtuple", args, kwargs, "typename", &typename, "field_names", &fieldsv, "rename?", &rename, "defaults?", &defaultsv, "module?", &module); err != nil {
		return nil, err
	}
	var fields []string
	if s, ok := fieldsv.(starlark.String); ok {
		fields = strings.Fields(strings.ReplaceAll(string(s), ",", " "))
	} else {
		items, err := iterItems(fieldsv)
		if err != nil {
			return nil, err
		}
		for _, x := range items {
			fields = append(fields, text(x))
		}
	}
	name := text(typename)
	if rename {
		seen := map[string]bool{}
		for i, f := range fields {
			if !isIdentifier(f) || indexOf(pyKeywords, f) >= 0 || strings.HasPrefix(f, "_") || seen[f] {
				fields[i] = fmt.Sprintf("_%d", i)
			}
			seen[f] = true
		}
	}
	for _, n := range append([]string{name}, fields...) {
		if !isIdentifier(n) {
			return nil, pyerr.Errorf("ValueError", "Type names and field names must be valid identifiers: %s", oserr.Quote(n))
		}
		if indexOf(pyKeywords, n) >= 0 {
			return nil, pyerr.Errorf("ValueError", "Type names and field names cannot be a keyword: %s", oserr.Quote(n))
		}
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if strings.HasPrefix(f, "_") && !rename {
			return nil, pyerr.Errorf("ValueError", "Field names cannot start with an underscore: %s", oserr.Quote(f))
		}
		if seen[f] {
			return nil, pyerr.Errorf("ValueError", "Encountered duplicate field name: %s", oserr.Quote(f))
		}
		seen[f] = true
	}
	c := &ntClass{name: name, fields: fields}
	if defaultsv != starlark.None {
		defaults, err := iterItems(defaultsv)
		if err != nil {
			return nil, err
		}
		if len(defaults) > len(fields) {
			return nil, pyerr.Errorf("TypeError", "Got more default values than field names")
		}
		c.defaults = defaults
	}
	return c, nil
}
