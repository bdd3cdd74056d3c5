package port

// node is one node of the syntax tree: the concrete syntax tree of
// tree-sitter-python's grammar, which parse (parse.go) builds.
type node struct {
	kind   string // tree-sitter's node kind: "call", "identifier", "(" ...
	field  string // the field this node fills in its parent, or ""
	named  bool   // false for punctuation and keywords
	start  int    // byte offsets of the node's text in the source
	end    int
	row    int // 0-based line of the first byte
	col    int // 0-based byte column of the first byte
	endRow int
	kids   []*node
	parent *node
}

// get is the first child filling field name, or nil.
func (n *node) get(field string) *node {
	for _, k := range n.kids {
		if k.field == field {
			return k
		}
	}
	return nil
}

// all is every child filling field name.
func (n *node) all(field string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.field == field {
			out = append(out, k)
		}
	}
	return out
}

// namedKids is the named children, comments and backslash
// continuations excluded.
func (n *node) namedKids() []*node {
	var out []*node
	for _, k := range n.kids {
		if k.named && k.kind != "comment" && k.kind != "line_continuation" {
			out = append(out, k)
		}
	}
	return out
}

// has reports whether a child of kind k (a keyword or punctuation) exists.
func (n *node) has(kind string) bool {
	for _, k := range n.kids {
		if k.kind == kind {
			return true
		}
	}
	return false
}

// find reports whether some node under n (n included, nested function
// and class bodies excluded when shallow) satisfies f.
func (n *node) find(shallow bool, f func(*node) bool) *node {
	if f(n) {
		return n
	}
	for _, k := range n.kids {
		if shallow && (k.kind == "function_definition" || k.kind == "class_definition" || k.kind == "lambda") {
			continue
		}
		if m := k.find(shallow, f); m != nil {
			return m
		}
	}
	return nil
}

// hasError reports whether the parser could not read part of n.
func (n *node) hasError() bool {
	return n.find(false, func(m *node) bool { return m.kind == "ERROR" }) != nil
}
