package asynchat

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
)

// simpleProducerMethods are simple_producer's methods.
var simpleProducerMethods = asyncore.MethodTable{
	{"__init__", simple_producer___init__},
	{"more", simple_producer_more},
}

// fifoClassMethods are fifo's methods (Python 2's asynchat.fifo).
var fifoClassMethods = asyncore.MethodTable{
	{"__init__", fifo___init__},
	{"__len__", fifo___len__},
	{"is_empty", fifo_is_empty},
	{"first", fifo_first},
	{"push", fifo_push},
	{"pop", fifo_pop},
}

// simple_producer(data, buffer_size=512): more() returns the next
// buffer_size bytes, then "" when exhausted.
func newSimpleProducer() *class.Class {
	return class.MustNew("simple_producer", "asynchat", []*class.Class{class.Object}, simpleProducerMethods.Members(nil, nil))
}

// fifo(list=None): Python 2's asynchat.fifo, for programs that still use it.
func newFifo() *class.Class {
	return class.MustNew("fifo", "asynchat", []*class.Class{class.Object}, fifoClassMethods.Members(nil, nil))
}

func simple_producer___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d starlark.Value
	size := 512
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "data", &d, "buffer_size?", &size); err != nil {
		return nil, err
	}
	if _, err := modules.BytesLike(fn.Name(), d); err != nil {
		return nil, err
	}
	if size <= 0 {
		return nil, fmt.Errorf("%s: buffer_size must be positive, not %d", fn.Name(), size)
	}
	asyncore.SetAttr(self, "data", d)
	return starlark.None, asyncore.SetAttr(self, "buffer_size", starlark.MakeInt(size))
}

func simple_producer_more(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	dv, err := asyncore.Attr(self, "data")
	if err != nil {
		return nil, err
	}
	d, err := modules.BytesLike(fn.Name(), dv)
	if err != nil {
		return nil, err
	}
	size := intAttr(self, "buffer_size", 512)
	if len(d) > size {
		asyncore.SetAttr(self, "data", starlark.String(d[size:]))
		return starlark.String(d[:size]), nil
	}
	asyncore.SetAttr(self, "data", starlark.String(""))
	return starlark.String(d), nil
}

func fifo___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var l starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "list?", &l); err != nil {
		return nil, err
	}
	items := starlark.NewList(nil)
	if l != starlark.None {
		it, ok := l.(starlark.Iterable)
		if !ok {
			return nil, fmt.Errorf("%s: got %s, want list", fn.Name(), l.Type())
		}
		iter := it.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			items.Append(x)
		}
		iter.Done()
	}
	return starlark.None, asyncore.SetAttr(self, "list", items)
}

func fifo___len__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(fifoList(self).Len()), nil
}

func fifo_is_empty(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Bool(fifoList(self).Len() == 0), nil
}

func fifo_first(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	l := fifoList(self)
	if l.Len() == 0 {
		return nil, fmt.Errorf("%s: fifo is empty", fn.Name())
	}
	return l.Index(0), nil
}

func fifo_push(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	return starlark.None, fifoList(self).Append(x)
}

// pop() -> (1, first) or (0, None) when empty.
func fifo_pop(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	l := fifoList(self)
	if l.Len() == 0 {
		return starlark.Tuple{starlark.MakeInt(0), starlark.None}, nil
	}
	x := l.Index(0)
	rest := make([]starlark.Value, 0, l.Len()-1)
	for i := 1; i < l.Len(); i++ {
		rest = append(rest, l.Index(i))
	}
	asyncore.SetAttr(self, "list", starlark.NewList(rest))
	return starlark.Tuple{starlark.MakeInt(1), x}, nil
}

func fifoList(self starlark.Value) *starlark.List {
	v, err := asyncore.Attr(self, "list")
	if l, ok := v.(*starlark.List); ok && err == nil {
		return l
	}
	l := starlark.NewList(nil)
	asyncore.SetAttr(self, "list", l)
	return l
}
