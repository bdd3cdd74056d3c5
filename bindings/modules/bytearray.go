package modules

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Bytearray is Python 3's bytearray: a mutable sequence of bytes, made
// by the predeclared bytearray(source=b"", encoding=None):
//
//	bytearray() bytearray(n) (n zero bytes) bytearray(s) (a str or bytes:
//	    pyasync's str holds bytes, so no encoding is needed)
//	bytearray(ints) (an iterable of ints 0-255)
//
// Its items are ints (b[0] == 10), as Python 3's; b[i] = n sets one,
// b[i:j] is a new bytearray, len, iteration (ints), +, *, in (an int or
// bytes), == with a bytearray, str or bytes of the same bytes. Methods:
//
//	append(x) extend(iterable) insert(index, x) pop(index=-1) remove(x)
//	clear() copy() reverse() find(sub, start=None, end=None) rfind index
//	rindex count startswith(prefix, start=None, end=None) endswith
//	decode(encoding="utf-8", errors="strict") (the bytes as a str) hex()
//
// A socket's send and an asynchat producer's more() take it as they take
// a str (BytesLike): pyftpdlib's ASCII-mode producer returns one.
type Bytearray struct {
	b []byte
}

var (
	_ starlark.Indexable       = (*Bytearray)(nil)
	_ starlark.HasSetIndex     = (*Bytearray)(nil)
	_ starlark.Sliceable       = (*Bytearray)(nil)
	_ starlark.Iterable        = (*Bytearray)(nil)
	_ starlark.HasAttrs        = (*Bytearray)(nil)
	_ starlark.HasBinary       = (*Bytearray)(nil)
	_ starlark.Comparable      = (*Bytearray)(nil)
	_ starlark.MixedComparable = (*Bytearray)(nil)
	_ starlark.Container       = (*Bytearray)(nil)
)

// BytearrayBuiltin is the predeclared bytearray.
var BytearrayBuiltin = starlark.NewBuiltin("bytearray", newBytearray)

func newBytearray(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var src starlark.Value = starlark.Bytes("")
	var encoding, errors starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("bytearray", args, kwargs, "source?", &src, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, err
	}
	switch s := src.(type) {
	case starlark.String:
		return &Bytearray{b: []byte(s)}, nil
	case starlark.Bytes:
		return &Bytearray{b: []byte(s)}, nil
	case *Bytearray:
		return &Bytearray{b: append([]byte(nil), s.b...)}, nil
	case starlark.Int:
		n, ok := s.Int64()
		if !ok {
			return nil, pyerr.Errorf("OverflowError", "cannot fit 'int' into an index-sized integer")
		}
		if n < 0 {
			return nil, pyerr.Errorf("ValueError", "negative count")
		}
		if n > 1<<30 {
			return nil, pyerr.Errorf("MemoryError", "")
		}
		return &Bytearray{b: make([]byte, n)}, nil
	case starlark.Iterable:
		out, err := byteInts(s)
		if err != nil {
			return nil, err
		}
		return &Bytearray{b: out}, nil
	}
	return nil, pyerr.Errorf("TypeError", "cannot convert '%s' object to bytearray", pyType(src))
}

// byteInts is the bytes of an iterable of ints.
func byteInts(s starlark.Iterable) ([]byte, error) {
	var out []byte
	it := s.Iterate()
	defer it.Done()
	var v starlark.Value
	for it.Next(&v) {
		c, err := byteOf(v)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// byteOf is one item of a bytearray: an int 0-255.
func byteOf(v starlark.Value) (byte, error) {
	i, ok := v.(starlark.Int)
	if !ok {
		return 0, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(v))
	}
	n, ok := i.Int64()
	if !ok || n < 0 || n > 255 {
		return 0, pyerr.Errorf("ValueError", "byte must be in range(0, 256)")
	}
	return byte(n), nil
}

// bytesArg is a bytes-like argument: a str, bytes or bytearray.
func bytesArg(v starlark.Value) ([]byte, bool) {
	switch v := v.(type) {
	case starlark.String:
		return []byte(v), true
	case starlark.Bytes:
		return []byte(v), true
	case *Bytearray:
		return v.b, true
	}
	return nil, false
}

// String is Python's repr: bytearray(b'...'), in double quotes when
// the bytes hold a single quote and no double quote (CPython escapes the
// single quote there too).
func (b *Bytearray) String() string {
	quote := byte('\'')
	if bytes.IndexByte(b.b, '\'') >= 0 && bytes.IndexByte(b.b, '"') < 0 {
		quote = '"'
	}
	var s strings.Builder
	s.WriteString("bytearray(b")
	s.WriteByte(quote)
	for _, c := range b.b {
		switch {
		case c == '\\' || c == '\'':
			s.WriteByte('\\')
			s.WriteByte(c)
		case c == '\t':
			s.WriteString(`\t`)
		case c == '\n':
			s.WriteString(`\n`)
		case c == '\r':
			s.WriteString(`\r`)
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&s, `\x%02x`, c)
		default:
			s.WriteByte(c)
		}
	}
	s.WriteByte(quote)
	s.WriteByte(')')
	return s.String()
}
func (b *Bytearray) Type() string         { return "bytearray" }
func (b *Bytearray) Freeze()              {}
func (b *Bytearray) Truth() starlark.Bool { return len(b.b) > 0 }
func (b *Bytearray) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: 'bytearray'")
}
func (b *Bytearray) Len() int                   { return len(b.b) }
func (b *Bytearray) Index(i int) starlark.Value { return starlark.MakeInt(int(b.b[i])) }

// Bytes is the bytearray's content (shared: do not keep it).
func (b *Bytearray) Bytes() []byte { return b.b }

func (b *Bytearray) SetIndex(i int, v starlark.Value) error {
	c, err := byteOf(v)
	if err != nil {
		return err
	}
	b.b[i] = c
	return nil
}

func (b *Bytearray) Slice(start, end, step int) starlark.Value {
	var out []byte
	if step == 1 {
		if start < end {
			out = append(out, b.b[start:end]...)
		}
	} else {
		for i := start; (step > 0 && i < end) || (step < 0 && i > end); i += step {
			out = append(out, b.b[i])
		}
	}
	return &Bytearray{b: out}
}

func (b *Bytearray) Iterate() starlark.Iterator { return &bytearrayIterator{b: b} }

// bytearrayIterator reads the bytearray as it is when each item is
// taken, as Python's does.
type bytearrayIterator struct {
	b *Bytearray
	i int
}

func (it *bytearrayIterator) Next(p *starlark.Value) bool {
	if it.i >= len(it.b.b) {
		return false
	}
	*p = starlark.MakeInt(int(it.b.b[it.i]))
	it.i++
	return true
}

func (it *bytearrayIterator) Done() {}

func (b *Bytearray) Has(y starlark.Value) (bool, error) {
	if _, ok := y.(starlark.Int); ok {
		c, err := byteOf(y)
		if err != nil {
			return false, err
		}
		return bytes.IndexByte(b.b, c) >= 0, nil
	}
	sub, ok := bytesArg(y)
	if !ok {
		return false, pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", pyType(y))
	}
	return bytes.Contains(b.b, sub), nil
}

func (b *Bytearray) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		other, ok := bytesArg(y)
		if !ok {
			if side == starlark.Left {
				return nil, pyerr.Errorf("TypeError", "can't concat %s to bytearray", pyType(y))
			}
			return nil, nil
		}
		out := make([]byte, 0, len(b.b)+len(other))
		if side == starlark.Left {
			out = append(append(out, b.b...), other...)
		} else {
			out = append(append(out, other...), b.b...)
		}
		return &Bytearray{b: out}, nil
	case syntax.STAR:
		n, ok := y.(starlark.Int)
		if !ok {
			return nil, nil
		}
		k, ok := n.Int64()
		if !ok || k*int64(len(b.b)) > 1<<30 {
			return nil, pyerr.Errorf("MemoryError", "")
		}
		if k < 0 {
			k = 0
		}
		return &Bytearray{b: bytes.Repeat(b.b, int(k))}, nil
	}
	return nil, nil
}

func (b *Bytearray) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return compareBytes(op, b.b, y.(*Bytearray).b)
}

// CompareMixed compares a bytearray with a str or bytes holding bytes.
func (b *Bytearray) CompareMixed(op syntax.Token, y starlark.Value, side starlark.Side, depth int) (bool, bool, error) {
	other, ok := bytesArg(y)
	if !ok {
		return false, false, nil
	}
	x, z := b.b, other
	if side == starlark.Right {
		x, z = z, x
	}
	r, err := compareBytes(op, x, z)
	return r, true, err
}

func compareBytes(op syntax.Token, x, y []byte) (bool, error) {
	c := bytes.Compare(x, y)
	switch op {
	case syntax.EQL:
		return c == 0, nil
	case syntax.NEQ:
		return c != 0, nil
	case syntax.LT:
		return c < 0, nil
	case syntax.LE:
		return c <= 0, nil
	case syntax.GT:
		return c > 0, nil
	case syntax.GE:
		return c >= 0, nil
	}
	return false, fmt.Errorf("bytearray: unknown comparison %s", op)
}

func (b *Bytearray) Attr(name string) (starlark.Value, error) {
	return methodAttr(b, name, bytearrayMethods), nil
}

func (b *Bytearray) AttrNames() []string { return methodNames(bytearrayMethods) }

var bytearrayMethods = map[string]builtinFunc{
	"append": bytearrayAppend, "extend": bytearrayExtend, "insert": bytearrayInsert, "pop": bytearrayPop,
	"remove": bytearrayRemove, "clear": bytearrayClear, "copy": bytearrayCopy, "reverse": bytearrayReverse,
	"find": bytearrayFind(false, false), "rfind": bytearrayFind(true, false),
	"index": bytearrayFind(false, true), "rindex": bytearrayFind(true, true), "count": bytearrayCount,
	"startswith": bytearrayAffix(true), "endswith": bytearrayAffix(false),
	"decode": bytearrayDecode, "hex": bytearrayHex,
}

func recvBytearray(b *starlark.Builtin) *Bytearray { return b.Receiver().(*Bytearray) }

// byteArg is the one argument of fn, a byte (an int in range(256)).
func byteArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (byte, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &x); err != nil {
		return 0, err
	}
	return byteOf(x)
}

func bytearrayAppend(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	c, err := byteArg("append", args, kwargs)
	if err != nil {
		return nil, err
	}
	b := recvBytearray(fn)
	b.b = append(b.b, c)
	return starlark.None, nil
}

func bytearrayExtend(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("extend", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	b := recvBytearray(fn)
	if more, ok := bytesArg(x); ok {
		b.b = append(b.b, more...)
		return starlark.None, nil
	}
	it, ok := x.(starlark.Iterable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "can't extend bytearray with %s", pyType(x))
	}
	more, err := byteInts(it)
	if err != nil {
		return nil, err
	}
	b.b = append(b.b, more...)
	return starlark.None, nil
}

func bytearrayInsert(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var i int
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("insert", args, kwargs, 2, &i, &x); err != nil {
		return nil, err
	}
	c, err := byteOf(x)
	if err != nil {
		return nil, err
	}
	b := recvBytearray(fn)
	n := len(b.b)
	if i < 0 {
		i += n
		if i < 0 {
			i = 0
		}
	}
	if i > n {
		i = n
	}
	b.b = append(b.b, 0)
	copy(b.b[i+1:], b.b[i:n])
	b.b[i] = c
	return starlark.None, nil
}

func bytearrayPop(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	i := -1
	if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 0, &i); err != nil {
		return nil, err
	}
	b := recvBytearray(fn)
	if len(b.b) == 0 {
		return nil, pyerr.Errorf("IndexError", "pop from empty bytearray")
	}
	if i < 0 {
		i += len(b.b)
	}
	if i < 0 || i >= len(b.b) {
		return nil, pyerr.Errorf("IndexError", "pop index out of range")
	}
	c := b.b[i]
	b.b = append(b.b[:i], b.b[i+1:]...)
	return starlark.MakeInt(int(c)), nil
}

func bytearrayRemove(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	c, err := byteArg("remove", args, kwargs)
	if err != nil {
		return nil, err
	}
	b := recvBytearray(fn)
	i := bytes.IndexByte(b.b, c)
	if i < 0 {
		return nil, pyerr.Errorf("ValueError", "value not found in bytearray")
	}
	b.b = append(b.b[:i], b.b[i+1:]...)
	return starlark.None, nil
}

func bytearrayClear(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
		return nil, err
	}
	recvBytearray(fn).b = nil
	return starlark.None, nil
}

func bytearrayCopy(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
		return nil, err
	}
	return &Bytearray{b: append([]byte(nil), recvBytearray(fn).b...)}, nil
}

func bytearrayReverse(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("reverse", args, kwargs, 0); err != nil {
		return nil, err
	}
	b := recvBytearray(fn).b
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return starlark.None, nil
}

// window is b[start:end] as Python's find and startswith take them
// (None for a bound left out, negative from the end, clamped), and
// where it ends (a start past the end stays past it).
func window(b []byte, start, end starlark.Value) (lo, hi int, err error) {
	n := len(b)
	lo, hi = 0, n
	bound := func(v starlark.Value, dflt int) (int, error) {
		if v == nil || v == starlark.None {
			return dflt, nil
		}
		i, err := starlark.AsInt32(v)
		if err != nil {
			return 0, pyerr.Errorf("TypeError", "slice indices must be integers or None or have an __index__ method")
		}
		if i < 0 {
			i += n
			if i < 0 {
				i = 0
			}
		}
		return i, nil
	}
	if lo, err = bound(start, 0); err != nil {
		return
	}
	if hi, err = bound(end, n); hi > n {
		hi = n
	}
	return // lo may pass hi: nothing is found there, not even b""
}

// subArg is the sub argument of find, index and count: bytes, or an
// int 0-255.
func subArg(v starlark.Value) ([]byte, error) {
	if _, ok := v.(starlark.Int); ok {
		c, err := byteOf(v)
		return []byte{c}, err
	}
	sub, ok := bytesArg(v)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "argument should be integer or bytes-like object, not '%s'", pyType(v))
	}
	return sub, nil
}

func bytearrayFind(last, raise bool) builtinFunc {
	return func(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, start, end starlark.Value
		if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &x, &start, &end); err != nil {
			return nil, err
		}
		sub, err := subArg(x)
		if err != nil {
			return nil, err
		}
		b := recvBytearray(fn).b
		lo, hi, err := window(b, start, end)
		if err != nil {
			return nil, err
		}
		at := -1
		if lo <= hi && hi-lo >= len(sub) {
			if last {
				at = bytes.LastIndex(b[lo:hi], sub)
			} else {
				at = bytes.Index(b[lo:hi], sub)
			}
			if at >= 0 {
				at += lo
			}
		}
		if at < 0 && raise {
			return nil, pyerr.Errorf("ValueError", "subsection not found")
		}
		return starlark.MakeInt(at), nil
	}
}

func bytearrayCount(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, start, end starlark.Value
	if err := starlark.UnpackPositionalArgs("count", args, kwargs, 1, &x, &start, &end); err != nil {
		return nil, err
	}
	sub, err := subArg(x)
	if err != nil {
		return nil, err
	}
	b := recvBytearray(fn).b
	lo, hi, err := window(b, start, end)
	if err != nil {
		return nil, err
	}
	if lo > hi {
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeInt(bytes.Count(b[lo:hi], sub)), nil
}

func bytearrayAffix(prefix bool) builtinFunc {
	return func(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x, start, end starlark.Value
		if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &x, &start, &end); err != nil {
			return nil, err
		}
		var affixes [][]byte
		if t, ok := x.(starlark.Tuple); ok {
			for _, v := range t {
				a, ok := bytesArg(v)
				if !ok {
					return nil, pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", pyType(v))
				}
				affixes = append(affixes, a)
			}
		} else if a, ok := bytesArg(x); ok {
			affixes = [][]byte{a}
		} else {
			return nil, pyerr.Errorf("TypeError", "%s first arg must be bytes or a tuple of bytes, not %s", fn.Name(), pyType(x))
		}
		b := recvBytearray(fn).b
		lo, hi, err := window(b, start, end)
		if err != nil {
			return nil, err
		}
		if lo > hi {
			return starlark.False, nil
		}
		for _, a := range affixes {
			if prefix && bytes.HasPrefix(b[lo:hi], a) || !prefix && bytes.HasSuffix(b[lo:hi], a) {
				return starlark.True, nil
			}
		}
		return starlark.False, nil
	}
}

func bytearrayDecode(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var encoding, errors string
	if err := starlark.UnpackArgs("decode", args, kwargs, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, err
	}
	return starlark.String(recvBytearray(fn).b), nil // a pyasync str holds the bytes
}

func bytearrayHex(th *starlark.Thread, fn *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("hex", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.String(hex.EncodeToString(recvBytearray(fn).b)), nil
}
