package port

import (
	"strconv"
	"strings"
)

// Branches on the Python version. A program written for Python 2 and 3
// tests the version (if PY3:, if sys.version_info < (3, 0):) and keeps
// code for each. pyasync's sys.version_info is (3, 11, 0, "final", 0),
// so the translation already takes the same branch at run time as
// CPython 3.11 does; the translator evaluates such a test itself and
// leaves out the body of a branch that never runs (a pass under a
// comment), so that Python 2's code there (its modules, its idioms)
// costs nothing. A condition it recognises:
//
//	sys.version_info <op> (3, 0)      sys.version_info[0] <op> 3
//	sys.version_info[:2] <op> (3, 4)  sys.version_info.major <op> 3
//	(3, 0) < sys.version_info < (3, 2, 3)
//	not C, C and D, C or D, (C)
//	PY3, PY2: a name assigned once at the top level of this module, or
//	of the module of the program it is imported from (from ._compat
//	import PY3), to such a condition

// pyasyncVersion is pyasync's sys.version_info[:3].
var pyasyncVersion = []int{3, 11, 0}

// versionSource is a module's text and tree, for evaluating a condition
// there.
type versionSource struct {
	src  []byte
	root *node
	file *moduleFile // nil for a file on its own
	// t is the translator of this module (nil for another module): it
	// tells which imports fail in every pyasync program
	t *translator
	// missing is set to the module whose absence decided the test
	missing *string
	// flags caches what flag found, by module and name, so that a file of
	// many tests is still read in linear time
	flags map[flagKey]flagValue
}

type flagKey struct {
	root *node
	name string
}

type flagValue struct {
	value, ok bool
	because   string // the module whose absence decided it
}

// versionTest evaluates cond when it only tests the Python version (or
// a module that no pyasync program can import, see noneTest).
func (t *translator) versionTest(cond *node) (value, ok bool) {
	value, ok, _ = t.versionTestWhy(cond)
	return value, ok
}

// versionTestWhy is versionTest, and the module whose absence decided it
// ("" for the version alone).
func (t *translator) versionTestWhy(cond *node) (value, ok bool, because string) {
	if cond == nil {
		return false, false, ""
	}
	if t.versionFlags == nil {
		t.versionFlags = map[flagKey]flagValue{}
	}
	vs := versionSource{src: t.src, root: t.root, t: t, missing: &because, flags: t.versionFlags}
	if t.imp != nil {
		vs.file = t.imp.self
	}
	var tr *tree
	if t.imp != nil {
		tr = t.imp.tree
	}
	value, ok = vs.test(cond, tr, 0)
	return value, ok, because
}

func (vs versionSource) text(n *node) string { return string(vs.src[n.start:n.end]) }

func (vs versionSource) test(n *node, tr *tree, depth int) (bool, bool) {
	if depth > 8 {
		return false, false
	}
	switch n.kind {
	case "parenthesized_expression":
		if ks := n.namedKids(); len(ks) == 1 {
			return vs.test(ks[0], tr, depth)
		}
	case "not_operator":
		v, ok := vs.test(n.get("argument"), tr, depth)
		return !v, ok
	case "boolean_operator":
		l, ok1 := vs.test(n.get("left"), tr, depth)
		r, ok2 := vs.test(n.get("right"), tr, depth)
		if !ok1 || !ok2 {
			return false, false
		}
		if vs.text(n.get("operator")) == "and" {
			return l && r, true
		}
		return l || r, true
	case "identifier":
		return vs.flag(vs.text(n), tr, depth)
	case "comparison_operator":
		if v, ok := vs.noneTest(n); ok {
			return v, true
		}
		return vs.compare(n)
	}
	return false, false
}

// noneTest evaluates "X is None" and "X is not None" (== and != too)
// where X is always None in pyasync: a top-level try binds it only by
// importing a module that no pyasync program has, and its ImportError
// handler binds it to None (try: from OpenSSL import SSL / except
// ImportError: SSL = None).
func (vs versionSource) noneTest(n *node) (bool, bool) {
	ks := n.namedKids()
	ops := n.all("operators")
	if vs.t == nil || vs.t.imp == nil || vs.t.imp.tree == nil || len(ks) != 2 || len(ops) != 1 || vs.text(ks[1]) != "None" || ks[0].kind != "identifier" {
		return false, false
	}
	var is bool
	switch strings.Join(strings.Fields(vs.text(ops[0])), " ") {
	case "is", "==":
		is = true
	case "is not", "!=":
	default:
		return false, false
	}
	mod := vs.alwaysNone(vs.text(ks[0]))
	if mod == "" {
		return false, false
	}
	*vs.missing = mod
	return is, true
}

// alwaysNone is the module whose failing import leaves name None (see
// noneTest), or "".
func (vs versionSource) alwaysNone(name string) string {
	t := vs.t
	mod := ""
	for _, s := range vs.root.kids {
		var bound bool
		for _, id := range t.bindings(s) {
			bound = bound || t.text(id) == name
		}
		if !bound {
			continue
		}
		if s.kind != "try_statement" || mod != "" || !t.imp.catchesImportError(s) {
			return ""
		}
		for _, k := range s.kids {
			switch {
			case k.field == "body":
				for _, st := range body(k) {
					for _, id := range t.bindings(st) {
						if t.text(id) != name {
							continue
						}
						if st.kind != "import_from_statement" {
							return ""
						}
						abs, err := t.imp.absolute(st.get("module_name"))
						if err != nil || !t.imp.resolve(abs).missing() {
							return ""
						}
						mod = abs
					}
				}
			case k.kind == "except_clause":
				for _, id := range t.bindings(k) {
					if t.text(id) == name && !assignsNone(t, id) {
						return ""
					}
				}
			case k.kind == "else_clause" || k.kind == "finally_clause":
				for _, id := range t.bindings(k) {
					if t.text(id) == name {
						return ""
					}
				}
			}
		}
	}
	if mod == "" || vs.root.find(false, func(m *node) bool {
		return m.kind == "global_statement" && strings.Contains(" "+t.text(m)+",", " "+name+",")
	}) != nil {
		return ""
	}
	return mod
}

// assignsNone reports whether identifier id is a target of an assignment
// of None (x = None, x = y = None).
func assignsNone(t *translator, id *node) bool {
	a := id.parent
	for a != nil && a.kind == "assignment" {
		r := a.get("right")
		if r != nil && r.kind != "assignment" {
			return t.text(r) == "None"
		}
		a = r
	}
	return false
}

// flag evaluates name, a top-level variable of the module assigned once
// to a version test, or imported from a module of the program that so
// assigns it.
func (vs versionSource) flag(name string, tr *tree, depth int) (bool, bool) {
	key := flagKey{vs.root, name}
	if v, ok := vs.flags[key]; ok {
		if v.because != "" {
			*vs.missing = v.because
		}
		return v.value, v.ok
	}
	saved := *vs.missing
	*vs.missing = ""
	value, ok := vs.findFlag(name, tr, depth)
	vs.flags[key] = flagValue{value, ok, *vs.missing}
	if *vs.missing == "" {
		*vs.missing = saved
	}
	return value, ok
}

func (vs versionSource) findFlag(name string, tr *tree, depth int) (bool, bool) {
	var found *node
	count := 0
	for _, s := range vs.root.kids {
		switch {
		case s.kind == "expression_statement" && len(s.kids) > 0 && s.kids[0].kind == "assignment":
			a := s.kids[0]
			if l := a.get("left"); l != nil && l.kind == "identifier" && vs.text(l) == name {
				found, count = a.get("right"), count+1
			}
		case s.kind == "import_from_statement" && tr != nil && vs.file != nil:
			for _, k := range s.all("name") {
				if k.kind == "dotted_name" && vs.text(k) == name {
					if m := vs.imported(s, tr); m != nil {
						return versionSource{src: m.src, root: m.root, file: m, missing: vs.missing, flags: vs.flags}.flag(name, tr, depth+1)
					}
				}
			}
		}
	}
	if count != 1 || found == nil || vs.rebinds(name) {
		return false, false
	}
	return vs.test(found, tr, depth+1)
}

// imported is the program's module a "from m import ..." statement of
// this module names, or nil.
func (vs versionSource) imported(s *node, tr *tree) *moduleFile {
	mod := s.get("module_name")
	if mod == nil {
		return nil
	}
	name := vs.text(mod)
	if strings.HasPrefix(name, ".") {
		dots := len(name) - len(strings.TrimLeft(name, "."))
		pkg := vs.file.pkg()
		for i := 1; i < dots && pkg != ""; i++ {
			if j := strings.LastIndexByte(pkg, '.'); j >= 0 {
				pkg = pkg[:j]
			} else {
				pkg = ""
			}
		}
		rest := strings.TrimLeft(name, ".")
		switch {
		case pkg == "":
			name = rest
		case rest == "":
			name = pkg
		default:
			name = pkg + "." + rest
		}
	}
	m := tr.lookup(name)
	if m == nil || m.root == nil {
		return nil
	}
	return m
}

// rebinds reports whether name is assigned anywhere but at the top level
// (a function's global statement, a loop).
func (vs versionSource) rebinds(name string) bool {
	return vs.root.find(false, func(m *node) bool {
		return m.kind == "global_statement" && strings.Contains(" "+vs.text(m)+",", " "+name+",") ||
			m.kind == "augmented_assignment" && vs.text(m.get("left")) == name
	}) != nil
}

// compare evaluates a comparison of sys.version_info (or a part of it)
// with numbers.
func (vs versionSource) compare(n *node) (bool, bool) {
	operands := n.namedKids()
	ops := n.all("operators")
	if len(ops) != len(operands)-1 || len(ops) == 0 {
		return false, false
	}
	vals := make([][]int, len(operands))
	version := false
	for i, o := range operands {
		v, isVersion, ok := vs.versionValue(o)
		if !ok {
			return false, false
		}
		vals[i], version = v, version || isVersion
	}
	if !version {
		return false, false
	}
	for i, op := range ops {
		c := compareInts(vals[i], vals[i+1])
		var r bool
		switch vs.text(op) {
		case "<":
			r = c < 0
		case "<=":
			r = c <= 0
		case ">":
			r = c > 0
		case ">=":
			r = c >= 0
		case "==":
			r = c == 0
		case "!=", "<>":
			r = c != 0
		default:
			return false, false
		}
		if !r {
			return false, true
		}
	}
	return true, true
}

// versionValue is the value of operand o as a sequence of numbers (a
// number is a sequence of one, compared as such only with another
// number): sys.version_info and its parts, an integer, a tuple of them.
func (vs versionSource) versionValue(o *node) (v []int, isVersion, ok bool) {
	text := strings.Join(strings.Fields(vs.text(o)), "")
	switch text {
	case "sys.version_info":
		return pyasyncVersion, true, true
	case "sys.version_info[0]", "sys.version_info.major":
		return pyasyncVersion[:1], true, true
	case "sys.version_info[1]", "sys.version_info.minor":
		return pyasyncVersion[1:2], true, true
	case "sys.version_info[:2]", "sys.version_info[0:2]":
		return pyasyncVersion[:2], true, true
	case "sys.version_info[:3]", "sys.version_info[0:3]":
		return pyasyncVersion, true, true
	}
	switch o.kind {
	case "integer":
		n, err := strconv.Atoi(vs.text(o))
		return []int{n}, false, err == nil
	case "tuple":
		var out []int
		for _, k := range o.namedKids() {
			if k.kind != "integer" {
				return nil, false, false
			}
			n, err := strconv.Atoi(vs.text(k))
			if err != nil {
				return nil, false, false
			}
			out = append(out, n)
		}
		return out, false, len(out) > 0 && len(out) <= 3
	}
	return nil, false, false
}

// compareInts compares a and b as Python compares tuples.
func compareInts(a, b []int) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return len(a) - len(b)
}

// deadBranch reports whether n is inside a branch of an if that tests
// the Python version and never runs (see versionTest).
func (t *translator) deadBranch(n *node) bool {
	for c, p := n, n.parent; p != nil; c, p = p, p.parent {
		if p.kind == "if_statement" && t.branchDead(p, c) {
			return true
		}
		if p.kind == "elif_clause" && c.field == "consequence" {
			if v, ok := t.versionTest(p.get("condition")); ok && !v {
				return true
			}
		}
	}
	return false
}

// branchDead reports whether clause c of if statement n (its consequence
// block, an elif_clause or the else_clause) never runs.
func (t *translator) branchDead(n, c *node) bool {
	if c.field == "condition" {
		return false
	}
	v, ok := t.versionTest(n.get("condition"))
	if c.field == "consequence" {
		return ok && !v
	}
	if ok && v {
		return true // a branch after one that always runs
	}
	for _, k := range n.kids {
		if k == c {
			return false
		}
		if k.kind == "elif_clause" {
			v, ok := t.versionTest(k.get("condition"))
			if ok && v {
				return true
			}
		}
	}
	return false
}

// elseNeverRuns is the module whose import in try's body fails in every
// pyasync program, so that its else clause never runs ("" when there is
// none, or the handlers would not catch the failure).
func (t *translator) elseNeverRuns(try *node) string {
	if t.imp == nil || t.imp.tree == nil || !t.imp.catchesImportError(try) {
		return "" // a file on its own: a module it lacks may be the program's
	}
	for _, s := range body(try.get("body")) {
		var mod string
		switch s.kind {
		case "import_from_statement":
			abs, err := t.imp.absolute(s.get("module_name"))
			if err != nil {
				continue
			}
			mod = abs
		case "import_statement":
			for _, k := range s.all("name") {
				if k.kind == "aliased_import" {
					k = k.get("name")
				}
				if m := t.imp.implicit(t.text(k)); t.imp.resolve(m).missing() {
					return m
				}
			}
			continue
		default:
			continue
		}
		if t.imp.resolve(mod).missing() {
			return mod
		}
	}
	return ""
}

// unimportable says why a module's import fails in every pyasync
// program, after what.
func unimportable(mod, what string) string {
	if root, _, _ := strings.Cut(mod, "."); pythonStdlib()[root] {
		return what + " (pyasync has no " + mod + ", which CPython has: the original runs it there)"
	}
	return what + " (no pyasync program can import it, nor Python where it is not installed)"
}
