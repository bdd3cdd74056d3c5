package pybuiltins

import (
	"fmt"
	"io"
	"sort"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// ScopeKey names the thread-local function that lists the global names
// of a session whose chunks run one by one (the REPL's), for dir().
const ScopeKey = "pyasync.scope"

// dir([object]): with an object, its attributes; without, the names
// defined where dir() is called: a function's local variables, or the
// module's globals (the session's, at the prompt).
func dir(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 || len(kwargs) > 0 {
		return starlark.Call(th, starlark.Universe["dir"], args, kwargs)
	}
	var names []string
	if th.CallStackDepth() > 1 {
		fr := th.DebugFrame(1)
		if fn, ok := fr.Callable().(*starlark.Function); ok {
			if name := fn.Name(); name == "<toplevel>" || name == "<expr>" { // a module, a chunk or an expression at the prompt
				if scope, ok := th.Local(ScopeKey).(func() []string); ok {
					names = scope()
				} else {
					names = fn.Globals().Keys()
				}
			} else {
				for i := 0; i < fr.NumLocals(); i++ {
					if bnd, v := fr.Local(i); v != nil {
						names = append(names, bnd.Name)
					}
				}
			}
		}
	}
	sort.Strings(names)
	list := make([]starlark.Value, 0, len(names))
	for i, n := range names {
		if i == 0 || names[i-1] != n {
			list = append(list, starlark.String(n))
		}
	}
	return starlark.NewList(list), nil
}

// Quitter is exit and quit: calling it ends the program as sys.exit does;
// shown at the prompt, it says how to leave.
type Quitter struct {
	name string
	exit starlark.Value
}

func (q *Quitter) Name() string { return q.name }
func (q *Quitter) String() string {
	return fmt.Sprintf("Use %s() or Ctrl-D (i.e. EOF) to exit", q.name)
}
func (q *Quitter) Type() string          { return "Quitter" }
func (q *Quitter) Freeze()               {}
func (q *Quitter) Truth() starlark.Bool  { return true }
func (q *Quitter) Hash() (uint32, error) { return 0, nil }

// CallInternal is exit(code=None).
func (q *Quitter) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(q.name, args, kwargs, 0, &code); err != nil {
		return nil, err
	}
	if q.exit == nil {
		return nil, fmt.Errorf("%s: no sys.exit to call", q.name)
	}
	return starlark.Call(th, q.exit, starlark.Tuple{code}, nil)
}

// Helper is help: help() says where pyasync is described, help(x) lists
// what x has.
type Helper struct{ out io.Writer }

func (h *Helper) Name() string { return "help" }
func (h *Helper) String() string {
	return "Type help() for interactive help, or help(object) for help about object."
}
func (h *Helper) Type() string          { return "_Helper" }
func (h *Helper) Freeze()               {}
func (h *Helper) Truth() starlark.Bool  { return true }
func (h *Helper) Hash() (uint32, error) { return 1, nil }

// helpText is what help() prints.
const helpText = `pyasync runs Python asyncore programs written in Starlark, a dialect of
Python. What differs from Python:
  classes      Name = subclass(base, "Name", method=function, ...)
  exceptions   catch(fn, *args) -> (exc, result); throw(exc)
  imports      none: asyncore, asynchat, socket, sys, os, time... are there
  str          holds bytes, as Python 2's; rawstr(b)/rawbytes(s) convert
  formatting   sprintf("%-8s|%5.2f", a, b) where % lacks widths
dir() lists the names defined so far, dir(x) what x has, help(x) the same
with x's type; exit() or Ctrl-D leaves. README.md and SPEC.md tell the rest;
pyasync port turns a Python program into Starlark.
`

// CallInternal is help(object=None).
func (h *Helper) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("help", args, kwargs, 0, &x); err != nil {
		return nil, err
	}
	out := h.out
	if out == nil {
		out = io.Discard
	}
	if x == nil {
		_, err := io.WriteString(out, helpText)
		return starlark.None, err
	}
	fmt.Fprintf(out, "Help on %s:\n\n", describe(x))
	if ha, ok := x.(starlark.HasAttrs); ok {
		names := ha.AttrNames()
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(out, "  %s\n", n)
		}
	}
	return starlark.None, nil
}

// describe names x for help(): "class EchoHandler", "built-in function
// len", "str object".
func describe(x starlark.Value) string {
	switch x := x.(type) {
	case *class.Class:
		return "class " + x.QualName()
	case *starlark.Builtin:
		return "built-in function " + x.Name()
	case *starlark.Function:
		return "function " + x.Name()
	}
	return class.TypeName(x) + " object"
}
