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
// shows it.
func Repr(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return PyRepr(string(v))
	case starlark.Tuple:
		s := "("
		for i, x := range v {
			if i > 0 {
				s += ", "
			}
			s += Repr(x)
		}
		if len(v) == 1 {
			s += ","
		}
		return s + ")"
	case *starlark.List:
		s := "["
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				s += ", "
			}
			s += Repr(v.Index(i))
		}
		return s + "]"
	case *starlark.Dict:
		s := "{"
		for i, kv := range v.Items() {
			if i > 0 {
				s += ", "
			}
			s += Repr(kv[0]) + ": " + Repr(kv[1])
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
