package modules

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewSys makes the sys module of one interpreter:
//
//	argv                 the script and its arguments
//	exit(code=0)         end the program (exit("msg") prints msg, status 1)
//	stdin.readline(size=-1), read, readlines, iteration by lines
//	stdout.write(s), stdout.flush(), stderr.write(s), stderr.flush()
//	platform ("linux"), byteorder, maxsize, maxint (Python 2's), version,
//	version_info (3, 11, 0, "final", 0), hexversion, executable, path
//	getrecursionlimit() setrecursionlimit(n) (kept, not enforced: Starlark
//	    has its own limit), getdefaultencoding(), getfilesystemencoding()
//	modules (set by AddSysModules)
//	worker, workers      which of pyasync -j N's workers runs the script
func NewSys(argv []string, stdin io.Reader, stdout, stderr io.Writer, worker, workers int, version string) starlark.Value {
	args := make([]starlark.Value, len(argv))
	for i, a := range argv {
		args[i] = starlark.String(a)
	}
	exe, _ := os.Executable()
	limit := 1000
	m := starlark.StringDict{
		"argv":         starlark.NewList(args),
		"exit":         starlark.NewBuiltin("exit", sysExit(stderr)),
		"stdin":        newStdin(stdin),
		"stdout":       stream("stdout", stdout),
		"stderr":       stream("stderr", stderr),
		"platform":     starlark.String("linux"),
		"byteorder":    starlark.String("little"),
		"maxsize":      starlark.MakeInt64(1<<63 - 1),
		"maxint":       starlark.MakeInt64(1<<63 - 1),
		"version":      starlark.String("pyasync " + version),
		"version_info": starlark.Tuple{starlark.MakeInt(3), starlark.MakeInt(11), starlark.MakeInt(0), starlark.String("final"), starlark.MakeInt(0)},
		"hexversion":   starlark.MakeInt(0x030b00f0),
		"executable":   starlark.String(exe),
		"path":         starlark.NewList([]starlark.Value{starlark.String(scriptDir(argv))}),
		"worker":       starlark.MakeInt(worker),
		"workers":      starlark.MakeInt(workers),
		"getrecursionlimit": starlark.NewBuiltin("getrecursionlimit", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("getrecursionlimit", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.MakeInt(limit), nil
		}),
		"setrecursionlimit": starlark.NewBuiltin("setrecursionlimit", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("setrecursionlimit", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			n, err := intArg(v)
			if err != nil {
				return nil, err
			}
			if n < 1 {
				return nil, pyerr.Errorf("ValueError", "recursion limit must be greater or equal than 1")
			}
			limit = n
			return starlark.None, nil
		}),
	}
	for _, name := range []string{"getdefaultencoding", "getfilesystemencoding"} {
		m[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.String("utf-8"), nil
		})
	}
	return &starlarkstruct.Module{Name: "sys", Members: m}
}

// scriptDir is sys.path[0]: the absolute directory of the script, or ""
// when the program is not a file (-c, stdin).
func scriptDir(argv []string) string {
	if len(argv) == 0 || argv[0] == "" || argv[0] == "-" || argv[0] == "-c" {
		return ""
	}
	if fi, err := os.Stat(argv[0]); err != nil || fi.IsDir() {
		return ""
	}
	abs, err := filepath.Abs(filepath.Dir(argv[0]))
	if err != nil {
		return ""
	}
	return abs
}

// AddSysModules sets sys.modules in env: a dict of the modules env
// predeclares (and os.path), by name, as Python's of those imported.
func AddSysModules(env starlark.StringDict) {
	sys, ok := env["sys"].(*starlarkstruct.Module)
	if !ok {
		return
	}
	n := 1 // os.path
	for _, v := range env {
		if v.Type() == "module" {
			n++
		}
	}
	mods := starlark.NewDict(n)
	for _, name := range env.Keys() {
		if env[name].Type() == "module" {
			mods.SetKey(starlark.String(name), env[name])
		}
	}
	if os, ok := env["os"].(*starlarkstruct.Module); ok {
		mods.SetKey(starlark.String("os.path"), os.Members["path"])
	}
	sys.Members["modules"] = mods
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
