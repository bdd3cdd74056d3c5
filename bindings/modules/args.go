package modules

import (
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// builtinFunc is the signature of a Go function callable from Starlark.
type builtinFunc = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

// builtins makes a module's functions from a table of name -> function.
func builtins(m starlark.StringDict, fns map[string]builtinFunc) starlark.StringDict {
	for name, fn := range fns {
		m[name] = starlark.NewBuiltin(name, fn)
	}
	return m
}

// smallInt is v as an int, if it is an int that fits one (as
// UnpackArgs reads an int parameter).
func smallInt(v starlark.Value) (int, bool) {
	if i, ok := v.(starlark.Int); ok {
		if n, ok := i.Int64(); ok && int64(int(n)) == n {
			return int(n), true
		}
	}
	return 0, false
}

// oneInt is starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &a) for
// one int parameter, without the allocation of its variable when the
// call passes a small int.
func oneInt(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if a, ok := smallInt(args[0]); ok {
			return a, nil
		}
	}
	var a int
	err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &a)
	return a, err
}

// twoInts is starlark.UnpackPositionalArgs(fn, args, kwargs, 2, &a, &b)
// for two int parameters, without the allocations of its variables,
// whose addresses escape, when the call passes two small ints.
func twoInts(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, int, error) {
	if len(args) == 2 && len(kwargs) == 0 {
		a, ok1 := smallInt(args[0])
		b, ok2 := smallInt(args[1])
		if ok1 && ok2 {
			return a, b, nil
		}
	}
	var a, b int
	err := starlark.UnpackPositionalArgs(fn, args, kwargs, 2, &a, &b)
	return a, b, err
}

// methodAttr is recv's method name from table, bound to recv, or nil.
func methodAttr(recv starlark.Value, name string, table map[string]builtinFunc) starlark.Value {
	if fn, ok := table[name]; ok {
		return starlark.NewBuiltin(name, fn).BindReceiver(recv)
	}
	return nil
}

// methodNames is the names in table and extra, sorted.
func methodNames(table map[string]builtinFunc, extra ...string) []string {
	names := append([]string(nil), extra...)
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// fsPath is v as the path argument param of the os function fn: a str or
// bytes without NUL, as Python's os functions accept. what lists the
// accepted types in Python's message ("string, bytes or os.PathLike").
func fsPath(fn, param, what string, v starlark.Value) (string, error) {
	var p string
	switch x := v.(type) {
	case starlark.String:
		p = string(x)
	case starlark.Bytes:
		p = string(x)
	default:
		return "", pyerr.Errorf("TypeError", "%s: %s should be %s, not %s", fn, param, what, pyType(v))
	}
	if strings.IndexByte(p, 0) >= 0 {
		return "", pyerr.Errorf("ValueError", "embedded null byte")
	}
	return p, nil
}

// Python's lists of what a path argument may be.
const (
	pathTypes   = "string, bytes or os.PathLike"
	pathOrFD    = "string, bytes, os.PathLike or integer"
	pathFDOrNil = "string, bytes, os.PathLike, integer or None"
)

// intArg is v as a C int argument, with Python's errors.
func intArg(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n < -1<<31 || n > 1<<31-1 {
			return 0, pyerr.Errorf("OverflowError", "Python int too large to convert to C int")
		}
		return int(n), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", pyType(v))
}
