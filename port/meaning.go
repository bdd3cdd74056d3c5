package port

import "strings"

// The places where a translation that looks complete could quietly do
// something else than the original: a pyasync str holds bytes, so Python
// 3 code that took bytes apart as ints, or told bytes from str, needs a
// change or a look; and % formats built at run time need sprintf.

// ordOfBytes translates ord(b"."), in Python 3 the int a bytes item is
// compared with, into ".": indexing a pyasync str gives a 1-character
// string. When the value is used otherwise than in == or != (arithmetic,
// a table of ints), it stays ord("."), an int, with a warning.
func (t *translator) ordOfBytes(call, arg *node) (string, bool) {
	if t.py2 || arg.kind != "string" {
		return "", false
	}
	if !isBytesLiteral(t, arg) {
		return "", false
	}
	lit := t.expr(arg)
	if !t.comparedOnly(call) {
		t.warn(call, "%s stays an int, used otherwise than in == or !=: where Python 3 meets it with an item of bytes (an int), pyasync's item is a 1-character string; write ord(item) there", oneLine(t.text(call)))
		return "ord(" + lit + ")", true
	}
	return lit, true
}

// comparedOnly reports whether the value of n is only compared with ==,
// != or in: directly, or through the variable or attribute it is
// assigned to.
func (t *translator) comparedOnly(n *node) bool {
	p := n.parent
	for p != nil && p.kind == "parenthesized_expression" {
		n, p = p, p.parent
	}
	if p == nil {
		return false
	}
	if p.kind == "comparison_operator" {
		return equality(t, p)
	}
	if p.kind != "assignment" || n.field != "right" {
		return false
	}
	l := p.get("left")
	if !isDotted(l) {
		return false
	}
	name := lastName(t.text(l))
	ok := true
	t.root.find(false, func(m *node) bool {
		if !isDotted(m) || lastName(t.text(m)) != name || m.kind == "identifier" && m.parent.kind == "attribute" {
			return false
		}
		if m == l || m.field == "left" && m.parent.kind == "assignment" {
			return false // where it is set, not used
		}
		q := m.parent
		for q != nil && q.kind == "parenthesized_expression" {
			q = q.parent
		}
		if q == nil || q.kind != "comparison_operator" || !equality(t, q) {
			ok = false
		}
		return !ok
	})
	return ok
}

// equality reports whether a comparison uses only ==, !=, in, not in.
func equality(t *translator, c *node) bool {
	for _, k := range c.kids {
		if k.field == "operators" {
			switch oneLine(t.text(k)) {
			case "==", "!=", "in", "not in":
			default:
				return false
			}
		}
	}
	return true
}

// isinstanceBytes translates isinstance(x, bytes): data that Python 3
// keeps in bytes is a str in pyasync, so the test becomes one for str.
// Code that tells str from bytes cannot keep that difference: it is
// warned about.
func (t *translator) isinstanceBytes(call *node, argv []*node) (string, bool) {
	if len(argv) != 2 || t.isLocal("bytes") {
		return "", false
	}
	cls := argv[1]
	elems := []*node{cls}
	if cls.kind == "tuple" {
		elems = cls.namedKids()
	}
	hasBytes, hasStr := false, false
	var out []string
	seen := map[string]bool{}
	for _, e := range elems {
		s := t.expr(e)
		switch t.text(e) {
		case "bytes", "bytearray":
			hasBytes = true
			s = "str"
		case "str", "unicode", "basestring":
			hasStr = true
		}
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	if !hasBytes {
		if hasStr && !t.py2 && t.usesBytes() && !t.testsType(t.frame().scope, "bytes", "bytearray") {
			t.warn(call, "isinstance(..., str) holds for every pyasync str, data received from a socket too: where Python 3 has bytes here, this test says otherwise than the original")
		}
		return "", false
	}
	if !hasStr && t.testsType(t.frame().scope, "str", "unicode", "basestring") {
		t.warn(call, "isinstance(..., bytes) became isinstance(..., str): pyasync has one string type for text and bytes, so this test and the one for str elsewhere in the function now say the same")
	}
	c := out[0]
	if len(out) > 1 {
		c = "(" + strings.Join(out, ", ") + ")"
	}
	return "isinstance(" + t.expr(argv[0]) + ", " + c + ")", true
}

// usesBytes reports whether the module writes a bytes literal: Python 3
// code that makes bytes may tell them from str.
func (t *translator) usesBytes() bool {
	if t.bytesSeen == 0 {
		t.bytesSeen = -1
		if t.root.find(false, func(m *node) bool { return isBytesLiteral(t, m) }) != nil {
			t.bytesSeen = 1
		}
	}
	return t.bytesSeen > 0
}

// testsType reports whether code under scope calls isinstance(x, T)
// with one of the types named (str...).
func (t *translator) testsType(scope *node, types ...string) bool {
	return scope.find(false, func(m *node) bool {
		if m.kind != "call" || t.text(m.get("function")) != "isinstance" {
			return false
		}
		args := m.get("arguments").namedKids()
		if len(args) != 2 {
			return false
		}
		found := false
		args[1].find(false, func(k *node) bool {
			for _, ty := range types {
				found = found || k.kind == "identifier" && t.text(k) == ty
			}
			return found
		})
		return found
	}) != nil
}

// bytesItemCompare warns, in Python 3 code, about an item of a sequence
// compared with an int: if the sequence holds bytes, Python 3 gives an
// int there and pyasync a 1-character string.
func (t *translator) bytesItemCompare(n *node) {
	if t.py2 {
		return
	}
	ops := n.namedKids()
	for i, o := range ops {
		if o.kind != "subscript" || len(o.all("subscript")) != 1 || o.get("subscript").kind == "slice" {
			continue
		}
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(ops) {
				continue
			}
			other := ops[j]
			if other.kind == "call" && t.text(other.get("function")) == "ord" {
				args := other.get("arguments").namedKids()
				if len(args) == 1 && !isBytesLiteral(t, args[0]) {
					t.warn(n, "%s: if %s holds bytes, Python 3 compares an int here, but an item of a pyasync str is a 1-character string; compare with a string", oneLine(t.text(n)), oneLine(t.text(o.get("value"))))
				}
			}
		}
	}
}

// computedFormat is the sprintf call for "fmt % args" where fmt is not
// a literal but holds one that Starlark's % cannot do (' %-6s' * n, or a
// variable assigned such a format); ok is false otherwise.
func (t *translator) computedFormat(left, right *node) (string, bool) {
	needs := false
	if isDotted(left) {
		needs = t.program.formats[lastName(t.text(left))]
	} else {
		left.find(false, func(m *node) bool {
			if m.kind == "string" {
				if f, ok := t.formatLiteral(m); ok && needsSprintf(f) {
					needs = true
				}
			}
			return needs
		})
	}
	if !needs {
		return "", false
	}
	l := t.expr(left)
	switch {
	case right.kind == "tuple" || right.kind == "parenthesized_expression" || right.kind == "string" || right.kind == "integer":
		return "sprintf(" + l + ", " + t.formatArgs(right) + ")", true
	case right.kind == "dictionary" || right.kind == "attribute" && t.text(right.get("attribute")) == "__dict__":
		return "sprintf(" + l + ", " + t.expr(right) + ")", true // a mapping, for %(key)s
	case isDotted(right) && strings.Contains(t.text(left), "len("+t.text(right)+")"):
		return "sprintf(" + l + ", *" + t.expr(right) + ")", true
	}
	r := t.expr(right)
	return "sprintf(" + l + ", *(" + r + " if type(" + r + ") == \"tuple\" else (" + r + ",)))", true
}

// noteFormat records a variable or attribute assigned a format literal
// that needs sprintf.
func (t *translator) noteFormat(n *node) {
	if n.kind != "assignment" || n.get("right") == nil || !isDotted(n.get("left")) {
		return
	}
	if f, ok := t.formatLiteral(n.get("right")); ok && needsSprintf(f) && strings.Contains(f, "%") {
		t.program.formats[lastName(t.text(n.get("left")))] = true
	}
}

// isBytesLiteral reports whether n is a b"..." literal.
func isBytesLiteral(t *translator, n *node) bool {
	s := t.text(n)
	i := strings.IndexAny(s, `"'`)
	return n.kind == "string" && i > 0 && strings.ContainsAny(s[:i], "bB")
}
