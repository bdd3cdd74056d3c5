package modules

import (
	"encoding/base64"
	"encoding/hex"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewBase64 makes the base64 module: Base16, Base32 and Base64 encodings,
// as CPython 3.11's, with Python 2's encodestring and decodestring.
//
//	b64encode(s, altchars=None) -> bytes
//	b64decode(s, altchars=None, validate=False) -> bytes
//	standard_b64encode(s), standard_b64decode(s)
//	urlsafe_b64encode(s), urlsafe_b64decode(s)   ('-' and '_' for '+' and '/')
//	b32encode(s), b32decode(s, casefold=False, map01=None)
//	b32hexencode(s), b32hexdecode(s, casefold=False)
//	b16encode(s), b16decode(s, casefold=False)
//	encodebytes(s), decodebytes(s)     (lines of 76 characters)
//	encodestring(s), decodestring(s)   (Python 2's names for these)
//
// Input is bytes or str (a str holds raw bytes); results are bytes.
// Malformed input is binascii.Error, as in Python.
func NewBase64() *Lazy {
	return NewLazy("base64", func() starlark.StringDict {
		m := starlark.StringDict{}
		for name, fn := range map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
			"b64encode":          b64encode,
			"b64decode":          b64decode,
			"standard_b64encode": oneArg(func(s string) (string, error) { return base64.StdEncoding.EncodeToString([]byte(s)), nil }),
			"standard_b64decode": oneDecodeArg(func(s string) (string, error) { return a2bBase64(s, false) }),
			"urlsafe_b64encode":  oneArg(func(s string) (string, error) { return base64.URLEncoding.EncodeToString([]byte(s)), nil }),
			"urlsafe_b64decode":  oneDecodeArg(func(s string) (string, error) { return a2bBase64(translate(s, "-_", "+/"), false) }),
			"b32encode":          oneArg(func(s string) (string, error) { return base32Encode(b32Alphabet, s), nil }),
			"b32decode":          b32decode(b32Alphabet, true),
			"b32hexencode":       oneArg(func(s string) (string, error) { return base32Encode(b32HexAlphabet, s), nil }),
			"b32hexdecode":       b32decode(b32HexAlphabet, false),
			"b16encode":          oneArg(func(s string) (string, error) { return strings.ToUpper(hex.EncodeToString([]byte(s))), nil }),
			"b16decode":          b16decode,
			"encodebytes":        oneArg(encodebytes),
			"decodebytes":        oneArg(func(s string) (string, error) { return a2bBase64(s, false) }),
			"encodestring":       oneArg(encodebytes),
			"decodestring":       oneArg(func(s string) (string, error) { return a2bBase64(s, false) }),
		} {
			m[name] = starlark.NewBuiltin(name, fn)
		}
		return m
	})
}

// oneArg is a function of one bytes-like argument s returning bytes.
func oneArg(f func(string) (string, error)) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return oneArgOf(bytesLike, f)
}

// oneDecodeArg is oneArg for a decoder, whose argument may also be an
// ASCII string (any str, here), with the decoders' TypeError.
func oneDecodeArg(f func(string) (string, error)) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return oneArgOf(decodeData, f)
}

// oneArgOf is a function of one argument s, read by conv, returning the
// bytes f makes of it.
func oneArgOf(conv func(starlark.Value) (string, error), f func(string) (string, error)) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v); err != nil {
			return nil, err
		}
		s, err := conv(v)
		if err != nil {
			return nil, err
		}
		out, err := f(s)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(out), nil
	}
}

// decodeData is a decoder's argument: bytes or str.
func decodeData(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", pyerr.Errorf("TypeError", "argument should be a bytes-like object or ASCII string, not '%s'", pyType(v))
}

// optionalDecodeData is decodeData for an argument that may be None.
func optionalDecodeData(v starlark.Value) (string, bool, error) {
	if v == nil || v == starlark.None {
		return "", false, nil
	}
	s, err := decodeData(v)
	return s, true, err
}

// translate replaces each byte of from in s by the byte of to at the
// same place.
func translate(s, from, to string) string {
	var table [256]byte
	for i := range table {
		table[i] = byte(i)
	}
	for i := 0; i < len(from); i++ {
		table[from[i]] = to[i]
	}
	b := []byte(s)
	for i, c := range b {
		b[i] = table[c]
	}
	return string(b)
}

// altcharsCheck is Python's assert len(altchars) == 2, repr(altchars).
func altcharsCheck(v starlark.Value, s string) error {
	if len(s) != 2 {
		return pyerr.Errorf("AssertionError", "%s", pyReprValue(v))
	}
	return nil
}

func b64encode(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, alt starlark.Value
	if err := starlark.UnpackArgs("b64encode", args, kwargs, "s", &v, "altchars?", &alt); err != nil {
		return nil, err
	}
	s, err := bytesLike(v)
	if err != nil {
		return nil, err
	}
	out := base64.StdEncoding.EncodeToString([]byte(s))
	if alt != nil && alt != starlark.None {
		a, err := bytesLike(alt)
		if err != nil {
			return nil, err
		}
		if err := altcharsCheck(alt, a); err != nil {
			return nil, err
		}
		out = translate(out, "+/", a)
	}
	return starlark.Bytes(out), nil
}

func b64decode(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, alt starlark.Value
	validate := false
	if err := starlark.UnpackArgs("b64decode", args, kwargs, "s", &v, "altchars?", &alt, "validate?", &validate); err != nil {
		return nil, err
	}
	s, err := decodeData(v)
	if err != nil {
		return nil, err
	}
	a, ok, err := optionalDecodeData(alt)
	if err != nil {
		return nil, err
	}
	if ok {
		if err := altcharsCheck(alt, a); err != nil {
			return nil, err
		}
		s = translate(s, a, "+/")
	}
	out, err := a2bBase64(s, validate)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

// encodebytes is base64 in lines of 76 characters, each ending "\n".
func encodebytes(s string) (string, error) {
	const lineBytes = 57 // 76 characters
	var b strings.Builder
	for i := 0; i < len(s); i += lineBytes {
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(s[i:min(i+lineBytes, len(s))])))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

const (
	b32Alphabet    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	b32HexAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV"
)

// base32Encode is s in base32 with alphabet, padded with '='.
func base32Encode(alphabet, s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 5 {
		var chunk [5]byte
		n := copy(chunk[:], s[i:])
		var acc uint64
		for _, c := range chunk {
			acc = acc<<8 | uint64(c)
		}
		out := make([]byte, 8)
		for j := 7; j >= 0; j-- {
			out[j] = alphabet[acc&31]
			acc >>= 5
		}
		keep := [6]int{0, 2, 4, 5, 7, 8}[n]
		for j := keep; j < 8; j++ {
			out[j] = '='
		}
		b.Write(out)
	}
	return b.String()
}

// base32Decode is CPython's _b32decode.
// The caller has checked that len(s) is a multiple of 8.
func base32Decode(alphabet, s string, casefold bool, map01 string, hasMap01 bool) (string, error) {
	if hasMap01 {
		s = translate(s, "01", "O"+map01)
	}
	if casefold {
		s = asciiUpper(s)
	}
	l := len(s)
	s = strings.TrimRight(s, "=")
	pads := l - len(s)
	var rev [256]int
	for i := range rev {
		rev[i] = -1
	}
	for i := 0; i < len(alphabet); i++ {
		rev[alphabet[i]] = i
	}
	out := make([]byte, 0, len(s)/8*5+5)
	var acc uint64
	for i := 0; i < len(s); i += 8 {
		acc = 0
		for _, c := range []byte(s[i:min(i+8, len(s))]) {
			v := rev[c]
			if v < 0 {
				return "", binasciiError("Non-base32 digit found")
			}
			acc = acc<<5 | uint64(v)
		}
		for j := 4; j >= 0; j-- {
			out = append(out, byte(acc>>(8*j)))
		}
	}
	switch pads {
	case 0, 1, 3, 4, 6:
	default:
		return "", binasciiError("Incorrect padding")
	}
	if pads > 0 && len(out) > 0 {
		acc <<= 5 * uint(pads)
		keep := (43 - 5*pads) / 8
		out = out[:len(out)-5]
		for j := 4; j > 4-keep; j-- {
			out = append(out, byte(acc>>(8*j)))
		}
	}
	return string(out), nil
}

func b32decode(alphabet string, withMap01 bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v, m01 starlark.Value
		casefold := false
		pairs := []any{"s", &v, "casefold?", &casefold}
		if withMap01 {
			pairs = append(pairs, "map01?", &m01)
		}
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
			return nil, err
		}
		s, err := decodeData(v)
		if err != nil {
			return nil, err
		}
		if len(s)%8 != 0 {
			return nil, binasciiError("Incorrect padding")
		}
		m, ok, err := optionalDecodeData(m01)
		if err != nil {
			return nil, err
		}
		if ok && len(m) != 1 {
			return nil, pyerr.Errorf("AssertionError", "%s", pyReprValue(m01))
		}
		out, err := base32Decode(alphabet, s, casefold, m, ok)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(out), nil
	}
}

func b16decode(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	casefold := false
	if err := starlark.UnpackArgs("b16decode", args, kwargs, "s", &v, "casefold?", &casefold); err != nil {
		return nil, err
	}
	s, err := decodeData(v)
	if err != nil {
		return nil, err
	}
	if casefold {
		s = asciiUpper(s)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'A' <= c && c <= 'F') {
			return nil, binasciiError("Non-base16 digit found")
		}
	}
	out, err := unhexlify(s)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}
