package class

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Slice is Python's slice object: what x[lo:hi:step] hands a class's
// __getitem__, and what slice(start, stop, step) makes. A list, tuple or
// str indexed with one is sliced (lst[s] is lst[s.start:s.stop:s.step]),
// so a __getitem__ may pass its key on to a list.
type Slice struct {
	Start, Stop, Step starlark.Value // None where left out
}

var (
	_ starlark.SliceValue = (*Slice)(nil)
	_ starlark.HasAttrs   = (*Slice)(nil)
	_ starlark.Comparable = (*Slice)(nil)
)

func orNone(v starlark.Value) starlark.Value {
	if v == nil {
		return starlark.None
	}
	return v
}

func (s *Slice) String() string {
	return fmt.Sprintf("slice(%s, %s, %s)", orNone(s.Start), orNone(s.Stop), orNone(s.Step))
}
func (s *Slice) Type() string         { return "slice" }
func (s *Slice) Freeze()              {}
func (s *Slice) Truth() starlark.Bool { return true }
func (s *Slice) Hash() (uint32, error) {
	return 0, typeError("unhashable type: 'slice'")
}

// SliceBounds are the operands x[lo:hi:step] stands for.
func (s *Slice) SliceBounds() (lo, hi, step starlark.Value) {
	return orNone(s.Start), orNone(s.Stop), orNone(s.Step)
}

func (s *Slice) tuple() starlark.Tuple {
	return starlark.Tuple{orNone(s.Start), orNone(s.Stop), orNone(s.Step)}
}

// CompareSameType compares slices as the tuples (start, stop, step).
func (s *Slice) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	t, ok := y.(*Slice)
	if !ok {
		return identityCompare(op, s, y)
	}
	return starlark.CompareDepth(op, s.tuple(), t.tuple(), depth)
}

func (s *Slice) Attr(name string) (starlark.Value, error) {
	switch name {
	case "start":
		return orNone(s.Start), nil
	case "stop":
		return orNone(s.Stop), nil
	case "step":
		return orNone(s.Step), nil
	case "indices":
		return starlark.NewBuiltin("indices", s.indices), nil
	}
	return nil, nil
}

func (s *Slice) AttrNames() []string { return []string{"indices", "start", "step", "stop"} }

// indices(length) is (start, stop, step) of the slice applied to a
// sequence of that length, as Python's slice.indices.
func (s *Slice) indices(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs("indices", args, kwargs, 1, &n); err != nil {
		return nil, err
	}
	start, stop, step, err := s.Indices(n)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{starlark.MakeInt(start), starlark.MakeInt(stop), starlark.MakeInt(step)}, nil
}

// Indices are the start, stop and step of the slice applied to a
// sequence of length n: its items are start, start+step... up to stop,
// not included.
func (s *Slice) Indices(n int) (start, stop, step int, err error) {
	if n < 0 {
		return 0, 0, 0, pyerr.Errorf("ValueError", "length should not be negative")
	}
	step = 1
	if st := orNone(s.Step); st != starlark.None {
		if step, err = sliceIndex(st); err != nil {
			return 0, 0, 0, err
		}
		if step == 0 {
			return 0, 0, 0, pyerr.Errorf("ValueError", "slice step cannot be zero")
		}
	}
	lower, upper := 0, n
	if step < 0 {
		lower, upper = -1, n-1
	}
	bound := func(v starlark.Value, dflt int) (int, error) {
		if v = orNone(v); v == starlark.None {
			return dflt, nil
		}
		k, err := sliceIndex(v)
		if err != nil {
			return 0, err
		}
		if k < 0 {
			k = max(k+n, lower)
		} else if k > upper {
			k = upper
		}
		return k, nil
	}
	dStart, dStop := lower, upper
	if step < 0 {
		dStart, dStop = upper, lower
	}
	if start, err = bound(s.Start, dStart); err != nil {
		return 0, 0, 0, err
	}
	if stop, err = bound(s.Stop, dStop); err != nil {
		return 0, 0, 0, err
	}
	return start, stop, step, nil
}

// sliceIndex is a slice operand as an int.
func sliceIndex(v starlark.Value) (int, error) {
	k, err := starlark.AsInt32(v)
	if err != nil {
		return 0, typeError("slice indices must be integers or None or have an __index__ method")
	}
	return k, nil
}

// NewSlice is slice(stop) or slice(start, stop[, step]).
func NewSlice(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, typeError("slice() takes no keyword arguments")
	}
	switch len(args) {
	case 1:
		return &Slice{Start: starlark.None, Stop: args[0], Step: starlark.None}, nil
	case 2:
		return &Slice{Start: args[0], Stop: args[1], Step: starlark.None}, nil
	case 3:
		return &Slice{Start: args[0], Stop: args[1], Step: args[2]}, nil
	case 0:
		return nil, typeError("slice expected at least 1 argument, got 0")
	}
	return nil, typeError("slice expected at most 3 arguments, got %d", len(args))
}
