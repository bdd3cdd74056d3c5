package port

import (
	"fmt"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// node is one node of the syntax tree, copied out of tree-sitter so that
// the translator works on plain Go values and the parser's C memory is
// released at once.
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

// parse reads Python 2 or Python 3 source with tree-sitter's Python
// grammar, which accepts print and exec statements, "except E, e:",
// backquotes and "<>" beside Python 3's syntax.
func parse(src []byte) (*node, error) {
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(sitter.NewLanguage(python.Language())); err != nil {
		return nil, fmt.Errorf("loading the Python grammar: %w", err)
	}
	tree := p.Parse(src, nil)
	if tree == nil {
		return nil, fmt.Errorf("the parser gave no tree")
	}
	defer tree.Close()
	c := tree.Walk()
	defer c.Close()
	return copyTree(c, nil), nil
}

// copyTree copies the subtree under the cursor.
func copyTree(c *sitter.TreeCursor, parent *node) *node {
	tn := c.Node()
	sp, ep := tn.StartPosition(), tn.EndPosition()
	n := &node{
		kind:   tn.Kind(),
		field:  c.FieldName(),
		named:  tn.IsNamed(),
		start:  int(tn.StartByte()),
		end:    int(tn.EndByte()),
		row:    int(sp.Row),
		col:    int(sp.Column),
		endRow: int(ep.Row),
		parent: parent,
	}
	if tn.IsError() || tn.IsMissing() {
		n.kind = "ERROR"
	}
	if c.GotoFirstChild() {
		for {
			n.kids = append(n.kids, copyTree(c, n))
			if !c.GotoNextSibling() {
				break
			}
		}
		c.GotoParent()
	}
	return n
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
