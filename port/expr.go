package port

import (
	"math/big"
	"strings"
	"sync"
)

// renamed are Python 2 built-ins with a Starlark name; "" marks one that
// has none in pyasync (the statement is left as a TODO).
var renamed = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"xrange":     "range",
		"unicode":    "str",
		"basestring": "str",
		"long":       "int",
		"frozenset":  "set", // Starlark has no frozen set; the values are the same
		"raw_input":  "input",
	}
})

// python2Only are built-ins Python 3 no longer has. In Python 3 code a
// name of these that the program does not define is a NameError where
// it runs (compatibility modules test for them: try: file ... except
// NameError:); Starlark would refuse the whole file, so the translation
// raises the NameError there instead.
var python2Only = map[string]bool{
	"file": true, "reduce": true, "execfile": true, "reload": true, "cmp": true,
	"apply": true, "buffer": true, "intern": true, "coerce": true,
}

// expr translates an expression (or any node inside one).
func (t *translator) expr(n *node) string {
	switch n.kind {
	case "string":
		return t.stringLit(n)
	case "concatenated_string":
		return t.concatenated(n)
	case "integer":
		return t.integer(n)
	case "identifier":
		return t.identifier(n)
	case "attribute":
		if s, ok := t.libAttribute(n); ok {
			return s
		}
		if s, ok := t.dictOf(n); ok {
			return s
		}
		if obj := n.get("object"); t.text(n.get("attribute")) == "__name__" && obj.kind == "call" && t.text(obj.get("function")) == "type" &&
			len(obj.get("arguments").namedKids()) == 1 && !t.isLocal("type") {
			return t.expr(obj) // pyasync's type(x) is the name of x's class
		}
		return t.splice(n, func(k *node) bool { return k.field == "attribute" })
	case "keyword_argument":
		return t.splice(n, func(k *node) bool { return k.field == "name" })
	case "comparison_operator":
		return t.comparison(n)
	case "binary_operator":
		return t.binary(n)
	case "call":
		return t.call(n)
	case "subscript":
		// Python 2: why[0] of an exception is why.args[0]
		if v := n.get("value"); t.py2 && v.kind == "identifier" && t.isAlias(t.text(v)) {
			s := t.splice(n, nil)
			return s[:len(t.expr(v))] + ".args" + s[len(t.expr(v)):]
		}
	case "set", "set_comprehension":
		inner := t.splice(n, nil)
		return "set([" + inner[1:len(inner)-1] + "])"
	case "generator_expression":
		inner := t.splice(n, nil)
		inner = inner[1 : len(inner)-1]
		if n.field == "arguments" {
			return "([" + inner + "])"
		}
		return "[" + inner + "]"
	case "parameters", "lambda_parameters":
		return t.parameters(n)
	case "default_parameter":
		return t.splice(n, func(k *node) bool { return k.field == "name" })
	case "typed_parameter":
		return t.text(n.kids[0])
	case "typed_default_parameter":
		return t.text(n.get("name")) + "=" + t.expr(n.get("value"))
	case "list_splat_pattern", "dictionary_splat_pattern":
		return t.text(n)
	case "list_splat", "dictionary_splat":
		if p := n.parent; p != nil && p.kind != "argument_list" {
			t.fail("unpacking with * or ** inside a literal: build it with + or update()")
		}
	case "positional_separator", "keyword_separator":
		return t.text(n)
	case "float":
		if strings.HasSuffix(t.text(n), "j") || strings.HasSuffix(t.text(n), "J") {
			t.fail("complex numbers: no Starlark equivalent")
		}
		return strings.ReplaceAll(t.text(n), "_", "")
	case "yield":
		t.fail("yield: Starlark has no generators; build and return a list")
	case "await":
		t.fail("await: no Starlark equivalent")
	case "named_expression":
		t.fail("an assignment expression (:=): assign on a line of its own")
	case "ellipsis":
		t.fail("Ellipsis: no Starlark equivalent")
	case "ERROR":
		t.fail("the parser could not read this")
	case "<>":
		return "!="
	}
	return t.splice(n, nil)
}

// classBoundHere reports whether the class attribute n names is bound
// where n is: a read before the class body binds it is the global.
func (t *translator) classBoundHere(n *node) bool {
	at, ok := t.classBound[t.text(n)]
	return !ok || n.start >= at || isTarget(n)
}

// identifier renames Python 2 built-ins and moves names declared global
// into _globals.
func (t *translator) identifier(n *node) string {
	name := t.mangle(safeName(t.text(n)), t.mangleClass)
	if t.classNames != nil && !t.isLocal(name) {
		if v := t.classNames[t.text(n)]; v != "" && t.classBoundHere(n) {
			return v
		}
	}
	if v := t.hoisted[name]; v != "" && t.mangleClass != nil && len(t.scopes) == 0 && !isTarget(n) {
		// a class body reads a class hoisted before it out of the same
		// statement, whose name is bound only where the statement runs
		return v
	}
	if v := t.deferred[name]; v != "" && !t.isLocal(name) {
		return v
	}
	if t.isGlobalRef(name) {
		t.usedGlobals = true
		return `_globals["` + name + `"]`
	}
	if r, ok := renamed()[name]; ok && !t.isLocal(name) {
		// the built-in, unless the program binds the name itself
		// (long = int in a compatibility module) and this is not a read
		// of the built-in before the binding (long = long)
		at, bound := t.firstBinding(name)
		if !bound || (len(t.scopes) == 0 && n.start < at && !isTarget(n)) {
			return r
		}
		return name
	}
	if !t.isLocal(name) && !t.boundInModule(name) {
		switch {
		case t.py2 && name == "input":
			t.fail("input: Python 2's evaluates the line it reads; read it with input() (Python 2's raw_input) and convert it")
		case !t.py2 && python2Only[name]:
			return `throw(NameError("name '` + name + `' is not defined"))`
		case name == "memoryview":
			t.fail("memoryview: pyasync has no memory views; slice the str or bytearray (a copy)")
		}
	}
	return name
}

// isTarget reports whether identifier n is (part of) what an
// assignment or a for loop binds.
func isTarget(n *node) bool {
	for k := n; k.parent != nil; k = k.parent {
		switch p := k.parent; p.kind {
		case "assignment", "augmented_assignment", "for_statement", "for_in_clause":
			return k == p.get("left")
		case "expression_statement", "block", "module":
			return false
		}
	}
	return false
}

// integer drops Python 2's L suffix and spells old octals 0o.
func (t *translator) integer(n *node) string {
	s := strings.ReplaceAll(strings.TrimRight(t.text(n), "lL"), "_", "")
	if isOldOctal(s) {
		return "0o" + s[1:]
	}
	if strings.HasSuffix(s, "j") || strings.HasSuffix(s, "J") {
		t.fail("complex numbers: no Starlark equivalent")
	}
	return s
}

// comparison spells "is" as "==", "is not" and "<>" as "!=", and splits
// chained comparisons, which Starlark does not have.
func (t *translator) comparison(n *node) string {
	var operands []string
	var ops []string
	pos := n.start
	var b strings.Builder
	for _, k := range n.kids {
		b.WriteString(t.gap(string(t.src[pos:k.start])))
		pos = k.end
		if k.field == "operators" {
			op := t.text(k)
			switch op {
			case "is":
				op = "=="
			case "is not":
				op = "!="
			case "<>":
				op = "!="
			}
			if strings.Contains(op, " ") && op != "not in" && op != "is not" {
				op = oneLine(op) // "not   in"
			}
			ops = append(ops, op)
			b.WriteString(op)
			continue
		}
		e := t.expr(k)
		if k.named && k.kind != "comment" {
			operands = append(operands, e)
		}
		b.WriteString(e)
	}
	b.WriteString(string(t.src[pos:n.end]))
	t.bytesItemCompare(n)
	if len(ops) < 2 {
		return b.String()
	}
	// a < b < c  ->  a < b and b < c; the middle operands must be simple,
	// since Python evaluates them once. One that is not (0 <= int(x) <=
	// 7) is evaluated once, as the argument of a lambda that makes the
	// comparisons, when what is evaluated before it in Python cannot
	// tell the difference (no call there).
	middle := -1
	for i, o := range operands[1 : len(operands)-1] {
		if !strings.ContainsAny(o, "()[]") {
			continue
		}
		earlier := strings.Join(operands[:i+1], " ")
		if middle >= 0 || strings.ContainsAny(earlier, "()[]") {
			t.fail("a chained comparison with calls in the middle: split it by hand")
			break
		}
		middle = i + 1
	}
	var value string
	if middle > 0 {
		value = operands[middle]
		operands[middle] = t.pick("middle")
	}
	var parts []string
	for i, op := range ops {
		parts = append(parts, operands[i]+" "+op+" "+operands[i+1])
	}
	s := strings.Join(parts, " and ")
	if middle > 0 {
		return "(lambda " + operands[middle] + ": " + s + ")(" + value + ")"
	}
	if p := n.parent; p != nil && p.kind != "if_statement" && p.kind != "elif_clause" && p.kind != "while_statement" &&
		p.kind != "expression_statement" && p.kind != "assignment" && p.kind != "return_statement" && p.kind != "parenthesized_expression" {
		s = "(" + s + ")"
	}
	return s
}

// binary handles % formatting and Python 2's integer division.
func (t *translator) binary(n *node) string {
	op := n.get("operator")
	left, right := n.get("left"), n.get("right")
	if op == nil || left == nil || right == nil {
		return t.splice(n, nil)
	}
	switch t.text(op) {
	case "**":
		if v, ok := t.power(left, right); ok {
			return v
		}
		t.fail("** has no Starlark operator: multiply, or write the constant")
	case "@":
		t.fail("@ (matrix multiplication): no Starlark equivalent")
	case "%":
		if f, ok := t.formatLiteral(left); ok && needsSprintf(f) {
			return "sprintf(" + t.expr(left) + ", " + t.formatArgs(right) + ")"
		}
		if _, lit := t.formatLiteral(left); !lit {
			if s, ok := t.computedFormat(left, right); ok {
				return s
			}
		}
	case "/":
		if t.py2 && !t.floaty(left) && !t.floaty(right) {
			return t.gapJoin(n, t.expr(left), "//", t.expr(right))
		}
	}
	return t.splice(n, nil)
}

// gapJoin rebuilds a binary expression with a new operator, keeping the
// spacing of the source.
func (t *translator) gapJoin(n *node, l, op, r string) string {
	o := n.get("operator")
	return l + t.gap(string(t.src[n.get("left").end:o.start])) + op + t.gap(string(t.src[o.end:n.get("right").start])) + r
}

// floaty reports whether an operand is visibly a float: a float literal
// or a call to float().
func (t *translator) floaty(n *node) bool {
	return n.find(false, func(m *node) bool {
		return m.kind == "float" || (m.kind == "call" && t.text(m.get("function")) == "float") ||
			(m.kind == "call" && t.text(m.get("function")) == "time.time")
	}) != nil
}

// formatArgs is the arguments of sprintf for the right operand of %: a
// tuple's items, or the one value.
func (t *translator) formatArgs(right *node) string {
	if right.kind == "tuple" {
		s := t.expr(right)
		s = strings.TrimSpace(s[1 : len(s)-1])
		return strings.TrimSuffix(s, ",")
	}
	if right.kind == "parenthesized_expression" {
		s := t.expr(right)
		return s[1 : len(s)-1]
	}
	return t.expr(right)
}

// formatLiteral is the text of a format string literal, when the left
// operand of % is one.
func (t *translator) formatLiteral(n *node) (string, bool) {
	switch n.kind {
	case "string":
		return t.text(n), true
	case "concatenated_string":
		var b strings.Builder
		for _, k := range n.namedKids() {
			b.WriteString(t.text(k))
		}
		return b.String(), true
	case "parenthesized_expression":
		if inner := n.namedKids(); len(inner) == 1 {
			return t.formatLiteral(inner[0])
		}
	}
	return "", false
}

// needsSprintf reports whether a format uses what Starlark's % lacks:
// flags, width, precision, a length modifier, %(key)s, %u or %a.
func needsSprintf(f string) bool {
	for i := 0; i < len(f); i++ {
		if f[i] != '%' {
			continue
		}
		i++
		if i >= len(f) {
			return false
		}
		switch c := f[i]; {
		case c == '%':
		case strings.IndexByte("srdioxXeEfFgGc", c) >= 0:
		default:
			return true
		}
	}
	return false
}

// call handles the calls whose Starlark spelling differs.
func (t *translator) call(n *node) string {
	fn, args := n.get("function"), n.get("arguments")
	if fn == nil || args == nil {
		return t.splice(n, nil)
	}
	argv := args.namedKids()
	if fn.kind == "identifier" && t.text(fn) == "frozenset" && !t.isLocal("frozenset") && len(argv) == 1 && argv[0].kind == "call" &&
		t.text(argv[0].get("function")) == "sorted" && len(argv[0].get("arguments").namedKids()) == 1 {
		// a memoizing key (frozenset(sorted(kwargs.items()))): a Starlark set
		// cannot be hashed; the tuple of its sorted items can, and two are
		// equal when the sets are
		return "tuple(sorted(set(" + t.expr(argv[0].get("arguments").namedKids()[0]) + ")))"
	}
	if fn.kind == "attribute" {
		obj, attr := fn.get("object"), t.text(fn.get("attribute"))
		switch {
		case attr == "has_key" && len(argv) == 1:
			s := t.expr(argv[0]) + " in " + t.expr(obj)
			if needsParens(n) {
				s = "(" + s + ")"
			}
			return s
		case (attr == "iteritems" || attr == "itervalues" || attr == "iterkeys") && len(argv) == 0:
			return t.expr(obj) + "." + strings.TrimPrefix(attr, "iter") + "()"
		case (attr == "encode" || attr == "decode") && len(argv) <= 2 && !((t.text(obj) == "self" || t.text(obj) == "cls") && t.definesMethod(attr)):
			// pyasync's str holds bytes; recv and send take it as it is.
			return t.expr(obj)
		case obj.kind == "call" && t.text(obj.get("function")) == "super":
			if s, ok := t.super(obj, attr, args); ok {
				return s
			}
		}
		if s, ok := t.libCall(n, obj, attr, argv); ok {
			return s
		}
	}
	if fn.kind == "identifier" && !t.isLocal(t.text(fn)) {
		switch name := t.text(fn); {
		case (name == "map" || name == "filter") && len(argv) == 2 && argv[0].kind == "lambda":
			if s, ok := t.mapLambda(name, argv[0], argv[1]); ok {
				return s
			}
		case (name == "map" || name == "filter") && len(argv) == 2 && argv[0].kind != "lambda":
			f, xs := t.expr(argv[0]), t.expr(argv[1])
			if name == "map" {
				return "[" + f + "(x) for x in " + xs + "]"
			}
			if f == "None" {
				return "[x for x in " + xs + " if x]"
			}
			return "[x for x in " + xs + " if " + f + "(x)]"
		case name == "bytes" && len(argv) == 1 && argv[0].kind == "string":
			return t.expr(argv[0])
		case (name == "bytes" || name == "str") && len(argv) >= 2 && len(argv) <= 3 && isPositional(argv[0]):
			// bytes(s, encoding) encodes, str(b, encoding) decodes: a
			// pyasync str is both, as for s.encode() and b.decode()
			return t.expr(argv[0])
		case name == "ord" && len(argv) == 1:
			if s, ok := t.ordOfBytes(n, argv[0]); ok {
				return s
			}
		case name == "isinstance":
			if s, ok := t.isinstanceBytes(n, argv); ok {
				return s
			}
		}
	}
	return t.arguments(n)
}

// isPositional reports whether an argument is a plain positional one
// (not name=value, *args or **kwargs).
func isPositional(arg *node) bool {
	switch arg.kind {
	case "keyword_argument", "list_splat", "dictionary_splat":
		return false
	}
	return true
}

// arguments keeps a call as written, but for Python's orders Starlark
// refuses (f(*args, key=v), f(k=1, *args)): positional arguments, then
// keyword arguments, then *args, then **kwargs, the same call.
func (t *translator) arguments(n *node) string {
	args := n.get("arguments")
	if args == nil || args.kind != "argument_list" {
		return t.splice(n, nil)
	}
	rank := func(k *node) int {
		switch k.kind {
		case "keyword_argument":
			return 1
		case "list_splat":
			return 2
		case "dictionary_splat":
			return 3
		}
		return 0
	}
	kids := args.namedKids()
	splats := 0
	for _, k := range kids {
		if k.kind == "list_splat" {
			splats++
		}
	}
	if splats > 1 {
		t.fail("a call with two *args: Starlark takes one; join the lists with +")
	}
	ordered := true
	for i := 1; i < len(kids); i++ {
		if rank(kids[i]) < rank(kids[i-1]) {
			ordered = false
		}
	}
	if ordered {
		return t.splice(n, nil)
	}
	var parts []string
	for r := 0; r <= 3; r++ {
		for _, k := range kids {
			if rank(k) == r {
				parts = append(parts, t.expr(k))
			}
		}
	}
	return t.expr(n.get("function")) + "(" + strings.Join(parts, ", ") + ")"
}

// super turns super().m(args) and super(C, self).m(args) into
// Base.m(self, args), the explicit call Starlark classes use.
func (t *translator) super(sup *node, attr string, args *node) (string, bool) {
	if t.class == nil {
		t.fail("super() outside a method")
		return "", false
	}
	base := "object"
	if len(t.class.bases) > 0 {
		base = t.class.bases[0]
	}
	owner, mixed := t.superOwner(t.class.name, attr)
	switch {
	case mixed:
		t.fail("super() in a class that a class of several bases extends: which %s it calls depends on the instance's class; call the one you mean, Base.%s(self, ...)", attr, attr)
	case len(t.class.bases) > 1 && owner == "":
		t.fail("super() with several base classes: call the one you mean, Base.%s(self, ...)", attr)
	case len(t.class.bases) > 1:
		base = owner
	}
	self := "self"
	if sa := sup.get("arguments").namedKids(); len(sa) == 2 {
		self = t.text(sa[1])
	}
	inner := t.expr(args)
	inner = strings.TrimSpace(inner[1 : len(inner)-1])
	if inner == "" {
		return base + "." + attr + "(" + self + ")", true
	}
	return base + "." + attr + "(" + self + ", " + inner + ")", true
}

// needsParens reports whether an "in" test put in n's place needs
// parentheses to keep its meaning.
func needsParens(n *node) bool {
	p := n.parent
	if p == nil {
		return false
	}
	switch p.kind {
	case "if_statement", "elif_clause", "while_statement", "argument_list", "parenthesized_expression",
		"boolean_operator", "not_operator", "return_statement", "expression_statement", "keyword_argument",
		"conditional_expression", "list", "tuple", "expression_list":
		return false
	case "assignment":
		return n.field != "right"
	}
	return true
}

// parameters drops Python 3.8's "/" (positional-only), which Starlark
// does not have; the parameters stay positional-or-keyword.
func (t *translator) parameters(n *node) string {
	if firstKind(n, "positional_separator") == nil {
		return t.splice(n, func(k *node) bool { return k.kind == "identifier" })
	}
	var parts []string
	for _, k := range n.namedKids() {
		if k.kind == "positional_separator" {
			continue
		}
		if k.kind == "identifier" {
			parts = append(parts, t.text(k))
		} else {
			parts = append(parts, t.expr(k))
		}
	}
	if n.kind == "lambda_parameters" {
		return strings.Join(parts, ", ")
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// power computes a ** b for integer literals (2**32 is common in
// constants).
func (t *translator) power(a, b *node) (string, bool) {
	if a.kind != "integer" || b.kind != "integer" {
		return "", false
	}
	x, ok1 := new(big.Int).SetString(t.integer(a), 0)
	y, ok2 := new(big.Int).SetString(t.integer(b), 0)
	if !ok1 || !ok2 || y.Sign() < 0 || y.Cmp(big.NewInt(4096)) > 0 {
		return "", false
	}
	return new(big.Int).Exp(x, y, nil).String(), true
}

// mapLambda turns map(lambda x: e, xs) into [e for x in xs] and
// filter(lambda x: c, xs) into [x for x in xs if c].
func (t *translator) mapLambda(name string, fn, xs *node) (string, bool) {
	params := fn.get("parameters")
	if params == nil {
		return "", false
	}
	ps := params.namedKids()
	if len(ps) != 1 || ps[0].kind != "identifier" {
		return "", false
	}
	x := t.text(ps[0])
	t.scopes = append(t.scopes, map[string]bool{x: true})
	body := t.expr(fn.get("body"))
	t.scopes = t.scopes[:len(t.scopes)-1]
	if name == "map" {
		return "[" + body + " for " + x + " in " + t.expr(xs) + "]", true
	}
	return "[" + x + " for " + x + " in " + t.expr(xs) + " if " + body + "]", true
}

// isAlias reports whether name is the exception an enclosing except
// clause binds.
func (t *translator) isAlias(name string) bool {
	for _, a := range t.aliases {
		if a == name {
			return true
		}
	}
	return false
}

// definesMethod reports whether a class of the module defines a method
// name (FTPHandler.decode: self.decode(line) is the program's own call).
func (t *translator) definesMethod(name string) bool {
	return t.root.find(false, func(m *node) bool {
		return m.kind == "function_definition" && t.text(m.get("name")) == name &&
			m.parent != nil && m.parent.parent != nil && m.parent.parent.kind == "class_definition"
	}) != nil
}
