package port

import "sync"

// Recovery from syntax errors: a statement that does not parse becomes an
// ERROR node holding what was read of it, the rest of its line and the
// indented block that follows, and parsing goes on after it.

// statement reads one statement, or an ERROR node in its place.
func (p *parser) statement(follow expect) {
	d := len(p.frames)
	p.open() // dissolved on success, the ERROR node on failure
	p.print, p.star, p.noCond, p.execError = false, false, false, false
	if p.attempts == 0 {
		p.undo = p.undo[:0]
	}
	depth, after := p.depth, p.after
	if p.try(func() { p.parseStatement(follow) }) {
		p.close("", false)
		return
	}
	p.depth, p.after = depth, after
	p.print, p.star, p.noCond, p.execError = false, false, false, false
	p.recoverAt(d)
	p.skipStatement()
	p.closeError()
}

// closeError closes the innermost node as an ERROR node. What it holds
// fills no field: it is not read as grammar.
func (p *parser) closeError() {
	f := p.frames[len(p.frames)-1]
	if f.start < 0 { // nothing was read
		p.close("", false)
		return
	}
	for _, k := range p.kids[f.from:] {
		p.setField(k, "")
	}
	p.close("ERROR", true)
}

// try runs f and reports whether it finished without a syntax error.
func (p *parser) try(f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, isSyntax := r.(syntaxError); !isSyntax {
				panic(r)
			}
			ok = false
		}
	}()
	f()
	return true
}

// recoverAt turns the nodes left open by a syntax error, above frame d,
// into children of frame d: what they held so far, with their own
// children, stays in the tree.
func (p *parser) recoverAt(d int) {
	f := &p.frames[d]
	for _, g := range p.frames[d+1:] {
		if g.start >= 0 {
			if f.start < 0 || g.start < f.start {
				f.start = g.start
			}
			if g.end > f.end {
				f.end = g.end
			}
		}
	}
	p.frames = p.frames[:d+1]
	// The lookahead was read for what the statement expected; it is read
	// again as the rest of the statement is skipped, outside any string
	// the error left open. When it is the statement's first token, it is
	// kept, so that skipping moves on.
	if f.start >= 0 {
		p.unread()
	}
	p.lx.delims = p.lx.delims[:0]
	p.lx.insideF = false
}

// skipStatement consumes the rest of a statement that does not parse: up
// to the end of the line (which its parent consumes) and, when an
// indented block follows, the block.
func (p *parser) skipStatement() {
	const x = xNewline | xIndent | xString
	for {
		t := p.peek(x)
		switch t.kind {
		case tkEOF, tkNewline, tkDedent:
			return
		case tkIndent:
			p.next()
			p.hidden(t)
			p.open()
			if p.depth < maxDepth {
				p.blockBody()
			} else {
				p.skipBlock()
			}
			p.close("block", true)
			return
		}
		p.skipToken(x)
	}
}

// skipBlock consumes an indented block, nested ones included, without
// reading its statements: past maxDepth.
func (p *parser) skipBlock() {
	const x = xNewline | xIndent | xDedent | xString
	level := 1
	for level > 0 {
		t := p.peek(x)
		switch t.kind {
		case tkEOF:
			return
		case tkIndent:
			level++
		case tkDedent:
			level--
		}
		p.skipToken(x)
	}
}

// skipToken consumes one token of a statement that does not parse.
func (p *parser) skipToken(x expect) {
	t := p.peek(x)
	switch t.kind {
	case tkStringStart:
		d, depth := len(p.frames), p.depth
		if p.try(func() { p.string() }) {
			return
		}
		p.depth = depth
		p.recoverAt(d - 1)
		if u := p.peek(x); u == t {
			// Not even the string's start could be read (too deep).
			p.next()
			p.leaf(u, "string_start", true)
			p.lx.delims = p.lx.delims[:0]
			p.lx.insideF = false
		}
		return
	case tkName:
		p.next()
		if isKeyword()[p.text(t)] {
			p.leaf(t, p.text(t), false)
		} else {
			p.leaf(t, "identifier", true)
		}
	case tkInt:
		p.next()
		p.leaf(t, "integer", true)
	case tkFloat:
		p.next()
		p.leaf(t, "float", true)
	case tkOp:
		p.next()
		p.leaf(t, p.text(t), false)
	case tkBad:
		p.next()
		p.leaf(t, "ERROR", true)
	default:
		p.next()
		p.hidden(t)
	}
}

// isKeyword are the words of the grammar that are never identifiers in
// Python 3.
var isKeyword = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"and": true, "as": true, "assert": true, "break": true, "class": true, "continue": true,
		"def": true, "del": true, "elif": true, "else": true, "except": true, "finally": true,
		"for": true, "from": true, "global": true, "if": true, "import": true, "in": true,
		"is": true, "lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true,
		"raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	}
})
