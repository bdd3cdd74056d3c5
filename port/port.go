// Package port translates asyncore programs written in Python 2 or
// Python 3 into pyasync's Starlark.
//
// Translate handles the common shape of such programs: classes become
// subclass(...) calls whose methods are module-level functions named
// _Class_method (nested classes and computed class attributes included,
// private __names mangled); print statements and calls become print() or
// a write to the stream they named; b"", u"" and Python 2 literals become
// Starlark strings; % formats that Starlark's own % cannot do become
// sprintf; try/except/else/finally and raise become catch() and throw()
// (try.go, frame.go); with, simple generators, loops with an else clause
// and del get their Starlark forms; imports of predeclared modules are
// dropped; the body of `if __name__ == "__main__":` moves to the top
// level; names a function declares global live in a module-level dict.
// What it cannot translate stays in place, commented out under a
// "# TODO(port): ..." line, and is listed in Result.TODOs; where a
// translation may not do what the original did, Result.Warnings says so.
//
// The parser is pyasync's own, in Go (lex.go, parse*.go). It follows
// tree-sitter-python's grammar, which reads Python 2 and Python 3 alike,
// and builds the tree that grammar defines, with its node kinds and
// fields; a differential test checks it against tree-sitter-python
// itself. See PORTING.md for why and for each construct.
package port

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// TODO is one place the translator left for a person.
type TODO struct {
	Line int    // 1-based line in the original source
	What string // what was not translated, and what to do instead
}

// Warning is a place the translator did translate but where the
// translation may not do what the original did: a person should look.
type Warning struct {
	Line int    // 1-based line in the original source
	What string // what may differ, and what to check
}

// Result is a translation.
type Result struct {
	Output   string    // the Starlark program
	TODOs    []TODO    // in line order; empty for a full translation
	Warnings []Warning // in line order; a full translation may have some
	Python   int       // 2 or 3: the dialect the source was read as
}

// Options adjust a translation.
type Options struct {
	// Python forces the dialect (2 or 3); 0 guesses it from the source.
	// Python 2 sources get "//" for "/" between operands that are not
	// floats, and their plain string literals are bytes.
	Python int
	// Modules are the modules pyasync predeclares, whose imports need no
	// translation; nil means pyasync's first nine (asyncore, asynchat,
	// socket, errno, time, sys, os, os.path, signal).
	Modules Modules

	program *programContext // set by TranslateProgram: the file's program
	// classModule gives each class the attribute __module__, the name of
	// its module, as Python's class statement does: set when a module of
	// the program reads __module__.
	classModule bool
}

// Translate ports one Python source file. name is used only in messages.
func Translate(name string, src []byte, opts Options) (*Result, error) {
	return translateWith(parse, name, src, opts)
}

// translateWith is Translate with the parser given, so that a test can
// run the translation on another parser's tree.
func translateWith(read func([]byte) (*node, error), name string, src []byte, opts Options) (*Result, error) {
	root, err := read(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	t := newTranslator(src, root)
	t.py2 = opts.Python == 2 || (opts.Python == 0 && looksLikePython2(root, src))
	t.classModule = opts.classModule || bytes.Contains(src, []byte("__module__"))
	t.imp = newImporter(t, opts)
	t.analyseGlobals(root)
	t.analyseProgram(root)
	t.module(root)
	sort.SliceStable(t.todos, func(i, j int) bool { return t.todos[i].Line < t.todos[j].Line })
	sort.SliceStable(t.warnings, func(i, j int) bool { return t.warnings[i].Line < t.warnings[j].Line })
	r := &Result{Output: t.output(), TODOs: t.todos, Warnings: t.warnings, Python: 3}
	if t.py2 {
		r.Python = 2
	}
	return r, nil
}

// looksLikePython2 reports whether the source uses syntax only Python 2
// has: print or exec statements, "except E, e", backquotes, "<>", long
// integer literals, old octal literals or "raise E, msg".
func looksLikePython2(root *node, src []byte) bool {
	return root.find(false, func(n *node) bool {
		switch n.kind {
		case "print_statement", "exec_statement", "<>":
			return true
		case "except_clause":
			// Python 2: except E, e:   Python 3: except E as e:
			v := n.get("value")
			return v != nil && n.get("alias") != nil && !n.has("as")
		case "string":
			return strings.HasPrefix(text(src, n), "`")
		case "integer":
			s := text(src, n)
			return strings.HasSuffix(s, "L") || strings.HasSuffix(s, "l") || isOldOctal(s)
		case "raise_statement":
			for _, k := range n.kids {
				if k.kind == "expression_list" {
					return true
				}
			}
		}
		return false
	}) != nil
}

func text(src []byte, n *node) string { return string(src[n.start:n.end]) }

func isOldOctal(s string) bool {
	if len(s) < 2 || s[0] != '0' {
		return false
	}
	for _, c := range s[1:] {
		if c < '0' || c > '7' {
			return false
		}
	}
	return true
}
