package port

import "sync"

// Tuples, lists, dictionaries, sets and comprehensions.

// nextItem reads the comma after an item of a bracketed list and reports
// whether another item follows: false at the end of the list, whether or
// not a trailing comma stands before close.
func (p *parser) nextItem(close string) bool {
	if !p.is(p.peek(xClose), ",") {
		return false
	}
	p.leafNext()
	return !p.is(p.peek(xString|xClose), close)
}

// enterBrackets sets the context for the inside of brackets and returns
// the one to restore.
func (p *parser) enterBrackets() (expect, bool) {
	after, noCond := p.after, p.noCond
	p.after, p.noCond = xClose, false
	return after, noCond
}

// paren reads (), (x), (x,), (x, y) and (x for ...).
func (p *parser) paren() {
	p.enter()
	after, noCond := p.enterBrackets()
	p.open()
	p.expectOp(xString, "(")
	kind := "tuple"
	if t := p.peek(xString | xClose); !p.is(t, ")") {
		mark := p.here(xString)
		p.firstElement(")")
		t = p.peek(xClose)
		switch {
		case p.isFor(t):
			p.setField(p.kids[mark], "body")
			p.comprehension()
			kind = "generator_expression"
		case p.is(t, ")"):
			kind = "parenthesized_expression"
		default:
			p.elements(")")
		}
	}
	p.expectOp(xClose, ")")
	p.close(kind, true)
	p.after, p.noCond = after, noCond
	p.leave()
}

// list reads [...] and list comprehensions.
func (p *parser) list() {
	p.enter()
	after, noCond := p.enterBrackets()
	p.open()
	p.expectOp(xString, "[")
	kind := "list"
	if t := p.peek(xString | xClose); !p.is(t, "]") {
		mark := p.here(xString)
		p.firstElement("]")
		if t := p.peek(xClose); p.isFor(t) {
			p.setField(p.kids[mark], "body")
			p.comprehension()
			kind = "list_comprehension"
		} else {
			p.elements("]")
		}
	}
	p.expectOp(xClose, "]")
	p.close(kind, true)
	p.after, p.noCond = after, noCond
	p.leave()
}

// brace reads dictionaries, sets and their comprehensions.
func (p *parser) brace() {
	p.enter()
	after, noCond := p.enterBrackets()
	p.open()
	p.expectOp(xString, "{")
	kind := "dictionary"
	if t := p.peek(xString | xClose); p.is(t, ",") {
		p.leafNext() // {,} is in the grammar
	} else if !p.is(t, "}") {
		mark := p.here(xString)
		isDict := p.is(t, "**")
		if isDict {
			p.dictSplat()
		} else {
			p.firstElement("}")
			if p.is(p.peek(xClose), ":") && p.kids[mark].kind != "list_splat" && p.kids[mark].kind != "yield" {
				p.pairFrom(mark)
				isDict = true
			}
		}
		t = p.peek(xClose)
		switch {
		case p.isFor(t):
			p.setField(p.kids[mark], "body")
			p.comprehension()
			kind = "set_comprehension"
			if isDict {
				kind = "dictionary_comprehension"
			}
		case isDict:
			for p.is(p.peek(xClose), ",") {
				p.leafNext()
				u := p.peek(xString | xClose)
				if p.is(u, "}") {
					break
				}
				if p.is(u, "**") {
					p.dictSplat()
					continue
				}
				m := p.here(xString)
				p.after = 0
				p.expr(-1)
				p.after = xClose
				p.pairFrom(m)
			}
		default:
			kind = "set"
			p.elements("}")
		}
	}
	p.expectOp(xClose, "}")
	p.close(kind, true)
	p.after, p.noCond = after, noCond
	p.leave()
}

// pairFrom reads ": value" after the key at p.kids[mark].
func (p *parser) pairFrom(mark int) {
	p.openAt(mark, "key")
	p.expectOp(0, ":")
	p.expr(-1)
	p.field("value")
	p.close("pair", true)
}

func (p *parser) dictSplat() {
	p.open()
	p.leafNext()
	p.expr(-1)
	p.close("dictionary_splat", true)
}

// element reads one element of a tuple, list or set: an expression, a
// yield, or *x.
func (p *parser) element() {
	t := p.peek(xString | xClose)
	switch {
	case p.is(t, "*"):
		p.open()
		p.leafNext()
		p.expr(-1)
		p.close("list_splat", true)
	case p.is(t, "yield"):
		p.yield()
	default:
		p.expr(-1)
	}
}

// firstElement reads the first element of a tuple, list or set. When it
// starts with *name, tree-sitter reads it two ways: as an expression in
// which *name is an operand ([*f()] holds a call of *f), which it keeps
// when the closing bracket follows, and as * before an expression, which
// it keeps when a comma or a for clause follows.
func (p *parser) firstElement(closing string) {
	t := p.peek(xString | xClose)
	if !p.is(t, "*") {
		p.element()
		return
	}
	if u := p.second(xString); u.kind != tkName || operandWords()[p.text(u)] {
		p.element()
		return
	}
	p.expr(-1)
	if !p.is(p.peek(xClose), closing) {
		p.unstar(p.kids[len(p.kids)-1])
	}
}

// operandWords are the keywords that can start an operand.
var operandWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"not": true, "lambda": true, "await": true, "yield": true, "True": true, "False": true, "None": true,
	}
})

// unstar turns e, the last child attached, an expression whose leftmost
// operand is *name, into * before that expression: the list_splat moves
// from the bottom of e's left edge to the top.
func (p *parser) unstar(e *node) {
	// The nodes down e's left edge, to the list_splat.
	var edge []*node
	s := e
	for s.kind != "list_splat" {
		edge = append(edge, s)
		if len(s.kids) == 0 {
			return
		}
		s = s.kids[0]
	}
	if s == e {
		return // *name alone reads the same both ways
	}
	name := s.kids[len(s.kids)-1]
	star := s.kids[:len(s.kids)-1] // "*" and any comments after it
	// name takes the list_splat's place.
	parent := edge[len(edge)-1]
	parent.kids[0] = name
	name.parent, name.field = parent, s.field
	for _, n := range edge {
		n.start = name.start
		p.place(n)
	}
	// A list_splat of e takes e's place.
	splat := p.newNode("list_splat", true, s.start, e.end)
	splat.kids = append(append([]*node(nil), star...), e)
	for _, k := range splat.kids {
		k.parent = splat
	}
	splat.field, e.field = e.field, ""
	p.kids[len(p.kids)-1] = splat
}

// elements reads ", element" up to the closing bracket.
func (p *parser) elements(closing string) {
	for p.is(p.peek(xClose), ",") {
		p.leafNext()
		if t := p.peek(xString | xClose); p.is(t, closing) {
			return
		}
		p.element()
	}
}

// isFor reports whether t starts a comprehension's for clause.
func (p *parser) isFor(t token) bool {
	return p.is(t, "for") || p.is(t, "async") && p.wordAfter(t.end) == "for"
}

// comprehension reads the for and if clauses of a comprehension.
func (p *parser) comprehension() {
	for {
		t := p.peek(p.after)
		switch {
		case p.isFor(t):
			p.forInClause()
		case p.is(t, "if"):
			p.open()
			p.leafNext()
			noCond := p.noCond
			p.noCond = true
			p.expr(-1)
			p.noCond = noCond
			p.close("if_clause", true)
		default:
			return
		}
	}
}

// forInClause reads "for targets in iterables".
func (p *parser) forInClause() {
	p.open()
	if t := p.peek(0); p.is(t, "async") {
		p.leafNext()
	}
	p.expectOp(0, "for")
	after := p.after
	p.after = 0
	p.targets()
	p.field("left")
	p.expectOp(0, "in")
	p.after = after
	noCond := p.noCond
	p.noCond = true
	p.expr(-1)
	p.field("right")
	for p.is(p.peek(p.after), ",") {
		p.leafNext()
		if !p.startsExpr(p.peek(xString|p.after)) || p.isKeywordAfter(p.peek(0)) {
			break
		}
		p.field("right")
		p.expr(-1)
		p.field("right")
	}
	p.noCond = noCond
	p.close("for_in_clause", true)
}

// isKeywordAfter reports whether t is a keyword that ends an operand
// list rather than starting an operand.
func (p *parser) isKeywordAfter(t token) bool {
	return t.kind == tkName && (p.is(t, "for") || p.is(t, "if") || p.is(t, "async") && p.wordAfter(t.end) == "for")
}
