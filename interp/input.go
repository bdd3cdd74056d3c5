package interp

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// input(prompt="") is Python 3's (Python 2's raw_input): it writes the
// prompt on sys.stdout, reads a line from sys.stdin and returns it
// without its line end; EOFError at the end of the input. The line is
// read by sys.stdin.readline(), so a program that replaced sys.stdin or
// sys.stdout is served by its own objects, as in Python. It blocks the
// loop while it waits, as it blocks CPython's.
func input(sys starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin("input", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var prompt starlark.Value = starlark.String("")
		if err := starlark.UnpackPositionalArgs("input", args, kwargs, 0, &prompt); err != nil {
			return nil, err
		}
		stream := func(name string) (starlark.Value, error) {
			if ha, ok := sys.(starlark.HasAttrs); ok {
				if v, err := ha.Attr(name); err == nil && v != nil && v != starlark.None {
					return v, nil
				}
			}
			return nil, pyerr.Errorf("RuntimeError", "input(): lost sys.%s", name)
		}
		method := func(v starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
			ha, ok := v.(starlark.HasAttrs)
			var fn starlark.Value
			if ok {
				fn, _ = ha.Attr(name)
			}
			if fn == nil {
				return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", v.Type(), name)
			}
			return starlark.Call(th, fn, args, nil)
		}
		if s, ok := prompt.(starlark.String); !ok || s != "" {
			out, err := stream("stdout")
			if err != nil {
				return nil, err
			}
			text := prompt.String()
			if ok {
				text = string(s)
			}
			if _, err := method(out, "write", starlark.String(text)); err != nil {
				return nil, err
			}
			if _, err := method(out, "flush"); err != nil {
				return nil, err
			}
		}
		in, err := stream("stdin")
		if err != nil {
			return nil, err
		}
		line, err := method(in, "readline")
		if err != nil {
			return nil, err
		}
		s, ok := starlark.AsString(line)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "object.readline() returned non-string")
		}
		if s == "" {
			return nil, pyerr.Errorf("EOFError", "EOF when reading a line")
		}
		return starlark.String(strings.TrimSuffix(s, "\n")), nil
	})
}
