package modules

import (
	"os"
	"path/filepath"
	"sort"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file adds the file-system part of os that servers need:
// os.stat(path) -> (st_mode, st_size, st_mtime as attributes),
// os.listdir(path), and os.path: join, exists, isdir, isfile, getsize,
// basename, dirname, abspath, normpath, realpath, islink (realpath.go).

func osStat(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path string
	if err := starlark.UnpackPositionalArgs("stat", args, kwargs, 1, &path); err != nil {
		return nil, err
	}
	if err := pathArg("stat", path); err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlarkstruct.FromStringDict(starlarkstruct.Default, starlark.StringDict{
		"st_mode":  starlark.MakeInt(int(st.Mode)),
		"st_size":  starlark.MakeInt64(st.Size),
		"st_mtime": starlark.Float(float64(st.Mtim.Sec) + float64(st.Mtim.Nsec)/1e9),
		"st_ino":   starlark.MakeUint64(st.Ino),
		"st_nlink": starlark.MakeUint64(uint64(st.Nlink)),
		"st_uid":   starlark.MakeInt(int(st.Uid)),
		"st_gid":   starlark.MakeInt(int(st.Gid)),
	}), nil
}

func osListdir(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	path := "."
	if err := starlark.UnpackPositionalArgs("listdir", args, kwargs, 0, &path); err != nil {
		return nil, err
	}
	if err := pathArg("listdir", path); err != nil {
		return nil, err
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	names := make([]string, len(ents))
	for i, e := range ents {
		names[i] = e.Name()
	}
	sort.Strings(names)
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = starlark.String(n)
	}
	return starlark.NewList(out), nil
}

func pathFunc(name string, fn func(p string) starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var p string
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &p); err != nil {
			return nil, err
		}
		if err := pathArg(name, p); err != nil {
			return nil, err
		}
		return fn(p), nil
	})
}

func newPath() *starlarkstruct.Module {
	stat := func(p string) (os.FileInfo, bool) {
		fi, err := os.Stat(p)
		return fi, err == nil
	}
	return &starlarkstruct.Module{Name: "os.path", Members: starlark.StringDict{
		"join": starlark.NewBuiltin("join", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 || len(args) == 0 {
				return nil, errorf("join: want one or more str arguments")
			}
			out := ""
			for _, a := range args {
				s, ok := starlark.AsString(a)
				if !ok {
					return nil, errorf("join: got %s, want str", a.Type())
				}
				if filepath.IsAbs(s) || out == "" {
					out = s
				} else if out[len(out)-1] == '/' {
					out += s
				} else {
					out += "/" + s
				}
			}
			return starlark.String(out), nil
		}),
		"exists": pathFunc("exists", func(p string) starlark.Value { _, ok := stat(p); return starlark.Bool(ok) }),
		"isdir": pathFunc("isdir", func(p string) starlark.Value {
			fi, ok := stat(p)
			return starlark.Bool(ok && fi.IsDir())
		}),
		"isfile": pathFunc("isfile", func(p string) starlark.Value {
			fi, ok := stat(p)
			return starlark.Bool(ok && fi.Mode().IsRegular())
		}),
		"getsize": pathFunc("getsize", func(p string) starlark.Value {
			fi, ok := stat(p)
			if !ok {
				return starlark.MakeInt(-1)
			}
			return starlark.MakeInt64(fi.Size())
		}),
		"basename": pathFunc("basename", func(p string) starlark.Value {
			if p == "" || p[len(p)-1] == '/' {
				return starlark.String("")
			}
			return starlark.String(filepath.Base(p))
		}),
		"dirname": pathFunc("dirname", func(p string) starlark.Value {
			i := len(p) - 1
			for i >= 0 && p[i] != '/' {
				i--
			}
			if i <= 0 {
				return starlark.String(p[:i+1])
			}
			return starlark.String(p[:i])
		}),
		"abspath": pathFunc("abspath", func(p string) starlark.Value {
			a, err := filepath.Abs(p)
			if err != nil {
				return starlark.String(p)
			}
			return starlark.String(a)
		}),
		"normpath": pathFunc("normpath", func(p string) starlark.Value { return starlark.String(filepath.Clean(p)) }),
		"realpath": starlark.NewBuiltin("realpath", osRealpath),
		"islink":   pathFunc("islink", osIslink),
	}}
}
