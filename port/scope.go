package port

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

// firstBinding is where the module first binds name as a global: the
// start of the earliest binding at its top level (an assignment, a loop
// variable, a def or class, an import, inside top-level if, for, try...),
// or of a global statement naming it in a function; ok is false when it
// never does. Starlark resolves a top-level name read before that point
// to a built-in, as Python reads the built-in while the global is unset.
func (t *translator) firstBinding(name string) (at int, ok bool) {
	if t.bound == nil {
		t.bound = map[string]int{}
		note := func(id *node) {
			pos := id.start
			for p := id.parent; p != nil && p.kind != "expression_statement" && p.kind != "module"; p = p.parent {
				if p.kind == "assignment" || p.kind == "augmented_assignment" {
					pos = p.end // the value is read before the name is bound
				}
			}
			if at, seen := t.bound[t.text(id)]; !seen || pos < at {
				t.bound[t.text(id)] = pos
			}
		}
		for _, id := range t.bindings(t.root) {
			note(id)
		}
		t.root.find(false, func(m *node) bool {
			if m.kind == "global_statement" {
				for _, id := range m.namedKids() {
					note(id)
				}
			}
			return false
		})
	}
	at, ok = t.bound[name]
	return at, ok
}

// boundInModule reports whether the module binds name as a global
// anywhere.
func (t *translator) boundInModule(name string) bool {
	_, ok := t.firstBinding(name)
	return ok
}
