package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): loops over lists and tuples, and assignments that
// unpack them, without an allocated iterator; joins of their strings
// with one allocation; appends to lists that make room for four.

import "fmt"

// iterate returns the iterator of a loop over x at depth (the number of
// loops running in the frame around it): for a list or a tuple at one
// of the first frameIters depths, the frame's own, which needs no
// allocation; otherwise Iterate(x)'s. It returns nil if x is not
// iterable.
func (fr *frame) iterate(x Value, depth int) Iterator {
	if depth < frameIters {
		switch x := x.(type) {
		case *List:
			if !x.frozen {
				x.itercount++ // as List.Iterate
			}
			it := &fr.listIters[depth]
			*it = listIterator{l: x}
			return it
		case Tuple:
			it := &fr.tupleIters[depth]
			*it = tupleIterator{elems: x}
			return it
		}
	}
	return Iterate(x)
}

// endLoops ends the loops still running when a function returns (the
// stack of their iterators, made from fr.iters), and keeps the stack's
// array for the next call at this depth.
func (fr *frame) endLoops(iterstack []Iterator) {
	for i, iter := range iterstack {
		iter.Done()
		fr.clearIter(i)
	}
	clear(iterstack)
	fr.iters = iterstack[:0]
}

// clearIter drops what the frame's iterators at depth refer to, once
// the loop at that depth has ended.
func (fr *frame) clearIter(depth int) {
	if depth < frameIters {
		fr.listIters[depth] = listIterator{}
		fr.tupleIters[depth] = tupleIterator{}
	}
}

// sequenceOf returns the elements of x if it is a tuple or a list, else
// nil. They must only be read, and only while no Starlark code runs.
func sequenceOf(x Value) []Value {
	switch x := x.(type) {
	case Tuple:
		return x
	case *List:
		return x.elems
	}
	return nil
}

// appendElem appends x to the elements of a list: the first append to a
// list without room makes room for four, as CPython's lists do, rather
// than growing through one, two and four elements.
//
//go:noinline (kept out of the interpreter's loop, whose code it would grow)
func appendElem(elems []Value, x Value) []Value {
	if cap(elems) == 0 {
		elems = make([]Value, 0, 4)
	}
	return append(elems, x)
}

// joinElems is sep.join(elems) for the elements of a list or a tuple:
// one string is itself, and the bytes of several are counted first so
// that the result is allocated once.
func joinElems(sep string, elems []Value) (Value, error) {
	n := len(sep) * (len(elems) - 1)
	for _, x := range elems {
		s, ok := x.(String)
		if !ok {
			return nil, fmt.Errorf("join: in list, want string, got %s", x.Type())
		}
		n += len(s)
	}
	switch len(elems) {
	case 0:
		return String(""), nil
	case 1:
		return elems[0], nil
	}
	buf := newStringBuf(n)
	for i, x := range elems {
		if i > 0 {
			buf = append(buf, sep...)
		}
		buf = append(buf, x.(String)...)
	}
	return stringOfBuf(buf), nil
}
