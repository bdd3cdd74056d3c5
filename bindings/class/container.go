package class

import (
	"go.starlark.net/starlark"
)

// The container protocol: x[k] calls __getitem__(k), x[lo:hi:step]
// __getitem__(slice(lo, hi, step)), x[k] = v __setitem__(k, v),
// delitem(x, k) (del x[k]) __delitem__(k), and k in x __contains__(k),
// or else, as Python, a search through __iter__ or __getitem__.

// Get is i[k].
func (i *Instance) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, ok, err := i.callSpecial("__getitem__", k)
	if !ok {
		return nil, false, typeError("'%s' object is not subscriptable", i.class.name)
	}
	if err != nil {
		return nil, false, err
	}
	return v, true, nil
}

// SliceValues is i[lo:hi:step]: __getitem__ with a slice object.
func (i *Instance) SliceValues(lo, hi, step starlark.Value) (starlark.Value, error) {
	v, _, err := i.Get(&Slice{Start: lo, Stop: hi, Step: step})
	return v, err
}

// SetKey is i[k] = v.
func (i *Instance) SetKey(k, v starlark.Value) error {
	_, ok, err := i.callSpecial("__setitem__", k, v)
	if !ok {
		return typeError("'%s' object does not support item assignment", i.class.name)
	}
	return err
}

// DelItem is del i[k].
func (i *Instance) DelItem(k starlark.Value) error {
	_, ok, err := i.callSpecial("__delitem__", k)
	if !ok {
		return typeError("'%s' object doesn't support item deletion", i.class.name)
	}
	return err
}

// Has is y in i: __contains__, else a search of what __iter__ or
// __getitem__ gives for an item that is y or equals it.
func (i *Instance) Has(y starlark.Value) (bool, error) {
	if v, ok, err := i.callSpecial("__contains__", y); ok {
		if err != nil {
			return false, err
		}
		return Truth(v)
	}
	_, hasIter := i.class.Lookup("__iter__")
	_, hasGetitem := i.class.Lookup("__getitem__")
	if !hasIter && !hasGetitem {
		return false, typeError("argument of type '%s' is not iterable", i.class.name)
	}
	th := i.thread()
	src, err := i.source(th)
	if err != nil {
		return false, err
	}
	defer src.done()
	for {
		x, ok, err := src.next(th)
		if !ok || err != nil {
			return false, err
		}
		if same(x, y) {
			return true, nil
		}
		if eq, err := starlark.Equal(x, y); err != nil || eq {
			return eq, err
		}
	}
}
