package modules

import (
	"fmt"
	"io"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewSys makes the sys module of one interpreter:
//
//	argv                 the script and its arguments
//	exit(code=0)         end the program (exit("msg") prints msg, status 1)
//	stdout.write(s), stdout.flush(), stderr.write(s), stderr.flush()
//	platform ("linux"), byteorder, maxsize, version
//	worker, workers      which of pyasync -j N's workers runs the script
func NewSys(argv []string, stdout, stderr io.Writer, worker, workers int, version string) starlark.Value {
	args := make([]starlark.Value, len(argv))
	for i, a := range argv {
		args[i] = starlark.String(a)
	}
	return &starlarkstruct.Module{Name: "sys", Members: starlark.StringDict{
		"argv":      starlark.NewList(args),
		"exit":      starlark.NewBuiltin("exit", sysExit(stderr)),
		"stdout":    stream("stdout", stdout),
		"stderr":    stream("stderr", stderr),
		"platform":  starlark.String("linux"),
		"byteorder": starlark.String("little"),
		"maxsize":   starlark.MakeInt64(1<<63 - 1),
		"version":   starlark.String("pyasync " + version),
		"worker":    starlark.MakeInt(worker),
		"workers":   starlark.MakeInt(workers),
	}}
}

func sysExit(stderr io.Writer) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var code starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs("exit", args, kwargs, 0, &code); err != nil {
			return nil, err
		}
		switch c := code.(type) {
		case starlark.NoneType:
			return nil, &pyerr.SystemExit{Code: 0}
		case starlark.Int:
			n, err := starlark.AsInt32(c)
			if err != nil {
				return nil, fmt.Errorf("exit: %v", err)
			}
			return nil, &pyerr.SystemExit{Code: n & 0xff}
		case starlark.Bool:
			if c {
				return nil, &pyerr.SystemExit{Code: 1}
			}
			return nil, &pyerr.SystemExit{Code: 0}
		}
		msg, ok := starlark.AsString(code)
		if !ok {
			msg = code.String()
		}
		fmt.Fprintln(stderr, msg)
		return nil, &pyerr.SystemExit{Code: 1}
	}
}

// stream is sys.stdout or sys.stderr: write(s) and flush().
func stream(name string, w io.Writer) starlark.Value {
	return &starlarkstruct.Module{Name: name, Members: starlark.StringDict{
		"write": starlark.NewBuiltin("write", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s starlark.Value
			if err := starlark.UnpackPositionalArgs("write", args, kwargs, 1, &s); err != nil {
				return nil, err
			}
			var text string
			switch v := s.(type) {
			case starlark.String:
				text = string(v)
			case starlark.Bytes:
				text = string(v)
			default:
				return nil, fmt.Errorf("write: argument must be str, not %s", s.Type())
			}
			if _, err := io.WriteString(w, text); err != nil {
				return nil, fmt.Errorf("write: %v", err)
			}
			return starlark.MakeInt(len(text)), nil
		}),
		"flush": starlark.NewBuiltin("flush", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("flush", args, kwargs, 0); err != nil {
				return nil, err
			}
			if f, ok := w.(interface{ Flush() error }); ok {
				if err := f.Flush(); err != nil {
					return nil, fmt.Errorf("flush: %v", err)
				}
			}
			return starlark.None, nil
		}),
	}}
}
