package class

import "go.starlark.net/starlark"

// OnlyArg is the one positional argument of a call of the function
// called name, as starlark.UnpackPositionalArgs(name, args, kwargs, 1,
// &x) gives it, wrong calls' errors included, without the allocation
// UnpackPositionalArgs makes for x (its address escapes): for built-ins
// called on every event (len, push).
func OnlyArg(name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		return args[0], nil
	}
	var x starlark.Value
	return nil, starlark.UnpackPositionalArgs(name, args, kwargs, 1, &x)
}
