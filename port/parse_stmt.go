package port

// Simple statements: the ones a line can hold several of, separated by
// semicolons.

// parseStatement reads one statement, or a line of simple statements.
func (p *parser) parseStatement(follow expect) {
	t := p.peek(follow)
	if t.kind == tkOp && p.is(t, "@") {
		p.decorated(follow)
		return
	}
	if t.kind == tkName {
		switch p.text(t) {
		case "if":
			p.ifStatement(follow)
			return
		case "for":
			p.forStatement(follow)
			return
		case "while":
			p.whileStatement(follow)
			return
		case "try":
			p.tryStatement(follow)
			return
		case "with":
			p.withStatement(follow)
			return
		case "def":
			p.functionDefinition(follow)
			return
		case "class":
			p.classDefinition(follow)
			return
		case "async":
			switch p.wordAfterOnLine(t.end) {
			case "def":
				p.functionDefinition(follow)
				return
			case "for":
				p.forStatement(follow)
				return
			case "with":
				p.withStatement(follow)
				return
			}
		case "match":
			if p.matchStatement(follow) {
				return
			}
		}
	}
	p.simpleStatements()
}

// simpleStatements reads simple statements separated by semicolons, to
// the end of the line.
func (p *parser) simpleStatements() {
	for {
		p.simpleStatement()
		t := p.peek(xNewline)
		if p.is(t, ";") {
			p.leafNext()
			t = p.peek(xNewline | xString)
			if t.kind != tkNewline && t.kind != tkEOF {
				continue
			}
		}
		switch t.kind {
		case tkNewline:
			p.next()
			p.hidden(t)
			return
		case tkEOF:
			return
		}
		p.fail()
	}
}

// simpleStatement reads one simple statement.
func (p *parser) simpleStatement() {
	p.after = xNewline
	t := p.peek(xString)
	if t.kind == tkName {
		switch p.text(t) {
		case "pass", "break", "continue":
			p.open()
			p.leafNext()
			p.close(p.text(t)+"_statement", true)
			return
		case "return":
			p.open()
			p.leafNext()
			if p.startsExpr(p.peek(xString | xNewline)) {
				p.expressions()
			}
			p.close("return_statement", true)
			return
		case "del":
			p.open()
			p.leafNext()
			p.expressions()
			p.close("delete_statement", true)
			return
		case "raise":
			p.raiseStatement()
			return
		case "global", "nonlocal":
			p.open()
			p.leafNext()
			p.identifier()
			for p.is(p.peek(xNewline), ",") {
				p.leafNext()
				p.identifier()
			}
			p.close(p.text(t)+"_statement", true)
			return
		case "import":
			p.importStatement()
			return
		case "from":
			p.fromStatement()
			return
		case "assert":
			p.open()
			p.leafNext()
			p.expr(-1)
			for p.is(p.peek(xNewline), ",") {
				p.leafNext()
				p.expr(-1)
			}
			p.close("assert_statement", true)
			return
		case "print":
			p.printStatement()
			return
		case "exec":
			if p.execStatement() {
				return
			}
			p.extra = xString | xNewline
		case "type":
			if p.attempt(p.typeAlias) {
				return
			}
			p.extra = xString | xNewline
		case "match":
			p.extra = xString | xNewline
		}
	}
	p.expressionStatement()
}

// raiseStatement reads "raise", "raise E", "raise E, msg" and
// "raise E from cause".
func (p *parser) raiseStatement() {
	p.open()
	p.leafNext()
	if t := p.peek(xString | xNewline); p.startsExpr(t) && !p.is(t, "from") {
		p.expressions()
	}
	if t := p.peek(xNewline); p.is(t, "from") {
		p.leafNext()
		p.expr(-1)
		p.field("cause")
	}
	p.close("raise_statement", true)
}

// printStatement reads Python 2's print statement, unless the line reads
// as an expression statement, which tree-sitter prefers: print(x) is a
// call. "print >>f, x" is always the statement.
func (p *parser) printStatement() {
	m := p.mark()
	p.open()
	t := p.next()
	p.leaf(t, "print", false)
	u := p.peek(xString | xNewline)
	if p.is(u, ">>") {
		p.open()
		p.leafNext()
		p.expr(-1)
		p.close("chevron", true)
		p.printArguments(false)
		p.close("print_statement", true)
		return
	}
	p.reset(m)
	if p.attempt(func() {
		p.extra = xString | xNewline
		p.print = true
		p.expressionStatement()
		if t := p.peek(xNewline); t.kind != tkNewline && t.kind != tkEOF && !p.is(t, ";") {
			p.fail()
		}
	}) {
		return
	}
	p.open()
	p.extra = xString | xNewline
	p.leafNext()
	p.printArguments(true)
	p.close("print_statement", true)
}

// printArguments reads the arguments of a print statement: the first
// without a comma before it when first is set, then ", x" and an
// optional trailing comma.
func (p *parser) printArguments(first bool) {
	if first {
		p.expr(-1)
		p.field("argument")
	}
	for p.is(p.peek(xNewline), ",") {
		p.leafNext()
		if !p.startsExpr(p.peek(xString | xNewline)) {
			return
		}
		p.expr(-1)
		p.field("argument")
	}
}

// execStatement reads Python 2's "exec code [in globals[, locals]]" and
// reports true. It reads nothing and reports false when exec is a name
// in an expression; when the code is a string or a name followed by
// more ("exec compile(s) in ns"), tree-sitter reads exec as a name and
// the code as an error, and so does the parser (see atom).
func (p *parser) execStatement() bool {
	code := false
	if p.attempt(func() {
		p.open()
		p.leafNext()
		u := p.peek(xString | xNewline)
		switch {
		case u.kind == tkStringStart:
			p.string()
		case u.kind == tkName && !afterOperand()[p.text(u)]:
			p.identifier()
		default:
			p.fail()
		}
		code = true
		p.field("code")
		if p.is(p.peek(xNewline), "in") {
			p.leafNext()
			p.expr(-1)
			for p.is(p.peek(xNewline), ",") {
				p.leafNext()
				p.expr(-1)
			}
		}
		if t := p.peek(xNewline); t.kind != tkNewline && t.kind != tkEOF && !p.is(t, ";") {
			p.fail()
		}
		p.close("exec_statement", true)
	}) {
		return true
	}
	p.execError = code
	return false
}

// typeAlias reads "type X = T" (Python 3.12), failing if the line is not
// one.
func (p *parser) typeAlias() {
	p.open()
	p.extra = xString | xNewline
	p.leafNext()
	p.after = 0
	p.typ()
	p.field("left")
	p.expectOp(0, "=")
	p.after = xNewline
	p.typ()
	p.field("right")
	if t := p.peek(xNewline); t.kind != tkNewline && t.kind != tkEOF && !p.is(t, ";") {
		p.fail()
	}
	p.close("type_alias_statement", true)
}

// importStatement reads "import a.b as c, d".
func (p *parser) importStatement() {
	p.open()
	p.leafNext()
	p.importList(false)
	p.close("import_statement", true)
}

// importList reads comma-separated dotted names with optional aliases
// (and a trailing comma), each filling the name field.
func (p *parser) importList(inParens bool) {
	x := xNewline
	if inParens {
		x = xClose
	}
	for {
		mark := p.here(0)
		p.dottedName(x)
		if t := p.peek(x); p.is(t, "as") {
			p.openAt(mark, "name")
			p.leafNext()
			p.identifier()
			p.field("alias")
			p.close("aliased_import", true)
		}
		p.field("name")
		if !p.is(p.peek(x), ",") {
			return
		}
		p.leafNext()
		if t := p.peek(x); t.kind != tkName {
			return
		}
	}
}

// dottedName reads a.b.c.
func (p *parser) dottedName(x expect) {
	p.open()
	p.identifier()
	for p.is(p.peek(x), ".") {
		p.leafNext()
		p.identifier()
	}
	p.close("dotted_name", true)
}

// fromStatement reads "from m import ...", relative and __future__
// imports included.
func (p *parser) fromStatement() {
	p.open()
	p.leafNext()
	kind := "import_from_statement"
	t := p.peek(0)
	switch {
	case t.kind == tkName && p.text(t) == "__future__":
		kind = "future_import_statement"
		p.leafNext()
	case p.is(t, ".") || p.is(t, "..."):
		p.open()
		p.open()
		for {
			t := p.peek(0)
			if p.is(t, ".") {
				p.leafNext()
				continue
			}
			if p.is(t, "...") {
				// "..." is three dots here.
				p.next()
				for i := 0; i < 3; i++ {
					p.leaf(token{tkOp, t.start + i, t.start + i + 1}, ".", false)
				}
				continue
			}
			break
		}
		p.close("import_prefix", true)
		if t := p.peek(0); t.kind == tkName && !p.is(t, "import") {
			p.dottedName(0)
		}
		p.close("relative_import", true)
		p.field("module_name")
	default:
		p.dottedName(0)
		p.field("module_name")
	}
	p.expectOp(0, "import")
	t = p.peek(0)
	switch {
	case p.is(t, "*") && kind == "import_from_statement":
		p.open()
		p.leafNext()
		p.close("wildcard_import", true)
	case p.is(t, "("):
		p.leafNext()
		after := p.after
		p.after = xClose
		p.importList(true)
		p.after = after
		p.expectOp(xClose, ")")
	default:
		p.importList(false)
	}
	p.close(kind, true)
}

// expressionStatement reads an expression statement or an assignment.
func (p *parser) expressionStatement() {
	p.open()
	mark := p.here(xString)
	t := p.peek(xString)
	if p.is(t, "yield") {
		p.yield()
		p.close("expression_statement", true)
		return
	}
	p.expr(-1)
	t = p.peek(xNewline)
	if p.is(t, ",") {
		comma := false
		for p.is(p.peek(xNewline), ",") {
			p.leafNext()
			comma = true
			if !p.startsExpr(p.peek(xString | xNewline)) {
				break
			}
			p.expr(-1)
			comma = false
		}
		t = p.peek(xNewline)
		if t.kind == tkNewline && p.targetsGoOn(mark, comma) {
			p.close("expression_statement", true)
			return
		}
	}
	if p.isAssignOp(t) || p.is(t, ":") {
		p.assignment(mark, false)
	}
	p.close("expression_statement", true)
}

// targetsGoOn handles a line end in "a, b" at the start of a statement.
// tree-sitter reads such a list two ways at once, as expressions and as
// the targets of an assignment, and the second reading sees no line end
// there, since targets need an "=": when the next lines complete the
// assignment ("a, b,\nc = f()"), that reading wins. comma tells whether
// the list ends with a comma.
func (p *parser) targetsGoOn(mark int, comma bool) bool {
	for _, k := range p.kids[mark:] {
		if k.named && !isExtra(k) && !canPattern(k) {
			return false
		}
	}
	// A reading that failed before fails again from any line end it
	// went past: it reads the same tokens from there.
	if p.tok.start < p.targetsFail {
		return false
	}
	far := 0
	if p.attempt(func() {
		defer func() { far = p.lx.pos }()
		p.unread()
		p.after = 0
		for {
			x := expect(0)
			if comma {
				x = xString
			}
			t := p.peek(x)
			switch {
			case p.isAssignOp(t) || p.is(t, ":"):
				p.after = xNewline
				p.assignment(mark, false)
				return
			case p.is(t, ","):
				p.leafNext()
				comma = true
			case comma:
				p.target()
				comma = false
			default:
				p.fail()
			}
		}
	}) {
		return true
	}
	p.targetsFail = max(p.targetsFail, far)
	return false
}

// isAssignOp reports whether t is = or an augmented assignment operator.
func (p *parser) isAssignOp(t token) bool {
	if t.kind != tkOp {
		return false
	}
	switch p.text(t) {
	case "=", "+=", "-=", "*=", "/=", "@=", "//=", "%=", "**=", ">>=", "<<=", "&=", "^=", "|=":
		return true
	}
	return false
}

// assignment reads "= value", "op= value" or ": type [= value]" after the
// targets at p.kids[mark:], which become patterns; nested is set for an
// assignment that is the value of another.
func (p *parser) assignment(mark int, nested bool) {
	if len(p.kids)-mark > 1 {
		p.openAt(mark, "")
		p.close("pattern_list", true)
	}
	p.toPattern(p.kids[mark])
	p.openAt(mark, "left")
	t := p.next()
	p.leaf(t, p.text(t), false)
	kind := "assignment"
	switch p.text(t) {
	case "=":
		p.rightHandSide(nested)
		p.field("right")
	case ":":
		p.typ()
		p.field("type")
		if p.is(p.peek(xNewline), "=") {
			p.leafNext()
			p.rightHandSide(nested)
			p.field("right")
		}
	default:
		p.field("operator")
		kind = "augmented_assignment"
		p.rightHandSide(nested)
		p.field("right")
	}
	p.close(kind, true)
}

// rightHandSide reads what is assigned: a yield, expressions, or another
// assignment (a = b = c). nested is set for the value of an assignment
// that is itself assigned (b = c in a = b = c).
func (p *parser) rightHandSide(nested bool) {
	t := p.peek(xString)
	if p.is(t, "yield") {
		p.yield()
		return
	}
	mark := p.here(xString)
	p.expressions()
	if t := p.peek(xNewline); p.isAssignOp(t) || p.is(t, ":") {
		p.assignment(mark, true)
		return
	}
	// tree-sitter can also read a list of values as a pattern_list, and
	// does when an element holds a list or tuple with a starred item
	// after its first ("x = [a, *b], c"), but for the value of a nested
	// assignment.
	if n := p.kids[mark]; !nested && n.kind == "expression_list" && canPattern(n) && hasLateStar(n) {
		p.toPattern(n)
	}
}
