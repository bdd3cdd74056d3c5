// Package pyvalue makes Starlark values look and read as Python's: repr()
// and str() of strings, bytes, floats, sets and objects as CPython shows
// them ('a', b'\x00', 1000000.0, {1, 2}), go.starlark.net's error
// messages worded as CPython words them (messages.go), and the methods of
// str working on its bytes as Python 2's str methods do (strmethods.go).
//
// Install puts it all in place, once, before any script runs.
package pyvalue

import (
	"math"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// reprHook is go.starlark.net's ReprHook: how a value shows inside a
// container, through %r, in messages and as the repr of a str.
func reprHook(x starlark.Value) (string, bool) {
	switch x := x.(type) {
	case starlark.String:
		return Quote(string(x)), true
	case starlark.Bytes:
		return QuoteBytes(string(x)), true
	case starlark.Float:
		return FloatRepr(float64(x)), true
	case *starlark.Set:
		return setRepr(x), true
	case *class.Instance:
		return x.Repr(), true
	}
	return "", false
}

// Repr is repr(x) as Python gives it, with the error of an object's
// __repr__.
func Repr(x starlark.Value) (string, error) {
	if i, ok := x.(*class.Instance); ok {
		return i.ReprErr()
	}
	if r, ok := reprHook(x); ok {
		return r, nil
	}
	return x.String(), nil
}

// Str is str(x) as Python 3 gives it: a str itself, an object's __str__,
// otherwise the repr (b'...' for bytes, as Python 3's str(b) and
// print(b) show them; str(b, encoding) and rawstr(b) give the bytes).
func Str(x starlark.Value) (string, error) {
	switch x := x.(type) {
	case starlark.String:
		return string(x), nil
	case *class.Instance:
		return x.Str()
	}
	return Repr(x)
}

// setRepr is {1, 2}, or set() when empty.
func setRepr(s *starlark.Set) string {
	if s.Len() == 0 {
		return "set()"
	}
	var b strings.Builder
	b.WriteByte('{')
	iter := s.Iterate()
	defer iter.Done()
	var x starlark.Value
	for n := 0; iter.Next(&x); n++ {
		if n > 0 {
			b.WriteString(", ")
		}
		if i, ok := x.(*class.Instance); ok {
			b.WriteString(i.Repr())
		} else {
			b.WriteString(x.String())
		}
	}
	b.WriteByte('}')
	return b.String()
}

// FloatRepr is repr(f) as Python's: the shortest digits that read back as
// f, in positional notation from 1e-4 up to 1e16, else in scientific.
func FloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	s := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±x
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	neg := strings.HasPrefix(mant, "-")
	digits := strings.Replace(strings.TrimPrefix(mant, "-"), ".", "", 1)
	var out string
	if e < -4 || e >= 16 {
		out = digits[:1]
		if len(digits) > 1 {
			out += "." + digits[1:]
		}
		sign := "+"
		if e < 0 {
			sign, e = "-", -e
		}
		es := strconv.Itoa(e)
		if len(es) < 2 {
			es = "0" + es
		}
		out += "e" + sign + es
	} else if e < 0 {
		out = "0." + strings.Repeat("0", -e-1) + digits
	} else if e+1 >= len(digits) {
		out = digits + strings.Repeat("0", e+1-len(digits)) + ".0"
	} else {
		out = digits[:e+1] + "." + digits[e+1:]
	}
	if neg {
		out = "-" + out
	}
	return out
}

// Quote is repr(s) of a str as Python 3 shows it ('it\'s' -> "it's").
func Quote(s string) string { return oserr.Repr(s, false) }

// QuoteBytes is repr(b) of a bytes value, as Python 3 shows it.
func QuoteBytes(s string) string { return oserr.Repr(s, true) }
