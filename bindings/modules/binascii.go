package modules

import (
	"encoding/base64"
	"hash/crc32"
	"math/big"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewBinascii makes the binascii module: conversions between binary data
// and ASCII, as CPython 3.11's.
//
//	hexlify(data, sep=None, bytes_per_sep=1) -> bytes   (b2a_hex too)
//	unhexlify(hexstr) -> bytes                          (a2b_hex too)
//	b2a_base64(data, *, newline=True) -> bytes
//	a2b_base64(string, *, strict_mode=False) -> bytes
//	crc32(data, crc=0) -> int
//	Error, Incomplete   the exception classes (Error is a ValueError)
//
// Data is bytes or str (a str holds raw bytes). Malformed input is
// binascii.Error with CPython's words ("Odd-length string", "Incorrect
// padding").
func NewBinascii() *Lazy {
	return NewLazy("binascii", func() starlark.StringDict {
		m := starlark.StringDict{
			"hexlify":    starlark.NewBuiltin("hexlify", binasciiHexlify),
			"b2a_hex":    starlark.NewBuiltin("b2a_hex", binasciiHexlify),
			"unhexlify":  starlark.NewBuiltin("unhexlify", binasciiUnhexlify),
			"a2b_hex":    starlark.NewBuiltin("a2b_hex", binasciiUnhexlify),
			"b2a_base64": starlark.NewBuiltin("b2a_base64", binasciiB2aBase64),
			"a2b_base64": starlark.NewBuiltin("a2b_base64", binasciiA2bBase64),
			"crc32":      starlark.NewBuiltin("crc32", binasciiCrc32),
		}
		for name, cls := range exceptions.ModuleMembers("binascii") {
			m[name] = cls
		}
		return m
	})
}

// binasciiError is binascii.Error with a message.
func binasciiError(msg string) error { return pyerr.Errorf("binascii.Error", "%s", msg) }

// asciiData is an argument of the a2b_ functions: bytes or str.
func asciiData(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", pyerr.Errorf("TypeError", "argument should be bytes, buffer or ASCII string, not '%s'", pyType(v))
}

const hexDigits = "0123456789abcdef"

// hexlify is data in hex digits, with sep between groups of perSep
// bytes counted from the right (from the left when perSep < 0), as
// bytes.hex and binascii.hexlify do.
func hexlify(data string, sep string, perSep int) string {
	var b strings.Builder
	n := len(data)
	b.Grow(2*n + n)
	group := perSep
	if group < 0 {
		group = -group
	}
	for i := 0; i < n; i++ {
		if sep != "" && group > 0 && i > 0 {
			var boundary bool
			if perSep > 0 {
				boundary = (n-i)%group == 0
			} else {
				boundary = i%group == 0
			}
			if boundary {
				b.WriteString(sep)
			}
		}
		b.WriteByte(hexDigits[data[i]>>4])
		b.WriteByte(hexDigits[data[i]&15])
	}
	return b.String()
}

func binasciiHexlify(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data, sep starlark.Value
	perSep := 1
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "data", &data, "sep?", &sep, "bytes_per_sep?", &perSep); err != nil {
		return nil, err
	}
	s, err := bytesLike(data)
	if err != nil {
		return nil, err
	}
	sp, err := hexSep(sep)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(hexlify(s, sp, perSep)), nil
}

// hexSep is the sep argument of hexlify: None, or one character.
func hexSep(v starlark.Value) (string, error) {
	var s string
	switch v := v.(type) {
	case nil: // not given (None given is an error, as in CPython)
		return "", nil
	case starlark.String:
		s = string(v)
	case starlark.Bytes:
		s = string(v)
	default:
		return "", pyerr.Errorf("TypeError", "object of type '%s' has no len()", pyType(v))
	}
	if len(s) != 1 {
		return "", pyerr.Errorf("ValueError", "sep must be length 1.")
	}
	return s, nil
}

// unhex is the value of one hex digit, or -1.
func unhex(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// unhexlify is the bytes that the hex digits s spell.
func unhexlify(s string) (string, error) {
	if len(s)%2 != 0 {
		return "", binasciiError("Odd-length string")
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, lo := unhex(s[2*i]), unhex(s[2*i+1])
		if hi < 0 || lo < 0 {
			return "", binasciiError("Non-hexadecimal digit found")
		}
		out[i] = byte(hi<<4 | lo)
	}
	return string(out), nil
}

func binasciiUnhexlify(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "hexstr", &v); err != nil {
		return nil, err
	}
	s, err := asciiData(v)
	if err != nil {
		return nil, err
	}
	out, err := unhexlify(s)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

func binasciiB2aBase64(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	newline := true
	if err := starlark.UnpackArgs("b2a_base64", args, kwargs, "data", &data, "newline?", &newline); err != nil {
		return nil, err
	}
	s, err := bytesLike(data)
	if err != nil {
		return nil, err
	}
	out := base64.StdEncoding.EncodeToString([]byte(s))
	if newline {
		out += "\n"
	}
	return starlark.Bytes(out), nil
}

// base64Value maps a byte to its value in the base64 alphabet, or 0xff.
var base64Value = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	return t
}()

// a2bBase64 decodes base64 as CPython's binascii.a2b_base64: outside
// strict mode, characters outside the alphabet are skipped and decoding
// stops at the padding that completes a quad; in strict mode both are
// errors, as is padding that is not at the end.
func a2bBase64(s string, strict bool) (string, error) {
	if strict && len(s) > 0 && s[0] == '=' {
		return "", binasciiError("Leading padding not allowed")
	}
	out := make([]byte, 0, (len(s)+3)/4*3)
	quad, pads := 0, 0
	var left byte
	paddingStarted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '=' {
			paddingStarted = true
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					if strict && i+1 < len(s) {
						return "", binasciiError("Excess data after padding")
					}
					return string(out), nil
				}
			}
			continue
		}
		v := base64Value[c]
		if v == 0xff {
			if strict {
				return "", binasciiError("Only base64 data is allowed")
			}
			continue
		}
		if strict && paddingStarted {
			return "", binasciiError("Discontinuous padding not allowed")
		}
		pads = 0
		switch quad {
		case 0:
			quad, left = 1, v
		case 1:
			out = append(out, left<<2|v>>4)
			quad, left = 2, v&0x0f
		case 2:
			out = append(out, left<<4|v>>2)
			quad, left = 3, v&0x03
		case 3:
			out = append(out, left<<6|v)
			quad, left = 0, 0
		}
	}
	switch quad {
	case 0:
		return string(out), nil
	case 1:
		return "", pyerr.Errorf("binascii.Error", "Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4", len(out)/3*4+1)
	}
	return "", binasciiError("Incorrect padding")
}

func binasciiA2bBase64(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	strict := false
	if err := starlark.UnpackArgs("a2b_base64", args, kwargs, "data", &data, "strict_mode?", &strict); err != nil {
		return nil, err
	}
	s, err := asciiData(data)
	if err != nil {
		return nil, err
	}
	out, err := a2bBase64(s, strict)
	if err != nil {
		return nil, err
	}
	return starlark.Bytes(out), nil
}

var mask32 = big.NewInt(0xffffffff)

func binasciiCrc32(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	data, start, err := crc32Args(args, kwargs)
	if err != nil {
		return nil, err
	}
	s, err := bytesLike(data)
	if err != nil {
		return nil, err
	}
	n, ok := start.(starlark.Int)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(start))
	}
	// the low 32 bits, of a negative number too (two's complement)
	var crc uint32
	if x, ok := n.Int64(); ok {
		crc = uint32(x)
	} else {
		crc = uint32(new(big.Int).And(n.BigInt(), mask32).Uint64())
	}
	// crc32 only reads the bytes: they need not be copied out of s
	return starlark.MakeUint64(uint64(crc32.Update(crc, crc32.IEEETable, unsafe.Slice(unsafe.StringData(s), len(s))))), nil
}

// crc32Args reads crc32(data, value=0)'s arguments; crc32(data), the
// common call, without UnpackPositionalArgs, whose pointers would put two
// variables on the heap at every call.
func crc32Args(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		return args[0], starlark.MakeInt(0), nil
	}
	var data, start starlark.Value = nil, starlark.MakeInt(0)
	err := starlark.UnpackPositionalArgs("crc32", args, kwargs, 1, &data, &start)
	return data, start, err
}
