package interp

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// import_module(name, package=None) is Python's importlib.import_module:
// the module of that dotted name, its top level run once per
// interpreter, its parent packages imported first. A relative name
// (".mod", "..pkg.mod") is taken relative to package.
//
// A name is one of the predeclared modules ("re", "os.path": they stand
// for Python's standard library), or is looked for as a program's
// modules are (SPEC section 8: what `pyasync port -o DIR` writes):
// NAME.star, or the folder NAME holding __init__.star (a package; a
// folder without one is a namespace package), in the folder of the
// program that runs and, when that folder is itself a package, in the
// folder above its outermost package. A name found nowhere fails with
// ModuleNotFoundError (a subclass of ImportError), so that a program
// can test for a module it may not have, as Python programs do.
// "__main__" is the running program.
//
// The module runs on the thread that imports it, with its own globals
// and __name__ set to its dotted name, so that its
// `if __name__ == "__main__":` block does not run.
func (in *Interp) importModule(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var pkg starlark.Value = starlark.None
	if err := starlark.UnpackArgs("import_module", args, kwargs, "name", &name, "package?", &pkg); err != nil {
		return nil, err
	}
	if strings.HasPrefix(name, ".") {
		p, ok := pkg.(starlark.String)
		if !ok || p == "" {
			return nil, pyerr.Errorf("TypeError", "the 'package' argument is required to perform a relative import for %s", quote(name))
		}
		abs, err := resolveRelative(name, string(p))
		if err != nil {
			return nil, err
		}
		name = abs
	}
	return in.importName(th, name)
}

// __import__(name, globals=None, locals=None, fromlist=(), level=0) is
// Python's built-in, which an import statement calls: it imports name
// and returns its top-level package ("a" for "a.b.c") when fromlist is
// empty, else the module itself, after importing each name of fromlist
// that is one of its submodules. globals and locals are taken and not
// used; a relative import (level > 0) is import_module's (its package
// argument says what it is relative to).
func (in *Interp) dunderImport(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var globals, locals starlark.Value
	var fromlist starlark.Iterable = starlark.Tuple{}
	level := 0
	if err := starlark.UnpackArgs("__import__", args, kwargs, "name", &name, "globals?", &globals, "locals?", &locals, "fromlist?", &fromlist, "level?", &level); err != nil {
		return nil, err
	}
	if level != 0 {
		return nil, pyerr.Errorf("ImportError", "__import__ with level %d: pyasync imports relative names with import_module(name, package)", level)
	}
	mod, err := in.importName(th, name)
	if err != nil {
		return nil, err
	}
	var from []string
	iter := fromlist.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "Item in __import__'s fromlist must be str, not %s", x.Type())
		}
		from = append(from, string(s))
	}
	if len(from) == 0 {
		first, _, _ := strings.Cut(name, ".")
		return in.importName(th, first)
	}
	if m, ok := mod.(*Module); ok && m.dir != "" {
		for _, f := range from {
			if f == "" || f == "*" {
				continue
			}
			if v, err := m.Attr(f); err == nil && v != nil {
				continue
			}
			if _, err := in.importName(th, name+"."+f); err != nil && !isNotFound(err, name+"."+f) {
				return nil, err
			}
		}
	}
	return mod, nil
}

// isNotFound reports whether err is the ModuleNotFoundError of name
// itself (not of a module it imports).
func isNotFound(err error, name string) bool {
	var pe *pyerr.Error
	return errors.As(err, &pe) && pe.Type == "ModuleNotFoundError" && pe.Msg == "No module named "+quote(name)
}

// resolveRelative turns ".mod" in package "a.b" into "a.b.mod", and
// "..mod" into "a.mod".
func resolveRelative(name, pkg string) (string, error) {
	level := len(name) - len(strings.TrimLeft(name, "."))
	parts := strings.Split(pkg, ".")
	if level > len(parts) {
		return "", pyerr.Errorf("ImportError", "attempted relative import beyond top-level package")
	}
	base := strings.Join(parts[:len(parts)-(level-1)], ".")
	if rest := name[level:]; rest != "" {
		return base + "." + rest, nil
	}
	return base, nil
}

// quote is a module name as Python's messages show it.
func quote(name string) string {
	return "'" + strings.ReplaceAll(name, "'", `\'`) + "'"
}

func notFound(name string) error {
	return pyerr.Errorf("ModuleNotFoundError", "No module named %s", quote(name))
}

// importName imports an absolute dotted name.
func (in *Interp) importName(th *starlark.Thread, name string) (starlark.Value, error) {
	if name == "" {
		return nil, pyerr.Errorf("ValueError", "Empty module name")
	}
	if m, ok := in.modules[name]; ok {
		return m, nil
	}
	if name == "__main__" {
		if in.main != nil {
			return in.main, nil
		}
		return nil, notFound(name)
	}
	for _, part := range strings.Split(name, ".") {
		if !isIdentifier(part) {
			return nil, notFound(name)
		}
	}
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		if v, ok := in.Predeclared[name]; ok && v.Type() == "module" {
			return v, nil
		}
		var namespace *Module
		for _, root := range in.searchPath() {
			if m := in.find(root, name); m != nil && m.file != "" {
				return in.run(th, m)
			} else if m != nil && namespace == nil {
				namespace = m
			}
		}
		if namespace != nil {
			return in.run(th, namespace)
		}
		return nil, notFound(name)
	}
	parent, err := in.importName(th, name[:dot])
	if err != nil {
		return nil, err
	}
	last := name[dot+1:]
	pm, ok := parent.(*Module)
	if !ok { // a predeclared module: its submodules are attributes (os.path)
		if ha, ok := parent.(starlark.HasAttrs); ok {
			if v, err := ha.Attr(last); err == nil && v != nil && v.Type() == "module" {
				return v, nil
			}
		}
		return nil, notFound(name)
	}
	if m, ok := in.modules[name]; ok { // the parent's top level imported it
		return m, nil
	}
	if pm.dir == "" {
		return nil, pyerr.Errorf("ModuleNotFoundError", "No module named %s; %s is not a package", quote(name), quote(pm.name))
	}
	m := in.find(pm.dir, name)
	if m == nil {
		return nil, notFound(name)
	}
	return in.run(th, m)
}

// find looks for the module name (its last part) in folder dir, as
// Python's path finder does: a package, a module file, then a namespace
// package. It returns nil when there is none.
func (in *Interp) find(dir, name string) *Module {
	last := name[strings.LastIndexByte(name, '.')+1:]
	pkg := filepath.Join(dir, last)
	if isFile(filepath.Join(pkg, "__init__.star")) {
		return &Module{in: in, name: name, file: filepath.Join(pkg, "__init__.star"), dir: pkg}
	}
	if isFile(pkg + ".star") {
		return &Module{in: in, name: name, file: pkg + ".star"}
	}
	if st, err := os.Stat(pkg); err == nil && st.IsDir() {
		return &Module{in: in, name: name, dir: pkg, globals: starlark.StringDict{}}
	}
	return nil
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// run registers m and runs its top level on th. A module whose top level
// fails is forgotten, as Python forgets it, and the failure is the
// importer's.
func (in *Interp) run(th *starlark.Thread, m *Module) (starlark.Value, error) {
	in.modules[m.name] = m
	if m.file == "" { // a namespace package: nothing to run
		return m, nil
	}
	globals, err := in.runFile(th, m)
	m.thread = nil
	if err != nil {
		delete(in.modules, m.name)
		return nil, err
	}
	m.globals = globals
	return m, nil
}

// runFile runs module m's top level on th with __name__ set to its name
// and __doc__ to its docstring.
func (in *Interp) runFile(th *starlark.Thread, m *Module) (starlark.StringDict, error) {
	path := m.file
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, pyerr.Errorf("ImportError", "cannot read %s: %v", path, err)
	}
	env := in.namedEnv(m.name)
	f, prog, err := starlark.SourceProgramOptions(Options(), path, src, env.Has)
	if err != nil {
		return nil, err
	}
	if doc, ok := docstring(f); ok {
		env["__doc__"], m.doc = doc, doc
	}
	m.thread, m.depth = th, th.CallStackDepth()
	return prog.InitFixed(th, env)
}

// docstring is the string a file's first statement is (Python's
// __doc__), if it is one.
func docstring(f *syntax.File) (starlark.Value, bool) {
	if f == nil || len(f.Stmts) == 0 {
		return nil, false
	}
	e, ok := f.Stmts[0].(*syntax.ExprStmt)
	if !ok {
		return nil, false
	}
	lit, ok := e.X.(*syntax.Literal)
	if !ok || lit.Token != syntax.STRING {
		return nil, false
	}
	s, ok := lit.Value.(string)
	return starlark.String(s), ok
}

// namedEnv is the predeclared environment with __name__ set to name.
func (in *Interp) namedEnv(name string) starlark.StringDict {
	env := make(starlark.StringDict, len(in.Predeclared))
	for k, v := range in.Predeclared {
		env[k] = v
	}
	env["__name__"] = starlark.String(name)
	return env
}

// searchPath is where top-level module names are looked for: the
// folder of the running program (the current folder for a program read
// from -c or stdin, and at the prompt) and, when that folder is a
// package, the folder above its outermost package.
func (in *Interp) searchPath() []string {
	dir := in.mainDir
	if dir == "" {
		dir = "."
	}
	path := []string{dir}
	top := dir
	for isFile(filepath.Join(top, "__init__.star")) {
		abs, err := filepath.Abs(top)
		if err != nil || filepath.Dir(abs) == abs {
			break
		}
		top = filepath.Join(top, "..")
	}
	if top != dir {
		path = append(path, filepath.Clean(top))
	}
	return path
}

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, c := range s {
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80 || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// mainModule makes the program about to run on th importable as
// "__main__", and its folder the first place modules are looked for.
func (in *Interp) mainModule(th *starlark.Thread, filename string) *Module {
	m := &Module{in: in, name: "__main__", thread: th, depth: th.CallStackDepth()}
	if !strings.HasPrefix(filename, "<") {
		m.file = filename
		in.mainDir = filepath.Dir(filename)
	}
	in.main = m
	return m
}
