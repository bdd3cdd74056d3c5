package modules

import (
	"os"
	"os/user"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// newPath makes os.path, Python's posixpath over the interpreter's
// os.environ (env, read by expanduser and expandvars). Each function takes
// str or bytes and returns the same type, as Python's:
//
//	join(a, *p) split(p) splitext(p) basename(p) dirname(p) normpath(p)
//	abspath(p) realpath(p, *, strict=False) relpath(p, start=".") isabs(p)
//	commonprefix(list) splitdrive(p) normcase(p) expanduser(p) expandvars(p)
//	exists(p) lexists(p) isfile(p) isdir(p) islink(p) ismount(p) samefile(a, b)
//	getsize(p) getmtime(p) getatime(p) getctime(p)
//	sep altsep curdir pardir extsep pathsep devnull defpath
func newPath(env *starlark.Dict) *starlarkstruct.Module {
	m := starlark.StringDict{
		"join":         starlark.NewBuiltin("join", pathJoin),
		"split":        pathPair("split", splitPath),
		"splitext":     pathPair("splitext", splitExt),
		"splitdrive":   pathPair("splitdrive", func(p string) (string, string) { return "", p }),
		"basename":     pathString("basename", func(p string) string { _, tail := splitPath(p); return p[len(p)-len(tail):] }),
		"dirname":      pathString("dirname", func(p string) string { head, _ := splitPath(p); return head }),
		"normpath":     pathString("normpath", normPath),
		"normcase":     pathString("normcase", func(p string) string { return p }),
		"abspath":      pathString("abspath", absPath),
		"isabs":        pathString("isabs", nil),
		"expanduser":   pathString("expanduser", func(p string) string { return expandUser(env, p) }),
		"expandvars":   pathString("expandvars", func(p string) string { return expandVars(env, p) }),
		"realpath":     starlark.NewBuiltin("realpath", pathRealpath),
		"relpath":      starlark.NewBuiltin("relpath", pathRelpath),
		"commonprefix": starlark.NewBuiltin("commonprefix", pathCommonprefix),
		"samefile":     starlark.NewBuiltin("samefile", pathSamefile),
		"exists":       pathTest("exists", true, func(st unix.Stat_t) bool { return true }),
		"isfile":       pathTest("isfile", true, func(st unix.Stat_t) bool { return st.Mode&sIFMT == sIFREG }),
		"isdir":        pathTest("isdir", true, func(st unix.Stat_t) bool { return st.Mode&sIFMT == sIFDIR }),
		"lexists":      pathTest("lexists", false, func(st unix.Stat_t) bool { return true }),
		"islink":       pathTest("islink", false, func(st unix.Stat_t) bool { return st.Mode&sIFMT == sIFLNK }),
		"ismount":      starlark.NewBuiltin("ismount", pathIsmount),
		"getsize":      pathStat("getsize", func(st unix.Stat_t) starlark.Value { return starlark.MakeInt64(st.Size) }),
		"getmtime":     pathStat("getmtime", func(st unix.Stat_t) starlark.Value { return timespec(st.Mtim) }),
		"getatime":     pathStat("getatime", func(st unix.Stat_t) starlark.Value { return timespec(st.Atim) }),
		"getctime":     pathStat("getctime", func(st unix.Stat_t) starlark.Value { return timespec(st.Ctim) }),
	}
	for name, v := range pathConstants {
		m[name] = v
	}
	return &starlarkstruct.Module{Name: "os.path", Members: class.BuiltinsInPlace(m)}
}

// pathConstants are posixpath's constants, which os has too.
var pathConstants = starlark.StringDict{
	"sep": starlark.String("/"), "altsep": starlark.None, "curdir": starlark.String("."),
	"pardir": starlark.String(".."), "extsep": starlark.String("."), "pathsep": starlark.String(":"),
	"devnull": starlark.String("/dev/null"), "defpath": starlark.String("/bin:/usr/bin"),
}

func timespec(t unix.Timespec) starlark.Value {
	return starlark.Float(float64(t.Sec) + float64(t.Nsec)*1e-9)
}

// pathText is a str or bytes path argument of a posixpath function, which
// does no system call (so NUL is allowed).
func pathText(v starlark.Value) (p string, isBytes bool, err error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), false, nil
	case starlark.Bytes:
		return string(x), true, nil
	}
	return "", false, pyerr.Errorf("TypeError", "expected str, bytes or os.PathLike object, not %s", v.Type())
}

// asPath is p as the type of the argument it came from.
func asPath(p string, isBytes bool) starlark.Value {
	if isBytes {
		return starlark.Bytes(p)
	}
	return starlark.String(p)
}

// pathText1 is a posixpath function of one path, given fn(path, was it
// bytes).
func pathText1(name string, fn func(p string, isBytes bool) starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		p, isBytes, err := pathText(v)
		if err != nil {
			return nil, err
		}
		return fn(p, isBytes), nil
	})
}

// pathString is name(p): fn(p), or isabs when fn is nil.
func pathString(name string, fn func(string) string) *starlark.Builtin {
	return pathText1(name, func(p string, isBytes bool) starlark.Value {
		if fn == nil {
			return starlark.Bool(strings.HasPrefix(p, "/"))
		}
		return asPath(fn(p), isBytes)
	})
}

// pathPair is name(p) -> (a, b).
func pathPair(name string, fn func(string) (string, string)) *starlark.Builtin {
	return pathText1(name, func(p string, isBytes bool) starlark.Value {
		x, y := fn(p)
		return starlark.Tuple{asPath(x, isBytes), asPath(y, isBytes)}
	})
}

// statPath is stat (or lstat) of a path or descriptor argument of fn,
// into st (the caller's, which needs no allocation).
func statPath(fn string, v starlark.Value, follow bool, st *unix.Stat_t) error {
	if n, ok := v.(starlark.Int); ok && follow {
		fd, err := intArg(n)
		if err != nil {
			return err
		}
		if fd < 0 {
			return oserr.New(unix.EBADF)
		}
		if err := unix.Fstat(fd, st); err != nil {
			return oserr.FromErr(err)
		}
		return nil
	}
	call, what := "stat", pathOrFD
	if !follow {
		call, what = "lstat", pathTypes
	}
	p, err := fsPath(call, "path", what, v)
	if err != nil {
		return err
	}
	if err := statAt(p, st, follow); err != nil {
		return oserr.WithPaths(err, p)
	}
	return nil
}

// pathTest is name(p): whether p (followed when follow) exists and test
// holds; False for a path that cannot exist (NUL, a failed stat).
func pathTest(name string, follow bool, test func(unix.Stat_t) bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		v, err := class.OnlyArg(name, args, kwargs)
		if err != nil {
			return nil, err
		}
		var st unix.Stat_t
		if err := statPath(name, v, follow, &st); err != nil {
			if e, ok := err.(*pyerr.Error); ok && e.Type == "TypeError" {
				return nil, err
			}
			return starlark.False, nil
		}
		return starlark.Bool(test(st)), nil
	})
}

// pathStat is name(p): a field of stat(p).
func pathStat(name string, field func(unix.Stat_t) starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		v, err := class.OnlyArg(name, args, kwargs)
		if err != nil {
			return nil, err
		}
		var st unix.Stat_t
		if err := statPath(name, v, true, &st); err != nil {
			return nil, err
		}
		return field(st), nil
	})
}

func exists(p string) bool {
	var st unix.Stat_t
	return unix.Stat(p, &st) == nil
}

func isDir(p string) bool {
	var st unix.Stat_t
	return unix.Stat(p, &st) == nil && st.Mode&sIFMT == sIFDIR
}

// pathJoin is join(a, *p): each component after the first is added
// with a "/" between, and an absolute one starts the path afresh.
func pathJoin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "join() got an unexpected keyword argument '%s'", kwargs[0][0].(starlark.String).GoString())
	}
	if len(args) == 0 {
		return nil, pyerr.Errorf("TypeError", "join() missing 1 required positional argument: 'a'")
	}
	path, isBytes, err := pathText(args[0])
	if err != nil {
		return nil, err
	}
	for _, a := range args[1:] {
		s, ok := starlark.AsString(a)
		_, aBytes := a.(starlark.Bytes)
		if aBytes {
			s, ok = string(a.(starlark.Bytes)), true
		}
		if !ok {
			return nil, pyerr.Errorf("TypeError", "join() argument must be str, bytes, or os.PathLike object, not '%s'", a.Type())
		}
		if aBytes != isBytes {
			return nil, pyerr.Errorf("TypeError", "Can't mix strings and bytes in path components")
		}
		path = joinPath(path, s)
	}
	return asPath(path, isBytes), nil
}

func joinPath(path, s string) string {
	switch {
	case strings.HasPrefix(s, "/"):
		return s
	case path == "" || strings.HasSuffix(path, "/"):
		return path + s
	}
	return path + "/" + s
}

// splitPath is posixpath.split: (head, tail), tail everything after
// the last "/", head without its trailing slashes unless all slashes.
func splitPath(p string) (string, string) {
	i := strings.LastIndexByte(p, '/') + 1
	head, tail := p[:i], p[i:]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head, tail
}

// splitExt is posixpath.splitext: the extension from the last dot of the
// last component, unless the component is all dots before it.
func splitExt(p string) (string, string) {
	sep := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > sep {
		for i := sep + 1; i < dot; i++ {
			if p[i] != '.' {
				return p[:dot], p[dot:]
			}
		}
	}
	return p, ""
}

// normPath is posixpath.normpath: no "." or empty components, ".." that
// can be resolved textually resolved, and exactly two leading slashes
// kept (POSIX leaves their meaning to the system).
func normPath(p string) string {
	if p == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(p, "/") {
		initial = 1
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			initial = 2
		}
	}
	var comps []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != ".." || (initial == 0 && len(comps) == 0) || (len(comps) > 0 && comps[len(comps)-1] == ".."):
			comps = append(comps, c)
		case len(comps) > 0:
			comps = comps[:len(comps)-1]
		}
	}
	out := strings.Repeat("/", initial) + strings.Join(comps, "/")
	if out == "" {
		return "."
	}
	return out
}

func absPath(p string) string {
	if !strings.HasPrefix(p, "/") {
		cwd, err := os.Getwd()
		if err != nil {
			cwd = "/"
		}
		p = joinPath(cwd, p)
	}
	return normPath(p)
}

// expandUser is posixpath.expanduser: a leading ~ becomes $HOME (or the
// user's home from the password file), ~name that user's home.
func expandUser(env *starlark.Dict, p string) string {
	if !strings.HasPrefix(p, "~") {
		return p
	}
	i := strings.IndexByte(p[1:], '/') + 1
	if i == 0 {
		i = len(p)
	}
	var home string
	if i == 1 {
		if v, ok, _ := env.Get(starlark.String("HOME")); ok {
			home, _ = starlark.AsString(v)
		} else if u, err := user.Current(); err == nil {
			home = u.HomeDir
		} else {
			return p
		}
	} else {
		u, err := user.Lookup(p[1:i])
		if err != nil {
			return p
		}
		home = u.HomeDir
	}
	out := strings.TrimRight(home, "/") + p[i:]
	if out == "" {
		return "/"
	}
	return out
}

// expandVars is posixpath.expandvars: $name and ${name} become the
// variable's value; unknown variables stay as written.
func expandVars(env *starlark.Dict, p string) string {
	if !strings.Contains(p, "$") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); {
		if p[i] != '$' {
			b.WriteByte(p[i])
			i++
			continue
		}
		name, end := "", i+1
		if end < len(p) && p[end] == '{' {
			if j := strings.IndexByte(p[end:], '}'); j >= 0 {
				name, end = p[end+1:end+j], end+j+1
			}
		} else {
			for end < len(p) && isWordByte(p[end]) {
				end++
			}
			name = p[i+1 : end]
		}
		if v, ok, _ := env.Get(starlark.String(name)); ok && name != "" {
			s, _ := starlark.AsString(v)
			b.WriteString(s)
			i = end
		} else if name == "" {
			b.WriteByte('$')
			i++
		} else {
			b.WriteString(p[i:end])
			i = end
		}
	}
	return b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// pathRealpath is realpath(path, *, strict=False): the absolute path with
// every symbolic link resolved, as posixpath's (components that do not
// exist are kept as written unless strict).
func pathRealpath(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	strict := false
	if len(args) == 1 && len(kwargs) == 0 {
		v = args[0] // without UnpackArgs, which puts v and strict on the heap
	} else if err := starlark.UnpackArgs("realpath", args, kwargs, "filename", &v, "strict?", &strict); err != nil {
		return nil, err
	}
	p, isBytes, err := pathText(v)
	if err != nil {
		return nil, err
	}
	if plainRealpath(p) {
		return v, nil // the path as it is: its own real path
	}
	out, _, err := joinRealpath("", p, strict, map[string]*string{})
	if err != nil {
		return nil, err
	}
	return asPath(absPath(out), isBytes), nil
}

// joinRealpath is posixpath._joinrealpath: path (already resolved) joined
// with rest, resolving links; seen maps links being resolved (nil) or
// resolved to their targets, to detect loops.
func joinRealpath(path, rest string, strict bool, seen map[string]*string) (string, bool, error) {
	if strings.HasPrefix(rest, "/") {
		rest, path = rest[1:], "/"
	}
	for rest != "" {
		var name string
		name, rest, _ = strings.Cut(rest, "/")
		switch name {
		case "", ".":
			continue
		case "..":
			if path != "" {
				var last string
				path, last = splitPath(path)
				if last == ".." {
					path = joinPath(joinPath(path, ".."), "..")
				}
			} else {
				path = ".."
			}
			continue
		}
		newpath := joinPath(path, name)
		if strings.IndexByte(newpath, 0) >= 0 {
			return "", false, pyerr.Errorf("ValueError", "embedded null byte")
		}
		var st unix.Stat_t
		if err := unix.Lstat(newpath, &st); err != nil {
			if strict {
				return "", false, oserr.WithPaths(err, newpath)
			}
			path = newpath
			continue
		}
		if st.Mode&sIFMT != sIFLNK {
			path = newpath
			continue
		}
		if target, ok := seen[newpath]; ok {
			if target != nil {
				path = *target
				continue
			}
			if strict {
				var st unix.Stat_t
				return "", false, oserr.WithPaths(unix.Stat(newpath, &st), newpath)
			}
			return joinPath(newpath, rest), false, nil
		}
		seen[newpath] = nil
		link, err := os.Readlink(newpath)
		if err != nil {
			return "", false, oserr.WithPaths(err, newpath)
		}
		var ok bool
		path, ok, err = joinRealpath(path, link, strict, seen)
		if err != nil {
			return "", false, err
		}
		if !ok {
			return joinPath(path, rest), false, nil
		}
		resolved := path
		seen[newpath] = &resolved
	}
	return path, true, nil
}

// pathRelpath is relpath(path, start=os.curdir).
func pathRelpath(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var sv starlark.Value = starlark.None
	if err := starlark.UnpackArgs("relpath", args, kwargs, "path", &v, "start?", &sv); err != nil {
		return nil, err
	}
	p, isBytes, err := pathText(v)
	if err != nil {
		return nil, err
	}
	if p == "" {
		return nil, pyerr.Errorf("ValueError", "no path specified")
	}
	start := "."
	if sv != starlark.None {
		s, sBytes, err := pathText(sv)
		if err != nil {
			return nil, err
		}
		if sBytes != isBytes {
			return nil, pyerr.Errorf("TypeError", "Can't mix strings and bytes in path components")
		}
		start = s
	}
	from, to := pathParts(absPath(start)), pathParts(absPath(p))
	i := 0
	for i < len(from) && i < len(to) && from[i] == to[i] {
		i++
	}
	var rel []string
	for range from[i:] {
		rel = append(rel, "..")
	}
	rel = append(rel, to[i:]...)
	if len(rel) == 0 {
		return asPath(".", isBytes), nil
	}
	return asPath(strings.Join(rel, "/"), isBytes), nil
}

func pathParts(p string) []string {
	var out []string
	for _, c := range strings.Split(p, "/") {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}

// pathCommonprefix is commonprefix(m): the longest common leading
// string of a list of paths ("" for an empty or false one).
func pathCommonprefix(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var m starlark.Value
	if err := starlark.UnpackPositionalArgs("commonprefix", args, kwargs, 1, &m); err != nil {
		return nil, err
	}
	if !m.Truth() {
		return starlark.String(""), nil
	}
	it, ok := m.(starlark.Iterable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", m.Type())
	}
	var prefix string
	first, isBytes := true, false
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, xBytes, err := pathText(x)
		if err != nil {
			return nil, err
		}
		if first {
			prefix, isBytes, first = s, xBytes, false
			continue
		}
		n := 0
		for n < len(prefix) && n < len(s) && prefix[n] == s[n] {
			n++
		}
		prefix = prefix[:n]
	}
	return asPath(prefix, isBytes), nil
}

// pathSamefile is samefile(f1, f2): whether both name the same file.
func pathSamefile(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var f1, f2 starlark.Value
	if err := starlark.UnpackPositionalArgs("samefile", args, kwargs, 2, &f1, &f2); err != nil {
		return nil, err
	}
	var s1, s2 unix.Stat_t
	if err := statPath("samefile", f1, true, &s1); err != nil {
		return nil, err
	}
	if err := statPath("samefile", f2, true, &s2); err != nil {
		return nil, err
	}
	return starlark.Bool(s1.Dev == s2.Dev && s1.Ino == s2.Ino), nil
}

// pathIsmount is ismount(path): whether path is a mount point (its parent
// is on another device, or is the same directory).
func pathIsmount(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("ismount", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	p, _, err := pathText(v)
	if err != nil {
		return nil, err
	}
	var st, parent unix.Stat_t
	if strings.IndexByte(p, 0) >= 0 || unix.Lstat(p, &st) != nil || st.Mode&sIFMT == sIFLNK {
		return starlark.False, nil
	}
	if unix.Lstat(joinPath(p, ".."), &parent) != nil {
		return starlark.False, nil
	}
	return starlark.Bool(st.Dev != parent.Dev || st.Ino == parent.Ino), nil
}
