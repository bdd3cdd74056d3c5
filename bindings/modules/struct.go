package modules

import (
	"encoding/binary"
	"fmt"
	"math"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewStruct makes the struct module of one interpreter: values packed
// into C structs held in bytes, and back, as CPython 3.11's struct on
// x86_64 (native sizes and alignment are that machine's).
//
//	pack(format, v1, v2, ...) -> bytes
//	unpack(format, buffer) -> tuple          buffer: bytes or str
//	calcsize(format) -> int
//	pack_into(format, buffer, offset, v1, v2, ...)
//	    buffer: a list of ints 0-255, changed in place (pyasync has no
//	    bytearray); bytes and str are immutable, as in Python
//	unpack_from(format, /, buffer, offset=0) -> tuple
//	iter_unpack(format, buffer) -> iterator of tuples
//	Struct(format): format, size, pack, unpack, pack_into, unpack_from, iter_unpack
//	error    the exception class of the errors below
//
// A format is an optional byte order (@ native, = native order with
// standard sizes, < little-endian, > and ! big-endian), then codes with
// optional repeat counts: x pad, c char, b B signed and unsigned byte,
// ? bool, h H short, i I int, l L long, q Q long long, n N ssize_t and
// size_t (native only), e f d half, float and double, s bytes, p Pascal
// string, P pointer (native only). Errors are struct.error with
// CPython's words ("bad char in struct format", "unpack requires a
// buffer of 4 bytes"). Parsed formats are cached, as CPython does.
func NewStruct() *Lazy {
	return NewLazy("struct", func() starlark.StringDict {
		c := &structCache{layouts: map[string]*structLayout{}}
		m := starlark.StringDict{
			"pack":        starlark.NewBuiltin("pack", c.pack),
			"unpack":      starlark.NewBuiltin("unpack", c.unpack),
			"calcsize":    starlark.NewBuiltin("calcsize", c.calcsize),
			"pack_into":   starlark.NewBuiltin("pack_into", c.packInto),
			"unpack_from": starlark.NewBuiltin("unpack_from", c.unpackFrom),
			"iter_unpack": starlark.NewBuiltin("iter_unpack", c.iterUnpack),
			"Struct":      starlark.NewBuiltin("Struct", c.newStruct),
		}
		for name, cls := range exceptions.ModuleMembers("struct") {
			m[name] = cls
		}
		return m
	})
}

// structError is struct.error with a message.
func structError(format string, args ...any) error {
	return pyerr.Errorf("struct.error", format, args...)
}

// structMaxPack bounds what pack makes: a format such as "999999999999s"
// is a MemoryError, as it is in CPython on any real machine, rather than
// an attempt to allocate it.
const structMaxPack = 1 << 30

// structCode is how one format character packs: its size and alignment
// under native rules, its size under standard ones.
type structCode struct {
	native, std int // sizes in bytes; 0: the code does not exist there
}

var structCodes = [256]structCode{
	'x': {1, 1}, 'c': {1, 1}, 'b': {1, 1}, 'B': {1, 1}, '?': {1, 1},
	'h': {2, 2}, 'H': {2, 2}, 'i': {4, 4}, 'I': {4, 4},
	'l': {8, 4}, 'L': {8, 4}, 'q': {8, 8}, 'Q': {8, 8},
	'n': {8, 0}, 'N': {8, 0}, 'P': {8, 0},
	'e': {2, 2}, 'f': {4, 4}, 'd': {8, 8}, 's': {1, 1}, 'p': {1, 1},
}

// structItem is one code of a parsed format with its repeat count: count
// values of size bytes from offset on (for s and p, one value of count
// bytes).
type structItem struct {
	code   byte
	count  int64
	size   int64
	offset int64
}

// structLayout is a parsed format.
type structLayout struct {
	format  string
	native  bool // native sizes and alignment ('@')
	big     bool // big-endian
	size    int64
	values  int64 // how many values pack takes and unpack gives
	items   []structItem
	nonzero bool // some item has a non-zero count (x excluded)
}

func isStructSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// parseStruct reads a format as CPython's prepare_s does, with its
// errors and its overflow checks.
func parseStruct(format string) (*structLayout, error) {
	if strings.IndexByte(format, 0) >= 0 {
		return nil, structError("embedded null character")
	}
	l := &structLayout{format: format, native: true}
	s := format
	if s != "" {
		switch s[0] {
		case '@':
			s = s[1:]
		case '=', '<':
			l.native = false
			s = s[1:]
		case '>', '!':
			l.native, l.big = false, true
			s = s[1:]
		}
	}
	tooLong := structError("total struct size too long")
	var size int64
	for i := 0; i < len(s); {
		c := s[i]
		i++
		if isStructSpace(c) {
			continue
		}
		num := int64(1)
		if '0' <= c && c <= '9' {
			num = int64(c - '0')
			for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
				d := int64(s[i] - '0')
				if num >= math.MaxInt64/10 && (num > math.MaxInt64/10 || d > math.MaxInt64%10) {
					return nil, tooLong
				}
				num = num*10 + d
			}
			if i == len(s) {
				return nil, structError("repeat count given without format specifier")
			}
			c = s[i]
			i++
		}
		itemSize := int64(structCodes[c].std)
		if l.native {
			itemSize = int64(structCodes[c].native)
		}
		if itemSize == 0 {
			return nil, structError("bad char in struct format")
		}
		if l.native && size > 0 && itemSize > 1 {
			extra := (itemSize - 1) - (size-1)%itemSize
			if extra > math.MaxInt64-size {
				return nil, tooLong
			}
			size += extra
		}
		if num > (math.MaxInt64-size)/itemSize {
			return nil, tooLong
		}
		switch c {
		case 'x':
		case 's', 'p':
			l.items = append(l.items, structItem{c, num, num, size})
			l.values++
			l.nonzero = true
		default:
			l.items = append(l.items, structItem{c, num, itemSize, size})
			l.values += num
			l.nonzero = l.nonzero || num > 0
		}
		size += num * itemSize
	}
	l.size = size
	return l, nil
}

// structCache holds one interpreter's parsed formats, at most 100, as
// CPython's cache does.
type structCache struct {
	layouts map[string]*structLayout
}

// layout is the parsed form of a format argument (str or bytes).
func (c *structCache) layout(v starlark.Value) (*structLayout, error) {
	var format string
	switch v := v.(type) {
	case starlark.String:
		format = string(v)
	case starlark.Bytes:
		format = string(v)
	default:
		return nil, pyerr.Errorf("TypeError", "Struct() argument 1 must be a str or bytes object, not %s", pyType(v))
	}
	if l, ok := c.layouts[format]; ok {
		return l, nil
	}
	l, err := parseStruct(format)
	if err != nil {
		return nil, err
	}
	if len(c.layouts) >= 100 {
		clear(c.layouts)
	}
	c.layouts[format] = l
	return l, nil
}

func (l *structLayout) order() binary.ByteOrder {
	if l.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// pack writes args, l.values of them, into buf (l.size bytes).
func (l *structLayout) pack(buf []byte, args starlark.Tuple) error {
	order := l.order()
	a := 0
	for _, it := range l.items {
		switch it.code {
		case 's', 'p':
			if err := packString(buf[it.offset:it.offset+it.count], it.code, args[a]); err != nil {
				return err
			}
			a++
			continue
		}
		for k := int64(0); k < it.count; k++ {
			p := buf[it.offset+k*it.size : it.offset+(k+1)*it.size]
			if err := l.packOne(p, it.code, args[a], order); err != nil {
				return err
			}
			a++
		}
	}
	return nil
}

// packString packs v, bytes or str, as code s (padded or cut to the
// field) or p (a length byte first).
func packString(field []byte, code byte, v starlark.Value) error {
	var data string
	switch v := v.(type) {
	case starlark.String:
		data = string(v)
	case starlark.Bytes:
		data = string(v)
	default:
		return structError("argument for '%c' must be a bytes object", code)
	}
	if code == 's' {
		copy(field, data)
		return nil
	}
	if len(field) == 0 {
		return nil
	}
	n := min(len(data), len(field)-1)
	copy(field[1:], data[:n])
	field[0] = byte(min(n, 255))
	return nil
}

// structRange is what a code with a range narrower than its C type's
// says when a value falls outside it.
var structRange = map[byte]struct {
	lo, hi int64
	msg    string
}{
	'b': {-128, 127, "byte format requires -128 <= number <= 127"},
	'B': {0, 255, "ubyte format requires 0 <= number <= 255"},
	'h': {-32768, 32767, "short format requires -32768 <= number <= 32767"},
	'H': {0, 65535, "ushort format requires 0 <= number <= 65535"},
}

// packOne packs one value of code into p (its size).
func (l *structLayout) packOne(p []byte, code byte, v starlark.Value, order binary.ByteOrder) error {
	switch code {
	case 'c':
		s, ok := v.(starlark.Bytes)
		if str, isStr := v.(starlark.String); isStr {
			s, ok = starlark.Bytes(str), true
		}
		if !ok || len(s) != 1 {
			return structError("char format requires a bytes object of length 1")
		}
		p[0] = s[0]
		return nil
	case '?':
		if v.Truth() {
			p[0] = 1
		}
		return nil
	case 'e', 'f', 'd':
		return packFloat(p, code, v, l.native, order)
	}
	n, isInt := v.(starlark.Int)
	if b, ok := v.(starlark.Bool); ok {
		n, isInt = starlark.MakeInt(0), true
		if b {
			n = starlark.MakeInt(1)
		}
	}
	if !isInt {
		return structError("required argument is not an integer")
	}
	u, err := structInt(code, len(p), n, !l.native && l.big)
	if err != nil {
		return err
	}
	switch len(p) {
	case 1:
		p[0] = byte(u)
	case 2:
		order.PutUint16(p, uint16(u))
	case 4:
		order.PutUint32(p, uint32(u))
	default:
		order.PutUint64(p, u)
	}
	return nil
}

// structInt is n as the bits of an integer code of size bytes, with
// CPython's range checks. Standard big-endian formats ('>', '!') use
// CPython's own packers, whose messages differ from the native ones that
// native formats and little-endian ones (on this little-endian machine)
// share: "'h' format requires ..." for "short format requires ...", and
// "int too large to convert" for q and Q.
func structInt(code byte, size int, n starlark.Int, bigTable bool) (uint64, error) {
	switch {
	case code == 'P': // a pointer: any int from -2**63 to 2**64-1
		if x, ok := n.Int64(); ok {
			return uint64(x), nil
		}
		if x, ok := n.Uint64(); ok {
			return x, nil
		}
		return 0, structError("int too large to convert")
	case bigTable && code == 'q':
		if x, ok := n.Int64(); ok {
			return uint64(x), nil
		}
		return 0, structError("int too large to convert")
	case bigTable && code == 'Q':
		if x, ok := n.Uint64(); ok {
			return x, nil
		}
		return 0, structError("int too large to convert")
	case code == 'I' || code == 'L' || code == 'Q' || code == 'N' || bigTable && code == 'H':
		x, ok := n.Uint64()
		if !ok {
			return 0, structError("argument out of range")
		}
		if max := uint64(1)<<(8*size) - 1; size < 8 && x > max {
			return 0, structError("'%c' format requires 0 <= number <= %d", code, max)
		}
		return x, nil
	}
	// b B h H i l q n
	x, ok := n.Int64()
	if !ok {
		return 0, structError("argument out of range")
	}
	if r, ok := structRange[code]; ok && !(bigTable && code == 'h') {
		if x < r.lo || x > r.hi {
			return 0, structError("%s", r.msg)
		}
	} else if lo, hi := int64(-1)<<(8*size-1), int64(1)<<(8*size-1)-1; size < 8 && (x < lo || x > hi) {
		return 0, structError("'%c' format requires %d <= number <= %d", code, lo, hi)
	}
	return uint64(x), nil
}

// packFloat packs v as a half (e), float (f) or double (d). Like
// CPython, native f has no overflow check (1e300 packs as inf) and an
// overflow caused by an int argument reads "int too large to convert".
func packFloat(p []byte, code byte, v starlark.Value, native bool, order binary.ByteOrder) error {
	var x float64
	_, fromInt := v.(starlark.Int)
	switch v := v.(type) {
	case starlark.Float:
		x = float64(v)
	case starlark.Int:
		x = float64(v.Float())
		if math.IsInf(x, 0) {
			return structError("required argument is not a float")
		}
	case starlark.Bool:
		if v {
			x = 1
		}
	default:
		return structError("required argument is not a float")
	}
	overflow := func() error {
		if fromInt {
			return structError("int too large to convert")
		}
		return pyerr.Errorf("OverflowError", "float too large to pack with %c format", code)
	}
	switch code {
	case 'd':
		bits := math.Float64bits(x)
		if bits&^(1<<63) == goNaN {
			bits ^= goNaN ^ pyNaN // Go's NaN (a float("nan") in Starlark) as CPython's
		}
		order.PutUint64(p, bits)
	case 'f':
		y := float32(x)
		if !native && math.IsInf(float64(y), 0) && !math.IsInf(x, 0) {
			return overflow()
		}
		order.PutUint32(p, math.Float32bits(y))
	case 'e':
		h, ok := halfBits(x)
		if !ok {
			return overflow()
		}
		order.PutUint16(p, h)
	}
	return nil
}

// goNaN and pyNaN are the bits of the NaN that Go's and CPython's
// float("nan") give, less the sign.
var goNaN, pyNaN = math.Float64bits(math.NaN()), uint64(0x7ff8000000000000)

// halfBits is x as an IEEE 754 half-precision number, rounded to
// nearest even, as CPython's PyFloat_Pack2; false when x is too large.
func halfBits(x float64) (uint16, bool) {
	var sign, e, bits uint16
	switch {
	case x == 0:
		if math.Signbit(x) {
			sign = 1
		}
	case math.IsInf(x, 0):
		if x < 0 {
			sign = 1
		}
		e = 0x1f
	case math.IsNaN(x):
		if math.Signbit(x) {
			sign = 1
		}
		e, bits = 0x1f, 512
	default:
		if x < 0 {
			sign, x = 1, -x
		}
		f, exp := math.Frexp(x)
		f *= 2
		exp--
		switch {
		case exp >= 16:
			return 0, false
		case exp < -25: // underflow to zero
			f, exp = 0, 0
		case exp < -14: // gradual underflow
			f, exp = math.Ldexp(f, 14+exp), 0
		default:
			exp += 15
			f -= 1
		}
		f *= 1024
		bits = uint16(f)
		if frac := f - float64(bits); frac > 0.5 || (frac == 0.5 && bits%2 == 1) {
			bits++
			if bits == 1024 {
				bits = 0
				exp++
				if exp == 31 {
					return 0, false
				}
			}
		}
		e = uint16(exp)
	}
	return bits | e<<10 | sign<<15, true
}

// halfFloat is the half-precision number h, as CPython's PyFloat_Unpack2.
func halfFloat(h uint16) float64 {
	sign := h>>15 != 0
	e := int(h>>10) & 0x1f
	f := float64(h & 0x3ff)
	if e == 0x1f {
		x := math.Inf(1)
		if f != 0 {
			x = math.NaN()
		}
		if sign {
			x = -x
		}
		return x
	}
	x := f / 1024
	if e == 0 {
		e = -14
	} else {
		x++
		e -= 15
	}
	x = math.Ldexp(x, e)
	if sign {
		x = -x
	}
	return x
}

// unpack reads the values of buf (l.size bytes).
func (l *structLayout) unpack(buf string) (starlark.Tuple, error) {
	out := make(starlark.Tuple, 0, l.values)
	for _, it := range l.items {
		switch it.code {
		case 's':
			out = append(out, starlark.Bytes(buf[it.offset:it.offset+it.count]))
			continue
		case 'p':
			if it.count == 0 {
				return nil, pyerr.Errorf("SystemError", "Negative size passed to PyBytes_FromStringAndSize")
			}
			n := min(int64(buf[it.offset]), it.count-1)
			out = append(out, starlark.Bytes(buf[it.offset+1:it.offset+1+n]))
			continue
		}
		for k := int64(0); k < it.count; k++ {
			out = append(out, unpackOne(buf[it.offset+k*it.size:it.offset+(k+1)*it.size], it.code, l.big))
		}
	}
	return out, nil
}

// unpackOne reads one value of code from p (its size).
func unpackOne(p string, code byte, big bool) starlark.Value {
	var u uint64 // the bytes as an unsigned number
	if big {
		for i := 0; i < len(p); i++ {
			u = u<<8 | uint64(p[i])
		}
	} else {
		for i := len(p) - 1; i >= 0; i-- {
			u = u<<8 | uint64(p[i])
		}
	}
	switch code {
	case 'c':
		return starlark.Bytes(p)
	case '?':
		return starlark.Bool(p[0] != 0)
	case 'e':
		return starlark.Float(halfFloat(uint16(u)))
	case 'f':
		return starlark.Float(math.Float32frombits(uint32(u)))
	case 'd':
		return starlark.Float(math.Float64frombits(u))
	case 'B', 'H', 'I', 'L', 'Q', 'N', 'P':
		return starlark.MakeUint64(u)
	}
	shift := 64 - 8*uint(len(p)) // sign-extend
	return starlark.MakeInt64(int64(u<<shift) >> shift)
}

// formatArg splits a call's arguments into the format and the rest.
func formatArg(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, starlark.Tuple, error) {
	if len(kwargs) > 0 {
		return nil, nil, pyerr.Errorf("TypeError", "%s() takes no keyword arguments", b.Name())
	}
	if len(args) == 0 {
		return nil, nil, pyerr.Errorf("TypeError", "missing format argument")
	}
	return args[0], args[1:], nil
}

func (c *structCache) pack(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, rest, err := formatArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	l, err := c.layout(f)
	if err != nil {
		return nil, err
	}
	return l.packBytes(rest)
}

// packBytes is pack(): the values packed into new bytes.
func (l *structLayout) packBytes(args starlark.Tuple) (starlark.Value, error) {
	if int64(len(args)) != l.values {
		return nil, structError("pack expected %d items for packing (got %d)", l.values, len(args))
	}
	if l.size > structMaxPack {
		return nil, pyerr.Errorf("MemoryError", "")
	}
	buf := make([]byte, l.size)
	if err := l.pack(buf, args); err != nil {
		return nil, err
	}
	// the bytes are buf's own: nothing writes to buf from here on, so the
	// value need not be a copy (as strings.Builder's String)
	return starlark.Bytes(unsafe.String(unsafe.SliceData(buf), len(buf))), nil
}

func (c *structCache) unpack(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.withBuffer(b.Name(), args, kwargs, (*structLayout).unpackBuffer)
}

// withBuffer reads the arguments (format, buffer) and runs fn with the
// format's layout.
func (c *structCache) withBuffer(name string, args starlark.Tuple, kwargs []starlark.Tuple, fn func(*structLayout, starlark.Value) (starlark.Value, error)) (starlark.Value, error) {
	var f, buffer starlark.Value
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 2, &f, &buffer); err != nil {
		return nil, err
	}
	l, err := c.layout(f)
	if err != nil {
		return nil, err
	}
	return fn(l, buffer)
}

// unpackBuffer is unpack(): the whole buffer must be the struct.
func (l *structLayout) unpackBuffer(buffer starlark.Value) (starlark.Value, error) {
	buf, err := bytesLike(buffer)
	if err != nil {
		return nil, err
	}
	if int64(len(buf)) != l.size {
		return nil, structError("unpack requires a buffer of %d bytes", l.size)
	}
	return l.unpack(buf)
}

func (c *structCache) calcsize(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f starlark.Value
	if err := starlark.UnpackPositionalArgs("calcsize", args, kwargs, 1, &f); err != nil {
		return nil, err
	}
	l, err := c.layout(f)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt64(l.size), nil
}

func (c *structCache) packInto(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, rest, err := formatArg(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	l, err := c.layout(f)
	if err != nil {
		return nil, err
	}
	return l.packInto(rest)
}

// packInto is pack_into(buffer, offset, *values): buffer is a list of
// ints 0-255, written in place; a negative offset counts from the end.
func (l *structLayout) packInto(args starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, structError("pack_into expected buffer argument")
	}
	if len(args) == 1 {
		return nil, structError("pack_into expected offset argument")
	}
	if int64(len(args)-2) != l.values {
		return nil, structError("pack_into expected %d items for packing (got %d)", l.values, len(args)-2)
	}
	list, ok := args[0].(*starlark.List)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "argument must be read-write bytes-like object, not %s", pyType(args[0]))
	}
	offset, err := pyIndex(args[1])
	if err != nil {
		return nil, err
	}
	n := int64(list.Len())
	if offset < 0 {
		if offset+l.size > 0 {
			return nil, structError("no space to pack %d bytes at offset %d", l.size, offset)
		}
		if offset+n < 0 {
			return nil, structError("offset %d out of range for %d-byte buffer", offset, n)
		}
		offset += n
	}
	if n-offset < l.size {
		return nil, structError("pack_into requires a buffer of at least %d bytes for packing %d bytes at offset %d (actual buffer size is %d)", l.size+offset, l.size, offset, n)
	}
	buf := make([]byte, l.size)
	for i := range buf {
		v := list.Index(int(offset) + i)
		x, err := starlark.AsInt32(v)
		if err != nil || x < 0 || x > 255 {
			return nil, pyerr.Errorf("TypeError", "pack_into: buffer item %d is %s, want an int in range 0-255", int(offset)+i, v.String())
		}
		buf[i] = byte(x)
	}
	if err := l.pack(buf, args[2:]); err != nil {
		return nil, err
	}
	for i, x := range buf {
		if err := list.SetIndex(int(offset)+i, starlark.MakeInt(int(x))); err != nil {
			return nil, fmt.Errorf("pack_into: %v", err)
		}
	}
	return starlark.None, nil
}

func (c *structCache) unpackFrom(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.Errorf("TypeError", "unpack_from() missing required argument 'format' (pos 1)")
	}
	l, err := c.layout(args[0])
	if err != nil {
		return nil, err
	}
	return l.unpackFrom(args[1:], kwargs)
}

// unpackFrom is unpack_from(buffer, offset=0): the struct at offset in
// buffer, which may be longer; a negative offset counts from the end.
func (l *structLayout) unpackFrom(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) == 0 && (len(args) == 1 || len(args) == 2) {
		// unpack_from(buffer[, offset]), read without UnpackArgs, whose
		// pointers would put both variables on the heap at every call
		if len(args) == 1 {
			return l.unpackAt(args[0], starlark.MakeInt(0))
		}
		return l.unpackAt(args[0], args[1])
	}
	var buffer, off starlark.Value = nil, starlark.MakeInt(0)
	if err := starlark.UnpackArgs("unpack_from", args, kwargs, "buffer", &buffer, "offset?", &off); err != nil {
		return nil, err
	}
	return l.unpackAt(buffer, off)
}

// unpackAt is unpack_from(buffer, off) once its arguments are read.
func (l *structLayout) unpackAt(buffer, off starlark.Value) (starlark.Value, error) {
	buf, err := bytesLike(buffer)
	if err != nil {
		return nil, err
	}
	offset, err := pyIndex(off)
	if err != nil {
		return nil, err
	}
	n := int64(len(buf))
	if offset < 0 {
		if offset+l.size > 0 {
			return nil, structError("not enough data to unpack %d bytes at offset %d", l.size, offset)
		}
		if offset+n < 0 {
			return nil, structError("offset %d out of range for %d-byte buffer", offset, n)
		}
		offset += n
	}
	if n-offset < l.size {
		return nil, structError("unpack_from requires a buffer of at least %d bytes for unpacking %d bytes at offset %d (actual buffer size is %d)", l.size+offset, l.size, offset, n)
	}
	return l.unpack(buf[offset : offset+l.size])
}

func (c *structCache) iterUnpack(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return c.withBuffer(b.Name(), args, kwargs, (*structLayout).iterUnpack)
}

// iterUnpack is iter_unpack(buffer): the structs that fill buffer, one
// after the other.
func (l *structLayout) iterUnpack(buffer starlark.Value) (starlark.Value, error) {
	buf, err := bytesLike(buffer)
	if err != nil {
		return nil, err
	}
	if l.size == 0 {
		return nil, structError("cannot iteratively unpack with a struct of length 0")
	}
	if int64(len(buf))%l.size != 0 {
		return nil, structError("iterative unpacking requires a buffer of a multiple of %d bytes", l.size)
	}
	return &unpackIterator{layout: l, buf: buf}, nil
}

// unpackIterator is what iter_unpack returns: an iterable of tuples,
// each unpacked when the iteration reaches it.
type unpackIterator struct {
	layout *structLayout
	buf    string
}

var _ starlark.Iterable = (*unpackIterator)(nil)

func (u *unpackIterator) String() string        { return "<_struct.unpack_iterator object>" }
func (u *unpackIterator) Type() string          { return "unpack_iterator" }
func (u *unpackIterator) Freeze()               {}
func (u *unpackIterator) Truth() starlark.Bool  { return true }
func (u *unpackIterator) Hash() (uint32, error) { return starlark.String(u.buf).Hash() }
func (u *unpackIterator) Iterate() starlark.Iterator {
	return &unpackIteration{u: u}
}

type unpackIteration struct {
	u   *unpackIterator
	pos int64
}

func (it *unpackIteration) Next(p *starlark.Value) bool {
	size := it.u.layout.size
	if it.pos+size > int64(len(it.u.buf)) {
		return false
	}
	t, err := it.u.layout.unpack(it.u.buf[it.pos : it.pos+size])
	if err != nil {
		return false
	}
	it.pos += size
	*p = t
	return true
}

func (it *unpackIteration) Done() {}

func (c *structCache) newStruct(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f starlark.Value
	if len(args)+len(kwargs) == 0 {
		return nil, pyerr.Errorf("TypeError", "Struct() missing required argument 'format' (pos 1)")
	}
	if err := starlark.UnpackArgs("Struct", args, kwargs, "format", &f); err != nil {
		return nil, err
	}
	l, err := c.layout(f)
	if err != nil {
		return nil, err
	}
	return &structObject{layout: l}, nil
}

// structObject is a Struct: a compiled format with its methods, made
// when first asked for and kept (a handler calls them often).
type structObject struct {
	layout  *structLayout
	methods map[string]starlark.Value
}

var _ starlark.HasAttrs = (*structObject)(nil)

func (s *structObject) String() string {
	return fmt.Sprintf("Struct(%s)", pyReprStr(s.layout.format))
}
func (s *structObject) Type() string          { return "Struct" }
func (s *structObject) Freeze()               {}
func (s *structObject) Truth() starlark.Bool  { return true }
func (s *structObject) Hash() (uint32, error) { return starlark.String(s.layout.format).Hash() }

var structMethods = []string{"format", "iter_unpack", "pack", "pack_into", "size", "unpack", "unpack_from"}

func (s *structObject) AttrNames() []string { return structMethods }

func (s *structObject) Attr(name string) (starlark.Value, error) {
	if m, ok := s.methods[name]; ok {
		return m, nil
	}
	v, err := s.attr(name)
	if _, isMethod := v.(*starlark.Builtin); isMethod {
		if s.methods == nil {
			s.methods = map[string]starlark.Value{}
		}
		s.methods[name] = v
	}
	return v, err
}

func (s *structObject) attr(name string) (starlark.Value, error) {
	l := s.layout
	method := func(fn func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(args, kwargs)
		}).BindReceiver(s)
	}
	noKeywords := func(kwargs []starlark.Tuple) error {
		if len(kwargs) > 0 {
			return pyerr.Errorf("TypeError", "%s() takes no keyword arguments", name)
		}
		return nil
	}
	switch name {
	case "format":
		return starlark.String(l.format), nil
	case "size":
		return starlark.MakeInt64(l.size), nil
	case "pack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noKeywords(kwargs); err != nil {
				return nil, err
			}
			return l.packBytes(args)
		}), nil
	case "pack_into":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noKeywords(kwargs); err != nil {
				return nil, err
			}
			return l.packInto(args)
		}), nil
	case "unpack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var buffer starlark.Value
			if err := starlark.UnpackPositionalArgs("unpack", args, kwargs, 1, &buffer); err != nil {
				return nil, err
			}
			return l.unpackBuffer(buffer)
		}), nil
	case "unpack_from":
		return method(l.unpackFrom), nil
	case "iter_unpack":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var buffer starlark.Value
			if err := starlark.UnpackPositionalArgs("iter_unpack", args, kwargs, 1, &buffer); err != nil {
				return nil, err
			}
			return l.iterUnpack(buffer)
		}), nil
	}
	return nil, nil
}
