package asyncore

import (
	"strings"

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

// ArgsInPlace marks c's own methods names as taking their arguments in
// place (class.Method.ArgsInPlace): a call self.recv(8192) from a script
// then costs no copy of its arguments. Each function listed reads its
// args and kwargs, or hands them to starlark.UnpackArgs and the like,
// and nothing else: none keeps them, changes them, or passes them on
// to another callable.
func ArgsInPlace(c *class.Class, names ...string) {
	for _, name := range names {
		own(c, name).ArgsInPlace()
	}
}

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

// optionalArgs2 unpacks a method's two parameters, named a and b as
// starlark.UnpackArgs names them ("sock", "map?"); an optional one not
// given is None. The usual call, positional, is read without
// UnpackArgs, whose pointers to the values would move them to the heap.
func optionalArgs2(fn *class.Method, args starlark.Tuple, kwargs []starlark.Tuple, a, b string) (x, y starlark.Value, err error) {
	least := 0
	if !strings.HasSuffix(a, "?") {
		least = 1
	}
	if len(kwargs) == 0 && len(args) >= least && len(args) <= 2 {
		x, y = starlark.None, starlark.None
		if len(args) > 0 {
			x = args[0]
		}
		if len(args) > 1 {
			y = args[1]
		}
		return x, y, nil
	}
	var p, q starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, a, &p, b, &q); err != nil {
		return nil, nil, err
	}
	return p, q, nil
}

// optionalArg is optionalArgs2 for a method of one optional parameter.
func optionalArg(fn *class.Method, args starlark.Tuple, kwargs []starlark.Tuple, a string) (starlark.Value, error) {
	if len(kwargs) == 0 && len(args) <= 1 {
		if len(args) == 1 {
			return args[0], nil
		}
		return starlark.None, nil
	}
	var p starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, a, &p); err != nil {
		return nil, err
	}
	return p, nil
}
