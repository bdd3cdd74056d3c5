package ssl

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
)

// method is one method of a Go value of the module (an SSLContext, an
// SSLSocket): its name, and its body, given the receiver.
type method[R any] struct {
	name string
	fn   func(th *starlark.Thread, r R, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}

// methodTable is a type's methods, sorted by name: constant data, laid
// out by the linker.
type methodTable[R any] []method[R]

// has reports whether the type has a method called name.
func (t methodTable[R]) has(name string) bool {
	_, ok := t.find(name)
	return ok
}

func (t methodTable[R]) find(name string) (int, bool) {
	i := sort.Search(len(t), func(i int) bool { return t[i].name >= name })
	return i, i < len(t) && t[i].name == name
}

// names lists the methods.
func (t methodTable[R]) names() []string {
	out := make([]string, len(t))
	for i, m := range t {
		out[i] = m.name
	}
	return out
}

// call runs the method a bound built-in of the table stands for, on its
// receiver; typ names the type in the error of a receiver of another.
func (t methodTable[R]) call(typ string, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r, ok := b.Receiver().(R)
	i, found := t.find(b.Name())
	if !ok || !found {
		return nil, fmt.Errorf("%s: not an %s", b.Name(), typ)
	}
	return t[i].fn(th, r, b.Name(), args, kwargs)
}
