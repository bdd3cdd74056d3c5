package port

import "strings"

// Python iterates over a str one character at a time; a pyasync str is
// not iterable (Starlark: "got string, want iterable"). The translator
// cannot see types, so a for loop, or a comprehension's for clause, runs
// over iter(xs), Python's own built-in, which iterates a str by its
// items (one-byte strings) and any other iterable as it is, unless the
// translation shows that xs is not a str: a literal list, tuple, dict or
// set, a comprehension, range(), list(), sorted(), enumerate(), d.keys(),
// s.split()..., or a local variable every binding of which is one of
// those.
//
//	for p in perm:              for p in iter(perm):
//	for k in self.d.keys():     for k in self.d.keys():
//
// A program that binds the name iter itself keeps its loops as they
// are, with a warning: such a loop over a str fails at run time.

// madeIterables are the built-ins whose result is never a str.
var madeIterables = map[string]bool{
	"range": true, "xrange": true, "list": true, "tuple": true, "sorted": true, "dict": true, "set": true,
	"frozenset": true, "enumerate": true, "zip": true, "reversed": true, "map": true, "filter": true, "iter": true,
}

// listMethods are the methods whose result, on any receiver Python or
// pyasync gives them (dicts, strs, files), is never a str.
var listMethods = map[string]bool{
	"keys": true, "values": true, "items": true, "iterkeys": true, "itervalues": true, "iteritems": true,
	"split": true, "rsplit": true, "splitlines": true, "readlines": true, "elems": true,
}

// libLists are the functions and values of predeclared modules that give
// a list or tuple.
var libLists = map[string]bool{
	"os.listdir": true, "glob.glob": true, "re.findall": true, "re.split": true, "struct.unpack": true,
	"sys.argv": true, "sys.path": true, "os.path.split": true, "os.path.splitext": true, "os.stat": true,
	"os.lstat": true, "os.fstat": true, "time.localtime": true, "time.gmtime": true,
}

// iterOver is s, the translation of n, the iterable of a for loop or of
// a comprehension's for clause: iter(s) unless n is shown not to be a
// str.
func (t *translator) iterOver(n *node, s string) string {
	var fn *node
	if f := t.frame().scope; f != nil && f.kind == "function_definition" {
		fn = f
	}
	if t.notStr(n, 0, fn) {
		return s
	}
	if t.isLocal("iter") || t.boundInModule("iter") {
		t.warn(n, "the program binds iter itself: this loop is kept as it is, and fails at run time if %s is a str (a pyasync str is not iterable; write %s.elems())", t.text(n), s)
		return s
	}
	if n.kind == "parenthesized_expression" {
		return "iter" + s
	}
	return "iter(" + s + ")"
}

// notStr reports whether the translation shows that the value of n, an
// expression in function fn (nil: at the top level), is never a str
// (depth bounds the variables and functions followed).
func (t *translator) notStr(n *node, depth int, fn *node) bool {
	switch n.kind {
	case "list", "tuple", "dictionary", "set", "list_comprehension", "dictionary_comprehension",
		"set_comprehension", "generator_expression", "expression_list", "pattern_list":
		return true
	case "parenthesized_expression":
		kids := n.namedKids()
		return len(kids) == 1 && t.notStr(kids[0], depth, fn)
	case "conditional_expression":
		kids := n.namedKids()
		return len(kids) == 3 && t.notStr(kids[0], depth, fn) && t.notStr(kids[2], depth, fn)
	case "binary_operator":
		// a list plus (or times) something is a list, or fails as Python does
		op := n.get("operator")
		return op != nil && (t.text(op) == "+" || t.text(op) == "*") &&
			(t.notStr(n.get("left"), depth, fn) || t.text(op) == "+" && t.notStr(n.get("right"), depth, fn))
	case "attribute":
		return libLists[t.text(n)] && !t.isLocal(t.text(n)[:strings.IndexByte(t.text(n), '.')])
	case "call":
		f := n.get("function")
		switch f.kind {
		case "identifier":
			name := t.text(f)
			if t.localAround(name, fn) {
				return false
			}
			return madeIterables[name] && !t.boundInModule(name) || t.generatorNamed(name) || depth < 4 && t.returnsNotStr(name, depth+1)
		case "attribute":
			return listMethods[t.text(f.get("attribute"))] || t.notStr(f, depth, fn)
		}
	case "identifier":
		return depth < 4 && t.onlyNotStr(t.text(n), depth+1, fn)
	}
	return false
}

// localAround reports whether name is a variable of fn or of a function
// around it.
func (t *translator) localAround(name string, fn *node) bool {
	for f := fn; f != nil; f = f.parent {
		if f.kind == "function_definition" && t.locals(f)[name] {
			return true
		}
	}
	return false
}

// returnsNotStr reports whether name is a function of the module's top
// level every return of which gives a value notStr shows is not a str
// (permutations(), which returns a list it builds).
func (t *translator) returnsNotStr(name string, depth int) bool {
	for _, s := range t.root.kids {
		if s.kind != "function_definition" || t.text(s.get("name")) != name {
			continue
		}
		returns, ok := 0, true
		s.get("body").find(true, func(m *node) bool {
			if m.kind == "return_statement" {
				returns++
				v := m.namedKids()
				ok = len(v) == 1 && t.notStr(v[0], depth, s)
			}
			return !ok
		})
		return ok && returns > 0 && s.get("body").find(true, func(m *node) bool { return m.kind == "yield" }) == nil
	}
	return false
}

// onlyNotStr reports whether every binding of the variable name, in
// function fn (or at the top level, for a global), is of a value notStr
// shows is not a str.
func (t *translator) onlyNotStr(name string, depth int, fn *node) bool {
	scope := t.root
	if fn != nil && t.locals(fn)[name] {
		for _, p := range t.params(fn) {
			if p == name {
				return false
			}
		}
		scope = fn.get("body")
	} else if t.localAround(name, fn) || t.globals[name] {
		return false // a variable of an enclosing function, or one functions assign
	}
	bound, other := false, false
	scope.find(true, func(m *node) bool {
		if m.kind != "identifier" || t.text(m) != name || m.parent == nil {
			return false
		}
		p := m.parent
		switch {
		case (p.kind == "assignment" || p.kind == "augmented_assignment") && m.field == "left":
			bound = true
			r := p.get("right")
			other = r == nil || !t.notStr(r, depth, fn)
		case isTarget(m) || bindingKinds[p.kind]:
			other = true
		}
		return other
	})
	return bound && !other
}

// bindingKinds are the nodes other than assignments whose identifiers
// bind a name.
var bindingKinds = map[string]bool{
	"as_pattern_target": true, "aliased_import": true, "dotted_name": true, "function_definition": true,
	"class_definition": true, "parameters": true, "default_parameter": true, "typed_parameter": true,
	"typed_default_parameter": true, "global_statement": true, "nonlocal_statement": true,
	"lambda_parameters": true, "as_pattern": true, "with_item": true, "except_clause": true,
}

// generatorNamed reports whether the module's top level defines name as
// a generator, which the translation makes return a list or iterator.
func (t *translator) generatorNamed(name string) bool {
	for _, s := range t.root.kids {
		if s.kind == "decorated_definition" {
			continue // the decorator's result may be anything
		}
		if s.kind == "function_definition" && t.text(s.get("name")) == name &&
			s.get("body").find(true, func(m *node) bool { return m.kind == "yield" }) != nil {
			return true
		}
	}
	return false
}
