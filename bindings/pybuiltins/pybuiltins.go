// Package pybuiltins holds Python's built-in functions that Starlark lacks
// or has in another form, as every script sees them:
//
//	abs(x)                       __abs__ of an object too
//	bin(x), hex(x), oct(x)       '0b101', '0xff', '0o10' (__index__ too)
//	callable(x)                  an object only when its class has __call__
//	chr(i), ord(c)               on the bytes of a str (see text.go)
//	delattr(obj, name)           del obj.name
//	delitem(obj, key)            del obj[key] (dict, list, __delitem__)
//	dir([x])                     with no argument, the names in scope
//	divmod(a, b)                 (a // b, a % b); __divmod__ too
//	exit([code]), quit([code])   end the program (sys.exit)
//	hash(x)                      Python's: an int's is itself, __hash__...
//	help([x])                    a word on pyasync, or on x
//	id(x)                        the object's identity
//	iter(x), iter(fn, sentinel)  an iterator; next(it[, default])
//	NotImplemented               what an operator method returns to decline
//	open(file, mode='r', ...)    a file object (package pyfile)
//	print(*args, sep=' ', end='\n', file=None, flush=False)
//	repr(x), str(x)              as Python shows values ('a', {1, 2})
//	round(x[, ndigits])          half to even, as Python 3
//	slice(stop), slice(start, stop[, step])
//	type(x)                      the type's name: 'str', 'int', a class's
//
// Python's errors come back as Python raises them (TypeError, ValueError,
// StopIteration...).
package pybuiltins

import (
	"io"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyfile"
)

// Config is what the built-ins of one interpreter need.
type Config struct {
	Stdout io.Writer      // where print() writes
	Exit   starlark.Value // sys.exit, which exit() and quit() call
}

// New returns the built-ins of one interpreter.
func New(cfg Config) starlark.StringDict {
	// none keeps its args or kwargs slice (slice() and the like keep
	// the values, not the slice)
	return class.BuiltinsInPlace(starlark.StringDict{
		"abs":            unary("abs", abs),
		"bin":            unary("bin", radix(2, "0b")),
		"callable":       unary("callable", callable),
		"chr":            unary("chr", chr),
		"delattr":        starlark.NewBuiltin("delattr", delattr),
		"delitem":        starlark.NewBuiltin("delitem", delitem),
		"dir":            starlark.NewBuiltin("dir", dir),
		"divmod":         starlark.NewBuiltin("divmod", divmod),
		"exit":           &Quitter{name: "exit", exit: cfg.Exit},
		"hash":           unary("hash", hash),
		"help":           &Helper{out: cfg.Stdout},
		"hex":            unary("hex", radix(16, "0x")),
		"id":             unary("id", id),
		"iter":           starlark.NewBuiltin("iter", iter),
		"next":           starlark.NewBuiltin("next", next),
		"NotImplemented": class.NotImplemented,
		"oct":            unary("oct", radix(8, "0o")),
		"open":           pyfile.Open,
		"ord":            unary("ord", ord),
		"print":          starlark.NewBuiltin("print", printer(cfg.Stdout)),
		"repr":           unary("repr", repr),
		"quit":           &Quitter{name: "quit", exit: cfg.Exit},
		"round":          starlark.NewBuiltin("round", round),
		"slice":          starlark.NewBuiltin("slice", class.NewSlice),
		"str":            starlark.NewBuiltin("str", str),
		"type":           unary("type", typeOf),
	})
}

// unary makes a built-in function of one positional argument.
func unary(name string, fn func(th *starlark.Thread, x starlark.Value) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		return fn(th, x)
	})
}
