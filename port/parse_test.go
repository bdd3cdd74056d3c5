package port

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusFiles are the Python files of the parser's test corpus that
// this package holds: testdata/parse (valid programs, and broken ones in
// testdata/parse/errors) and the translator's end-to-end inputs.
func corpusFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"testdata/parse/*.py", "testdata/parse/errors/*.py", "../tests/port/*.py"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	return files
}

// cpythonFiles are the rest of the corpus: CPython's asyncore, asynchat
// and smtpd modules and their tests, as python3 (3.11 or older) has them.
// When it has none, the reason is returned.
func cpythonFiles() ([]string, error) {
	out, err := exec.Command("python3", "-W", "ignore", "-c",
		"import os, asyncore; print(os.path.dirname(asyncore.__file__))").Output()
	if err != nil {
		return nil, fmt.Errorf("python3 with the asyncore module (Python 3.11 or older) is needed: %v", err)
	}
	dir := strings.TrimSpace(string(out))
	var files []string
	for _, f := range []string{"asyncore.py", "asynchat.py", "smtpd.py", "test/test_asyncore.py", "test/test_asynchat.py", "test/test_smtpd.py"} {
		f = filepath.Join(dir, f)
		if _, err := os.Stat(f); err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// forCorpus runs check on each corpus file, as a subtest named after the
// file. The CPython files are one subtest, skipped (with the reason) when
// python3 does not have them.
func forCorpus(t *testing.T, check func(t *testing.T, name string, src []byte)) {
	run := func(t *testing.T, files []string) {
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			t.Run(filepath.Base(f), func(t *testing.T) { check(t, f, src) })
		}
	}
	run(t, corpusFiles(t))
	t.Run("cpython", func(t *testing.T) {
		files, err := cpythonFiles()
		if err != nil {
			t.Skip("CPython's asyncore, asynchat and smtpd are not in the corpus: ", err)
		}
		run(t, files)
	})
}

// checkTree reports what is wrong with the shape of a parse tree: a
// node's range outside its parent's, children out of order or
// overlapping, a wrong parent pointer, or a position that does not match
// the byte offset.
func checkTree(src []byte, root *node) error {
	if root.kind != "module" || root.parent != nil {
		return fmt.Errorf("the root is %s", root.kind)
	}
	if root.end != len(src) {
		return fmt.Errorf("the module ends at %d, the source at %d", root.end, len(src))
	}
	starts := []int{0} // where each line starts
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineStart := func(off int) (row, col int) {
		row = sort.SearchInts(starts, off+1) - 1
		return row, off - starts[row]
	}
	var walk func(n *node) error
	walk = func(n *node) error {
		if n.start < 0 || n.start > n.end || n.end > len(src) {
			return fmt.Errorf("%s: range %d-%d", pathOf(n), n.start, n.end)
		}
		if row, col := lineStart(n.start); row != n.row || col != n.col {
			return fmt.Errorf("%s: at (%d,%d), offset %d is (%d,%d)", pathOf(n), n.row, n.col, n.start, row, col)
		}
		if row, _ := lineStart(n.end); row != n.endRow {
			return fmt.Errorf("%s: ends on row %d, offset %d is on row %d", pathOf(n), n.endRow, n.end, row)
		}
		prev := n.start
		for i, k := range n.kids {
			if k.parent != n {
				return fmt.Errorf("%s[%d]: wrong parent", pathOf(n), i)
			}
			if k.start < prev || k.end > n.end {
				return fmt.Errorf("%s[%d] %s: %d-%d is out of place in %d-%d (previous child ends at %d)",
					pathOf(n), i, k.kind, k.start, k.end, n.start, n.end, prev)
			}
			prev = k.end
			if err := walk(k); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root)
}

// pathOf is where n is in its tree, as kinds and child indexes from the
// root: /module/function_definition[3]/block.
func pathOf(n *node) string {
	if n.parent == nil {
		return "/" + n.kind
	}
	i := 0
	for i < len(n.parent.kids) && n.parent.kids[i] != n {
		i++
	}
	return fmt.Sprintf("%s[%d]/%s", pathOf(n.parent), i, n.kind)
}

// parseChecked parses src and checks that it ends without an error,
// within its budget, with a well-formed tree.
func parseChecked(t testing.TB, src []byte) *node {
	t.Helper()
	p := newParser(src)
	root, err := p.run()
	if err != nil {
		t.Fatalf("parse %q: %v", clip(src), err)
	}
	// Every token moves forward but for NEWLINE, INDENT and DEDENT, and
	// going back re-reads a line or two: a few tokens a byte at most.
	if bound := 4*len(src) + 64; p.steps > bound {
		t.Fatalf("parse %q read %d tokens, more than %d", clip(src), p.steps, bound)
	}
	if err := checkTree(src, root); err != nil {
		t.Fatalf("parse %q: %v", clip(src), err)
	}
	return root
}

func clip(src []byte) string {
	if len(src) > 200 {
		return string(src[:200]) + "..."
	}
	return string(src)
}

// kinds lists the kinds of a tree's nodes in order, for short checks.
func kinds(n *node) string {
	var b strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		if n.named {
			b.WriteString(n.kind)
		} else {
			fmt.Fprintf(&b, "%q", n.kind)
		}
		if len(n.kids) > 0 {
			b.WriteByte('(')
			for i, k := range n.kids {
				if i > 0 {
					b.WriteByte(' ')
				}
				walk(k)
			}
			b.WriteByte(')')
		}
	}
	walk(n)
	return b.String()
}

// TestParseTrees: small programs parse to the trees tree-sitter-python
// gives them (checked against it by TestParseMatchesTreeSitter where cgo
// is available).
func TestParseTrees(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"print >>f, x,\n", `module(print_statement("print" chevron(">>" identifier) "," identifier ","))`},
		{"print(x)\n", `module(expression_statement(call(identifier argument_list("(" identifier ")"))))`},
		{"exec code in d\n", `module(exec_statement("exec" identifier "in" identifier))`},
		{"s = `x`\n", `module(expression_statement(assignment(identifier "=" string(string_start string_content string_end))))`},
		{"except_ = a <> b\n", `module(expression_statement(assignment(identifier "=" comparison_operator(identifier "<>" identifier))))`},
		{"a = b if c else d\n", `module(expression_statement(assignment(identifier "=" conditional_expression(identifier "if" identifier "else" identifier))))`},
		{"x = a not in b\n", `module(expression_statement(assignment(identifier "=" comparison_operator(identifier "not in"("not" "in") identifier))))`},
		{"a & b ^ c\n", `module(expression_statement(binary_operator(identifier "&" binary_operator(identifier "^" identifier))))`},
		{"if x:  # why\n    y\n", `module(if_statement("if" identifier ":" comment block(expression_statement(identifier))))`},
		{"def f():\n    x\n    # last\n# out\n", `module(function_definition("def" identifier parameters("(" ")") ":" block(expression_statement(identifier) comment)) comment)`},
		{"f'{x!r:>{w}}'\n", `module(expression_statement(string(string_start interpolation("{" identifier type_conversion format_specifier(":" format_expression("{" identifier "}")) "}") string_end)))`},
	} {
		root := parseChecked(t, []byte(c.src))
		if got := kinds(root); got != c.want {
			t.Errorf("%q:\ngot  %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestParseRecovers: a statement that does not parse becomes an ERROR
// node covering it, and the statements around it parse.
func TestParseRecovers(t *testing.T) {
	for _, c := range []struct {
		src       string
		errorLine string // the text the ERROR node covers
		after     string // a statement after it that must parse
	}{
		{"x = 1\ndef f(:\n    return 2\ny = 3\n", "def f(:\n    return 2", "y = 3"},
		{"x = = 2\ny = 3\n", "x = = 2", "y = 3"},
		{"class A:\n    def f(self)\n        return 1\n    def g(self):\n        pass\n", "def f(self)\n        return 1", "def g(self):\n        pass"},
		{"x = (1,\ny = )\nz = 2\n", "x = (1,\ny = )", "z = 2"},
		{"s = 'abc\nt = 1\n", "s = 'abc", "t = 1"},
		{"f(x $ y)\ng = 1\n", "f(x $ y)", "g = 1"},
	} {
		src := []byte(c.src)
		root := parseChecked(t, src)
		var errs, fine []string
		var walk func(n *node)
		walk = func(n *node) {
			for _, k := range n.kids {
				switch {
				case k.kind == "ERROR":
					errs = append(errs, text(src, k))
				case k.kind == "block":
					walk(k)
				case strings.HasSuffix(k.kind, "_statement") || strings.HasSuffix(k.kind, "definition"):
					fine = append(fine, text(src, k))
					if b := k.get("body"); b != nil {
						walk(b)
					}
				}
			}
		}
		walk(root)
		if len(errs) != 1 || errs[0] != c.errorLine {
			t.Errorf("%q: ERROR nodes %q, want one over %q", c.src, errs, c.errorLine)
		}
		found := false
		for _, f := range fine {
			found = found || f == c.after
		}
		if !found {
			t.Errorf("%q: %q was not read (statements: %q)", c.src, c.after, fine)
		}
	}
}

// TestParseHardInput: input that is odd at the byte level gives a tree,
// never a panic, an error or a stack overflow.
func TestParseHardInput(t *testing.T) {
	cases := map[string]string{
		"not UTF-8":               "x = '\xff\xfe'\n\xff = 1\nprint x\n",
		"unbalanced brackets":     "f((([{\nx = ]]]\n)\n",
		"tabs and spaces":         "if x:\n\ty = 1\n        z = 2\n  \tw = 3\n",
		"no final newline":        "def f():\n    return 1",
		"CRLF":                    "if x:\r\n    y = 1\r\n# c\r\n",
		"form feeds":              "\f\nx = 1\n\f  \fy = 2\n",
		"NUL bytes":               "x = 'a\x00b'\n\x00\ny = 1\\\x00",
		"lone backslash":          "x = 1 \\",
		"unterminated string":     "x = '''abc\n",
		"unterminated f-string":   "x = f'{a\n",
		"stray dedent":            "if x:\n        a\n    b\n  c\n",
		"BOM":                     "\ufeffx = 1\n",
		"deep brackets":           strings.Repeat("(", 100000) + strings.Repeat(")", 100000) + "\n",
		"deep lists":              "x = " + strings.Repeat("[", 5000) + "\n",
		"deep unary":              "x = " + strings.Repeat("-", 100000) + "1\n",
		"deep blocks":             deepBlocks(3000),
		"deep f-strings":          "x = " + strings.Repeat("f'{", 2000) + "\n",
		"long attribute chain":    "x = a" + strings.Repeat(".b", 100000) + "\n",
		"long operator chain":     "x = 1" + strings.Repeat(" + 1", 100000) + "\n",
		"many statements":         strings.Repeat("x = 1; y = 2\n", 20000),
		"only comments":           "# a\n    # b\n\t# c",
		"only blanks":             " \n\t\n\f\n",
		"empty":                   "",
		"keywords as names":       "x.if = f(in=1, class=2)\ndef print(): pass\n",
		"operators where wrong":   "** x\nx = a ->b\n:= 1\n",
		"match and type as names": "match = type = 1\nmatch(x)\ntype(x)\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) { parseChecked(t, []byte(src)) })
	}
}

func deepBlocks(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i))
		b.WriteString("if x:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "pass\n")
	return b.String()
}

// FuzzParse: any input parses without a panic or an error, reading a
// bounded number of tokens, into a tree whose nodes lie inside their
// parents, in order.
func FuzzParse(f *testing.F) {
	files := corpusFiles(f)
	if more, err := cpythonFiles(); err == nil {
		files = append(files, more...)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, s := range []string{"", "\n", "x", "def f(:\n", "print >>f, `x`\n", "f'{x:{y}}'\n", "if x:\n\ty\n  z\n", "(\n", "'\\\n'"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		parseChecked(t, src)
	})
}

// BenchmarkParse measures the parser on the corpus.
func BenchmarkParse(b *testing.B) {
	var srcs [][]byte
	size := 0
	for _, file := range corpusFiles(b) {
		src, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			if _, err := parse(src); err != nil {
				b.Fatal(err)
			}
		}
	}
}
