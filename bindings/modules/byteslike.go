package modules

import (
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
