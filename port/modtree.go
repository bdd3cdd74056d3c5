package port

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A program is a main file and the modules it imports from its own
// tree, found as Python finds them: the folder of the main file first
// (Python's sys.path[0]) and, when that folder is a package, the folder
// above its outermost package (as `python -m pkg.main` would run it).
// TranslateProgram translates each into a .star file at the same place
// under an output folder, which pyasync's import_module finds the same
// way (interp/importer.go).

// Program is a translated program.
type Program struct {
	// Root is the folder the output mirrors: the main file's folder, or
	// the folder above its outermost package.
	Root  string
	Files []*File // the main file first, then each module in the order found
	// Cycles are the import cycles among the modules, each as the
	// dotted names around it, the first repeated at the end.
	Cycles [][]string
}

// File is one file of a program.
type File struct {
	Module string // dotted name; "__main__" for the main file
	Source string // the Python file
	// Target is where the translation goes, relative to the output
	// folder ("pkg/mod.star"); "" when nothing is written for this file.
	Target string
	Result *Result // nil when the file is not translated
	// Problem says why the file is not translated (unreadable, not
	// Python), or that pyasync's own module serves it (a copy of
	// asyncore); "" otherwise.
	Problem string
}

// moduleFile is a module of the program's tree as the translation sees it.
type moduleFile struct {
	name    string // dotted; "__main__" for the main file
	path    string // the .py file; "" for a namespace package
	dir     string // for a package, its folder; "" for a plain module
	src     []byte
	root    *node
	py2     bool
	names   map[string]bool // top-level names
	public  []string        // what "from m import *" takes
	copyOf  string          // "asyncore" when it is a copy of pyasync's asyncore
	problem string          // why it cannot be translated

	result  *Result
	imports []string // the tree modules its top level imports
	main    string   // for the main file: its package, as -m would give it
}

// pkg is the package a module's relative imports start from.
func (m *moduleFile) pkg() string {
	switch {
	case m.name == "__main__":
		return m.main
	case m.dir != "":
		return m.name
	}
	if i := strings.LastIndexByte(m.name, '.'); i >= 0 {
		return m.name[:i]
	}
	return ""
}

// tree finds a program's modules, each once.
type tree struct {
	roots   []string
	modules Modules
	opts    Options
	found   map[string]*moduleFile // by dotted name
	absent  map[string]bool        // names looked up and not found
	order   []*moduleFile
}

// programContext is what Translate needs to translate one file of a
// program (Options.program).
type programContext struct {
	tree *tree
	file *moduleFile
}

// TranslateProgram translates the program in file path and every module
// it imports from its own tree. It fails only when path cannot be read;
// a module that cannot be translated is a File with a Problem.
func TranslateProgram(path string, opts Options) (*Program, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if opts.Modules == nil {
		opts.Modules = defaultModules
	}
	dir := filepath.Dir(path)
	tr := &tree{roots: []string{dir}, modules: opts.Modules, opts: opts, found: map[string]*moduleFile{}, absent: map[string]bool{}}
	main := &moduleFile{name: "__main__", path: path}
	root := dir
	var pkgs []string
	for isFile(filepath.Join(root, "__init__.py")) {
		abs, err := filepath.Abs(root)
		if err != nil || filepath.Dir(abs) == abs {
			break
		}
		pkgs = append([]string{filepath.Base(abs)}, pkgs...)
		root = filepath.Join(root, "..")
	}
	root = filepath.Clean(root)
	if len(pkgs) > 0 {
		tr.roots = append(tr.roots, root)
		main.main = strings.Join(pkgs, ".")
	}
	tr.order = append(tr.order, main)
	tr.read(main, src)
	for i := range pkgs { // the packages the main file is in
		tr.lookup(strings.Join(pkgs[:i+1], "."))
	}
	for i := 0; i < len(tr.order); i++ {
		tr.translate(tr.order[i])
	}
	tr.giveClassesModule()
	p := &Program{Root: root}
	for _, m := range tr.order {
		f := &File{Module: m.name, Source: m.path, Result: m.result, Problem: m.problem}
		if m.copyOf != "" {
			f.Problem = fmt.Sprintf("a copy of %s: pyasync's own %s serves it (not translated)", m.copyOf, m.copyOf)
		}
		if m.result != nil && m.path != "" {
			rel, err := filepath.Rel(root, m.path)
			if err != nil {
				rel = filepath.Base(m.path)
			}
			f.Target = strings.TrimSuffix(rel, ".py") + ".star"
		}
		p.Files = append(p.Files, f)
	}
	p.Cycles = tr.cycles()
	return p, nil
}

// giveClassesModule translates again, giving each class its __module__,
// the modules translated before it was known that one of the program's
// modules reads __module__ (of a class of another module, perhaps).
func (tr *tree) giveClassesModule() {
	reads := false
	for _, m := range tr.order {
		reads = reads || bytes.Contains(m.src, []byte("__module__"))
	}
	if !reads {
		return
	}
	tr.opts.classModule = true
	for _, m := range tr.order {
		if m.result != nil && !bytes.Contains(m.src, []byte("__module__")) {
			m.result = nil
			tr.translate(m)
		}
	}
}

// read parses a module's source and notes what other modules need of it.
func (tr *tree) read(m *moduleFile, src []byte) {
	m.src = src
	if why := notPython(src); why != "" {
		m.problem = why
		m.names = map[string]bool{}
		return
	}
	root, err := parse(src)
	if err != nil {
		m.problem = err.Error()
		m.names = map[string]bool{}
		return
	}
	if why := unreadable(src, root); why != "" {
		m.problem = why
		m.names = map[string]bool{}
		return
	}
	m.root = root
	m.py2 = tr.opts.Python == 2 || (tr.opts.Python == 0 && looksLikePython2(root, src))
	m.names = topLevelNames(src, root, func(mod *node) []string {
		if mod == nil || mod.kind == "relative_import" {
			return nil
		}
		if sub := tr.lookup(string(src[mod.start:mod.end])); sub != nil {
			return sub.public
		}
		return tr.modules.public(string(src[mod.start:mod.end]))
	}, nil)
	m.public = publicNames(src, root, m.names)
}

// translate translates one module; the modules it imports are found on
// the way, and translated after it.
func (tr *tree) translate(m *moduleFile) {
	if m.root == nil || m.copyOf != "" || m.result != nil {
		return
	}
	for _, o := range tr.order { // the main file imported as a module
		if o != m && o.path == m.path && o.result != nil {
			return
		}
	}
	opts := tr.opts
	if m.py2 {
		opts.Python = 2
	} else {
		opts.Python = 3
	}
	opts.program = &programContext{tree: tr, file: m}
	res, err := translateWith(func([]byte) (*node, error) { return m.root, nil }, m.path, m.src, opts)
	if err != nil {
		m.problem = err.Error()
		return
	}
	m.result = res
}

// lookup finds the module of an absolute dotted name in the tree, as
// Python's path finder does (a package, then a module file, then a
// namespace package), reading it the first time. It returns nil when
// the tree has none, or when the name's first part is a module pyasync
// predeclares, which comes first.
func (tr *tree) lookup(name string) *moduleFile {
	if m, ok := tr.found[name]; ok {
		return m
	}
	if tr.absent[name] {
		return nil
	}
	var m *moduleFile
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if p := tr.lookup(name[:i]); p != nil && p.dir != "" && p.copyOf == "" {
			m = tr.find(p.dir, name, true)
		}
	} else if !tr.modules.has(name) {
		for _, r := range tr.roots {
			if m = tr.find(r, name, false); m != nil {
				break
			}
		}
		if m == nil {
			for _, r := range tr.roots {
				if m = tr.find(r, name, true); m != nil {
					break
				}
			}
		}
	}
	if m == nil {
		tr.absent[name] = true
		return nil
	}
	tr.found[name] = m
	tr.order = append(tr.order, m)
	if m.path != "" {
		src, err := os.ReadFile(m.path)
		if err != nil {
			m.problem = "cannot read it: " + unwrapPath(err).Error()
			m.names = map[string]bool{}
		} else {
			tr.read(m, src)
		}
	} else {
		m.names = map[string]bool{}
	}
	last := name[strings.LastIndexByte(name, '.')+1:]
	for mod, needs := range vendoredCopies {
		if strings.HasPrefix(last, mod) && tr.modules.has(mod) && hasAll(m.names, needs) {
			m.copyOf = mod
		}
	}
	return m
}

// find looks for module name (its last part) in folder dir: a package,
// a module file, or, when namespace is set, a folder without
// __init__.py.
func (tr *tree) find(dir, name string, namespace bool) *moduleFile {
	last := name[strings.LastIndexByte(name, '.')+1:]
	pkg := filepath.Join(dir, last)
	switch {
	case isFile(filepath.Join(pkg, "__init__.py")):
		return &moduleFile{name: name, path: filepath.Join(pkg, "__init__.py"), dir: pkg}
	case isFile(pkg + ".py"):
		return &moduleFile{name: name, path: pkg + ".py"}
	case namespace && isDir(pkg):
		return &moduleFile{name: name, dir: pkg}
	}
	return nil
}

func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}

func hasAll(names map[string]bool, want []string) bool {
	for _, w := range want {
		if !names[w] {
			return false
		}
	}
	return true
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
