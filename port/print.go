package port

import (
	"strings"
)

// printStmt translates Python 2's print statement: "print a, b" is
// print(a, b); "print >>f, a" and "print a," (no newline) write to the
// stream instead.
func (t *translator) printStmt(n *node) string {
	var stream *node
	if c := firstKind(n, "chevron"); c != nil {
		if k := c.namedKids(); len(k) == 1 {
			stream = k[0]
		}
	}
	args := n.all("argument")
	if len(args) == 1 && stream == nil {
		// print(a, b) in Python 2 prints a tuple, but what was meant
		// (and what Python 3 does) is to print a and b.
		switch a := args[0]; a.kind {
		case "tuple":
			args = a.namedKids()
		case "parenthesized_expression":
			args = a.namedKids()
		}
	}
	trailing := len(n.kids) > 0 && n.kids[len(n.kids)-1].kind == ","
	if stream == nil && !trailing {
		return "print(" + t.exprList(args) + ")"
	}
	s := "sys.stdout"
	if stream != nil {
		s = t.expr(stream)
	}
	end := `\n`
	if trailing {
		end = " "
	}
	return t.write(s, args, " ", end)
}

// printCall translates print(..., file=f, end=e), which Starlark's print
// does not take, into a write to the stream.
func (t *translator) printCall(n *node) (string, bool) {
	fn := n.get("function")
	if fn.kind != "identifier" || t.text(fn) != "print" || t.isLocal("print") {
		return "", false
	}
	var args []*node
	var file, end, sep *node
	flush := false
	for _, a := range n.get("arguments").namedKids() {
		if a.kind != "keyword_argument" {
			args = append(args, a)
			continue
		}
		switch t.text(a.get("name")) {
		case "file":
			file = a.get("value")
		case "end":
			end = a.get("value")
		case "sep":
			sep = a.get("value")
		case "flush":
			flush = true
		}
	}
	if file == nil && end == nil && !flush {
		return "", false
	}
	if file == nil && end == nil { // only flush=: Starlark's print writes at once
		s := "print(" + t.exprList(args)
		if sep != nil {
			s += ", sep=" + t.expr(sep)
		}
		return s + ")", true
	}
	stream := "sys.stdout"
	if file != nil {
		stream = t.expr(file)
	}
	sepText, endText := " ", `\n`
	if sep != nil {
		in, ok := literalInner(t.expr(sep))
		if !ok {
			return t.joinWrite(stream, args, t.expr(sep), end), true
		}
		sepText = in
	}
	if end != nil {
		in, ok := literalInner(t.expr(end))
		if !ok {
			return t.joinWrite(stream, args, quote(" "), end), true
		}
		endText = in
	}
	return t.write(stream, args, sepText, endText), true
}

// write is stream.write("%s %s\n" % (a, b)), with sep and end as they go
// between double quotes. String literal arguments go into the format
// itself: print >>f, "got", n  ->  f.write("got %s\n" % n).
func (t *translator) write(stream string, args []*node, sep, end string) string {
	for _, a := range args {
		if a.kind == "list_splat" {
			t.fail("print(*args) to a stream: write \" \".join([str(a) for a in args])")
		}
	}
	pct := strings.NewReplacer("%", "%%")
	var format strings.Builder
	var values []*node
	for i, a := range args {
		if i > 0 {
			format.WriteString(pct.Replace(sep))
		}
		if a.kind == "string" {
			if in, ok := literalInner(t.expr(a)); ok {
				format.WriteString(pct.Replace(in))
				continue
			}
		}
		format.WriteString("%s")
		values = append(values, a)
	}
	format.WriteString(pct.Replace(end))
	f := `"` + format.String() + `"`
	switch len(values) {
	case 0:
		return stream + ".write(" + strings.ReplaceAll(f, "%%", "%") + ")"
	case 1:
		v := t.expr(values[0])
		switch a := values[0]; {
		case a.kind == "identifier" || a.kind == "attribute" || a.kind == "subscript" ||
			a.kind == "call" && !stringCalls[t.text(a.get("function"))]:
			// A value that may be a tuple at run time goes in a tuple of
			// its own, so that % formats it whole, as print does.
			v = "(" + v + ",)"
		case a.kind == "string" || a.kind == "integer" || a.kind == "float" || a.kind == "list" || a.kind == "dictionary" || a.kind == "call":
		default:
			v = "(" + v + ")"
		}
		return stream + ".write(" + f + " % " + v + ")"
	}
	return stream + ".write(" + f + " % (" + t.exprList(values) + "))"
}

// joinWrite writes with a separator or end that is not a literal.
func (t *translator) joinWrite(stream string, args []*node, sep string, end *node) string {
	var parts []string
	for _, a := range args {
		parts = append(parts, "str("+t.expr(a)+")")
	}
	e := `"\n"`
	if end != nil {
		e = t.expr(end)
	}
	return stream + ".write(" + sep + ".join([" + strings.Join(parts, ", ") + "]) + " + e + ")"
}

func (t *translator) exprList(args []*node) string {
	var parts []string
	for _, a := range args {
		parts = append(parts, t.expr(a))
	}
	return strings.Join(parts, ", ")
}

func firstKind(n *node, kind string) *node {
	for _, k := range n.kids {
		if k.kind == kind {
			return k
		}
	}
	return nil
}

// stringCalls are calls whose value is never a tuple.
var stringCalls = map[string]bool{"str": true, "repr": true, "len": true, "int": true, "sprintf": true, "float": true, "hex": true, "oct": true}
