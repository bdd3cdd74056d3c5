package pybuiltins

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// iter(object) or iter(callable, sentinel)
func iter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "iter() takes no keyword arguments")
	}
	switch len(args) {
	case 1:
		return class.Iter(th, args[0])
	case 2:
		return class.IterCall(th, args[0], args[1])
	}
	return nil, pyerr.Errorf("TypeError", "iter expected at most 2 arguments, got %d", len(args))
}

// next(iterator[, default])
func next(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it, dflt starlark.Value
	if err := starlark.UnpackPositionalArgs("next", args, kwargs, 1, &it, &dflt); err != nil {
		return nil, err
	}
	return class.Next(th, it, dflt)
}

// delitem(obj, key) is del obj[key]: a dict's key, a list's index or
// slice, or an object's __delitem__.
func delitem(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, k starlark.Value
	if err := starlark.UnpackPositionalArgs("delitem", args, kwargs, 2, &x, &k); err != nil {
		return nil, err
	}
	switch x := x.(type) {
	case *class.Instance:
		return starlark.None, x.DelItem(k)
	case *starlark.Dict:
		if _, found, err := x.Delete(k); err != nil {
			return nil, err
		} else if !found {
			return nil, pyerr.KeyError(k)
		}
		return starlark.None, nil
	case *starlark.List:
		return starlark.None, deleteFromList(x, k)
	}
	return nil, pyerr.Errorf("TypeError", "'%s' object doesn't support item deletion", class.TypeName(x))
}

// deleteFromList is del l[k], k an index or a slice.
func deleteFromList(l *starlark.List, k starlark.Value) error {
	n := l.Len()
	keep := make([]starlark.Value, 0, n)
	drop := make([]bool, n)
	if s, ok := k.(*class.Slice); ok {
		start, stop, step, err := s.Indices(n)
		if err != nil {
			return err
		}
		for i := start; step > 0 && i < stop || step < 0 && i > stop; i += step {
			drop[i] = true
		}
	} else {
		i, err := starlark.AsInt32(k)
		if err != nil {
			return pyerr.Errorf("TypeError", "list indices must be integers or slices, not %s", class.TypeName(k))
		}
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return pyerr.Errorf("IndexError", "list assignment index out of range")
		}
		drop[i] = true
	}
	for i := 0; i < n; i++ {
		if !drop[i] {
			keep = append(keep, l.Index(i))
		}
	}
	if err := l.Clear(); err != nil {
		return err
	}
	for _, v := range keep {
		if err := l.Append(v); err != nil {
			return err
		}
	}
	return nil
}

// delattr(obj, name) is del obj.name.
func delattr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("delattr", args, kwargs, 2, &x, &name); err != nil {
		return nil, err
	}
	i, ok := x.(*class.Instance)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", class.TypeName(x), name)
	}
	if _, own := i.GetAttrOwn(name); !own {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", class.TypeName(x), name)
	}
	i.DelAttr(name)
	return starlark.None, nil
}
