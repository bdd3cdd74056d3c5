package pybuiltins

import (
	"reflect"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// hash(x): Python's hash. An int's is the int itself (modulo 2**61-1, -1
// being -2), a float's and a bool's the same as the equal int's, a
// tuple's combines its items' as CPython does, an object's is its
// class's __hash__ (identity by default); str and bytes hash as Python's
// do within one run of the program. Lists, dicts and sets are
// unhashable.
func hash(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	h, err := pyHash(x)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt64(h), nil
}

func pyHash(x starlark.Value) (int64, error) {
	switch x := x.(type) {
	case starlark.Int:
		return class.IntHash(x), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case starlark.Float:
		return class.FloatHash(float64(x)), nil
	case starlark.Tuple:
		return tupleHash(x)
	case *class.Instance:
		return x.PyHash()
	}
	h, err := x.Hash()
	if err != nil {
		return 0, pyerr.Errorf("TypeError", "unhashable type: '%s'", class.TypeName(x))
	}
	return int64(h), nil
}

// tupleHash is CPython's tuple hash (xxHash's round over the items').
func tupleHash(t starlark.Tuple) (int64, error) {
	const (
		prime1 uint64 = 11400714785074694791
		prime2 uint64 = 14029467366897019727
		prime5 uint64 = 2870177450012600261
	)
	acc := prime5
	for _, x := range t {
		h, err := pyHash(x)
		if err != nil {
			return 0, err
		}
		acc += uint64(h) * prime2
		acc = acc<<31 | acc>>33
		acc *= prime1
	}
	acc += uint64(len(t)) ^ (prime5 ^ 3527539)
	if int64(acc) == -1 {
		return 1546275796, nil
	}
	return int64(acc), nil
}

// id(x): x's identity. Two values have the same id only if they are the
// same object; a number, str or tuple has the id of its contents.
func id(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	return starlark.MakeUint64(identity(x)), nil
}

// identity is the address of what x refers to, or, for a value that is
// not a reference, its hash.
func identity(x starlark.Value) uint64 {
	switch v := x.(type) {
	case starlark.String:
		return uint64(uintptr(unsafe.Pointer(unsafe.StringData(string(v)))))
	case starlark.Bytes:
		return uint64(uintptr(unsafe.Pointer(unsafe.StringData(string(v)))))
	case starlark.Tuple:
		if len(v) > 0 {
			return uint64(uintptr(unsafe.Pointer(&v[0])))
		}
	}
	if rv := reflect.ValueOf(x); rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Map || rv.Kind() == reflect.Func {
		return uint64(rv.Pointer())
	}
	h, _ := pyHash(x)
	return uint64(h)
}

// callable(x): whether x can be called; an object only when its class
// defines __call__.
func callable(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	return starlark.Bool(class.Callable(x)), nil
}
