package interp

import (
	"go.starlark.net/starlark"
)

// globals() and locals() are Python's built-ins, for the programs that
// hand them on (smtpd's __import__(name, globals(), locals(), [""])) or
// look a name up in them (globals()[classname]). Each returns a new dict
// of what the caller's module (for globals) or function (for locals; at
// a module's top level, its globals) has bound so far: changing the
// dict changes no variable, as Starlark variables are assigned only by
// the code that owns them.

func globalsBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("globals", args, kwargs, 0); err != nil {
		return nil, err
	}
	return callerGlobals(th), nil
}

func localsBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("locals", args, kwargs, 0); err != nil {
		return nil, err
	}
	if th.CallStackDepth() < 2 {
		return starlark.NewDict(0), nil
	}
	fr := th.DebugFrame(1)
	fn, ok := fr.Callable().(*starlark.Function)
	if !ok || fn.Name() == "<toplevel>" {
		return callerGlobals(th), nil
	}
	d := starlark.NewDict(fr.NumLocals())
	for i := 0; i < fr.NumLocals(); i++ {
		bind, v := fr.Local(i)
		if v != nil && v.Type() != "cell" { // a variable a nested function shares is left out
			d.SetKey(starlark.String(bind.Name), v)
		}
	}
	return d, nil
}

// callerGlobals is a dict of the globals of the function that called
// the running built-in (empty when there is none).
func callerGlobals(th *starlark.Thread) *starlark.Dict {
	if th.CallStackDepth() < 2 {
		return starlark.NewDict(0)
	}
	fn, ok := th.DebugFrame(1).Callable().(*starlark.Function)
	if !ok {
		return starlark.NewDict(0)
	}
	g := fn.Globals()
	d := starlark.NewDict(len(g))
	for _, k := range g.Keys() {
		d.SetKey(starlark.String(k), g[k])
	}
	return d
}
