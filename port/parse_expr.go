package port

import "sync"

// Expressions, following tree-sitter-python's precedences: lambda (-2),
// conditional (-1), as (0), or (10), and (11), not (12), comparisons
// (13), | (14), & (15), ^ (16), shifts (17), + - (18), * / // % @ (19),
// unary (20), ** (21), then calls, attributes and subscripts. Note that
// & binds less tightly than ^ there, unlike in Python.

// expr reads an expression (tree-sitter's "expression"): a lambda, a
// not, a comparison or something tighter, then the infix operators that
// bind at least as tightly as min. Conditional expressions are left out
// where p.noCond is set (the clauses of a comprehension).
func (p *parser) expr(min int) {
	p.enter()
	mark := p.here(xString)
	t := p.peek(xString)
	switch {
	case p.is(t, "lambda"):
		p.lambda()
	case p.is(t, "not"):
		p.open()
		p.next()
		p.leaf(t, "not", false)
		p.expr(12)
		p.field("argument")
		p.close("not_operator", true)
	default:
		p.comparison()
	}
	p.infix(mark, min)
	p.leave()
}

// infix reads the operators after the operand at p.kids[mark].
func (p *parser) infix(mark, min int) {
	for {
		t := p.peek(p.after)
		switch {
		case p.is(t, "and") && min <= 11, p.is(t, "or") && min <= 10:
			prec := 11
			if p.is(t, "or") {
				prec = 10
			}
			p.openAt(mark, "left")
			p.next()
			p.leaf(t, p.text(t), false)
			p.field("operator")
			p.expr(prec + 1)
			p.field("right")
			p.close("boolean_operator", true)
		case p.is(t, "as") && min <= 0:
			p.openAt(mark, "")
			p.next()
			p.leaf(t, "as", false)
			p.open()
			p.expr(1)
			p.close("as_pattern_target", true)
			p.field("alias")
			p.close("as_pattern", true)
		case p.is(t, "if") && min <= -1 && !p.noCond:
			p.openAt(mark, "")
			p.next()
			p.leaf(t, "if", false)
			after := p.after
			p.after = 0
			p.expr(-1)
			p.after = after
			p.expectOp(0, "else")
			p.expr(-1)
			p.close("conditional_expression", true)
		case p.is(t, ":=") && len(p.kids) == mark+1 && p.kids[mark].kind == "identifier":
			p.openAt(mark, "name")
			p.next()
			p.leaf(t, ":=", false)
			p.expr(-1)
			p.field("value")
			p.close("named_expression", true)
		case p.is(t, ":="):
			// Where no named expression can be, ":=" is ":" and "=".
			p.split(1)
			return
		default:
			return
		}
	}
}

// lambda reads "lambda params: body".
func (p *parser) lambda() {
	p.open()
	t := p.next()
	p.leaf(t, "lambda", false)
	if !p.is(p.peek(0), ":") {
		after := p.after
		p.after = 0
		p.open()
		p.parameterList(true)
		p.close("lambda_parameters", true)
		p.field("parameters")
		p.after = after
	}
	p.expectOp(0, ":")
	p.expr(-1)
	p.field("body")
	p.close("lambda", true)
}

// comparison reads a primary expression and the comparisons after it,
// all in one comparison_operator node: a < b <= c.
func (p *parser) comparison() {
	mark := p.here(xString)
	p.binary(0)
	opened := false
	for {
		t := p.peek(p.after)
		if !p.isComparison(t) {
			break
		}
		if !opened {
			p.openAt(mark, "")
			opened = true
		}
		p.next()
		switch p.text(t) {
		case "not":
			p.open()
			p.leaf(t, "not", false)
			p.expectOp(0, "in")
			p.close("not in", false)
		case "is":
			if u := p.peek(xString); p.is(u, "not") {
				p.open()
				p.leaf(t, "is", false)
				p.next()
				p.leaf(u, "not", false)
				p.close("is not", false)
			} else {
				p.leaf(t, "is", false)
			}
		default:
			p.leaf(t, p.text(t), false)
		}
		p.field("operators")
		p.binary(0)
	}
	if opened {
		p.close("comparison_operator", true)
	}
}

func (p *parser) isComparison(t token) bool {
	if t.kind != tkOp && t.kind != tkName {
		return false
	}
	switch p.text(t) {
	case "<", "<=", "==", "!=", ">=", ">", "<>":
		return t.kind == tkOp
	case "in", "not", "is":
		return t.kind == tkName
	}
	return false
}

// binaryPrec is the precedence of a binary operator, and whether it
// groups to the right; 0 for a token that is none.
func (p *parser) binaryPrec(t token) (int, bool) {
	if t.kind != tkOp {
		return 0, false
	}
	switch p.text(t) {
	case "|":
		return 14, false
	case "&":
		return 15, false
	case "^":
		return 16, false
	case "<<", ">>":
		return 17, false
	case "+", "-":
		return 18, false
	case "*", "@", "/", "%", "//":
		return 19, false
	case "**":
		return 21, true
	}
	return 0, false
}

// binary reads a primary expression with the binary operators that bind
// at least as tightly as min.
func (p *parser) binary(min int) {
	p.enter()
	mark := p.here(xString)
	p.unary()
	for {
		t := p.peek(p.after)
		prec, right := p.binaryPrec(t)
		if prec == 0 || prec < min {
			break
		}
		p.openAt(mark, "left")
		p.next()
		p.leaf(t, p.text(t), false)
		p.field("operator")
		if right {
			p.binary(prec)
		} else {
			p.binary(prec + 1)
		}
		p.field("right")
		p.close("binary_operator", true)
	}
	p.leave()
}

// unary reads -x, +x, ~x or a primary expression.
func (p *parser) unary() {
	t := p.peek(xString)
	if t.kind == tkOp && (p.is(t, "-") || p.is(t, "+") || p.is(t, "~")) {
		p.enter()
		p.open()
		p.next()
		p.leaf(t, p.text(t), false)
		p.field("operator")
		p.binary(21)
		p.field("argument")
		p.close("unary_operator", true)
		p.leave()
		return
	}
	p.primary()
}

// primary reads an atom and the calls, attributes and subscripts after it.
func (p *parser) primary() {
	p.enter()
	mark := p.here(xString)
	p.atom()
	p.postfix(mark)
	p.leave()
}

// postfix reads .name, (args) and [index] after the expression at
// p.kids[mark].
func (p *parser) postfix(mark int) {
	print := p.print && p.kids[mark].kind == "identifier"
	p.print = false
	for {
		t := p.peek(p.after)
		if t.kind != tkOp {
			return
		}
		switch p.text(t) {
		case ".":
			p.openAt(mark, "object")
			p.next()
			p.leaf(t, ".", false)
			p.identifier()
			p.field("attribute")
			p.close("attribute", true)
		case "(":
			p.openAt(mark, "function")
			p.print = print
			p.arguments()
			p.field("arguments")
			p.close("call", true)
		case "[":
			p.openAt(mark, "value")
			p.subscript()
			p.close("subscript", true)
		default:
			return
		}
	}
}

// identifier reads a name as an identifier, keywords included (after a
// dot, def, class, import...).
func (p *parser) identifier() {
	t := p.peek(0)
	if t.kind != tkName {
		p.fail()
	}
	p.next()
	p.leaf(t, "identifier", true)
}

// atom reads a name, a literal, a bracketed expression, *x or "...".
func (p *parser) atom() {
	t := p.peek(xString)
	switch t.kind {
	case tkName:
		switch p.text(t) {
		case "True":
			p.next()
			p.leaf(t, "true", true)
		case "False":
			p.next()
			p.leaf(t, "false", true)
		case "None":
			p.next()
			p.leaf(t, "none", true)
		case "await":
			p.await()
		default:
			p.next()
			p.leaf(t, "identifier", true)
			if p.execError {
				// exec code...: the code is an error after the name.
				p.execError = false
				p.open()
				if u := p.peek(xString | xNewline); u.kind == tkStringStart {
					p.string()
				} else {
					p.identifier()
				}
				p.closeError()
			}
		}
	case tkInt:
		p.next()
		p.leaf(t, "integer", true)
	case tkFloat:
		p.next()
		p.leaf(t, "float", true)
	case tkStringStart:
		p.strings()
	case tkOp:
		switch p.text(t) {
		case "(":
			p.paren()
		case "[":
			p.list()
		case "{":
			p.brace()
		case "*":
			// *x as an expression: the operand is a name (then calls
			// and attributes apply to the whole), or an attribute or
			// subscript.
			// *x as an expression: *name, then the calls and
			// attributes that follow apply to the whole; or * and an
			// operand with its attributes and subscripts (tree-sitter's
			// list_splat_pattern), calls applying to the whole.
			p.open()
			p.next()
			p.leaf(t, "*", false)
			u := p.peek(xString)
			mark := p.here(xString)
			if u.kind == tkName {
				p.identifier()
			} else {
				p.enter()
				p.atom()
				p.leave()
			}
			for p.star || u.kind != tkName {
				v := p.peek(p.after)
				if p.is(v, ".") {
					p.openAt(mark, "object")
					p.leafNext()
					p.identifier()
					p.field("attribute")
					p.close("attribute", true)
				} else if p.is(v, "[") {
					p.openAt(mark, "value")
					p.subscript()
					p.close("subscript", true)
				} else {
					break
				}
			}
			p.close("list_splat", true)
		case "...":
			p.next()
			p.leaf(t, "ellipsis", true)
		case "**":
			// Where ** cannot be, it is * and *.
			p.split(1)
			p.atom()
		default:
			p.fail()
		}
	default:
		p.fail()
	}
}

// await reads "await x", or "await" as a name when what follows cannot
// start an operand.
func (p *parser) await() {
	t := p.next()
	mark := len(p.kids)
	n := p.leaf(t, "await", false)
	u := p.peek(xString | p.after)
	if !p.startsPrimary(u) {
		n.kind, n.named = "identifier", true
		return
	}
	p.openAt(mark, "")
	p.binary(21)
	p.close("await", true)
}

// startsPrimary reports whether t can start a primary expression after
// a word that could also be a name.
func (p *parser) startsPrimary(t token) bool {
	if t.kind == tkName {
		return !afterOperand()[p.text(t)]
	}
	return p.startsExpr(t)
}

// afterOperand are the keywords that can follow an operand.
var afterOperand = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"not": true, "in": true, "is": true, "and": true, "or": true, "if": true,
		"else": true, "for": true, "as": true, "async": true,
	}
})

// startsExpr reports whether t can start an expression.
func (p *parser) startsExpr(t token) bool {
	switch t.kind {
	case tkName, tkInt, tkFloat, tkStringStart:
		return true
	case tkOp:
		switch p.text(t) {
		case "(", "[", "{", "-", "+", "~", "*", "...":
			return true
		}
	}
	return false
}

// yield reads "yield", "yield x, y" or "yield from x".
func (p *parser) yield() {
	p.open()
	p.leafNext()
	t := p.peek(xString | p.after)
	switch {
	case p.is(t, "from"):
		p.leafNext()
		p.expr(-1)
	case p.startsExpr(t):
		p.expressions()
	}
	p.close("yield", true)
}

// expressions reads an expression, or several separated by commas as an
// expression_list (tree-sitter's _expressions).
func (p *parser) expressions() {
	mark := p.here(xString)
	p.expr(-1)
	if !p.is(p.peek(p.after), ",") {
		return
	}
	p.openAt(mark, "")
	for p.is(p.peek(p.after), ",") {
		p.leafNext()
		if !p.startsExpr(p.peek(xString | p.after)) {
			break
		}
		p.expr(-1)
	}
	p.close("expression_list", true)
}

// arguments reads a call's argument list, or the generator expression
// that is its only argument.
func (p *parser) arguments() {
	p.enter()
	print := p.print
	p.print = false
	after, noCond := p.enterBrackets()
	p.open()
	p.expectOp(p.after, "(")
	kind := "argument_list"
	if t := p.peek(xString | xClose); p.is(t, ",") {
		p.leafNext() // f(,) is in the grammar
	} else if !p.is(t, ")") {
		mark := p.here(xString)
		p.argument(false)
		if t := p.peek(xClose); p.isFor(t) && p.kids[mark].kind != "keyword_argument" &&
			p.kids[mark].kind != "list_splat" && p.kids[mark].kind != "dictionary_splat" {
			p.setField(p.kids[mark], "body")
			p.comprehension()
			kind = "generator_expression"
		} else {
			for p.is(p.peek(xClose), ",") {
				p.leafNext()
				if p.is(p.peek(xString|xClose), ")") {
					break
				}
				p.argument(print)
			}
		}
	}
	p.expectOp(xClose, ")")
	p.close(kind, true)
	p.after, p.noCond = after, noCond
	p.leave()
}

// argument reads one argument: x, *x, **x or name=x. In print(a, *b.c())
// where a print statement could be (star set), tree-sitter reads *b.c
// as an operand of the call, as it does in no other call.
func (p *parser) argument(star bool) {
	t := p.peek(xString | xClose)
	switch {
	case star && p.is(t, "*") && p.second(xString).kind == tkName:
		p.star = true
		p.expr(-1)
		p.star = false
	case p.is(t, "*"):
		p.open()
		p.leafNext()
		p.expr(-1)
		p.close("list_splat", true)
	case p.is(t, "**"):
		p.dictSplat()
	default:
		mark := p.here(xString)
		p.expr(-1)
		if u := p.peek(xClose); p.is(u, "=") && len(p.kids) == mark+1 && p.kids[mark].kind == "identifier" {
			p.openAt(mark, "name")
			p.leafNext()
			p.expr(-1)
			p.field("value")
			p.close("keyword_argument", true)
		}
	}
}

// subscript reads "[index, ...]" after the subscripted value.
func (p *parser) subscript() {
	p.enter()
	after, noCond := p.enterBrackets()
	p.expectOp(p.after, "[")
	for {
		p.index()
		p.field("subscript")
		if !p.nextItem("]") {
			break
		}
	}
	p.expectOp(xClose, "]")
	p.after, p.noCond = after, noCond
	p.leave()
}

// index reads an expression or a slice: a:b:c, any part left out.
func (p *parser) index() {
	mark := p.here(xString)
	if t := p.peek(xString); !p.is(t, ":") {
		p.expr(-1)
		if !p.is(p.peek(xClose), ":") {
			return
		}
		p.openAt(mark, "")
	} else {
		p.open()
	}
	p.leafNext() // :
	if t := p.peek(xString | xClose); p.startsExpr(t) {
		p.expr(-1)
	}
	if t := p.peek(xClose); p.is(t, ":") {
		p.leafNext()
		if t := p.peek(xString | xClose); p.startsExpr(t) {
			p.expr(-1)
		}
	}
	p.close("slice", true)
}
