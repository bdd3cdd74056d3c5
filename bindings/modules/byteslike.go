package modules

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// The modules that work on binary data (struct, binascii, base64,
// hashlib) take "bytes-like" arguments where CPython does. A pyasync str
// holds raw bytes (SPEC section 3), so a str is as good as bytes there.

// bytesLike returns the bytes of v, a str or bytes; anything else is the
// TypeError CPython raises: "a bytes-like object is required, not 'int'".
func bytesLike(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", pyType(v))
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

// pyRepr is repr(v) as Python writes it where Starlark's differs: bytes
// as b'...' (single quotes unless the bytes hold one and no double
// quote), with \xNN for bytes outside printable ASCII.
func pyRepr(v starlark.Value) string {
	b, ok := v.(starlark.Bytes)
	if !ok {
		return v.String()
	}
	q := byte('\'')
	if strings.IndexByte(string(b), '\'') >= 0 && strings.IndexByte(string(b), '"') < 0 {
		q = '"'
	}
	var out strings.Builder
	out.WriteString("b")
	out.WriteByte(q)
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == q || c == '\\':
			out.WriteByte('\\')
			out.WriteByte(c)
		case c == '\t':
			out.WriteString(`\t`)
		case c == '\n':
			out.WriteString(`\n`)
		case c == '\r':
			out.WriteString(`\r`)
		case c < ' ' || c >= 0x7f:
			fmt.Fprintf(&out, `\x%02x`, c)
		default:
			out.WriteByte(c)
		}
	}
	out.WriteByte(q)
	return out.String()
}
