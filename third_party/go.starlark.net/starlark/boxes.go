package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): tuples and strings made as Values in one
// allocation each. Storing a Tuple or a String in a Value allocates a
// copy of its header (a slice's or a string's) beside its elements or
// bytes; here the header and what it points to are allocated together,
// and the Value points at the header, as the conversion's copy would.

import "unsafe"

// tupleTab is the first word of a Value holding a Tuple.
var tupleTab = func() unsafe.Pointer {
	var v Value = Tuple(nil)
	return (*iface)(unsafe.Pointer(&v)).tab
}()

// tupleBox is a tuple's header followed by its elements (A is an array
// of Values).
type tupleBox[A any] struct {
	t Tuple
	a A
}

// boxTuple returns a tuple of a copy of elems, whose len is A's, as a
// Value.
func boxTuple[A any](elems []Value) Value {
	b := new(tupleBox[A])
	b.t = unsafe.Slice((*Value)(unsafe.Pointer(&b.a)), len(elems))
	copy(b.t, elems)
	var v Value
	*(*iface)(unsafe.Pointer(&v)) = iface{tupleTab, unsafe.Pointer(&b.t)}
	return v
}

// tupleValue returns a tuple of a copy of the first n of elems as a
// Value: in one allocation for up to 8 elements.
//
//go:noinline (kept out of the interpreter's loop, whose code it would grow)
func tupleValue(elems []Value, n int) Value {
	elems = elems[:n]
	switch len(elems) {
	case 1:
		return boxTuple[[1]Value](elems)
	case 2:
		return boxTuple[[2]Value](elems)
	case 3:
		return boxTuple[[3]Value](elems)
	case 4:
		return boxTuple[[4]Value](elems)
	case 5:
		return boxTuple[[5]Value](elems)
	case 6:
		return boxTuple[[6]Value](elems)
	case 7:
		return boxTuple[[7]Value](elems)
	case 8:
		return boxTuple[[8]Value](elems)
	}
	t := make(Tuple, len(elems))
	copy(t, elems)
	return t
}

// strings3 is a tuple of three strings (partition's) and its elements.
type strings3 struct {
	t Tuple
	a [3]Value
	s [3]String
}

// stringsTuple3 returns the tuple (a, b, c) as a Value, in one
// allocation.
func stringsTuple3(a, b, c string) Value {
	x := &strings3{s: [3]String{String(a), String(b), String(c)}}
	for i := range x.a {
		*(*iface)(unsafe.Pointer(&x.a[i])) = iface{stringTab, unsafe.Pointer(&x.s[i])}
	}
	x.t = x.a[:]
	var v Value
	*(*iface)(unsafe.Pointer(&v)) = iface{tupleTab, unsafe.Pointer(&x.t)}
	return v
}

// stringHeader is the size of a string's header.
const stringHeader = int(unsafe.Sizeof(""))

// newStringBuf returns a slice of length stringHeader and capacity
// stringHeader+n, to which a string's bytes are appended and which
// stringOfBuf then makes a Value.
func newStringBuf(n int) []byte {
	return make([]byte, stringHeader, stringHeader+n)
}

// stringOfBuf returns the bytes after the header of buf, made by
// newStringBuf (and grown by append, if need be) and not used
// afterwards, as a String Value whose header is the first bytes of the
// same allocation. The header's pointer lies in memory the collector
// does not scan, which is safe because it points into that memory: the
// object is kept alive by the Value, or by the string once read out of
// the Value.
func stringOfBuf(buf []byte) Value {
	if len(buf) == stringHeader {
		return String("")
	}
	s := unsafe.String(&buf[stringHeader], len(buf)-stringHeader)
	hdr := (*string)(unsafe.Pointer(unsafe.SliceData(buf)))
	*hdr = s
	var v Value
	*(*iface)(unsafe.Pointer(&v)) = iface{stringTab, unsafe.Pointer(hdr)}
	return v
}

// concatStrings returns xv+yv, the Values of the strings x and y: one
// of them when the other is empty, else a new String in one allocation.
func concatStrings(xv, yv Value, x, y string) Value {
	if y == "" {
		return xv
	}
	if x == "" {
		return yv
	}
	return concatValue(x, y)
}

// concatValue returns x+y as a String Value, in one allocation.
func concatValue(x, y string) Value {
	buf := newStringBuf(len(x) + len(y))
	buf = append(buf, x...)
	buf = append(buf, y...)
	return stringOfBuf(buf)
}
