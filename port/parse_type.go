package port

// Type annotations and Python 3.12 type parameters.

// typ reads a type annotation: a type node holding an expression, a
// generic type (List[int]), a union of them, T.member after a generic
// type, or "T: bound".
func (p *parser) typ() { p.typeOf(true) }

// typeOf reads a type; constrained tells whether "T: bound" can be (not
// in a return type, where the colon ends the def's header).
func (p *parser) typeOf(constrained bool) {
	mark := p.here(xString)
	p.typeUnion(true)
	for {
		t := p.peek(p.after)
		switch {
		case p.is(t, ".") && !isExpressionType(p.kids[mark]):
			p.openAt(mark, "")
			p.leafNext()
			p.identifier()
			p.close("member_type", true)
		case p.is(t, ":") && constrained:
			p.openAt(mark, "")
			p.leafNext()
			p.typ()
			p.close("constrained_type", true)
		default:
			return
		}
		p.openAt(mark, "")
		p.close("type", true)
	}
}

// typeUnion reads a type; a generic type is followed by "| type" ones
// only when unions is set (they group to the left).
func (p *parser) typeUnion(unions bool) {
	p.enter()
	mark := p.here(xString)
	p.open()
	t := p.peek(xString)
	switch {
	case t.kind == tkName && !afterOperand()[p.text(t)] && p.is(p.second(p.after), "["):
		p.open()
		p.identifier()
		p.typeParameter()
		p.close("generic_type", true)
		p.close("type", true)
		for unions && p.is(p.peek(p.after), "|") {
			p.openAt(mark, "")
			p.leafNext()
			p.typeUnion(false)
			p.close("union_type", true)
			p.openAt(mark, "")
			p.close("type", true)
		}
		p.leave()
		return
	case (p.is(t, "*") || p.is(t, "**")) && p.splatType():
		p.open()
		p.leafNext()
		p.identifier()
		p.close("splat_type", true)
	default:
		p.expr(-1)
	}
	p.close("type", true)
	p.leave()
}

// isExpressionType reports whether the type node t holds an expression
// (which took any ".name" after it already).
func isExpressionType(t *node) bool {
	for _, k := range t.kids {
		switch k.kind {
		case "generic_type", "union_type", "member_type", "constrained_type", "splat_type":
			return false
		}
	}
	return true
}

// typeParameter reads "[type, ...]".
func (p *parser) typeParameter() {
	after, noCond := p.enterBrackets()
	p.open()
	p.expectOp(0, "[")
	for {
		p.typ()
		if !p.nextItem("]") {
			break
		}
	}
	p.expectOp(xClose, "]")
	p.close("type_parameter", true)
	p.after, p.noCond = after, noCond
}

// splatType reports whether the lookahead * or ** and the name after it
// are a splat_type (*Ts) rather than the start of an expression
// (*tuple[int, str]).
func (p *parser) splatType() bool {
	st := p.lx.save()
	defer p.lx.restore(st)
	if p.lexAhead(0).kind != tkName {
		return false
	}
	t := p.lexAhead(p.after)
	if prec, _ := p.binaryPrec(t); prec > 0 || p.isComparison(t) {
		return false
	}
	switch {
	case p.is(t, "["), p.is(t, "."), p.is(t, "("), p.is(t, "if"), p.is(t, "and"), p.is(t, "or"), p.is(t, "as"):
		return false
	}
	return true
}
