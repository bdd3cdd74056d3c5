package port

// tryIdiom writes the try statements that have a short natural form:
//
//	try: del d[k]                      d.pop(k, None)
//	except KeyError: pass
//
//	try: x = d[k]                      x = d.get(k, default)
//	except KeyError: x = default
//
//	try: import cPickle as pickle      the imports pyasync has, or else
//	except ImportError: import pickle  the handler's
//
// (try: asyncore.loop() except KeyboardInterrupt: pass is handled by
// dropping the handler: see handlerOf.)
func (t *translator) tryIdiom(s *tryShape, indent int) bool {
	if s.final != nil || len(s.handlers) == 0 {
		return false
	}
	only := func(types ...string) bool {
		for _, h := range s.handlers {
			ok := false
			for _, ty := range types {
				if h.types == ty {
					ok = true
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}
	if only("ImportError", "ModuleNotFoundError") && t.importIdiom(s, indent) {
		return true
	}
	if s.orelse != nil || len(s.handlers) != 1 || s.handlers[0].alias != "" || !only("KeyError") {
		return false
	}
	st, ok := single(s.block)
	if !ok {
		return false
	}
	h, ok := single(s.handlers[0].body)
	if !ok {
		return false
	}
	if c := firstKind(s.stmt, "comment"); c != nil {
		return false // keep the comments where the general form puts them
	}
	// try: del d[k] / except KeyError: pass
	if st.kind == "delete_statement" && h.kind == "pass_statement" {
		ts := st.namedKids()
		if len(ts) != 1 || ts[0].kind != "subscript" || len(ts[0].all("subscript")) != 1 || ts[0].get("subscript").kind == "slice" {
			return false
		}
		t.shift = indent*4 - t.vcol(st)
		t.emit(indent, t.expr(ts[0].get("value"))+".pop("+t.expr(ts[0].get("subscript"))+", None)")
		return true
	}
	// try: x = d[k] / except KeyError: x = default
	a, b := assignmentOf(st), assignmentOf(h)
	if a == nil || b == nil {
		return false
	}
	l, r := a.get("left"), a.get("right")
	if t.text(l) != t.text(b.get("left")) || r.kind != "subscript" || len(r.all("subscript")) != 1 ||
		r.get("subscript").kind == "slice" || !isPlainOrEmpty(b.get("right")) {
		return false
	}
	t.shift = indent*4 - t.vcol(st)
	t.emit(indent, t.tupleExpr(l)+" = "+t.expr(r.get("value"))+".get("+t.expr(r.get("subscript"))+", "+t.expr(b.get("right"))+")")
	t.writeBack(identifierTexts(t, l), indent)
	return true
}

// single is the one statement of a block, if it has one only.
func single(b *node) (*node, bool) {
	var st *node
	for _, k := range body(b) {
		if !k.named || k.kind == "comment" {
			continue
		}
		if st != nil {
			return nil, false
		}
		st = k
	}
	return st, st != nil
}

// assignmentOf is the assignment of a statement "x = v", or nil.
func assignmentOf(st *node) *node {
	if st.kind != "expression_statement" || len(st.kids) != 1 || st.kids[0].kind != "assignment" {
		return nil
	}
	a := st.kids[0]
	if a.get("right") == nil || a.get("right").kind == "assignment" || a.get("type") != nil {
		return nil
	}
	return a
}

// isPlainOrEmpty reports whether evaluating n early changes nothing: a
// plain value or an empty list, dict or tuple.
func isPlainOrEmpty(n *node) bool {
	switch n.kind {
	case "list", "dictionary", "tuple":
		return len(n.namedKids()) == 0
	case "unary_operator":
		return len(n.namedKids()) == 1 && n.namedKids()[0].kind == "integer"
	}
	return isPlain(n)
}

// importIdiom writes "try: import a except ImportError: import b" as the
// imports that pyasync has: the body's when it has all of them (and the
// else clause after), else the first handler's.
func (t *translator) importIdiom(s *tryShape, indent int) bool {
	stmts := regionStatements(s.block)
	for _, st := range stmts {
		if st.kind != "import_statement" && st.kind != "import_from_statement" && st.kind != "comment" {
			return false
		}
	}
	have := true
	for _, st := range stmts {
		if st.kind != "comment" && !t.importable(st) {
			have = false
		}
	}
	if have {
		t.inline(body(s.block), indent)
		if s.orelse != nil {
			t.inline(body(s.orelse.get("body")), indent)
		}
		return true
	}
	// The handler alone stands for the statement only when it binds
	// every name the imports would have (pickle = None); otherwise the
	// general form keeps the imports, which fail at run time and run
	// the handler (import pwd / except ImportError: sys.exit(1)).
	bound := map[string]bool{}
	for _, id := range t.bindings(s.handlers[0].body) {
		bound[t.text(id)] = true
	}
	for _, id := range t.bindings(s.block) {
		if !bound[t.text(id)] {
			return false
		}
	}
	t.handling = append(t.handling, "ImportError") // a bare raise in it: the import failed
	t.inline(body(s.handlers[0].body), indent)
	t.handling = t.handling[:len(t.handling)-1]
	return true
}

// importable reports whether an import statement would succeed: every
// module it names is pyasync's or the program's, with the names it takes
// (imports.go).
func (t *translator) importable(st *node) bool {
	return t.resolvable(st)
}

// dictOf writes a read of obj.__dict__ (as in "%(user)s" % self.__dict__)
// as vars(obj), pyasync's vars(), which makes the dict of an instance's
// attributes that a pyasync instance does not keep. A change to
// obj.__dict__ (an item set or deleted, update(), pop()) is left as it
// is: it fails at run time, where a copy would lose it in silence.
func (t *translator) dictOf(n *node) (string, bool) {
	if t.text(n.get("attribute")) != "__dict__" || t.isLocal("vars") || t.boundInModule("vars") {
		return "", false
	}
	p := n.parent
	switch {
	case p != nil && p.kind == "subscript" && n.field == "value" && (isTarget(p) || p.parent != nil && p.parent.kind == "delete_statement"):
		return "", false
	case p != nil && p.kind == "attribute" && map[string]bool{"update": true, "pop": true, "setdefault": true, "clear": true, "popitem": true}[t.text(p.get("attribute"))]:
		return "", false
	case isTarget(n):
		return "", false
	}
	return "vars(" + t.expr(n.get("object")) + ")", true
}
