package port

import "strings"

// Python's "global x" lets a function assign a module variable; Starlark
// functions cannot. The translator keeps every such variable in one
// module-level dict, _globals, and rewrites each reference to it outside
// the functions where the name is local. That is safe unless the name is
// also bound another way at module level (def, class, import, a for
// loop): then the global statement is left for a person.

// analyseGlobals finds the names declared global in any function.
func (t *translator) analyseGlobals(root *node) {
	root.find(false, func(n *node) bool {
		if n.kind == "global_statement" {
			for _, id := range n.namedKids() {
				t.globals[t.text(id)] = true
			}
		}
		return false
	})
	if len(t.globals) == 0 {
		return
	}
	// Names bound at module level other than by assignment.
	var walk func(stmts []*node)
	walk = func(stmts []*node) {
		for _, s := range stmts {
			switch s.kind {
			case "function_definition", "class_definition":
				t.markUnsafe(t.text(s.get("name")), "the name is also a function or class")
			case "import_statement", "import_from_statement":
				for _, k := range s.all("name") {
					name, alias := t.importName(k)
					if alias != "" {
						name = alias
					}
					t.markUnsafe(name, "the name is also an imported module")
				}
			case "for_statement":
				for _, id := range identifiers(s.get("left")) {
					t.markUnsafe(t.text(id), "the name is also a loop variable at the top level")
				}
				walk(body(s.get("body")))
			case "if_statement", "while_statement":
				walk(body(s.get("consequence")))
				walk(body(s.get("body")))
				for _, k := range s.kids {
					if k.kind == "elif_clause" {
						walk(body(k.get("consequence")))
					}
					if k.kind == "else_clause" {
						walk(body(k.get("body")))
					}
				}
			}
		}
	}
	walk(root.kids)
}

func (t *translator) markUnsafe(name, why string) {
	if t.globals[name] {
		delete(t.globals, name)
		t.unsafe[name] = why
	}
}

// identifiers is the names an assignment target binds.
func identifiers(n *node) []*node {
	if n == nil {
		return nil
	}
	switch n.kind {
	case "identifier":
		return []*node{n}
	case "pattern_list", "tuple_pattern", "list_pattern", "tuple", "list", "expression_list", "parenthesized_expression", "list_splat_pattern":
		var out []*node
		for _, k := range n.namedKids() {
			out = append(out, identifiers(k)...)
		}
		return out
	}
	return nil // attributes and subscripts bind no name
}

// locals is the set of names local to function fn: its parameters and
// what it assigns, but for the names it declares global.
func (t *translator) locals(fn *node) map[string]bool {
	locals := map[string]bool{}
	declared := map[string]bool{}
	for _, name := range t.params(fn) {
		locals[name] = true
	}
	fn.get("body").find(true, func(m *node) bool {
		switch m.kind {
		case "global_statement":
			for _, id := range m.namedKids() {
				declared[t.text(id)] = true
			}
		case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
			for _, id := range identifiers(m.get("left")) {
				locals[t.text(id)] = true
			}
		case "function_definition", "class_definition":
			locals[t.text(m.get("name"))] = true
		case "as_pattern_target":
			for _, id := range identifiers(m.namedKids()[0]) {
				locals[t.text(id)] = true
			}
		}
		return false
	})
	// Nested definitions are not searched by find(true, ...), but their
	// names are bound here.
	for _, k := range fn.get("body").kids {
		if k.kind == "function_definition" || k.kind == "class_definition" {
			locals[t.text(k.get("name"))] = true
		}
	}
	for name := range declared {
		delete(locals, name)
	}
	return locals
}

// params is the names of function fn's parameters.
func (t *translator) params(fn *node) []string {
	var out []string
	params := fn.get("parameters")
	if params == nil {
		return nil
	}
	for _, p := range params.namedKids() {
		if p.kind == "default_parameter" || p.kind == "typed_default_parameter" {
			p = p.get("name")
		}
		for _, id := range identifiers(p) {
			out = append(out, t.text(id))
		}
		for _, k := range p.kids { // *args, **kw, typed parameters
			if k.kind == "identifier" {
				out = append(out, t.text(k))
			}
		}
	}
	return out
}

// isLocal reports whether name is local to a function being written.
func (t *translator) isLocal(name string) bool {
	for _, s := range t.scopes {
		if s[name] {
			return true
		}
	}
	return false
}

// isGlobalRef reports whether name refers to a variable kept in _globals.
func (t *translator) isGlobalRef(name string) bool {
	return t.globals[name] && !t.isLocal(name)
}

// boundInModule reports whether the program binds name anywhere in the
// module: at its top level or in a function (an assignment, a loop
// variable, a def or class, a parameter, an import, an "as" name, a
// global statement).
func (t *translator) boundInModule(name string) bool {
	if t.bound == nil {
		t.bound = map[string]bool{}
		add := func(ids []*node) {
			for _, id := range ids {
				t.bound[t.text(id)] = true
			}
		}
		t.root.find(false, func(m *node) bool {
			switch m.kind {
			case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
				add(identifiers(m.get("left")))
			case "function_definition":
				t.bound[t.text(m.get("name"))] = true
				for _, p := range t.params(m) {
					t.bound[p] = true
				}
			case "class_definition":
				t.bound[t.text(m.get("name"))] = true
			case "lambda":
				for _, p := range t.params(m) {
					t.bound[p] = true
				}
			case "import_statement", "import_from_statement":
				for _, k := range m.all("name") {
					n, alias := t.importName(k)
					if alias != "" {
						n = alias
					}
					t.bound[strings.SplitN(n, ".", 2)[0]] = true
				}
			case "as_pattern_target":
				add(identifiers(m.namedKids()[0]))
			case "except_clause":
				add(identifiers(m.get("alias")))
			case "global_statement", "nonlocal_statement":
				add(m.namedKids())
			case "named_expression":
				add(identifiers(m.get("name")))
			}
			return false
		})
	}
	return t.bound[name]
}
