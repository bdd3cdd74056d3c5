package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// The Go methods of asyncore's classes (and of the classes of modules
// built on it, asynchat's) are listed in one table per class, under their
// Python names, as go.starlark.net lists a string's methods
// (stringMethods). Each is a named Go function, called
// <class>_<method> (dispatcher_send, async_chat_push), that is told the
// method it runs for (class.Func): its errors take the method's own name
// from it, so that one function may serve two methods (readable and
// writable) and still name the one called, and its owner is the Module
// of the interpreter whose state it works on.

// MethodTable is a class's Go methods: each Python name and the function
// that runs it.
type MethodTable []struct {
	Name string
	Fn   class.Func
}

// Members makes the class members of table, owned by owner, added to
// attrs (the class's other members, which it returns).
func (t MethodTable) Members(owner any, attrs starlark.StringDict) starlark.StringDict {
	if attrs == nil {
		attrs = starlark.StringDict{}
	}
	for _, e := range t {
		attrs[e.Name] = class.NewFunc(e.Name, e.Fn, owner)
	}
	return attrs
}

// moduleOf is the Module a method of asyncore's runs for.
func moduleOf(fn *class.Method) *Module { return fn.Owner().(*Module) }

// own returns c's own method name, made from a method table.
func own(c *class.Class, name string) *class.Method {
	v, _ := c.Own(name)
	return v.(*class.Method)
}

// noArgs checks that a method that takes no arguments was given none.
func noArgs(fn *class.Method, args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) == 0 && len(kwargs) == 0 {
		return nil
	}
	return starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0)
}
