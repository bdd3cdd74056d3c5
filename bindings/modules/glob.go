package modules

import (
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

// NewGlob makes the glob module, Python's pathname expansion:
//
//	glob(pathname, *, root_dir=None, dir_fd=None, recursive=False, include_hidden=False)
//	iglob(...) (a list here, not an iterator)  escape(pathname)  has_magic(s)
//
// Each directory's names are taken in sorted order (Python takes the
// order the directory lists them in, which no program can rely on).
func NewGlob() *Lazy {
	return NewLazy("glob", func() starlark.StringDict {
		return builtins(starlark.StringDict{}, map[string]builtinFunc{
			"glob":      globFunc,
			"iglob":     globFunc,
			"escape":    globEscape,
			"has_magic": globHasMagic,
		})
	})
}

// globber is one glob() call's options.
type globber struct {
	root          string
	recursive     bool
	includeHidden bool
}

func globFunc(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	var root, dirFD starlark.Value = starlark.None, starlark.None
	var g globber
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "pathname", &pv, "root_dir?", &root, "dir_fd?", &dirFD, "recursive?", &g.recursive, "include_hidden?", &g.includeHidden); err != nil {
		return nil, err
	}
	pattern, isBytes, err := pathText(pv)
	if err != nil {
		return nil, err
	}
	if root != starlark.None {
		if g.root, _, err = pathText(root); err != nil {
			return nil, err
		}
	}
	names := g.iglob(pattern, false)
	if pattern == "" || g.recursive && strings.HasPrefix(pattern, "**") {
		if len(names) > 0 && names[0] == "" {
			names = names[1:]
		}
	}
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = asPath(n, isBytes)
	}
	return starlark.NewList(out), nil
}

// join is glob._join: os.path.join unless one side is empty.
func globJoin(dir, base string) string {
	if dir == "" || base == "" {
		return dir + base
	}
	return joinPath(dir, base)
}

// iglob is glob._iglob: the matches of pathname, directories only when
// dironly.
func (g *globber) iglob(pathname string, dironly bool) []string {
	dirname, basename := splitPath(pathname)
	if !hasMagic(pathname) {
		if basename != "" {
			if lexists(globJoin(g.root, pathname)) {
				return []string{pathname}
			}
		} else if isDir(globJoin(g.root, dirname)) {
			return []string{pathname}
		}
		return nil
	}
	if dirname == "" {
		if g.recursive && basename == "**" {
			return g.glob2(g.root, basename, dironly)
		}
		return g.glob1(g.root, basename, dironly)
	}
	dirs := []string{dirname}
	if dirname != pathname && hasMagic(dirname) {
		dirs = g.iglob(dirname, true)
	}
	inDir := g.glob0
	if hasMagic(basename) {
		inDir = g.glob1
		if g.recursive && basename == "**" {
			inDir = g.glob2
		}
	}
	var out []string
	for _, d := range dirs {
		for _, name := range inDir(globJoin(g.root, d), basename, dironly) {
			out = append(out, joinPath(d, name))
		}
	}
	return out
}

// glob0 is a literal basename in dirname.
func (g *globber) glob0(dirname, basename string, dironly bool) []string {
	if basename != "" {
		if lexists(globJoin(dirname, basename)) {
			return []string{basename}
		}
	} else if isDir(dirname) {
		return []string{basename}
	}
	return nil
}

// glob1 is the names in dirname that match pattern, hidden ones only
// when the pattern starts with a dot or include_hidden.
func (g *globber) glob1(dirname, pattern string, dironly bool) []string {
	w := compileWild(pattern)
	var out []string
	for _, n := range listDir(dirname, dironly) {
		if (g.includeHidden || !isHidden(n) || isHidden(pattern)) && wildMatch(w, n) {
			out = append(out, n)
		}
	}
	return out
}

// glob2 is "**": "" and every path below dirname.
func (g *globber) glob2(dirname, pattern string, dironly bool) []string {
	return append([]string{""}, g.rlistdir(dirname, dironly)...)
}

func (g *globber) rlistdir(dirname string, dironly bool) []string {
	var out []string
	for _, x := range listDir(dirname, dironly) {
		if g.includeHidden || !isHidden(x) {
			out = append(out, x)
			path := x
			if dirname != "" {
				path = globJoin(dirname, x)
			}
			for _, y := range g.rlistdir(path, dironly) {
				out = append(out, globJoin(x, y))
			}
		}
	}
	return out
}

func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// listDir is the names in dirname ("" the current directory), sorted;
// only directories (symbolic links followed) when dironly; none when it
// cannot be read.
func listDir(dirname string, dironly bool) []string {
	if dirname == "" {
		dirname = "."
	}
	ents, err := os.ReadDir(dirname)
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range ents {
		if !dironly || e.IsDir() || e.Type()&os.ModeSymlink != 0 && isDir(joinPath(dirname, e.Name())) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

func lexists(p string) bool {
	var st unix.Stat_t
	return strings.IndexByte(p, 0) < 0 && unix.Lstat(p, &st) == nil
}

var globMagic = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([*?\[])`) })

func globEscape(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var pv starlark.Value
	if err := starlark.UnpackArgs("escape", args, kwargs, "pathname", &pv); err != nil {
		return nil, err
	}
	p, isBytes, err := pathText(pv)
	if err != nil {
		return nil, err
	}
	return asPath(globMagic().ReplaceAllString(p, "[$1]"), isBytes), nil
}

func globHasMagic(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sv starlark.Value
	if err := starlark.UnpackArgs("has_magic", args, kwargs, "s", &sv); err != nil {
		return nil, err
	}
	s, _, err := pathText(sv)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(hasMagic(s)), nil
}
