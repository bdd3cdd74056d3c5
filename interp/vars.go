package interp

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// vars(object) is Python's: the object's attributes as a dict. For an
// instance of a pyasync class it is a new dict of the instance's own
// attributes (Python's __dict__ is the instance's own dict: a change to
// the result here does not change the instance); for any other value it
// is the value's __dict__ attribute (a logging record's). pyasync port
// writes obj.__dict__ where the program reads it, as in
// "%(user)s" % self.__dict__, as vars(obj).
func vars(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("vars", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	if i, ok := x.(*class.Instance); ok {
		d := starlark.NewDict(0)
		for _, k := range i.AttrNames() {
			if v, own := i.GetAttrOwn(k); own {
				d.SetKey(starlark.String(k), v)
			}
		}
		return d, nil
	}
	if ha, ok := x.(starlark.HasAttrs); ok {
		if v, err := ha.Attr("__dict__"); err == nil && v != nil {
			return v, nil
		}
	}
	return nil, pyerr.Errorf("TypeError", "vars() argument must have __dict__ attribute")
}
