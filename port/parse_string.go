package port

// String literals: the pieces the scanner makes of them, and f-string
// interpolations.

// strings reads a string, or adjacent ones as a concatenated_string.
func (p *parser) strings() {
	mark := p.here(xString)
	p.string()
	if p.peek(p.after|xString).kind != tkStringStart {
		return
	}
	p.openAt(mark, "")
	for p.peek(p.after|xString).kind == tkStringStart {
		p.string()
	}
	p.close("concatenated_string", true)
}

// string reads one string literal, f-string interpolations included.
func (p *parser) string() {
	p.enter()
	p.open()
	t := p.peek(xString)
	if t.kind != tkStringStart {
		p.fail()
	}
	p.next()
	p.leaf(t, "string_start", true)
	x := xContent
	if n := len(p.lx.delims); n > 0 && p.lx.delims[n-1]&dFormat != 0 {
		x |= xEscInterp
	}
	content := false // a string_content node is open
	for {
		t := p.peek(x)
		switch t.kind {
		case tkContent, tkEscape, tkBackslash, tkEscInterp:
			if !content {
				p.open()
				content = true
			}
			p.next()
			switch t.kind {
			case tkContent:
				p.hidden(t)
			case tkEscape:
				p.leaf(t, "escape_sequence", true)
			case tkBackslash:
				p.leaf(t, "\\", false)
			default:
				p.leaf(t, "escape_interpolation", true)
			}
			continue
		}
		if content {
			p.close("string_content", true)
			content = false
		}
		switch {
		case t.kind == tkStringEnd:
			p.next()
			p.leaf(t, "string_end", true)
			p.close("string", true)
			p.leave()
			return
		case x&xEscInterp != 0 && p.is(t, "{"):
			p.interpolation("interpolation")
		default:
			p.fail()
		}
	}
}

// interpolation reads "{expr=!r:spec}" inside an f-string; kind is
// "format_expression" for one inside a format specifier.
func (p *parser) interpolation(kind string) {
	p.enter()
	after, noCond := p.after, p.noCond
	p.after, p.noCond = xClose, false
	p.open()
	p.expectOp(0, "{")
	if t := p.peek(xString); p.is(t, "yield") {
		p.yield()
	} else {
		p.expressions()
	}
	p.field("expression")
	t := p.peek(xClose)
	if p.is(t, "=") {
		p.next()
		p.leaf(t, "=", false)
		t = p.peek(xClose)
		if p.is(t, ":=") {
			p.split(1) // {x=:>10}: no named expression after "="
			t = p.tok
		}
	}
	if t.kind == tkConversion {
		p.next()
		p.leaf(t, "type_conversion", true)
		p.field("type_conversion")
		t = p.peek(xClose)
	}
	if p.is(t, ":") {
		p.open()
		p.next()
		p.leaf(t, ":", false)
		for {
			u := p.peek(xFormat)
			if u.kind == tkFormatText {
				p.next()
				p.hidden(u)
				continue
			}
			if p.is(u, "{") {
				p.interpolation("format_expression")
				continue
			}
			break
		}
		p.close("format_specifier", true)
		p.field("format_specifier")
	}
	p.expectOp(xClose, "}")
	p.close(kind, true)
	p.after, p.noCond = after, noCond
	p.leave()
}
