package asynchat

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/class"
)

// simple_producer(data, buffer_size=512): more() returns the next
// buffer_size bytes, then "" when exhausted.
func newSimpleProducer() *class.Class {
	return class.MustNew("simple_producer", "asynchat", []*class.Class{class.Object}, starlark.StringDict{
		"__init__": method("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var d starlark.Value
			size := 512
			if err := starlark.UnpackArgs("simple_producer", args, kwargs, "data", &d, "buffer_size?", &size); err != nil {
				return nil, err
			}
			if _, err := data("simple_producer", d); err != nil {
				return nil, err
			}
			if size <= 0 {
				return nil, fmt.Errorf("simple_producer: buffer_size must be positive, not %d", size)
			}
			asyncore.SetAttr(self, "data", d)
			return starlark.None, asyncore.SetAttr(self, "buffer_size", starlark.MakeInt(size))
		}),
		"more": noArgs("more", func(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
			dv, err := asyncore.Attr(self, "data")
			if err != nil {
				return nil, err
			}
			d, err := data("more", dv)
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
		}),
	})
}

// fifo(list=None): Python 2's asynchat.fifo, for programs that still use it.
func newFifo() *class.Class {
	return class.MustNew("fifo", "asynchat", []*class.Class{class.Object}, starlark.StringDict{
		"__init__": method("__init__", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var l starlark.Value = starlark.None
			if err := starlark.UnpackArgs("fifo", args, kwargs, "list?", &l); err != nil {
				return nil, err
			}
			items := starlark.NewList(nil)
			if l != starlark.None {
				it, ok := l.(starlark.Iterable)
				if !ok {
					return nil, fmt.Errorf("fifo: got %s, want list", l.Type())
				}
				iter := it.Iterate()
				var x starlark.Value
				for iter.Next(&x) {
					items.Append(x)
				}
				iter.Done()
			}
			return starlark.None, asyncore.SetAttr(self, "list", items)
		}),
		"__len__": noArgs("__len__", func(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
			return starlark.MakeInt(fifoList(self).Len()), nil
		}),
		"is_empty": noArgs("is_empty", func(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
			return starlark.Bool(fifoList(self).Len() == 0), nil
		}),
		"first": noArgs("first", func(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
			l := fifoList(self)
			if l.Len() == 0 {
				return nil, fmt.Errorf("first: fifo is empty")
			}
			return l.Index(0), nil
		}),
		"push": method("push", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs("push", args, kwargs, 1, &x); err != nil {
				return nil, err
			}
			return starlark.None, fifoList(self).Append(x)
		}),
		"pop": noArgs("pop", func(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
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
		}),
	})
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
