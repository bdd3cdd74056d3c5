package port

// Targets: what a for loop or an assignment binds. tree-sitter reads
// them as patterns (tuple_pattern, list_pattern, pattern_list, ...);
// the parser reads an expression and renames its nodes.

// targets reads the targets of a for loop or for clause: a pattern, or
// several as a pattern_list.
func (p *parser) targets() {
	mark := p.here(xString)
	p.target()
	if !p.is(p.peek(0), ",") {
		return
	}
	p.openAt(mark, "")
	for p.is(p.peek(0), ",") {
		p.leafNext()
		if t := p.peek(xString); !p.startsExpr(t) || p.is(t, "in") {
			break
		}
		p.target()
	}
	p.close("pattern_list", true)
}

// target reads one pattern: a name, attribute, subscript, *x, or a
// parenthesized or bracketed list of patterns.
func (p *parser) target() {
	p.primary()
	p.toPattern(p.kids[len(p.kids)-1])
}

// canPattern reports whether toPattern would accept n.
func canPattern(n *node) bool {
	switch n.kind {
	case "identifier", "attribute", "subscript":
		return true
	case "list_splat", "list_splat_pattern":
		for _, k := range n.kids {
			if k.named && k.kind != "comment" && k.kind != "line_continuation" &&
				k.kind != "identifier" && k.kind != "attribute" && k.kind != "subscript" {
				return false
			}
		}
		return true
	case "tuple", "parenthesized_expression", "tuple_pattern", "list", "list_pattern", "expression_list", "pattern_list":
		for _, k := range n.kids {
			if k.named && k.kind != "comment" && k.kind != "line_continuation" && !canPattern(k) {
				return false
			}
		}
		return true
	}
	return false
}

// toPattern turns an expression read where a pattern goes into the
// pattern tree-sitter reads there, or fails.
func (p *parser) toPattern(n *node) {
	switch n.kind {
	case "identifier", "attribute", "subscript":
	case "list_splat", "list_splat_pattern":
		p.setKind(n, "list_splat_pattern")
		for _, k := range n.kids {
			if k.named && k.kind != "comment" && k.kind != "line_continuation" &&
				k.kind != "identifier" && k.kind != "attribute" && k.kind != "subscript" {
				p.fail()
			}
		}
	case "tuple", "parenthesized_expression", "tuple_pattern":
		p.setKind(n, "tuple_pattern")
		p.patternKids(n)
	case "list", "list_pattern":
		p.setKind(n, "list_pattern")
		p.patternKids(n)
	case "expression_list", "pattern_list":
		p.setKind(n, "pattern_list")
		p.patternKids(n)
	default:
		p.fail()
	}
}

func (p *parser) patternKids(n *node) {
	for _, k := range n.kids {
		if k.named && k.kind != "comment" && k.kind != "line_continuation" {
			p.toPattern(k)
		}
	}
}

// hasLateStar reports whether a list or tuple in n has a starred item
// after its first one, and no comma before its closing bracket.
func hasLateStar(n *node) bool {
	var items []*node
	last := ""
	for _, k := range n.kids {
		if k.kind == "comment" || k.kind == "line_continuation" {
			continue
		}
		if k.named {
			items = append(items, k)
		}
		if k.kind != ")" && k.kind != "]" {
			last = k.kind
		}
	}
	switch n.kind {
	case "list", "tuple":
		if last != "," {
			for i, k := range items {
				if i > 0 && k.kind == "list_splat" {
					return true
				}
			}
		}
	case "parenthesized_expression", "expression_list":
	default:
		return false
	}
	for _, k := range items {
		if hasLateStar(k) {
			return true
		}
	}
	return false
}

// ---- compound statements
