package optparse

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Values is what parse_args returns: one attribute per option dest
// (options.verbose), in the order they were set, as Python's __dict__.
// Values(defaults=None) makes one; its methods are ensure_value(attr,
// value) and _update_loose/_update_careful(dict); str() shows the dict.
type Values struct {
	names []string
	attrs map[string]starlark.Value
}

var (
	_ starlark.HasAttrs    = (*Values)(nil)
	_ starlark.HasSetField = (*Values)(nil)
)

// newValues copies defaults (a dict) into a new Values.
func newValues(defaults starlark.Value) (*Values, error) {
	v := &Values{attrs: map[string]starlark.Value{}}
	if defaults == nil || defaults == starlark.None {
		return v, nil
	}
	d, ok := defaults.(starlark.IterableMapping)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "Values: defaults must be a dict, not %s", defaults.Type())
	}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, pyerr.Errorf("TypeError", "attribute name must be string, not '%s'", modules.PyType(kv[0]))
		}
		v.set(k, kv[1])
	}
	return v, nil
}

func valuesBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var defaults starlark.Value = starlark.None
	if err := starlark.UnpackArgs("Values", args, kwargs, "defaults?", &defaults); err != nil {
		return nil, err
	}
	return newValues(defaults)
}

func (v *Values) set(name string, x starlark.Value) {
	if _, ok := v.attrs[name]; !ok {
		v.names = append(v.names, name)
	}
	v.attrs[name] = x
}

// String is str(values): the attributes as a Python dict.
func (v *Values) String() string {
	parts := make([]string, len(v.names))
	for i, n := range v.names {
		parts[i] = modules.PyRepr(n) + ": " + modules.Repr(v.attrs[n])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
func (v *Values) Type() string          { return "Values" }
func (v *Values) Freeze()               {}
func (v *Values) Truth() starlark.Bool  { return true }
func (v *Values) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'Values'") }

func (v *Values) AttrNames() []string {
	return append(append([]string(nil), v.names...), "__dict__", "_update_careful", "_update_loose", "ensure_value")
}

func (v *Values) SetField(name string, x starlark.Value) error {
	v.set(name, x)
	return nil
}

// dict is __dict__: a copy of the attributes.
func (v *Values) dict() *starlark.Dict {
	d := starlark.NewDict(len(v.names))
	for _, n := range v.names {
		d.SetKey(starlark.String(n), v.attrs[n])
	}
	return d
}

func (v *Values) Attr(name string) (starlark.Value, error) {
	if x, ok := v.attrs[name]; ok {
		return x, nil
	}
	switch name {
	case "__dict__":
		return v.dict(), nil
	case "ensure_value":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var attr string
			var value starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "attr", &attr, "value", &value); err != nil {
				return nil, err
			}
			return v.ensure(attr, value), nil
		}), nil
	case "_update_loose", "_update_careful":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var d starlark.IterableMapping
			if err := starlark.UnpackArgs(name, args, kwargs, "dict", &d); err != nil {
				return nil, err
			}
			for _, kv := range d.Items() {
				k, ok := starlark.AsString(kv[0])
				if !ok {
					continue
				}
				if name == "_update_loose" {
					v.set(k, kv[1])
				} else if _, has := v.attrs[k]; has && kv[1] != starlark.None {
					v.set(k, kv[1])
				}
			}
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// ensure is ensure_value(attr, value): set attr to value if it is
// missing or None, and return it.
func (v *Values) ensure(attr string, value starlark.Value) starlark.Value {
	if x, ok := v.attrs[attr]; !ok || x == starlark.None {
		v.set(attr, value)
	}
	return v.attrs[attr]
}
