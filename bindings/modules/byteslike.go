package modules

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// The modules that work on binary data (struct, binascii, base64,
// hashlib) take "bytes-like" arguments where CPython does. A pyasync str
// holds raw bytes (SPEC section 3), so a str is as good as bytes there.

// bytesLike returns the bytes of v, a str or bytes; anything else is the
// TypeError CPython raises: "a bytes-like object is required, not 'int'".
func bytesLike(v starlark.Value) (string, error) { return BytesLike("", v) }

// BytesLike is the one coercion of data to bytes, for every module that
// takes data (and sends it: socket, asyncore, asynchat): the bytes of v,
// a str or bytes; anything else is CPython's TypeError, naming fn, the
// function or method that was called, when it is not "":
// "send: a bytes-like object is required, not 'int'".
func BytesLike(fn string, v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return otherBytesLike(fn, v)
}

// otherBytesLike is BytesLike of a value neither str nor bytes: a
// bytearray's bytes, else BytesLike's error.
func otherBytesLike(fn string, v starlark.Value) (string, error) {
	if b, ok := v.(*Bytearray); ok {
		return string(b.b), nil
	}
	return "", notBytesLike(fn, v)
}

// notBytesLike is BytesLike's error, kept out of it so that it stays
// small enough to be inlined on the send paths.
func notBytesLike(fn string, v starlark.Value) error {
	if fn == "" {
		return pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", pyType(v))
	}
	return pyerr.Errorf("TypeError", "%s: a bytes-like object is required, not '%s'", fn, pyType(v))
}

// pyType is the name Python gives v's type: str rather than Starlark's
// "string".
func pyType(v starlark.Value) string {
	switch v.(type) {
	case starlark.String:
		return "str"
	case starlark.NoneType:
		return "NoneType"
	}
	return v.Type()
}

// pyIndex is an int argument as CPython's "n" and "i" converters take
// it: a bool counts as 0 or 1, other types are "'str' object cannot be
// interpreted as an integer", and an int outside int64 is an
// OverflowError.
func pyIndex(v starlark.Value) (int64, error) {
	switch v := v.(type) {
	case starlark.Int:
		n, ok := v.Int64()
		if !ok {
			return 0, pyerr.Errorf("OverflowError", "Python int too large to convert to C ssize_t")
		}
		return n, nil
	case starlark.Bool:
		if v {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(v))
}

// pyReprValue is repr(v) as Python writes it where Starlark's differs:
// a str or bytes as pyReprStr and pyReprBytes write it.
func pyReprValue(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyReprStr(string(v))
	case starlark.Bytes:
		return pyReprBytes(string(v))
	}
	return v.String()
}

// pyStr is str(v) as Python writes it: a str is itself, and the strings
// inside a list, tuple or dict are in Python's repr (pyRepr).
func pyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return pyReprDeep(v)
}

// pyReprDeep is repr(v) as Python writes it, containers included; a
// list or dict inside itself shows as [...] or {...}.
func pyReprDeep(v starlark.Value) string { return pyReprDeepIn(v, map[starlark.Value]bool{}) }

func pyReprDeepIn(v starlark.Value, seen map[starlark.Value]bool) string {
	join := func(open, close string, xs []starlark.Value) string {
		parts := make([]string, len(xs))
		for i, x := range xs {
			parts[i] = pyReprDeepIn(x, seen)
		}
		if open == "(" && len(xs) == 1 {
			close = ",)"
		}
		return open + strings.Join(parts, ", ") + close
	}
	switch v := v.(type) {
	case *starlark.List:
		if seen[v] {
			return "[...]"
		}
		seen[v] = true
		defer delete(seen, v)
		xs := make([]starlark.Value, v.Len())
		for i := range xs {
			xs[i] = v.Index(i)
		}
		return join("[", "]", xs)
	case starlark.Tuple:
		return join("(", ")", v)
	case *starlark.Dict:
		if seen[v] {
			return "{...}"
		}
		seen[v] = true
		defer delete(seen, v)
		parts := make([]string, 0, v.Len())
		for _, kv := range v.Items() {
			parts = append(parts, pyReprDeepIn(kv[0], seen)+": "+pyReprDeepIn(kv[1], seen))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return pyReprValue(v)
}

// asciiUpper is s with a-z in upper case and every other byte as it was,
// as bytes.upper() does.
func asciiUpper(s string) string { return asciiCase(s, 'a', 'A') }

// asciiLower is s with A-Z in lower case, as bytes.lower() does.
func asciiLower(s string) string { return asciiCase(s, 'A', 'a') }

func asciiCase(s string, from, to byte) string {
	b := []byte(s)
	for i, c := range b {
		if from <= c && c <= from+25 {
			b[i] = c - from + to
		}
	}
	return string(b)
}
