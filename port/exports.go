package port

import "strings"

// A module's top-level names are what other modules can take from it
// (from m import name, m.name, from m import *). They are found in the
// module's tree: what its top level binds, in blocks that run there (if,
// for, while, try, with) but not inside functions and classes, plus the
// names its functions declare global.

// topLevelNames is every name module root binds at its top level; star
// is called for each "from m import *" there, whose names it binds too,
// and the items of import statements and the clauses that skip reports
// true for are left out.
func topLevelNames(src []byte, root *node, star func(mod *node) []string, skip func(n *node) bool) map[string]bool {
	names := map[string]bool{}
	add := func(n *node) {
		for _, id := range identifiers(n) {
			names[string(src[id.start:id.end])] = true
		}
	}
	var walk func(stmts []*node)
	walk = func(stmts []*node) {
		for _, s := range stmts {
			switch s.kind {
			case "function_definition", "class_definition":
				names[string(src[s.get("name").start:s.get("name").end])] = true
			case "decorated_definition":
				if d := s.get("definition"); d != nil {
					walk([]*node{d})
				}
			case "expression_statement":
				for _, k := range s.namedKids() {
					if k.kind == "assignment" || k.kind == "augmented_assignment" {
						for a := k; a != nil && (a.kind == "assignment" || a.kind == "augmented_assignment"); a = a.get("right") {
							add(a.get("left"))
						}
					}
				}
			case "import_statement":
				for _, k := range s.all("name") {
					if skip != nil && skip(k) {
						continue
					}
					if k.kind == "aliased_import" {
						names[string(src[k.get("alias").start:k.get("alias").end])] = true
					} else {
						first, _, _ := strings.Cut(string(src[k.start:k.end]), ".")
						names[first] = true
					}
				}
			case "import_from_statement":
				if firstKind(s, "wildcard_import") != nil {
					if star != nil {
						for _, n := range star(s.get("module_name")) {
							names[n] = true
						}
					}
					continue
				}
				for _, k := range s.all("name") {
					if k.kind == "aliased_import" {
						k = k.get("alias")
					}
					names[string(src[k.start:k.end])] = true
				}
			case "for_statement":
				add(s.get("left"))
			case "with_statement":
				if c := firstKind(s, "with_clause"); c != nil {
					c.find(true, func(m *node) bool {
						if m.kind == "as_pattern_target" {
							add(m.namedKids()[0])
						}
						return false
					})
				}
			}
			if s.kind == "function_definition" || s.kind == "class_definition" || s.kind == "decorated_definition" {
				continue
			}
			for _, k := range s.kids {
				switch k.kind {
				case "block":
					walk(k.kids)
				case "elif_clause", "else_clause", "except_clause", "finally_clause":
					if skip != nil && skip(k) {
						continue
					}
					for _, b := range k.kids {
						if b.kind == "block" {
							walk(b.kids)
						}
					}
				}
			}
		}
	}
	walk(root.kids)
	root.find(false, func(n *node) bool {
		if n.kind == "global_statement" {
			for _, id := range n.namedKids() {
				names[string(src[id.start:id.end])] = true
			}
		}
		return false
	})
	return names
}

// publicNames is what "from m import *" takes from a module: the names
// listed in its __all__ when that is a literal list or tuple of strings,
// otherwise its top-level names that do not start with "_".
func publicNames(src []byte, root *node, names map[string]bool) []string {
	var all []string
	found := false
	for _, s := range root.kids {
		if s.kind != "expression_statement" {
			continue
		}
		a := firstKind(s, "assignment")
		if a == nil || a.get("left") == nil || string(src[a.get("left").start:a.get("left").end]) != "__all__" {
			continue
		}
		r := a.get("right")
		if r == nil || (r.kind != "list" && r.kind != "tuple") {
			return publicByName(names)
		}
		all, found = nil, true
		for _, k := range r.namedKids() {
			if k.kind != "string" {
				return publicByName(names)
			}
			all = append(all, strings.Trim(string(src[k.start:k.end]), `"'`))
		}
	}
	if found {
		return all
	}
	return publicByName(names)
}

func publicByName(names map[string]bool) []string {
	var out []string
	for n := range names {
		if !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	return out
}

// usedNames is every identifier a module mentions as a name (not as an
// attribute after a dot, nor as a keyword argument's name, nor in an
// import statement).
func usedNames(src []byte, root *node) map[string]bool {
	used := map[string]bool{}
	var walk func(n *node)
	walk = func(n *node) {
		switch {
		case n.kind == "import_statement" || n.kind == "import_from_statement":
			return
		case n.kind == "identifier" && !(n.field == "attribute" && n.parent != nil && n.parent.kind == "attribute") &&
			!(n.field == "name" && n.parent != nil && n.parent.kind == "keyword_argument"):
			used[string(src[n.start:n.end])] = true
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	walk(root)
	return used
}
