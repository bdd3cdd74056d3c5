package modules

import (
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
	_ starlark.HasAttrs   = StructTime{}
	_ starlark.Comparable = StructTime{}
)

func (s StructTime) Type() string { return "time.struct_time" }

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
