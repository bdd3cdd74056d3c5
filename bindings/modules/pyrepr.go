package modules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// PyRepr is Python's repr() of a str: single quotes unless the text
// holds a single quote and no double quote, backslash escapes for quotes,
// control characters and bytes that are not UTF-8. Messages that quote a
// user's value (getopt's, optparse's "invalid choice: 'x'") use it to
// read as CPython's.
func PyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\' || r == rune(quote):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case !unicode.IsPrint(r) && r >= 0x80:
			switch {
			case r <= 0xff:
				fmt.Fprintf(&b, `\x%02x`, r)
			case r <= 0xffff:
				fmt.Fprintf(&b, `\u%04x`, r)
			default:
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

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
