package modules

import (
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// StructTime is time.struct_time, what gmtime() and localtime() return:
// the 9-tuple (tm_year, tm_mon, tm_mday, tm_hour, tm_min, tm_sec,
// tm_wday, tm_yday, tm_isdst), indexed, sliced and iterated as a tuple,
// whose items are also its attributes (t.tm_mon), as Python's.
type StructTime struct{ starlark.Tuple }

// structTimeFields are StructTime's attributes, in the tuple's order.
var structTimeFields = []string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}

var (
	_ starlark.HasAttrs        = StructTime{}
	_ starlark.Comparable      = StructTime{}
	_ starlark.MixedComparable = StructTime{}
)

func (s StructTime) Type() string { return "time.struct_time" }

// String is Python's str and repr: time.struct_time(tm_year=1970, ...).
func (s StructTime) String() string {
	var b strings.Builder
	b.WriteString("time.struct_time(")
	for i, v := range s.Tuple {
		if i > 0 {
			b.WriteString(", ")
		}
		if i < len(structTimeFields) {
			b.WriteString(structTimeFields[i] + "=")
		}
		b.WriteString(v.String())
	}
	b.WriteString(")")
	return b.String()
}

// PyRepr is the same as String (pyvalue.PyReprer: not shown as a tuple).
func (s StructTime) PyRepr() string { return s.String() }

func (s StructTime) Attr(name string) (starlark.Value, error) {
	for i, f := range structTimeFields {
		if f == name && i < len(s.Tuple) {
			return s.Tuple[i], nil
		}
	}
	return nil, nil
}

func (s StructTime) AttrNames() []string { return append([]string(nil), structTimeFields...) }

// CompareSameType compares two struct_times as their tuples.
func (s StructTime) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, s.Tuple, y.(StructTime).Tuple, depth)
}

// CompareMixed compares a struct_time with a tuple as two tuples, as
// Python does (time.gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1, 0)).
func (s StructTime) CompareMixed(op syntax.Token, y starlark.Value, side starlark.Side, depth int) (bool, bool, error) {
	t, ok := y.(starlark.Tuple)
	if !ok {
		return false, false, nil
	}
	x, z := s.Tuple, t
	if side == starlark.Right {
		x, z = z, x
	}
	r, err := starlark.CompareDepth(op, x, z, depth)
	return r, true, err
}

// timeTupleOf is the tuple of a time argument: a tuple or a struct_time.
func timeTupleOf(v starlark.Value) (starlark.Tuple, bool) {
	switch v := v.(type) {
	case starlark.Tuple:
		return v, true
	case StructTime:
		return v.Tuple, true
	}
	return nil, false
}
