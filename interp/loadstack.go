package interp

import (
	"errors"

	"go.starlark.net/starlark"
)

// stackOf is the frames err was raised through, outermost first. An
// error raised while a loaded file ran carries the frames of the load
// statement and, inside them, those of the loaded file: both show, as
// CPython's traceback of an import shows the importing line and then
// the module's.
func stackOf(err error) starlark.CallStack {
	var stack starlark.CallStack
	for e := err; e != nil; e = errors.Unwrap(e) {
		if ee, ok := e.(*starlark.EvalError); ok {
			if n := len(stack); n > 0 && stack[n-1].Pos.Filename() == "<builtin>" {
				stack = stack[:n-1] // load() is not a frame
			}
			stack = append(stack, ee.CallStack...)
		}
	}
	return stack
}
