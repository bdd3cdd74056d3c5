package asynchat

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// fifoView is async_chat.producer_fifo as scripts see it: a live view of
// the channel's producer queue with the methods of CPython's
// collections.deque that programs use on it (append, appendleft, extend,
// pop, popleft, clear), len(), indexing, iteration and truth. What a
// script appends is sent as push() would send it, on the channel's next
// write event; assigning an iterable to producer_fifo replaces the queue.
type fifoView struct {
	m    *Module
	self starlark.Value
}

var (
	_ starlark.Indexable  = (*fifoView)(nil)
	_ starlark.Sequence   = (*fifoView)(nil)
	_ starlark.HasAttrs   = (*fifoView)(nil)
	_ starlark.Comparable = (*fifoView)(nil)
)

func (v *fifoView) state() *chatState { return stateOf(v.self) }

func (v *fifoView) String() string {
	var b strings.Builder
	b.WriteString("deque([")
	for i, x := range v.state().fifo {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x.String())
	}
	b.WriteString("])")
	return b.String()
}

func (v *fifoView) Type() string          { return "deque" }
func (v *fifoView) Freeze()               {} // the queue belongs to a live channel
func (v *fifoView) Truth() starlark.Bool  { return len(v.state().fifo) > 0 }
func (v *fifoView) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: deque") }
func (v *fifoView) Len() int              { return len(v.state().fifo) }

func (v *fifoView) Index(i int) starlark.Value { return v.state().fifo[i] }

// Iterate walks a copy of the queue: what the loop body does to the
// queue does not disturb the walk.
func (v *fifoView) Iterate() starlark.Iterator {
	return starlark.NewList(append([]starlark.Value(nil), v.state().fifo...)).Iterate()
}

// CompareSameType: two views are equal when their queues hold equal
// entries in the same order, as deques are.
func (v *fifoView) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	a := starlark.NewList(v.state().fifo)
	b := starlark.NewList(y.(*fifoView).state().fifo)
	return starlark.CompareDepth(op, a, b, depth)
}

func (v *fifoView) Attr(name string) (starlark.Value, error) {
	if fn, ok := fifoMethods[name]; ok {
		return starlark.NewBuiltin(name, fn).BindReceiver(v), nil
	}
	return nil, nil
}

func (v *fifoView) AttrNames() []string {
	return []string{"append", "appendleft", "clear", "extend", "pop", "popleft"}
}

// change runs fn on the queue and tells the loop when it turned empty or
// not empty.
func (v *fifoView) change(fn func(st *chatState) error) error {
	st := v.state()
	defer v.m.fifoChanged(v.self, st, len(st.fifo) > 0)
	return fn(st)
}

// replace is producer_fifo = iterable: the queue becomes its entries.
func (v *fifoView) replace(x starlark.Value) error {
	entries, err := fifoEntries("producer_fifo", x)
	if err != nil {
		return err
	}
	return v.change(func(st *chatState) error {
		st.fifo = entries
		return nil
	})
}

// fifoEntries is the entries of an iterable x, for fn's error.
func fifoEntries(fn string, x starlark.Value) ([]starlark.Value, error) {
	it, ok := x.(starlark.Iterable)
	if !ok {
		return nil, fmt.Errorf("%s: got %s, want an iterable (list, tuple, deque)", fn, x.Type())
	}
	iter := it.Iterate()
	defer iter.Done()
	var entries []starlark.Value
	var e starlark.Value
	for iter.Next(&e) {
		entries = append(entries, e)
	}
	return entries, nil
}

var fifoMethods = map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
	"append":     fifoAdd(false),
	"appendleft": fifoAdd(true),
	"extend": func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		entries, err := fifoEntries(b.Name(), x)
		if err != nil {
			return nil, err
		}
		return starlark.None, b.Receiver().(*fifoView).change(func(st *chatState) error {
			st.fifo = append(st.fifo, entries...)
			return nil
		})
	},
	"pop":     fifoTake(false),
	"popleft": fifoTake(true),
	"clear": func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		return starlark.None, b.Receiver().(*fifoView).change(func(st *chatState) error {
			st.fifo = nil
			return nil
		})
	},
}

// fifoAdd is append(x), or appendleft(x) when left.
func fifoAdd(left bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		return starlark.None, b.Receiver().(*fifoView).change(func(st *chatState) error {
			if left {
				st.fifo = append([]starlark.Value{x}, st.fifo...)
			} else {
				st.fifo = append(st.fifo, x)
			}
			return nil
		})
	}
}

// fifoTake is pop(), or popleft() when left.
func fifoTake(left bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
			return nil, err
		}
		var x starlark.Value
		err := b.Receiver().(*fifoView).change(func(st *chatState) error {
			n := len(st.fifo)
			if n == 0 {
				return fmt.Errorf("%s: pop from an empty deque", b.Name())
			}
			if left {
				x, st.fifo[0] = st.fifo[0], nil
				st.fifo = st.fifo[1:]
			} else {
				x, st.fifo[n-1] = st.fifo[n-1], nil
				st.fifo = st.fifo[:n-1]
			}
			return nil
		})
		return x, err
	}
}
