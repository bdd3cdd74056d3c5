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
	"slices"
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
		s, _ := Repr(x) // (the items of a set are hashable: strs, numbers, tuples, objects)
		return s, true
	case *class.Instance:
		return x.Repr(), true
	case PyReprer:
		return x.PyRepr(), true
	}
	return "", false
}

// PyReprer is a Go value whose repr differs from its str (String): a
// datetime's datetime.datetime(2020, 1, 2, 0, 0) beside 2020-01-02 00:00:00.
type PyReprer interface {
	starlark.Value
	PyRepr() string
}

// Repr is repr(x) as Python gives it, with the error of an object's
// __repr__, inside lists, tuples, dicts and sets too. A list or dict
// inside itself shows as [...] or {...}.
func Repr(x starlark.Value) (string, error) {
	var b strings.Builder
	err := writeRepr(&b, x, nil)
	return b.String(), err
}

// writeRepr writes repr(x) to b; path holds the lists and dicts being
// written, which x may be again.
func writeRepr(b *strings.Builder, x starlark.Value, path []starlark.Value) error {
	items := func(open, close string, n int, item func(int) error) error {
		b.WriteString(open)
		for k := 0; k < n; k++ {
			if k > 0 {
				b.WriteString(", ")
			}
			if err := item(k); err != nil {
				return err
			}
		}
		b.WriteString(close)
		return nil
	}
	switch x := x.(type) {
	case *class.Instance:
		s, err := x.ReprErr()
		b.WriteString(s)
		return err
	case PyReprer:
		b.WriteString(x.PyRepr())
		return nil
	case starlark.Tuple:
		if len(x) == 1 {
			return items("(", ",)", 1, func(k int) error { return writeRepr(b, x[k], path) })
		}
		return items("(", ")", len(x), func(k int) error { return writeRepr(b, x[k], path) })
	case *starlark.List:
		if slices.Contains(path, starlark.Value(x)) {
			b.WriteString("[...]")
			return nil
		}
		path = append(path, x)
		return items("[", "]", x.Len(), func(k int) error { return writeRepr(b, x.Index(k), path) })
	case *starlark.Dict:
		if slices.Contains(path, starlark.Value(x)) {
			b.WriteString("{...}")
			return nil
		}
		path = append(path, x)
		kvs := x.Items()
		return items("{", "}", len(kvs), func(k int) error {
			if err := writeRepr(b, kvs[k][0], path); err != nil {
				return err
			}
			b.WriteString(": ")
			return writeRepr(b, kvs[k][1], path)
		})
	case *starlark.Set:
		if x.Len() == 0 {
			b.WriteString("set()")
			return nil
		}
		var elems []starlark.Value
		iter := x.Iterate()
		var e starlark.Value
		for iter.Next(&e) {
			elems = append(elems, e)
		}
		iter.Done()
		return items("{", "}", len(elems), func(k int) error { return writeRepr(b, elems[k], path) })
	}
	if r, ok := reprHook(x); ok {
		b.WriteString(r)
	} else {
		b.WriteString(x.String())
	}
	return nil
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
	case PyReprer:
		return x.String(), nil
	}
	return Repr(x)
}

// format is go.starlark.net's FormatHook: "%s" is str(), "%r" repr().
func format(conv byte, x starlark.Value) (string, error) {
	if conv == 's' {
		return Str(x)
	}
	return Repr(x)
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
