package modules

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// PyRepr is Python's repr() of a str (pyReprStr), for messages that
// quote a user's value (getopt's, optparse's "invalid choice: 'x'").
func PyRepr(s string) string { return pyReprStr(s) }

// Repr is Python's repr() of a value, for messages that show one: str
// as PyRepr, tuples, lists and dicts of them, anything else as repr()
// shows it. A list or dict inside itself shows as [...] or {...}.
func Repr(v starlark.Value) string { return reprIn(v, map[starlark.Value]bool{}) }

// reprIn is Repr of v inside the lists and dicts in seen.
func reprIn(v starlark.Value, seen map[starlark.Value]bool) string {
	switch v := v.(type) {
	case starlark.String:
		return PyRepr(string(v))
	case starlark.Tuple:
		s := "("
		for i, x := range v {
			if i > 0 {
				s += ", "
			}
			s += reprIn(x, seen)
		}
		if len(v) == 1 {
			s += ","
		}
		return s + ")"
	case *starlark.List:
		if seen[v] {
			return "[...]"
		}
		seen[v] = true
		defer delete(seen, v)
		s := "["
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				s += ", "
			}
			s += reprIn(v.Index(i), seen)
		}
		return s + "]"
	case *starlark.Dict:
		if seen[v] {
			return "{...}"
		}
		seen[v] = true
		defer delete(seen, v)
		s := "{"
		for i, kv := range v.Items() {
			if i > 0 {
				s += ", "
			}
			s += reprIn(kv[0], seen) + ": " + reprIn(kv[1], seen)
		}
		return s + "}"
	}
	return class.Repr(v)
}

// PyType is the name of v's type as Python spells it: str for
// Starlark's string; the other common names are the same in both.
func PyType(v starlark.Value) string {
	if t := v.Type(); t != "string" {
		return t
	}
	return "str"
}
