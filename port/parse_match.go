package port

// The match statement (Python 3.10) and its patterns.

// matchStatement reads a match statement and reports true, or reads
// nothing and reports false when "match" starts another statement: the
// header must end in a colon and a line end.
func (p *parser) matchStatement(follow expect) bool {
	if !p.attempt(p.matchHeader) {
		return false
	}
	t := p.next() // INDENT, or NEWLINE for an empty block
	p.open()
	p.hidden(t)
	if t.kind == tkIndent {
		for {
			u := p.peek(xDedent)
			if u.kind == tkDedent {
				p.next()
				p.hidden(u)
				break
			}
			if u.kind == tkEOF {
				break
			}
			if !p.is(u, "case") {
				p.fail()
			}
			p.caseClause()
			p.field("alternative")
		}
	}
	p.close("block", true)
	p.field("body")
	p.close("match_statement", true)
	return true
}

// matchHeader reads "match subject, ...:" up to the line end.
func (p *parser) matchHeader() {
	p.open()
	p.extra = xString | xNewline
	p.leafNext()
	p.after = 0
	p.expr(-1)
	p.field("subject")
	for p.is(p.peek(0), ",") {
		p.leafNext()
		if p.is(p.peek(xString), ":") {
			break
		}
		p.expr(-1)
		p.field("subject")
	}
	p.expectOp(0, ":")
	if t := p.peek(xIndent | xNewline); t.kind != tkIndent && t.kind != tkNewline {
		p.fail()
	}
}

// caseClause reads "case pattern, ... [if guard]: body".
func (p *parser) caseClause() {
	p.open()
	p.leafNext()
	p.after = 0
	for {
		p.casePattern()
		if !p.is(p.peek(0), ",") {
			break
		}
		p.leafNext()
		if t := p.peek(xString); p.is(t, ":") || p.is(t, "if") {
			break
		}
	}
	if t := p.peek(0); p.is(t, "if") {
		p.open()
		p.leafNext()
		p.expr(-1)
		p.close("if_clause", true)
		p.field("guard")
	}
	p.expectOp(0, ":")
	p.suite("consequence")
	p.close("case_clause", true)
}

// casePattern reads a case_pattern: a keyword pattern (in a class
// pattern), a simple pattern or a union of them, and "as name" after it.
func (p *parser) casePattern() {
	p.enter()
	mark := p.here(xString)
	p.open()
	t := p.peek(xString)
	if t.kind == tkName && p.is(p.second(p.after), "=") {
		p.open()
		p.identifier()
		p.expectOp(0, "=")
		p.simplePattern()
		p.close("keyword_pattern", true)
	} else {
		p.unionPattern()
	}
	p.close("case_pattern", true)
	for p.is(p.peek(p.after), "as") {
		p.openAt(mark, "")
		p.leafNext()
		p.identifier()
		p.close("as_pattern", true)
		p.openAt(mark, "")
		p.close("case_pattern", true)
	}
	p.leave()
}

// unionPattern reads a simple pattern, or several joined by |.
func (p *parser) unionPattern() {
	mark := p.here(xString)
	p.simplePattern()
	if !p.is(p.peek(p.after), "|") {
		return
	}
	p.openAt(mark, "")
	for p.is(p.peek(p.after), "|") {
		p.leafNext()
		p.simplePattern()
	}
	p.close("union_pattern", true)
}

// simplePattern reads a literal, a capture or value name, a class
// pattern, *rest, or a bracketed sequence or mapping pattern.
func (p *parser) simplePattern() {
	p.enter()
	defer p.leave()
	mark := p.here(xString)
	t := p.peek(xString)
	switch {
	case t.kind == tkStringStart:
		p.strings()
	case p.is(t, "-") || t.kind == tkInt || t.kind == tkFloat:
		if p.is(t, "-") {
			p.leafNext()
		}
		p.number()
		if u := p.peek(p.after); p.is(u, "+") || p.is(u, "-") {
			p.openAt(mark, "")
			p.leafNext()
			p.number()
			p.close("complex_pattern", true)
		}
	case p.is(t, "True"):
		p.next()
		p.leaf(t, "true", true)
	case p.is(t, "False"):
		p.next()
		p.leaf(t, "false", true)
	case p.is(t, "None"):
		p.next()
		p.leaf(t, "none", true)
	case p.is(t, "_"):
		p.leafNext()
	case p.is(t, "*") || p.is(t, "**"):
		p.splatPattern()
	case p.is(t, "["):
		p.sequencePattern("[", "]", "list_pattern")
	case p.is(t, "("):
		p.sequencePattern("(", ")", "tuple_pattern")
	case p.is(t, "{"):
		p.dictPattern()
	case t.kind == tkName:
		p.dottedName(p.after)
		if p.is(p.peek(p.after), "(") {
			p.openAt(mark, "")
			after := p.after
			p.after = xClose
			p.leafNext()
			p.patternList(")")
			p.expectOp(xClose, ")")
			p.after = after
			p.close("class_pattern", true)
		}
	default:
		p.fail()
	}
}

func (p *parser) number() {
	t := p.peek(0)
	switch t.kind {
	case tkInt:
		p.next()
		p.leaf(t, "integer", true)
	case tkFloat:
		p.next()
		p.leaf(t, "float", true)
	default:
		p.fail()
	}
}

func (p *parser) splatPattern() {
	p.open()
	p.leafNext()
	if t := p.peek(0); p.is(t, "_") {
		p.leafNext()
	} else {
		p.identifier()
	}
	p.close("splat_pattern", true)
}

// sequencePattern reads [p, ...] or (p, ...).
func (p *parser) sequencePattern(open, close, kind string) {
	after := p.after
	p.after = xClose
	p.open()
	p.leafNext()
	p.patternList(close)
	p.expectOp(xClose, close)
	p.close(kind, true)
	p.after = after
}

// patternList reads case patterns separated by commas, up to closing.
func (p *parser) patternList(closing string) {
	if p.is(p.peek(xString|xClose), closing) {
		return
	}
	for {
		p.casePattern()
		if !p.nextItem(closing) {
			return
		}
	}
}

// dictPattern reads {key: pattern, **rest}.
func (p *parser) dictPattern() {
	after := p.after
	p.after = xClose
	p.open()
	p.leafNext()
	if !p.is(p.peek(xString|xClose), "}") {
		for {
			if t := p.peek(xString); p.is(t, "*") || p.is(t, "**") {
				p.splatPattern()
			} else {
				p.after = 0
				p.simplePattern()
				p.field("key")
				p.after = xClose
				p.expectOp(xString, ":")
				p.casePattern()
				p.field("value")
			}
			if !p.nextItem("}") {
				break
			}
		}
	}
	p.expectOp(xClose, "}")
	p.close("dict_pattern", true)
	p.after = after
}
