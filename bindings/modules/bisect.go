package modules

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewBisect makes the bisect module, binary search in sorted sequences:
//
//	bisect_left(a, x, lo=0, hi=len(a), *, key=None) bisect_right bisect
//	insort_left(a, x, lo=0, hi=len(a), *, key=None) insort_right insort
func NewBisect() *Lazy {
	return NewLazy("bisect", func() starlark.StringDict {
		return builtins(starlark.StringDict{}, map[string]builtinFunc{
			"bisect_left":  bisectFunc,
			"bisect_right": bisectFunc,
			"bisect":       bisectFunc,
			"insort_left":  bisectFunc,
			"insort_right": bisectFunc,
			"insort":       bisectFunc,
		})
	})
}

// bisectFunc is every function of the module: bisect_* return where x
// goes (before equal items for _left, after for _right and the plain
// names); insort_* put it there.
func bisectFunc(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := b.Name()
	var av, x starlark.Value
	var lov, hiv, key starlark.Value = starlark.MakeInt(0), starlark.None, starlark.None
	if err := starlark.UnpackArgs(name, args, kwargs, "a", &av, "x", &x, "lo?", &lov, "hi?", &hiv, "key?", &key); err != nil {
		return nil, err
	}
	a, ok := av.(starlark.Indexable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "object of type '%s' has no len()", pyType(av))
	}
	lo, err := intArg(lov)
	if err != nil {
		return nil, err
	}
	if lo < 0 {
		return nil, pyerr.Errorf("ValueError", "lo must be non-negative")
	}
	hi := a.Len()
	if hiv != starlark.None {
		if hi, err = intArg(hiv); err != nil {
			return nil, err
		}
		if hi == -1 { // C's "not given"
			hi = a.Len()
		}
	}
	insort := name[:6] == "insort"
	target := x
	if insort && key != starlark.None {
		if target, err = starlark.Call(th, key, starlark.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	left := name == "bisect_left" || name == "insort_left"
	for lo < hi {
		mid := int(uint(lo+hi) / 2)
		if mid >= a.Len() {
			return nil, pyerr.Errorf("IndexError", "%s index out of range", pyType(av))
		}
		item := a.Index(mid)
		if key != starlark.None {
			if item, err = starlark.Call(th, key, starlark.Tuple{item}, nil); err != nil {
				return nil, err
			}
		}
		var goRight bool
		if left {
			goRight, err = less(syntax.LT, item, target)
		} else {
			var before bool
			before, err = less(syntax.LT, target, item)
			goRight = !before
		}
		if err != nil {
			return nil, err
		}
		if goRight {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if !insort {
		return starlark.MakeInt(lo), nil
	}
	l, ok := av.(*starlark.List)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'insert'", pyType(av))
	}
	ins, _ := l.Attr("insert")
	if _, err := starlark.Call(th, ins, starlark.Tuple{starlark.MakeInt(lo), x}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}
