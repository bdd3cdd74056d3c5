package modules

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Deque is collections.deque: a double-ended queue with Python's
// methods (append appendleft pop popleft extend extendleft insert remove
// index count rotate reverse clear copy, maxlen), len(), indexing and
// item assignment, `in`, iteration, truth, + and * and comparison.
//
// Its items live in a slice it owns, or in one it only views (a
// channel's producer queue, asynchat's producer_fifo): a view calls its
// owner back after every change. Iteration walks a copy, so a loop that
// changes the deque does not disturb the walk (Python would raise
// RuntimeError).
type Deque struct {
	items   *[]starlark.Value
	own     []starlark.Value
	changed func(had bool) // a view's owner, told whether the deque had items before
	maxlen  int            // -1: unbounded
	frozen  bool
}

var (
	_ starlark.Sequence    = (*Deque)(nil)
	_ starlark.HasSetIndex = (*Deque)(nil)
	_ starlark.HasAttrs    = (*Deque)(nil)
	_ starlark.Comparable  = (*Deque)(nil)
	_ starlark.Container   = (*Deque)(nil)
	_ starlark.HasBinary   = (*Deque)(nil)
)

// NewDeque is a deque of items, keeping at most maxlen (-1: no limit).
func NewDeque(items []starlark.Value, maxlen int) *Deque {
	d := &Deque{own: items, maxlen: maxlen}
	d.items = &d.own
	if maxlen >= 0 && len(items) > maxlen {
		d.own = append([]starlark.Value(nil), items[len(items)-maxlen:]...)
	}
	return d
}

// DequeView is a deque over *items, which another value owns: changed
// is called after each change, with whether the deque had items before.
func DequeView(items *[]starlark.Value, changed func(had bool)) *Deque {
	return &Deque{items: items, changed: changed, maxlen: -1}
}

func (d *Deque) String() string {
	var b strings.Builder
	b.WriteString("deque([")
	for i, x := range *d.items {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(x.String())
	}
	b.WriteString("]")
	if d.maxlen >= 0 {
		fmt.Fprintf(&b, ", maxlen=%d", d.maxlen)
	}
	b.WriteString(")")
	return b.String()
}

func (d *Deque) Type() string         { return "deque" }
func (d *Deque) Truth() starlark.Bool { return len(*d.items) > 0 }
func (d *Deque) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: 'collections.deque'")
}
func (d *Deque) Len() int { return len(*d.items) }

// Freeze freezes a deque of its own; a view's queue belongs to a live
// channel.
func (d *Deque) Freeze() {
	if d.changed == nil && !d.frozen {
		d.frozen = true
		for _, x := range d.own {
			x.Freeze()
		}
	}
}

func (d *Deque) Index(i int) starlark.Value { return (*d.items)[i] }

func (d *Deque) SetIndex(i int, v starlark.Value) error {
	return d.change("deque", func(items []starlark.Value) ([]starlark.Value, error) {
		items[i] = v
		return items, nil
	})
}

// Iterate walks a copy of the items.
func (d *Deque) Iterate() starlark.Iterator {
	return starlark.Tuple(append([]starlark.Value(nil), *d.items...)).Iterate()
}

func (d *Deque) Has(y starlark.Value) (bool, error) {
	for _, x := range *d.items {
		if eq, err := starlark.Equal(x, y); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

// CompareSameType compares the items as lists are compared.
func (d *Deque) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, starlark.Tuple(*d.items), starlark.Tuple(*y.(*Deque).items), depth)
}

// Binary is deque + deque and deque * n (n * deque).
func (d *Deque) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PLUS:
		if side == starlark.Right {
			return nil, nil
		}
		e, ok := y.(*Deque)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "can only concatenate deque (not \"%s\") to deque", pyType(y))
		}
		return NewDeque(append(append([]starlark.Value(nil), *d.items...), *e.items...), d.maxlen), nil
	case syntax.STAR:
		n, err := starlark.AsInt32(y)
		if err != nil {
			return nil, nil
		}
		if len(*d.items) > 0 && n > 0 && n*len(*d.items) > 1<<24 {
			return nil, pyerr.Errorf("MemoryError", "deque: %d items is more than pyasync will make at once", n*len(*d.items))
		}
		var out []starlark.Value
		for k := 0; k < n; k++ {
			out = append(out, *d.items...)
		}
		return NewDeque(out, d.maxlen), nil
	}
	return nil, nil
}

// change applies edit to the items and tells a view's owner; fn names
// the method for the error about a frozen deque.
func (d *Deque) change(fn string, edit func([]starlark.Value) ([]starlark.Value, error)) error {
	if d.frozen {
		return fmt.Errorf("%s: cannot mutate frozen deque", fn)
	}
	had := len(*d.items) > 0
	items, err := edit(*d.items)
	*d.items = items
	if d.changed != nil {
		d.changed(had)
	}
	return err
}

// push adds x at the right (left when left), dropping from the other
// end to stay within maxlen.
func (d *Deque) push(items []starlark.Value, x starlark.Value, left bool) []starlark.Value {
	if d.maxlen == 0 {
		return items
	}
	if left {
		if d.maxlen > 0 && len(items) == d.maxlen {
			items[len(items)-1] = nil
			items = items[:len(items)-1]
		}
		return append([]starlark.Value{x}, items...)
	}
	if d.maxlen > 0 && len(items) == d.maxlen {
		items[0] = nil
		items = items[1:]
	}
	return append(items, x)
}

func (d *Deque) Attr(name string) (starlark.Value, error) {
	if name == "maxlen" {
		if d.maxlen < 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(d.maxlen), nil
	}
	return methodAttr(d, name, dequeMethods), nil
}

func (d *Deque) AttrNames() []string { return methodNames(dequeMethods, "maxlen") }

var dequeMethods = map[string]builtinFunc{
	"append":     dequeAppend,
	"appendleft": dequeAppend,
	"extend":     dequeExtend,
	"extendleft": dequeExtend,
	"pop":        dequePop,
	"popleft":    dequePop,
	"clear":      dequeClear,
	"copy":       dequeCopy,
	"count":      dequeCount,
	"index":      dequeIndex,
	"insert":     dequeInsert,
	"remove":     dequeRemove,
	"reverse":    dequeReverse,
	"rotate":     dequeRotate,
}

func dequeAppend(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	return starlark.None, d.change(b.Name(), func(items []starlark.Value) ([]starlark.Value, error) {
		return d.push(items, x, b.Name() == "appendleft"), nil
	})
}

// Replace makes the deque hold the items of the iterable x instead of
// its own (a view tells its owner).
func (d *Deque) Replace(x starlark.Value) error {
	xs, err := iterItems(x)
	if err != nil {
		return err
	}
	return d.change("replace", func([]starlark.Value) ([]starlark.Value, error) { return xs, nil })
}

// iterItems is the items of an iterable argument, a str's being its
// characters, as Python iterates one.
func iterItems(x starlark.Value) ([]starlark.Value, error) {
	if s, ok := x.(starlark.String); ok {
		var out []starlark.Value
		for i := 0; i < len(s); {
			_, n := utf8.DecodeRuneInString(string(s[i:]))
			out = append(out, s[i:i+n])
			i += n
		}
		return out, nil
	}
	it, ok := x.(starlark.Iterable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", pyType(x))
	}
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		out = append(out, v)
	}
	return out, nil
}

func dequeExtend(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	xs, err := iterItems(x)
	if err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	return starlark.None, d.change(b.Name(), func(items []starlark.Value) ([]starlark.Value, error) {
		for _, v := range xs {
			items = d.push(items, v, b.Name() == "extendleft")
		}
		return items, nil
	})
}

func dequePop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	var x starlark.Value
	err := d.change(b.Name(), func(items []starlark.Value) ([]starlark.Value, error) {
		n := len(items)
		if n == 0 {
			return items, pyerr.Errorf("IndexError", "pop from an empty deque")
		}
		if b.Name() == "popleft" {
			x, items[0] = items[0], nil
			return items[1:], nil
		}
		x, items[n-1] = items[n-1], nil
		return items[:n-1], nil
	})
	return x, err
}

func dequeClear(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, b.Receiver().(*Deque).change("clear", func([]starlark.Value) ([]starlark.Value, error) {
		return nil, nil
	})
}

func dequeCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	return NewDeque(append([]starlark.Value(nil), *d.items...), d.maxlen), nil
}

func dequeCount(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("count", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	n := 0
	for _, v := range *b.Receiver().(*Deque).items {
		eq, err := starlark.Equal(v, x)
		if err != nil {
			return nil, err
		}
		if eq {
			n++
		}
	}
	return starlark.MakeInt(n), nil
}

// dequeIndex is index(x, start=0, stop=len): where x first is.
func dequeIndex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var startv, stopv starlark.Value = starlark.MakeInt(0), starlark.None
	if err := starlark.UnpackPositionalArgs("index", args, kwargs, 1, &x, &startv, &stopv); err != nil {
		return nil, err
	}
	items := *b.Receiver().(*Deque).items
	n := len(items)
	start, err := clampIndex(startv, 0, n)
	if err != nil {
		return nil, err
	}
	stop, err := clampIndex(stopv, n, n)
	if err != nil {
		return nil, err
	}
	for i := start; i < stop; i++ {
		eq, err := starlark.Equal(items[i], x)
		if err != nil {
			return nil, err
		}
		if eq {
			return starlark.MakeInt(i), nil
		}
	}
	return nil, pyerr.Errorf("ValueError", "%s is not in deque", x.String())
}

// clampIndex is a start or stop argument within [0, n]: negative counts
// from the end; None is def.
func clampIndex(v starlark.Value, def, n int) (int, error) {
	if v == starlark.None {
		return def, nil
	}
	i, err := intArg(v)
	if err != nil {
		return 0, err
	}
	if i < 0 {
		i += n
	}
	return min(max(i, 0), n), nil
}

func dequeInsert(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var iv, x starlark.Value
	if err := starlark.UnpackPositionalArgs("insert", args, kwargs, 2, &iv, &x); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	i, err := clampIndex(iv, 0, len(*d.items))
	if err != nil {
		return nil, err
	}
	if d.maxlen >= 0 && len(*d.items) >= d.maxlen {
		return nil, pyerr.Errorf("IndexError", "deque already at its maximum size")
	}
	return starlark.None, d.change("insert", func(items []starlark.Value) ([]starlark.Value, error) {
		items = append(items, nil)
		copy(items[i+1:], items[i:])
		items[i] = x
		return items, nil
	})
}

func dequeRemove(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("remove", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	for i, v := range *d.items {
		eq, err := starlark.Equal(v, x)
		if err != nil {
			return nil, err
		}
		if eq {
			return starlark.None, d.change("remove", func(items []starlark.Value) ([]starlark.Value, error) {
				return append(items[:i:i], items[i+1:]...), nil
			})
		}
	}
	return nil, pyerr.Errorf("ValueError", "%s is not in deque", x.String())
}

func dequeReverse(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("reverse", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, b.Receiver().(*Deque).change("reverse", func(items []starlark.Value) ([]starlark.Value, error) {
		for l, r := 0, len(items)-1; l < r; l, r = l+1, r-1 {
			items[l], items[r] = items[r], items[l]
		}
		return items, nil
	})
}

// dequeRotate is rotate(n=1): n steps to the right (left if negative).
func dequeRotate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value = starlark.MakeInt(1)
	if err := starlark.UnpackPositionalArgs("rotate", args, kwargs, 0, &nv); err != nil {
		return nil, err
	}
	d := b.Receiver().(*Deque)
	x, ok := nv.(starlark.Int)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(nv))
	}
	size := len(*d.items)
	if size < 2 {
		return starlark.None, nil
	}
	k, _ := x.Mod(starlark.MakeInt(size)).Int64()
	return starlark.None, d.change("rotate", func(items []starlark.Value) ([]starlark.Value, error) {
		return append(append([]starlark.Value(nil), items[size-int(k):]...), items[:size-int(k)]...), nil
	})
}

// newDeque is deque(iterable=(), maxlen=None).
func newDeque(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value = starlark.Tuple{}
	var mv starlark.Value = starlark.None
	if err := starlark.UnpackArgs("deque", args, kwargs, "iterable?", &it, "maxlen?", &mv); err != nil {
		return nil, err
	}
	maxlen := -1
	if mv != starlark.None {
		n, ok := mv.(starlark.Int)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "an integer is required")
		}
		m, ok := n.Int64()
		if !ok || m > 1<<62 {
			return nil, pyerr.Errorf("OverflowError", "Python int too large to convert to C ssize_t")
		}
		if m < 0 {
			return nil, pyerr.Errorf("ValueError", "maxlen must be non-negative")
		}
		maxlen = int(m)
	}
	items, err := iterItems(it)
	if err != nil {
		return nil, err
	}
	return NewDeque(items, maxlen), nil
}
