package port

import (
	"fmt"
	"sort"
	"strings"
)

// How imports are translated (PORTING.md, "Imports"):
//
//   - a module pyasync predeclares needs no line (import re), or is bound
//     under its other name (import os.path as osp: osp = os.path; from
//     string import join: join = string.join);
//   - a module of the program's own tree is reached at run time with
//     import_module, which runs it once and returns it as a value whose
//     attributes are its globals (import pkg.mod as m: m =
//     import_module("pkg.mod"); from pkg.mod import f: f =
//     import_module("pkg.mod").f);
//   - a module that exists nowhere is imported the same way, so that it
//     fails at run time as it would under Python (ModuleNotFoundError).
//     Inside a try whose handlers catch ImportError that is what the
//     program expects, and nothing is said; in the __main__ block of a
//     module that is not the program it never runs, and a warning says
//     so. A module of Python's standard library that pyasync lacks is a
//     TODO (the original runs with it); any other (a package installed
//     apart) is a warning: the port fails where Python fails without it,
//     as the module loads or, for an import in a function, when the
//     function runs.

// importer translates the import statements of one file.
type importer struct {
	t       *translator
	tree    *tree       // the program's modules; nil for a file on its own
	self    *moduleFile // the file being translated; nil for a file on its own
	pkg     string      // the package relative imports start from ("" for none)
	modules Modules
	shadow  map[string]bool // names bound at top level by something that writes a line
	used    map[string]bool // names the file mentions, for "from m import *"
}

func newImporter(t *translator, opts Options) *importer {
	im := &importer{t: t, modules: opts.Modules}
	if im.modules == nil {
		im.modules = defaultModules
	}
	if p := opts.program; p != nil {
		im.tree, im.self = p.tree, p.file
		im.pkg = p.file.pkg()
	}
	t.imp = im // shadowed asks t.resolvable
	im.shadow = im.shadowed()
	return im
}

// target is what a dotted module name resolves to.
type target struct {
	name string      // the module's dotted name as it will be imported
	tree *moduleFile // a module of the program's tree, or nil
	// builtin is set for a module pyasync predeclares (the name is then
	// pyasync's: "urllib.parse" for Python 2's urlparse, "asyncore" for
	// a program's own copy of asyncore).
	builtin bool
}

// resolve finds an absolute dotted module name: among pyasync's modules
// first (they stand for Python's standard library, whose built-in
// modules Python finds before the program's), then in the program's
// tree.
func (im *importer) resolve(name string) target {
	if name == "__main__" {
		return target{name: name}
	}
	if im.modules.has(name) {
		return target{name: name, builtin: true}
	}
	if to, ok := python2Modules[name]; ok && im.modules.has(to) {
		return target{name: to, builtin: true}
	}
	if im.tree != nil {
		if m := im.tree.lookup(name); m != nil {
			if m.copyOf != "" {
				return target{name: m.copyOf, builtin: true}
			}
			return target{name: name, tree: m}
		}
	}
	return target{name: name}
}

// missing reports whether a target exists nowhere. "__main__", the
// running program, always exists.
func (tg target) missing() bool { return tg.tree == nil && !tg.builtin && tg.name != "__main__" }

// absolute is the absolute name of module_name node mod of a from
// import, or of the dotted name of an import statement: relative names
// are taken from the file's package, and a Python 2 file's names from
// its own package first (Python 2 imports relative to the package).
func (im *importer) absolute(mod *node) (string, error) {
	t := im.t
	if mod.kind == "relative_import" {
		level := len(t.text(firstKind(mod, "import_prefix")))
		rest := ""
		if d := firstKind(mod, "dotted_name"); d != nil {
			rest = t.text(d)
		}
		if im.pkg == "" {
			return "", fmt.Errorf("attempted relative import with no known parent package")
		}
		parts := strings.Split(im.pkg, ".")
		if level > len(parts) {
			return "", fmt.Errorf("attempted relative import beyond top-level package")
		}
		base := strings.Join(parts[:len(parts)-(level-1)], ".")
		if rest == "" {
			return base, nil
		}
		return base + "." + rest, nil
	}
	return im.implicit(t.text(mod)), nil
}

// implicit is an absolute name as a Python 2 file in a package means
// it: a module of the file's own package first.
func (im *importer) implicit(name string) string {
	if im.t.py2 && im.pkg != "" && im.tree != nil {
		first, _, _ := strings.Cut(name, ".")
		if im.tree.lookup(im.pkg+"."+first) != nil {
			return im.pkg + "." + name
		}
	}
	return name
}

// place is where an import statement is, as it matters to a module that
// may be missing.
type place int

const (
	plain    place = iota
	guarded        // in a try that catches ImportError: its failure is expected
	mainOnly       // in the __main__ block of a module that is not the program
)

// placeOf classifies the import statement n.
func (im *importer) placeOf(n *node) place {
	for c, p := n, n.parent; p != nil; c, p = p, p.parent {
		if p.kind == "try_statement" && c.field == "body" && im.catchesImportError(p) {
			return guarded
		}
		if p.kind == "if_statement" && p.parent != nil && p.parent.kind == "module" && c.field == "consequence" &&
			isMainGuard(im.t, p.get("condition")) && im.self != nil && im.self.name != "__main__" {
			return mainOnly
		}
	}
	return plain
}

// catchesImportError reports whether one of try's handlers catches an
// ImportError: a bare except, or one naming ImportError,
// ModuleNotFoundError, Exception or BaseException.
func (im *importer) catchesImportError(try *node) bool {
	for _, k := range try.kids {
		if k.kind != "except_clause" {
			continue
		}
		v := k.get("value")
		if v == nil {
			return true
		}
		if v.kind == "as_pattern" {
			v = v.namedKids()[0]
		}
		if v.find(false, func(m *node) bool {
			switch im.t.text(m) {
			case "ImportError", "ModuleNotFoundError", "Exception", "BaseException":
				return m.kind == "identifier"
			}
			return false
		}) != nil {
			return true
		}
	}
	return false
}

// importStmt writes the lines an import statement becomes.
func (t *translator) importStmt(n *node, indent int) {
	if n.kind == "future_import_statement" {
		return
	}
	im := t.imp
	w := &importWriter{im: im, at: im.placeOf(n), n: n}
	if n.kind == "import_statement" {
		for _, k := range n.all("name") {
			name, alias := t.importName(k)
			w.importItem(name, alias)
		}
	} else {
		w.fromImport()
	}
	if w.classic != "" {
		t.todo(n, indent, w.classic)
		return
	}
	if w.stdlibMissing && len(w.todos) == 1 && t.deferImport(n, w.lines) {
		t.todo(n, indent, strings.TrimSuffix(w.todos[0], "the import fails at run time (ModuleNotFoundError); see PORTING.md")+
			"the module is used only in functions: it is imported where they use it, which fails there (ModuleNotFoundError); see PORTING.md")
		return
	}
	if len(w.todos) > 0 {
		// the lines still go in: they fail at run time as Python's
		// import would where the module is missing
		t.todo(n, indent, strings.Join(w.todos, "; "))
	}
	for _, why := range w.warnings {
		t.warn(n, "%s", why)
	}
	var bound []string
	for _, l := range w.lines {
		t.emit(indent, l)
		if name, _, ok := strings.Cut(l, " = "); ok && !strings.ContainsAny(name, "(.[") {
			bound = append(bound, name)
		}
	}
	t.writeBack(bound, indent) // inside a try body's def, for the code after it
}

// deferImport makes the names import statement n binds (lines, each
// "name = expr") stand for their expression where they are read, when
// every read is in a function after n and nothing else binds them: the
// module then loads without a module pyasync lacks, and fails only where
// the module is used (datetime in one FTP command of pyftpdlib).
func (t *translator) deferImport(n *node, lines []string) bool {
	if n.parent == nil || n.parent.kind != "module" || t.imp.tree == nil || len(lines) == 0 {
		return false
	}
	exprs := map[string]string{}
	for _, l := range lines {
		name, expr, ok := strings.Cut(l, " = ")
		if !ok || strings.ContainsAny(name, "(.[") || strings.Contains(expr, "#") {
			return false
		}
		exprs[name] = expr
	}
	bad := t.root.find(false, func(m *node) bool {
		if m.kind != "identifier" || exprs[t.text(m)] == "" || m.start >= n.start && m.end <= n.end {
			return false
		}
		if p := m.parent; p != nil && (p.kind == "attribute" && m.field == "attribute" || p.kind == "keyword_argument" && m.field == "name") {
			return false
		}
		if isStoreTarget(m) || m.start < n.start {
			return true
		}
		for p := m.parent; p != nil; p = p.parent {
			if p.kind == "function_definition" {
				return t.localIn(p, t.text(m)) // a local of the same name
			}
		}
		return true // read as the module loads
	}) != nil
	if bad {
		return false
	}
	if t.deferred == nil {
		t.deferred = map[string]string{}
	}
	for name, expr := range exprs {
		t.deferred[name] = expr
	}
	return true
}

// localIn reports whether function f binds name itself.
func (t *translator) localIn(f *node, name string) bool {
	for _, p := range f.get("parameters").namedKids() {
		for _, id := range identifiers(p) {
			if t.text(id) == name {
				return true
			}
		}
	}
	for _, id := range t.bindings(f.get("body")) {
		if t.text(id) == name {
			return true
		}
	}
	return false
}

// importWriter gathers the translation of one import statement.
type importWriter struct {
	im       *importer
	at       place
	n        *node
	lines    []string
	todos    []string // places left, each above the lines
	warnings []string
	classic  string // set when the statement is left as a whole, commented out
	// stdlibMissing is set when a module is Python's but not pyasync's
	stdlibMissing bool
}

// nowhere records an import of a module that exists nowhere.
func (w *importWriter) nowhere(name string) {
	root, _, _ := strings.Cut(name, ".")
	switch fn := w.function(); {
	case w.at == guarded:
	case w.at == mainOnly:
		w.warnings = append(w.warnings, "no module "+name+" in pyasync or in the program: the import fails (ModuleNotFoundError) if this module is run as the program")
	case w.im.tree == nil:
		w.todos = append(w.todos, "no module "+name+" in pyasync: the import fails at run time (ModuleNotFoundError); if it is one of the program's own, translate the program with pyasync port -o DIR (see PORTING.md)")
	case pythonStdlib()[root]:
		// the original runs with it, the port would not
		w.todos = append(w.todos, "no module "+name+" in pyasync or in the program: the import fails at run time (ModuleNotFoundError); see PORTING.md")
		w.stdlibMissing = true
	case fn != "":
		// Python imports it when the function runs: so does the port
		w.warnings = append(w.warnings, "no module "+name+" in Python's standard library, pyasync or the program: "+fn+"() fails when it runs (ModuleNotFoundError), as under Python where "+root+" is not installed")
	default:
		w.warnings = append(w.warnings, "no module "+name+" in Python's standard library, pyasync or the program: the module fails as it loads (ModuleNotFoundError), as under Python where "+root+" is not installed; put its source in the program's tree to translate it too")
	}
}

// function is the name of the function the import statement is in ("" at
// a module's or a class's top level).
func (w *importWriter) function() string {
	for p := w.n.parent; p != nil; p = p.parent {
		if p.kind == "function_definition" {
			return w.im.t.text(p.get("name"))
		}
	}
	return ""
}

// expr is the expression that gives module tg.
func (w *importWriter) expr(tg target) string {
	if tg.builtin {
		root, _, _ := strings.Cut(tg.name, ".")
		if !w.im.shadow[root] && !w.im.t.isLocal(root) {
			return tg.name
		}
	}
	return fmt.Sprintf("import_module(%q)", tg.name)
}

// edge records that the file's top level imports tree module tg (what
// runs only when the file is the program does not count).
func (w *importWriter) edge(tg target) {
	if tg.tree == nil || w.im.self == nil || w.at == mainOnly {
		return
	}
	for p := w.n.parent; p != nil; p = p.parent {
		if p.kind == "function_definition" {
			return // runs when the function is called
		}
	}
	w.im.self.imports = append(w.im.self.imports, tg.tree.name)
}

// importItem translates one name of "import a.b.c [as d]".
func (w *importWriter) importItem(name, alias string) {
	im := w.im
	abs := im.implicit(name)
	tg := im.resolve(abs)
	w.edge(tg)
	if tg.missing() {
		w.nowhere(abs)
	}
	first, _, dotted := strings.Cut(name, ".")
	if alias == "" && !dotted {
		alias = name
	}
	if alias != "" {
		if tg.builtin && alias == tg.name && !im.shadow[alias] && !im.t.isLocal(alias) {
			return // import socket, import socket as socket
		}
		w.lines = append(w.lines, safeName(alias)+" = "+w.expr(tg))
		return
	}
	// "import a.b.c" runs a.b.c and binds a.
	if !tg.builtin {
		w.lines = append(w.lines, fmt.Sprintf("import_module(%q)", abs))
	}
	top := im.resolve(abs[:len(abs)-len(name)] + first)
	if top.builtin && top.name == first && !im.shadow[first] && !im.t.isLocal(first) {
		return
	}
	w.lines = append(w.lines, safeName(first)+" = "+w.expr(top))
}

// fromImport translates "from m import a, b as c" and "from m import *".
func (w *importWriter) fromImport() {
	im, t := w.im, w.im.t
	mod, err := im.absolute(w.n.get("module_name"))
	if err != nil {
		w.classic = err.Error()
		return
	}
	tg := im.resolve(mod)
	w.edge(tg)
	if tg.missing() {
		w.nowhere(mod)
	}
	if firstKind(w.n, "wildcard_import") != nil {
		w.star(mod, tg)
		return
	}
	for _, k := range w.n.all("name") {
		name, alias := t.importName(k)
		if alias == "" {
			alias = name
		}
		if name == "super" && alias == "super" && tg.tree != nil {
			continue // a compatibility module's super: super() is translated where it is called
		}
		if mod == "importlib" && name == "import_module" && tg.missing() {
			w.dropNowhere(mod) // the predeclared import_module is importlib's
			if alias != name {
				w.lines = append(w.lines, safeName(alias)+" = import_module")
			}
			continue
		}
		w.lines = append(w.lines, safeName(alias)+" = "+w.member(mod, tg, name))
	}
}

// member is the expression that gives name from module tg (written mod
// in the program).
func (w *importWriter) member(mod string, tg target, name string) string {
	im := w.im
	switch {
	case tg.tree != nil:
		if sub := im.tree.lookup(tg.name + "." + name); sub != nil {
			sg := im.resolve(tg.name + "." + name)
			w.edge(sg)
			return w.expr(sg)
		}
		if !tg.tree.names[name] && tg.tree.problem == "" {
			w.warnings = append(w.warnings, fmt.Sprintf("%s has no top-level name %s: the import fails at run time", tg.name, name))
		}
		return w.expr(tg) + "." + safeName(name)
	case tg.builtin:
		if im.modules.has(tg.name + "." + name) {
			return w.expr(target{name: tg.name + "." + name, builtin: true})
		}
		if im.modules.member(tg.name, name) {
			return w.expr(tg) + "." + name
		}
		if to, ok := python2Members[tg.name]; ok && im.modules.member(to, name) {
			return w.expr(target{name: to, builtin: true}) + "." + name
		}
		if w.at == guarded {
			// fails as Python's import does, with an ImportError
			return fmt.Sprintf("import_module(%q)  # pyasync's %s has no %s: this raises ImportError", tg.name+"."+name, tg.name, name)
		}
		why := fmt.Sprintf("pyasync's %s has no %s: the import fails at run time", tg.name, name)
		if w.at == mainOnly {
			w.warnings = append(w.warnings, why+" if this module is run as the program")
		} else {
			w.todos = append(w.todos, why+"; see PORTING.md")
		}
		return w.expr(tg) + "." + name
	}
	return w.expr(tg) + "." + safeName(name)
}

// dropNowhere forgets that module mod was reported missing: it is one
// the translation serves another way.
func (w *importWriter) dropNowhere(mod string) {
	prefix := "no module " + mod + " "
	keep := func(xs []string) []string {
		out := xs[:0]
		for _, x := range xs {
			if !strings.HasPrefix(x, prefix) {
				out = append(out, x)
			}
		}
		return out
	}
	w.todos, w.warnings = keep(w.todos), keep(w.warnings)
}

// star translates "from m import *" into one line for each public name
// of m that the file mentions.
func (w *importWriter) star(mod string, tg target) {
	im := w.im
	names, known := im.starNames(tg)
	switch {
	case tg.missing():
		w.lines = append(w.lines, w.expr(tg)) // fails at run time, as Python's would
		return
	case !known:
		w.classic = "from " + mod + " import *: write " + mod + ".name where each name is used"
		return
	case len(names) == 0 && tg.tree != nil:
		w.lines = append(w.lines, w.expr(tg)) // the module still runs
	}
	for _, n := range names {
		w.lines = append(w.lines, safeName(n)+" = "+w.expr(tg)+"."+safeName(n))
	}
}

// starNames is what "from m import *" binds in this file: the public
// names of m that the file mentions, sorted; known is false when m's
// names are not known.
func (im *importer) starNames(tg target) (names []string, known bool) {
	var public []string
	switch {
	case tg.tree != nil:
		public = tg.tree.public
	case tg.builtin:
		if public = im.modules.public(tg.name); public == nil {
			return nil, false
		}
	default:
		return nil, true
	}
	for _, n := range public {
		if im.used[n] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names, true
}

// importName is the dotted name and alias of an import item.
func (t *translator) importName(k *node) (name, alias string) {
	if k.kind == "aliased_import" {
		return t.text(k.get("name")), t.text(k.get("alias"))
	}
	return t.text(k), ""
}

// shadowed is the set of names the file binds at its top level with a
// statement that writes a line: where such a name is also a module
// pyasync predeclares, the module must be reached with import_module,
// since Starlark takes the name to mean the file's global everywhere in
// the file. It also notes the names the file mentions.
func (im *importer) shadowed() map[string]bool {
	t := im.t
	im.used = usedNames(t.src, t.root)
	star := func(mod *node) []string {
		if mod == nil {
			return nil
		}
		abs, err := im.absolute(mod)
		if err != nil {
			return nil
		}
		names, _ := im.starNames(im.resolve(abs))
		return names
	}
	return topLevelNames(t.src, t.root, star, func(item *node) bool {
		if item.kind == "except_clause" {
			// "try: import m / except ImportError: m = None" where m
			// is there: the handler is not written (idioms.go)
			return im.droppedHandler(item)
		}
		if item.kind != "dotted_name" && item.kind != "aliased_import" {
			return false
		}
		// "import m", "import m.sub" and "import m as m" of a predeclared
		// module m write nothing
		// (or bind it under its own name: import lib.asyncore_25 as
		// asyncore, of a copy of asyncore)
		name, alias := t.importName(item)
		if alias == "" {
			alias, _, _ = strings.Cut(name, ".")
			name = alias
		}
		tg := im.resolve(im.implicit(name))
		return tg.builtin && tg.name == alias
	})
}

// resolvable reports whether import statement st would succeed: every
// module it names is pyasync's or the program's, and every name it
// takes from one is there. It is how the translation of
// "try: import a / except ImportError: import b" chooses the imports
// that run.
func (t *translator) resolvable(st *node) bool {
	im := t.imp
	if st.kind == "import_statement" {
		for _, k := range st.all("name") {
			name, _ := t.importName(k)
			if im.resolve(im.implicit(name)).missing() {
				return false
			}
		}
		return true
	}
	mod, err := im.absolute(st.get("module_name"))
	if err != nil {
		return false
	}
	tg := im.resolve(mod)
	if tg.missing() {
		return false
	}
	for _, k := range st.all("name") {
		name, _ := t.importName(k)
		switch {
		case tg.tree != nil:
			if !tg.tree.names[name] && im.tree.lookup(tg.name+"."+name) == nil {
				return false
			}
		case tg.builtin:
			to, moved := python2Members[tg.name]
			if !im.modules.member(tg.name, name) && !im.modules.has(tg.name+"."+name) && !(moved && im.modules.member(to, name)) {
				return false
			}
		}
	}
	return true
}

// droppedHandler reports whether except clause c is the handler of
// "try: import a / except ImportError: ..." whose imports all succeed,
// which the translation leaves out (idioms.go).
func (im *importer) droppedHandler(c *node) bool {
	try := c.parent
	if try == nil || try.kind != "try_statement" || firstKind(try, "finally_clause") != nil {
		return false
	}
	for _, k := range try.kids {
		if k.kind != "except_clause" {
			continue
		}
		v := k.get("value")
		if v == nil || v.kind != "identifier" || (im.t.text(v) != "ImportError" && im.t.text(v) != "ModuleNotFoundError") {
			return false
		}
	}
	for _, st := range body(try.get("body")) {
		switch {
		case st.kind == "comment":
		case st.kind == "import_statement" || st.kind == "import_from_statement":
			if !im.t.resolvable(st) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
