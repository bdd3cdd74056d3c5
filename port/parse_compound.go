package port

// Compound statements: those with a block. follow is what the parser can
// accept after the statement: xString (another statement), plus xDedent
// inside a block.

// suite reads the body of a compound statement: an indented block, or
// simple statements on the same line, as a block node named field.
func (p *parser) suite(field string) {
	p.enter()
	t := p.peek(xIndent | xNewline | xString)
	switch t.kind {
	case tkIndent:
		p.next()
		p.hidden(t)
		p.open()
		p.blockBody()
		p.close("block", true)
	case tkNewline:
		p.open()
		p.next()
		p.hidden(t)
		p.close("block", true)
	default:
		p.open()
		p.statementLine()
		p.close("block", true)
	}
	if field != "" {
		p.field(field)
	}
	p.leave()
}

// statementLine reads simple statements after a colon, recovering from a
// syntax error as a statement does.
func (p *parser) statementLine() {
	d := len(p.frames)
	p.open()
	depth, after := p.depth, p.after
	if p.try(p.simpleStatements) {
		p.close("", false)
		return
	}
	p.depth, p.after = depth, after
	p.recoverAt(d)
	p.skipStatement()
	p.closeError()
	if t := p.peek(xNewline); t.kind == tkNewline {
		p.next()
		p.hidden(t)
	}
}

// blockBody reads the statements of an indented block and its DEDENT.
func (p *parser) blockBody() {
	for {
		t := p.peek(xString | xDedent)
		switch t.kind {
		case tkDedent:
			p.next()
			p.hidden(t)
			return
		case tkEOF:
			return
		case tkNewline:
			p.next()
			p.hidden(t)
			continue
		}
		p.statement(xString | xDedent)
		if t := p.peek(xString | xDedent); t.kind == tkNewline {
			p.next()
			p.hidden(t)
		}
	}
}

// condition reads "keyword condition :" for if, elif and while.
func (p *parser) condition() {
	p.leafNext()
	p.after = 0
	p.expr(-1)
	p.field("condition")
	p.expectOp(0, ":")
}

func (p *parser) ifStatement(follow expect) {
	p.open()
	p.condition()
	p.suite("consequence")
	for {
		t := p.peek(follow)
		if p.is(t, "elif") {
			p.open()
			p.condition()
			p.suite("consequence")
			p.close("elif_clause", true)
			p.field("alternative")
			continue
		}
		if p.is(t, "else") {
			p.elseClause()
			p.field("alternative")
		}
		break
	}
	p.close("if_statement", true)
}

func (p *parser) elseClause() {
	p.open()
	p.leafNext()
	p.expectOp(0, ":")
	p.suite("body")
	p.close("else_clause", true)
}

func (p *parser) forStatement(follow expect) {
	p.open()
	if p.is(p.peek(0), "async") {
		p.leafNext()
	}
	p.expectOp(0, "for")
	p.after = 0
	p.targets()
	p.field("left")
	p.expectOp(0, "in")
	p.expressions()
	p.field("right")
	p.expectOp(0, ":")
	p.suite("body")
	if p.is(p.peek(follow), "else") {
		p.elseClause()
		p.field("alternative")
	}
	p.close("for_statement", true)
}

func (p *parser) whileStatement(follow expect) {
	p.open()
	p.condition()
	p.suite("body")
	if p.is(p.peek(follow), "else") {
		p.elseClause()
		p.field("alternative")
	}
	p.close("while_statement", true)
}

func (p *parser) tryStatement(follow expect) {
	p.open()
	p.leafNext()
	p.expectOp(0, ":")
	p.suite("body")
	x := xExcept
	for {
		t := p.peek(x)
		switch {
		case p.is(t, "except"):
			p.exceptClause()
			x = xExcept | follow
			continue
		case p.is(t, "else") && x != xExcept:
			p.elseClause()
			x = follow
			continue
		case p.is(t, "finally"):
			p.open()
			p.leafNext()
			p.expectOp(0, ":")
			p.suite("")
			p.close("finally_clause", true)
			p.close("try_statement", true)
			return
		default:
			if x == xExcept {
				p.fail()
			}
			p.close("try_statement", true)
			return
		}
	}
}

// exceptClause reads "except", "except E", "except E as e",
// "except E, e" and Python 3.11's "except* E".
func (p *parser) exceptClause() {
	p.open()
	t := p.next()
	kind := "except_clause"
	if p.lx.at(t.end) == '*' {
		kind = "except_group_clause"
		t.end++
		p.leaf(t, "except*", false)
		p.lx.pos = t.end
	} else {
		p.leaf(t, "except", false)
	}
	p.after = 0
	if !p.is(p.peek(xString), ":") {
		p.expr(-1)
		if kind == "except_clause" {
			p.field("value")
		}
		if u := p.peek(0); p.is(u, ",") || p.is(u, "as") {
			p.leafNext()
			p.expr(-1)
			if kind == "except_clause" {
				p.field("alias")
			}
		}
	}
	p.expectOp(0, ":")
	p.suite("")
	p.close(kind, true)
}

func (p *parser) withStatement(follow expect) {
	p.open()
	if p.is(p.peek(0), "async") {
		p.leafNext()
	}
	p.expectOp(0, "with")
	p.after = 0
	if !p.is(p.peek(xString), "(") || !p.attempt(p.parenthesizedWithClause) {
		p.open()
		for {
			p.withItem()
			if !p.is(p.peek(0), ",") {
				break
			}
			p.leafNext()
			if p.is(p.peek(xString), ":") {
				break
			}
		}
		p.close("with_clause", true)
	}
	p.expectOp(0, ":")
	p.suite("body")
	p.close("with_statement", true)
}

// parenthesizedWithClause reads "(a as b, c as d)" as a with clause of
// several items; tree-sitter prefers it to a tuple when it has two items
// or more, and reads one item in parentheses as an expression.
func (p *parser) parenthesizedWithClause() {
	p.open()
	p.leafNext()
	after := p.after
	p.after = xClose
	items := 0
	for {
		p.withItem()
		items++
		if !p.nextItem(")") {
			break
		}
	}
	p.expectOp(xClose, ")")
	p.after = after
	if items < 2 || !p.is(p.peek(0), ":") {
		p.fail()
	}
	p.close("with_clause", true)
}

func (p *parser) withItem() {
	p.open()
	p.expr(-1)
	p.field("value")
	p.close("with_item", true)
}

func (p *parser) functionDefinition(follow expect) {
	p.open()
	if p.is(p.peek(0), "async") {
		p.leafNext()
	}
	p.expectOp(0, "def")
	p.identifier()
	p.field("name")
	if p.is(p.peek(0), "[") {
		p.typeParameter()
		p.field("type_parameters")
	}
	p.parameters()
	p.field("parameters")
	if t := p.peek(0); p.is(t, "->") {
		p.leafNext()
		p.after = 0
		p.typeOf(false)
		p.field("return_type")
	}
	p.expectOp(0, ":")
	p.suite("body")
	p.close("function_definition", true)
}

// parameters reads "(a, b=1, *args, **kw)".
func (p *parser) parameters() {
	p.enter()
	after := p.after
	p.after = xClose
	p.open()
	p.expectOp(0, "(")
	if !p.is(p.peek(xClose), ")") {
		p.parameterList(false)
	}
	p.expectOp(xClose, ")")
	p.close("parameters", true)
	p.after = after
	p.leave()
}

// parameterList reads parameters separated by commas, a trailing comma
// included; in a lambda, a colon ends them and none has a type.
func (p *parser) parameterList(lambda bool) {
	for {
		p.parameter(lambda)
		if !p.is(p.peek(p.after), ",") {
			return
		}
		p.leafNext()
		if t := p.peek(p.after); p.is(t, ")") || p.is(t, ":") {
			return
		}
	}
}

// parameter reads one parameter.
func (p *parser) parameter(lambda bool) {
	t := p.peek(p.after)
	mark := p.here(p.after)
	switch {
	case p.is(t, "*") || p.is(t, "**"):
		p.open()
		p.leafNext()
		if u := p.peek(p.after); u.kind != tkName {
			if p.is(t, "**") {
				p.fail()
			}
			p.close("keyword_separator", true)
			return
		}
		p.identifier()
		if p.is(t, "*") {
			p.close("list_splat_pattern", true)
		} else {
			p.close("dictionary_splat_pattern", true)
		}
		if !lambda && p.is(p.peek(p.after), ":") {
			p.openAt(mark, "")
			p.leafNext()
			p.typ()
			p.field("type")
			p.close("typed_parameter", true)
		}
		return
	case p.is(t, "/"):
		p.open()
		p.leafNext()
		p.close("positional_separator", true)
		return
	case p.is(t, "("):
		p.paren()
		p.toPattern(p.kids[mark])
	default:
		p.identifier()
	}
	u := p.peek(p.after)
	switch {
	case !lambda && p.is(u, ":") && p.kids[mark].kind == "identifier":
		p.openAt(mark, "")
		p.leafNext()
		p.typ()
		p.field("type")
		if p.is(p.peek(p.after), "=") {
			p.setField(p.kids[mark], "name")
			p.leafNext()
			p.expr(-1)
			p.field("value")
			p.close("typed_default_parameter", true)
			return
		}
		p.close("typed_parameter", true)
	case p.is(u, "="):
		p.openAt(mark, "name")
		p.leafNext()
		p.expr(-1)
		p.field("value")
		p.close("default_parameter", true)
	}
}

func (p *parser) classDefinition(follow expect) {
	p.open()
	p.leafNext()
	p.identifier()
	p.field("name")
	if p.is(p.peek(0), "[") {
		p.typeParameter()
		p.field("type_parameters")
	}
	if p.is(p.peek(0), "(") {
		p.after = 0
		p.arguments()
		p.field("superclasses")
	}
	p.expectOp(0, ":")
	p.suite("body")
	p.close("class_definition", true)
}

// decorated reads decorators and the function or class they decorate.
func (p *parser) decorated(follow expect) {
	p.open()
	for p.is(p.peek(0), "@") {
		p.open()
		p.leafNext()
		p.after = xNewline
		p.expr(-1)
		t := p.peek(xNewline)
		if t.kind != tkNewline {
			p.fail()
		}
		p.next()
		p.hidden(t)
		p.close("decorator", true)
	}
	t := p.peek(0)
	switch {
	case p.is(t, "def") || p.is(t, "async") && p.wordAfter(t.end) == "def":
		p.functionDefinition(follow)
	case p.is(t, "class"):
		p.classDefinition(follow)
	default:
		p.fail()
	}
	p.field("definition")
	p.close("decorated_definition", true)
}
