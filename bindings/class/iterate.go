package class

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Iteration, as Python's: for x in obj calls obj.__iter__() and then the
// iterator's __next__() (Python 2's next()) until it raises
// StopIteration; a class with __getitem__ and no __iter__ is iterated
// with __getitem__(0), (1)... until IndexError. iter(x) returns an
// iterator object and next(it[, default]) takes its next item.
//
// Starlark has no generators, so a ported __iter__ often builds a list:
// __iter__ may return any Starlark iterable as well as an iterator.

// source gives the items of an iteration one at a time.
type source interface {
	// next returns the next item, ok false at the end; a failure (err)
	// ends the iteration too.
	next(th *starlark.Thread) (v starlark.Value, ok bool, err error)
	// done releases what the source holds (a Starlark iterator).
	done()
}

// source returns the items of i: __iter__'s iterator, or __getitem__.
func (i *Instance) source(th *starlark.Thread) (source, error) {
	if fn, ok := i.class.Lookup("__iter__"); ok {
		it, err := CallMethod(th, i, fn, nil, nil)
		if err != nil {
			return nil, err
		}
		if j, ok := it.(*Instance); ok {
			if next, ok := j.nextMethod(); ok {
				return &methodSource{obj: j, fn: next}, nil
			}
			return nil, typeError("iter() returned non-iterator of type '%s'", j.class.name)
		}
		src, err := sourceOf(it)
		if err != nil {
			return nil, typeError("iter() returned non-iterator of type '%s'", TypeName(it))
		}
		return src, nil
	}
	if _, ok := i.class.Lookup("__getitem__"); ok {
		return &getitemSource{obj: i}, nil
	}
	return nil, typeError("'%s' object is not iterable", i.class.name)
}

// nextMethod is the iterator method of i's class: __next__, or Python
// 2's next.
func (i *Instance) nextMethod() (starlark.Value, bool) {
	if fn, ok := i.class.Lookup("__next__"); ok {
		return fn, ok
	}
	return i.class.Lookup("next")
}

// sourceOf returns the items of a value that is not an instance.
func sourceOf(x starlark.Value) (source, error) {
	switch x := x.(type) {
	case *Iterator:
		return x.src, nil
	case *starlark.Dict:
		return &indexSource{x: starlark.Tuple(x.Keys())}, nil // Python: a changed dict ends it
	case starlark.String:
		return &indexSource{x: bytesOf(x)}, nil
	case starlark.Indexable: // lists see what is appended while they are iterated
		return &indexSource{x: x}, nil
	case starlark.Iterable:
		return &starlarkSource{it: x.Iterate()}, nil
	}
	return nil, typeError("'%s' object is not iterable", TypeName(x))
}

// bytesOf is the one-byte strings of s, which iterating a str gives (a
// pyasync str holds bytes, as Python 2's).
func bytesOf(s starlark.String) starlark.Tuple {
	t := make(starlark.Tuple, len(s))
	for k := range t {
		t[k] = s[k : k+1]
	}
	return t
}

// Iterate is for x in i. A failure of __iter__ or __next__ makes the
// running computation fail (an iterator cannot return an error).
func (i *Instance) Iterate() starlark.Iterator {
	th := i.thread()
	src, err := i.source(th)
	if err != nil {
		fail(th, err)
		return &stepper{src: emptySource{}, th: th}
	}
	return &stepper{src: src, th: th}
}

// stepper is a source seen as a Starlark iterator.
type stepper struct {
	src source
	th  *starlark.Thread
}

func (s *stepper) Next(p *starlark.Value) bool {
	v, ok, err := s.src.next(s.th)
	if err != nil {
		fail(s.th, err)
		return false
	}
	if ok {
		*p = v
	}
	return ok
}

func (s *stepper) Done() { s.src.done() }

// emptySource gives nothing.
type emptySource struct{}

func (emptySource) next(*starlark.Thread) (starlark.Value, bool, error) { return nil, false, nil }
func (emptySource) done()                                               {}

// methodSource calls an iterator's __next__ until StopIteration.
type methodSource struct {
	obj  *Instance
	fn   starlark.Value
	over bool
}

func (m *methodSource) next(th *starlark.Thread) (starlark.Value, bool, error) {
	if m.over {
		return nil, false, nil
	}
	v, err := CallMethod(th, m.obj, m.fn, nil, nil)
	if err != nil {
		m.over = true
		return nil, false, unlessStop(err)
	}
	return v, true, nil
}

// unlessStop is err, or nil when it is StopIteration, which ends an
// iteration without failing it.
func unlessStop(err error) error {
	if ErrorIs(err, "StopIteration") {
		return nil
	}
	return err
}

func (m *methodSource) done() {}

// getitemSource calls __getitem__(0), (1)... until IndexError (or
// StopIteration).
type getitemSource struct {
	obj  *Instance
	n    int
	over bool
}

func (g *getitemSource) next(th *starlark.Thread) (starlark.Value, bool, error) {
	if g.over {
		return nil, false, nil
	}
	fn, ok := g.obj.class.Lookup("__getitem__")
	if !ok {
		g.over = true
		return nil, false, typeError("'%s' object is not iterable", g.obj.class.name)
	}
	v, err := CallMethod(th, g.obj, fn, starlark.Tuple{starlark.MakeInt(g.n)}, nil)
	if err != nil {
		g.over = true
		if ErrorIs(err, "IndexError") {
			return nil, false, nil
		}
		return nil, false, unlessStop(err)
	}
	g.n++
	return v, true, nil
}

func (g *getitemSource) done() {}

// indexSource steps through a sequence by index, so that items appended
// meanwhile are seen, as Python's list iterator sees them.
type indexSource struct {
	x starlark.Indexable
	n int
}

func (s *indexSource) next(*starlark.Thread) (starlark.Value, bool, error) {
	if s.n >= s.x.Len() {
		return nil, false, nil
	}
	v := s.x.Index(s.n)
	s.n++
	return v, true, nil
}

func (s *indexSource) done() {}

// starlarkSource is the iterator of another Starlark iterable.
type starlarkSource struct {
	it   starlark.Iterator
	over bool
}

func (s *starlarkSource) next(*starlark.Thread) (starlark.Value, bool, error) {
	if s.over {
		return nil, false, nil
	}
	var v starlark.Value
	if s.it.Next(&v) {
		return v, true, nil
	}
	s.done()
	return nil, false, nil
}

func (s *starlarkSource) done() {
	if !s.over {
		s.over = true
		s.it.Done()
	}
}

// callSource is iter(fn, sentinel): fn() until it returns sentinel.
type callSource struct {
	fn       starlark.Value
	sentinel starlark.Value
	over     bool
}

func (c *callSource) next(th *starlark.Thread) (starlark.Value, bool, error) {
	if c.over {
		return nil, false, nil
	}
	v, err := starlark.Call(th, c.fn, nil, nil)
	if err != nil {
		c.over = true
		return nil, false, unlessStop(err)
	}
	if eq, err := starlark.Equal(v, c.sentinel); err != nil || eq {
		c.over = true
		return nil, false, err
	}
	return v, true, nil
}

func (c *callSource) done() {}

// Iterator is an iterator object, what iter(x) returns: next(it) takes
// its next item, and a for loop over it takes the rest. Its methods
// __next__ and Python 2's next are next(it).
type Iterator struct {
	src source
	th  *starlark.Thread
}

var (
	_ starlark.Iterable = (*Iterator)(nil)
	_ starlark.HasAttrs = (*Iterator)(nil)
)

func (it *Iterator) String() string        { return fmt.Sprintf("<iterator object at %#x>", identity(it)) }
func (it *Iterator) Type() string          { return "iterator" }
func (it *Iterator) Freeze()               {}
func (it *Iterator) Truth() starlark.Bool  { return true }
func (it *Iterator) Hash() (uint32, error) { return identityHash(it), nil }
func (it *Iterator) Iterate() starlark.Iterator {
	return (*stepper)(it) // the same fields: a for loop steps the iterator itself
}

func (it *Iterator) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__next__", "next":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, err
			}
			return Next(th, it, nil)
		}), nil
	}
	return nil, nil
}

func (it *Iterator) AttrNames() []string { return []string{"__next__", "next"} }

// Iter is iter(x): an iterator over x's items.
func Iter(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	switch x := x.(type) {
	case *Iterator:
		return x, nil // an iterator's iterator is itself
	case *Instance:
		src, err := x.source(th)
		if err != nil {
			return nil, err
		}
		if m, ok := src.(*methodSource); ok && m.obj != x {
			return m.obj, nil // __iter__ returned an iterator object: that is iter()'s result
		} else if ok {
			return x, nil
		}
		return &Iterator{src: src, th: th}, nil
	}
	if l, ok := x.(*starlark.List); ok {
		// the commonest case, a loop over iter(list), in one allocation
		li := &listIterator{idx: indexSource{x: l}}
		li.Iterator = Iterator{src: &li.idx, th: th}
		return &li.Iterator, nil
	}
	src, err := sourceOf(x)
	if err != nil {
		return nil, err
	}
	return &Iterator{src: src, th: th}, nil
}

// listIterator is iter(list): the iterator and its source together.
type listIterator struct {
	Iterator
	idx indexSource
}

// IterCall is iter(fn, sentinel).
func IterCall(th *starlark.Thread, fn, sentinel starlark.Value) (starlark.Value, error) {
	if !Callable(fn) {
		return nil, typeError("iter(v, w): v must be callable")
	}
	return &Iterator{src: &callSource{fn: fn, sentinel: sentinel}, th: th}, nil
}

// Next is next(it[, dflt]): it's next item; at the end, dflt, or
// StopIteration when dflt is nil.
func Next(th *starlark.Thread, it starlark.Value, dflt starlark.Value) (starlark.Value, error) {
	var v starlark.Value
	var ok bool
	var err error
	switch x := it.(type) {
	case *Iterator:
		v, ok, err = x.src.next(th)
	case *Instance:
		fn, has := x.nextMethod()
		if !has {
			return nil, typeError("'%s' object is not an iterator", x.class.name)
		}
		v, err = CallMethod(th, x, fn, nil, nil)
		ok = err == nil
		if err != nil && dflt != nil && ErrorIs(err, "StopIteration") {
			return dflt, nil
		}
	default:
		// a Go value with a __next__ method (a file object)
		var fn starlark.Value
		if ha, isAttrs := it.(starlark.HasAttrs); isAttrs {
			fn, _ = ha.Attr("__next__")
		}
		if fn == nil {
			return nil, typeError("'%s' object is not an iterator", TypeName(it))
		}
		v, err = starlark.Call(th, fn, nil, nil)
		ok = err == nil
		if err != nil && dflt != nil && ErrorIs(err, "StopIteration") {
			return dflt, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if !ok {
		if dflt != nil {
			return dflt, nil
		}
		return nil, StopIteration()
	}
	return v, nil
}

// StopIteration is the error next() raises at the end of an iterator.
func StopIteration() error { return pyerr.Errorf("StopIteration", "") }
