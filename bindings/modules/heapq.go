package modules

import (
	"sort"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewHeapq makes the heapq module, Python's heap queue on lists, with
// the same sift order (so the lists look the same as under CPython):
//
//	heappush(heap, item) heappop(heap) heapify(x) heapreplace(heap, item)
//	heappushpop(heap, item) nlargest(n, iterable, key=None)
//	nsmallest(n, iterable, key=None) merge(*iterables, key=None, reverse=False)
//
// merge returns a list rather than an iterator.
func NewHeapq() *Lazy {
	return NewLazy("heapq", func() starlark.StringDict {
		return builtins(starlark.StringDict{}, map[string]builtinFunc{
			"heappush":    heapPush,
			"heappop":     heapPop,
			"heapify":     heapify,
			"heapreplace": heapReplace,
			"heappushpop": heapPushPop,
			"nlargest":    heapNBest,
			"nsmallest":   heapNBest,
			"merge":       heapMerge,
		})
	})
}

// less is a < b (op LT) or another comparison, with Python's error for
// values that do not compare.
func less(op syntax.Token, a, b starlark.Value) (bool, error) {
	ok, err := starlark.Compare(op, a, b)
	if err != nil {
		return false, pyerr.Errorf("TypeError", "'%s' not supported between instances of '%s' and '%s'", op, pyType(a), pyType(b))
	}
	return ok, nil
}

// heapArg is the list argument of fn ("argument 1" unless heapify's).
func heapArg(fn string, v starlark.Value) (*starlark.List, error) {
	l, ok := v.(*starlark.List)
	if !ok {
		which := "argument 1"
		if fn == "heapify" || fn == "heappop" {
			which = "argument"
		}
		return nil, pyerr.Errorf("TypeError", "%s() %s must be list, not %s", fn, which, pyType(v))
	}
	return l, nil
}

// siftDown moves heap[pos] up towards startpos while it is smaller than
// its parent (heapq._siftdown).
func siftDown(heap *starlark.List, startpos, pos int) error {
	item := heap.Index(pos)
	for pos > startpos {
		parentpos := (pos - 1) >> 1
		parent := heap.Index(parentpos)
		lt, err := less(syntax.LT, item, parent)
		if err != nil {
			return err
		}
		if !lt {
			break
		}
		if err := heap.SetIndex(pos, parent); err != nil {
			return err
		}
		pos = parentpos
	}
	return heap.SetIndex(pos, item)
}

// siftUp moves the smaller child up until a leaf, puts heap[pos] there
// and sifts it down (heapq._siftup).
func siftUp(heap *starlark.List, pos int) error {
	end, start := heap.Len(), pos
	item := heap.Index(pos)
	child := 2*pos + 1
	for child < end {
		if right := child + 1; right < end {
			lt, err := less(syntax.LT, heap.Index(child), heap.Index(right))
			if err != nil {
				return err
			}
			if !lt {
				child = right
			}
		}
		if err := heap.SetIndex(pos, heap.Index(child)); err != nil {
			return err
		}
		pos = child
		child = 2*pos + 1
	}
	if err := heap.SetIndex(pos, item); err != nil {
		return err
	}
	return siftDown(heap, start, pos)
}

func heapPush(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hv, item starlark.Value
	if err := starlark.UnpackPositionalArgs("heappush", args, kwargs, 2, &hv, &item); err != nil {
		return nil, err
	}
	heap, err := heapArg("heappush", hv)
	if err != nil {
		return nil, err
	}
	if err := heap.Append(item); err != nil {
		return nil, err
	}
	return starlark.None, siftDown(heap, 0, heap.Len()-1)
}

// popLast removes and returns the list's last item.
func popLast(l *starlark.List) (starlark.Value, error) {
	pop, _ := l.Attr("pop")
	return starlark.Call(&starlark.Thread{}, pop, nil, nil)
}

func heapPop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hv starlark.Value
	if err := starlark.UnpackPositionalArgs("heappop", args, kwargs, 1, &hv); err != nil {
		return nil, err
	}
	heap, err := heapArg("heappop", hv)
	if err != nil {
		return nil, err
	}
	if heap.Len() == 0 {
		return nil, pyerr.Errorf("IndexError", "index out of range")
	}
	last, err := popLast(heap)
	if err != nil {
		return nil, err
	}
	if heap.Len() == 0 {
		return last, nil
	}
	top := heap.Index(0)
	if err := heap.SetIndex(0, last); err != nil {
		return nil, err
	}
	return top, siftUp(heap, 0)
}

func heapify(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hv starlark.Value
	if err := starlark.UnpackPositionalArgs("heapify", args, kwargs, 1, &hv); err != nil {
		return nil, err
	}
	heap, err := heapArg("heapify", hv)
	if err != nil {
		return nil, err
	}
	for i := heap.Len()/2 - 1; i >= 0; i-- {
		if err := siftUp(heap, i); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func heapReplace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hv, item starlark.Value
	if err := starlark.UnpackPositionalArgs("heapreplace", args, kwargs, 2, &hv, &item); err != nil {
		return nil, err
	}
	heap, err := heapArg("heapreplace", hv)
	if err != nil {
		return nil, err
	}
	if heap.Len() == 0 {
		return nil, pyerr.Errorf("IndexError", "index out of range")
	}
	top := heap.Index(0)
	if err := heap.SetIndex(0, item); err != nil {
		return nil, err
	}
	return top, siftUp(heap, 0)
}

func heapPushPop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hv, item starlark.Value
	if err := starlark.UnpackPositionalArgs("heappushpop", args, kwargs, 2, &hv, &item); err != nil {
		return nil, err
	}
	heap, err := heapArg("heappushpop", hv)
	if err != nil {
		return nil, err
	}
	if heap.Len() == 0 {
		return item, nil
	}
	lt, err := less(syntax.LT, heap.Index(0), item)
	if err != nil || !lt {
		return item, err
	}
	top := heap.Index(0)
	if err := heap.SetIndex(0, item); err != nil {
		return nil, err
	}
	return top, siftUp(heap, 0)
}

// keyed is an item and its sort key.
type keyed struct{ key, item starlark.Value }

// keyedItems is the items of it with key(item) (the item when key is
// None).
func keyedItems(th *starlark.Thread, it, key starlark.Value) ([]keyed, error) {
	items, err := iterItems(it)
	if err != nil {
		return nil, err
	}
	out := make([]keyed, len(items))
	for i, x := range items {
		out[i] = keyed{x, x}
		if key != starlark.None {
			if out[i].key, err = starlark.Call(th, key, starlark.Tuple{x}, nil); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// sortKeyed sorts stably by key, descending when reverse (ties keep
// their order, as sorted(reverse=True) does).
func sortKeyed(items []keyed, reverse bool) error {
	op := syntax.LT
	if reverse {
		op = syntax.GT
	}
	var err error
	sort.SliceStable(items, func(i, j int) bool {
		lt, e := less(op, items[i].key, items[j].key)
		if e != nil && err == nil {
			err = e
		}
		return lt
	})
	return err
}

// heapNBest is nsmallest(n, iterable, key=None) and nlargest: the n
// smallest (largest) items, ties in their original order.
func heapNBest(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, it starlark.Value
	var key starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "n", &nv, "iterable", &it, "key?", &key); err != nil {
		return nil, err
	}
	items, err := keyedItems(th, it, key)
	if err != nil {
		return nil, err
	}
	n, err := intArg(nv)
	if err != nil {
		return nil, err
	}
	if err := sortKeyed(items, b.Name() == "nlargest"); err != nil {
		return nil, err
	}
	out := make([]starlark.Value, min(max(n, 0), len(items)))
	for i := range out {
		out[i] = items[i].item
	}
	return starlark.NewList(out), nil
}

// heapMerge is merge(*iterables, key=None, reverse=False): the items of
// sorted iterables in one sorted list; among equal items, the earlier
// iterable's first.
func heapMerge(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key starlark.Value = starlark.None
	reverse := false
	if err := starlark.UnpackArgs("merge", nil, kwargs, "key?", &key, "reverse?", &reverse); err != nil {
		return nil, err
	}
	var queues [][]keyed
	total := 0
	for _, it := range args {
		items, err := keyedItems(th, it, key)
		if err != nil {
			return nil, err
		}
		queues = append(queues, items)
		total += len(items)
	}
	op := syntax.LT
	if reverse {
		op = syntax.GT
	}
	out := make([]starlark.Value, 0, total)
	for len(out) < total {
		best := -1
		for i, q := range queues {
			if len(q) == 0 {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			better, err := less(op, q[0].key, queues[best][0].key)
			if err != nil {
				return nil, err
			}
			if better {
				best = i
			}
		}
		out = append(out, queues[best][0].item)
		queues[best] = queues[best][1:]
	}
	return starlark.NewList(out), nil
}
