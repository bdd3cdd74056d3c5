package modules

import (
	"sort"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is collections.Counter, a mapping (mapping.go) whose values
// are counts and whose missing keys count 0:
//
//	Counter(iterable=None, /, **kwds) most_common(n=None) elements()
//	update(iterable=None, /, **kwds) subtract(...) total()
//	c + d  c - d  c | d  c & d (keeping positive counts)  +c  -c
//	== (missing keys count 0)  < <= > >= (multiset inclusion)

// newCounter is Counter(iterable=None, /, **kwds).
func newCounter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, pyerr.Errorf("TypeError", "Counter.__init__() takes from 1 to 2 positional arguments but %d were given", len(args)+1)
	}
	c := newMapping("Counter", th)
	var it starlark.Value = starlark.None
	if len(args) == 1 {
		it = args[0]
	}
	return c, c.count(it, kwargs, 1)
}

// count adds (sign 1) or takes away (-1) the counts of it, a mapping of
// counts or an iterable of elements, and of the keywords.
func (c *mapping) count(it starlark.Value, kwargs []starlark.Tuple, sign int) error {
	add := func(k, n starlark.Value) error {
		old, _, err := c.Get(k)
		if err != nil {
			return err
		}
		op := syntax.PLUS
		if sign < 0 {
			op = syntax.MINUS
		}
		v, err := starlark.Binary(op, old, n)
		if err != nil {
			return pyerr.Errorf("TypeError", "%v", err)
		}
		return c.dict.SetKey(k, v)
	}
	switch x := it.(type) {
	case starlark.NoneType:
	case starlark.IterableMapping:
		if c.dict.Len() == 0 && sign > 0 { // an empty Counter copies a mapping as dict.update does
			for _, kv := range x.Items() {
				if err := c.dict.SetKey(kv[0], kv[1]); err != nil {
					return err
				}
			}
			break
		}
		for _, kv := range x.Items() {
			if err := add(kv[0], kv[1]); err != nil {
				return err
			}
		}
	default:
		items, err := iterItems(it)
		if err != nil {
			return err
		}
		one := starlark.MakeInt(1)
		for _, k := range items {
			if err := add(k, one); err != nil {
				return err
			}
		}
	}
	if len(kwargs) > 0 {
		kw := starlark.NewDict(len(kwargs))
		for _, kv := range kwargs {
			kw.SetKey(kv[0], kv[1])
		}
		return c.count(kw, nil, sign)
	}
	return nil
}

// counterUpdate is update(iterable=None, /, **kwds) and subtract.
func counterUpdate(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, nil, 0, &it); err != nil {
		return nil, err
	}
	sign := 1
	if b.Name() == "subtract" {
		sign = -1
	}
	return starlark.None, b.Receiver().(*mapping).count(it, kwargs, sign)
}

// byCount is the items, highest count first, ties in insertion order.
func byCount(c *mapping) ([]starlark.Tuple, error) {
	items := c.dict.Items()
	var err error
	sort.SliceStable(items, func(i, j int) bool {
		less, e := starlark.Compare(syntax.GT, items[i][1], items[j][1])
		if e != nil && err == nil {
			err = pyerr.Errorf("TypeError", "%v", e)
		}
		return less
	})
	return items, err
}

// counterMostCommon is most_common(n=None).
func counterMostCommon(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv starlark.Value = starlark.None
	if err := starlark.UnpackArgs("most_common", args, kwargs, "n?", &nv); err != nil {
		return nil, err
	}
	items, err := byCount(b.Receiver().(*mapping))
	if err != nil {
		return nil, err
	}
	if nv != starlark.None {
		n, err := intArg(nv)
		if err != nil {
			return nil, err
		}
		items = items[:min(max(n, 0), len(items))]
	}
	return starlark.NewList(tuples(items)), nil
}

// counterElements is elements(): each key as many times as its count.
func counterElements(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("elements", args, kwargs, 0); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, kv := range b.Receiver().(*mapping).dict.Items() {
		n, err := intArg(kv[1])
		if err != nil {
			return nil, err
		}
		if len(out)+n > 1<<24 {
			return nil, pyerr.Errorf("MemoryError", "elements: more than pyasync will make at once")
		}
		for i := 0; i < n; i++ {
			out = append(out, kv[0])
		}
	}
	return starlark.NewList(out), nil
}

func counterTotal(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("total", args, kwargs, 0); err != nil {
		return nil, err
	}
	var total starlark.Value = starlark.MakeInt(0)
	for _, kv := range b.Receiver().(*mapping).dict.Items() {
		var err error
		if total, err = starlark.Binary(syntax.PLUS, total, kv[1]); err != nil {
			return nil, pyerr.Errorf("TypeError", "%v", err)
		}
	}
	return total, nil
}

func counterFromkeys(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return nil, pyerr.Errorf("NotImplementedError", "Counter.fromkeys() is undefined.  Use Counter(iterable) instead.")
}

// counterRepr is Counter({...}) in most_common order, or Counter().
func counterRepr(c *mapping) string {
	if c.dict.Len() == 0 {
		return "Counter()"
	}
	items, err := byCount(c)
	if err != nil {
		items = c.dict.Items()
	}
	d := starlark.NewDict(len(items))
	for _, kv := range items {
		d.SetKey(kv[0], kv[1])
	}
	return "Counter(" + d.String() + ")"
}

// counterEqual is c == d with missing keys counting 0.
func counterEqual(c, d *mapping) (bool, error) {
	for _, pair := range [][2]*mapping{{c, d}, {d, c}} {
		for _, kv := range pair[0].dict.Items() {
			other, _, _ := pair[1].Get(kv[0])
			if eq, err := starlark.Equal(kv[1], other); err != nil || !eq {
				return false, err
			}
		}
	}
	return true, nil
}

// counterCompare is c < d and the like: multiset inclusion.
func counterCompare(op syntax.Token, c, d *mapping) (bool, error) {
	le := func(a, b *mapping) (bool, error) { // every count of a <= b's
		for _, m := range []*mapping{a, b} {
			for _, kv := range m.dict.Items() {
				x, _, _ := a.Get(kv[0])
				y, _, _ := b.Get(kv[0])
				if ok, err := starlark.Compare(syntax.LE, x, y); err != nil || !ok {
					return false, err
				}
			}
		}
		return true, nil
	}
	switch op {
	case syntax.LE:
		return le(c, d)
	case syntax.GE:
		return le(d, c)
	}
	a, b := c, d
	if op == syntax.GT {
		a, b = d, c
	}
	ok, err := le(a, b)
	if err != nil || !ok {
		return false, err
	}
	eq, err := counterEqual(a, b)
	return !eq, err
}

// counterBinary is c + d, c - d, c | d, c & d between Counters: the
// counts combined, keeping the positive ones.
func counterBinary(c *mapping, op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	d, ok := y.(*mapping)
	if !ok || d.kind != "Counter" {
		switch op {
		case syntax.PLUS, syntax.MINUS, syntax.PIPE, syntax.AMP:
			return nil, unsupported(op, c, y, side)
		}
		return nil, nil
	}
	if side == starlark.Right {
		c, d = d, c
	}
	combine := map[syntax.Token]func(a, b starlark.Value) (starlark.Value, error){
		syntax.PLUS:  func(a, b starlark.Value) (starlark.Value, error) { return starlark.Binary(syntax.PLUS, a, b) },
		syntax.MINUS: func(a, b starlark.Value) (starlark.Value, error) { return starlark.Binary(syntax.MINUS, a, b) },
		syntax.PIPE:  func(a, b starlark.Value) (starlark.Value, error) { return pick(syntax.LT, a, b) },
		syntax.AMP: func(a, b starlark.Value) (starlark.Value, error) {
			return pick(syntax.GT, a, b)
		},
	}[op]
	if combine == nil {
		return nil, nil
	}
	out := newMapping("Counter", c.thread)
	zero := starlark.MakeInt(0)
	keep := func(k, v starlark.Value) error {
		pos, err := starlark.Compare(syntax.GT, v, zero)
		if err != nil {
			return pyerr.Errorf("TypeError", "%v", err)
		}
		if pos {
			return out.dict.SetKey(k, v)
		}
		return nil
	}
	for _, kv := range c.dict.Items() {
		other, _, _ := d.Get(kv[0])
		v, err := combine(kv[1], other)
		if err != nil {
			return nil, pyerr.Errorf("TypeError", "%v", err)
		}
		if err := keep(kv[0], v); err != nil {
			return nil, err
		}
	}
	if op == syntax.AMP {
		return out, nil
	}
	for _, kv := range d.dict.Items() {
		if has, _ := c.Has(kv[0]); has {
			continue
		}
		v := kv[1]
		if op == syntax.MINUS {
			var err error
			if v, err = starlark.Binary(syntax.MINUS, zero, v); err != nil {
				return nil, pyerr.Errorf("TypeError", "%v", err)
			}
		}
		if err := keep(kv[0], v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pick is b when a op b holds, else a: max for LT, min for GT.
func pick(op syntax.Token, a, b starlark.Value) (starlark.Value, error) {
	ok, err := starlark.Compare(op, a, b)
	if err != nil {
		return nil, err
	}
	if ok {
		return b, nil
	}
	return a, nil
}

// Unary is +c and -c: the positive counts, or the negated negative ones.
func (c *mapping) Unary(op syntax.Token) (starlark.Value, error) {
	if c.kind != "Counter" || (op != syntax.PLUS && op != syntax.MINUS) {
		return nil, nil
	}
	empty := newMapping("Counter", c.thread)
	if op == syntax.PLUS {
		return counterBinary(empty, syntax.PLUS, c, starlark.Right)
	}
	return counterBinary(empty, syntax.MINUS, c, starlark.Left)
}
