//go:build cgo

package port

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	sitter "github.com/tree-sitter/go-tree-sitter"
	python "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// parseTreeSitter reads src with tree-sitter's Python grammar, the
// reference parse follows, and copies the whole concrete tree.
func parseTreeSitter(src []byte) (*node, error) {
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

// describe is one node's line in a printed tree.
func describe(n *node) string {
	kind := n.kind
	if !n.named {
		kind = fmt.Sprintf("%q", n.kind)
	}
	field := ""
	if n.field != "" {
		field = n.field + ": "
	}
	return fmt.Sprintf("%s%s [%d-%d] (%d,%d)-%d", field, kind, n.start, n.end, n.row, n.col, n.endRow)
}

// printTree is the whole tree, one node a line, children indented.
func printTree(n *node) string {
	var b strings.Builder
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		b.WriteString(strings.Repeat("  ", depth))
		b.WriteString(describe(n))
		b.WriteByte('\n')
		for _, k := range n.kids {
			walk(k, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

// firstDifference finds the first node where got and want differ and
// describes it with its path from the root, or returns "".
func firstDifference(got, want *node, path string) string {
	path += "/" + want.kind
	if describe(got) != describe(want) {
		return fmt.Sprintf("%s\n  got:  %s\n  want: %s", path, describe(got), describe(want))
	}
	for i := 0; i < len(got.kids) && i < len(want.kids); i++ {
		if d := firstDifference(got.kids[i], want.kids[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
			return d
		}
	}
	if len(got.kids) != len(want.kids) {
		var g, w []string
		for _, k := range got.kids {
			g = append(g, describe(k))
		}
		for _, k := range want.kids {
			w = append(w, describe(k))
		}
		return fmt.Sprintf("%s: %d children, want %d\n  got:  %s\n  want: %s", path, len(got.kids), len(want.kids),
			strings.Join(g, "\n        "), strings.Join(w, "\n        "))
	}
	return ""
}

// acceptedDifferences are the corpus files whose trees may differ from
// tree-sitter's, each with the reason. All are syntax errors: tree-sitter
// recovers inside the statement (a MISSING token, an ERROR around one
// token), the parser covers the statement with one ERROR node. The
// translation is the same, "the parser could not read this" over the same
// lines, and TestTranslateMatchesTreeSitter holds them to that.
var acceptedDifferences = map[string]string{
	"def_bad_parameters.py":      "tree-sitter closes the parameters with a MISSING \")\" and keeps the def and its body; the parser makes the def and its body one ERROR",
	"call_missing_comma.py":      "tree-sitter wraps the stray argument in an ERROR inside the call; the parser makes the statement, with its continuation line, one ERROR",
	"print_dangling_operator.py": "tree-sitter skips \"print\" on the next line as an ERROR inside the expression; the parser makes both lines one ERROR",
	"for_without_iterable.py":    "tree-sitter inserts a MISSING iterable and keeps the loop; the parser makes the loop one ERROR",
}

// sourceLine is line row (0-based) of src.
func sourceLine(src []byte, row int) string {
	lines := strings.Split(string(src), "\n")
	if row < 0 || row >= len(lines) {
		return ""
	}
	return lines[row]
}

// TestParseMatchesTreeSitter: on the corpus, the parser builds the tree
// tree-sitter-python builds, node for node: kinds, fields, named flags,
// byte ranges and positions, comments and all.
func TestParseMatchesTreeSitter(t *testing.T) {
	forCorpus(t, func(t *testing.T, name string, src []byte) {
		want, err := parseTreeSitter(src)
		if err != nil {
			t.Fatal(err)
		}
		got, err := parse(src)
		if err != nil {
			t.Fatal(err)
		}
		d := ""
		if printTree(got) != printTree(want) {
			d = firstDifference(got, want, "")
		}
		_, accepted := acceptedDifferences[filepath.Base(name)]
		switch {
		case d != "" && !accepted:
			row := firstDifferentRow(got, want)
			t.Errorf("the trees differ at %s\n  line %d: %s", d, row+1, sourceLine(src, row))
		case d == "" && accepted:
			t.Errorf("listed as an accepted difference, but the trees are the same")
		case accepted && !want.hasError():
			t.Errorf("an accepted difference, but tree-sitter reads it without an error")
		}
		if got.hasError() != want.hasError() {
			t.Errorf("ERROR nodes: %v, in tree-sitter's tree: %v", got.hasError(), want.hasError())
		}
		if !strings.Contains(filepath.ToSlash(name), "/errors/") && want.hasError() {
			t.Errorf("tree-sitter finds a syntax error in a file of valid Python")
		}
	})
}

// firstDifferentRow is the source row of the first node where the trees
// differ.
func firstDifferentRow(got, want *node) int {
	if describe(got) != describe(want) {
		return min(got.row, want.row)
	}
	for i := 0; i < len(got.kids) && i < len(want.kids); i++ {
		if firstDifference(got.kids[i], want.kids[i], "") != "" {
			return firstDifferentRow(got.kids[i], want.kids[i])
		}
	}
	return want.row
}

// TestTranslateMatchesTreeSitter: on the corpus, Translate gives the same
// output, TODOs and dialect with either parser, the dialect guessed or
// forced.
func TestTranslateMatchesTreeSitter(t *testing.T) {
	forCorpus(t, func(t *testing.T, name string, src []byte) {
		for _, py := range []int{0, 2, 3} {
			want, err := translateWith(parseTreeSitter, name, src, Options{Python: py})
			if err != nil {
				t.Fatal(err)
			}
			got, err := translateWith(parse, name, src, Options{Python: py})
			if err != nil {
				t.Fatal(err)
			}
			if got.Output != want.Output {
				t.Errorf("python %d: the output differs:\n%s", py, lineDiff(got.Output, want.Output))
			}
			if fmt.Sprint(got.TODOs) != fmt.Sprint(want.TODOs) {
				t.Errorf("python %d: TODOs %v, tree-sitter's %v", py, got.TODOs, want.TODOs)
			}
			if got.Python != want.Python {
				t.Errorf("python %d: read as Python %d, tree-sitter's as %d", py, got.Python, want.Python)
			}
		}
	})
}

// lineDiff shows the first line where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("  line %d\n  got:  %q\n  want: %q", i+1, a, b)
		}
	}
	return ""
}
