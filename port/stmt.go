package port

import (
	"strings"
	"sync"
)

// module writes the whole program.
func (t *translator) module(root *node) {
	t.block(root.kids, 0, true)
}

// block writes a sequence of statements (and the comments among them) at
// indent. A block that ends up with no code gets "pass", since Starlark,
// like Python, needs a statement there.
func (t *translator) block(stmts []*node, indent int, top bool) {
	before := t.code
	prevEnd := -1
	for _, s := range stmts {
		if !s.named {
			continue // ":" and the like, when a block is a clause's children
		}
		if s.kind == "comment" {
			if prevEnd == s.row && t.ownEnd == -3 {
				// the statement was kept as a TODO, its line's comment with it
			} else if prevEnd == s.row && t.ownEnd >= 0 && t.ownEnd < len(t.lines) {
				t.lines[t.ownEnd] = strings.TrimRight(t.lines[t.ownEnd], " ") + "  " + t.text(s)
			} else if prevEnd == s.row && t.ownEnd == -2 { // the statement wrote nothing: the comment keeps its line
				t.comment(indent, t.text(s))
			} else if prevEnd == s.row {
				t.appendComment(t.text(s))
			} else {
				if prevEnd >= 0 && s.row > prevEnd+1 {
					t.blank()
				}
				t.comment(indent, t.text(s))
			}
			prevEnd = s.endRow
			continue
		}
		if prevEnd >= 0 && s.row > prevEnd+1 {
			t.blank()
		}
		mark := len(t.lines)
		t.ownEnd = -1
		if top {
			t.topMark = mark
			t.hoisted = nil
			t.topStmt = s
		}
		t.stmt(s, indent)
		if len(t.lines) == mark {
			t.ownEnd = -2
		} else if len(t.todos) > 0 && t.todos[len(t.todos)-1].Line == s.row+1 && strings.HasPrefix(t.lines[mark], strings.Repeat("    ", indent)+"# TODO(port)") {
			t.ownEnd = -3
		}
		if top {
			t.declareGlobals(mark)
		}
		prevEnd = s.endRow
	}
	if t.code == before && !top {
		t.emit(indent, "pass")
	}
}

// inline writes statements of a clause whose header is not written at
// indent, among the statements around them: nothing (not "pass") when
// they come to no code.
func (t *translator) inline(stmts []*node, indent int) {
	before := t.code
	t.block(stmts, indent, false)
	if last := len(t.lines) - 1; t.code == before+1 && last >= 0 && strings.TrimSpace(t.lines[last]) == "pass" {
		t.lines = t.lines[:last]
		t.code--
	}
}

// declareGlobals writes "_globals = {}" before the first top-level
// statement that refers to it.
func (t *translator) declareGlobals(mark int) {
	if !t.usedGlobals || t.declared {
		return
	}
	t.declared = true
	decl := "_globals = {}  # the module's variables that functions assign (Python's global statement)"
	t.lines = append(t.lines[:mark], append([]string{decl, ""}, t.lines[mark:]...)...)
	t.code++
}

// body is the statements of a block node.
func body(n *node) []*node {
	if n == nil {
		return nil
	}
	if n.kind == "block" {
		return n.kids
	}
	return []*node{n} // a one-line body: "if x: y"
}

// untranslatable are the statements Starlark has no form for, with what
// to do instead.
var untranslatable = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"exec_statement":     "exec: Starlark cannot run code from a string",
		"nonlocal_statement": "nonlocal: Starlark closures cannot assign outer variables; keep the value in a dict or list",
		"ERROR":              "the parser could not read this",
	}
})

// stmt writes one statement.
func (t *translator) stmt(n *node, indent int) {
	t.shift = indent*4 - t.vcol(n)
	if why, ok := untranslatable()[n.kind]; ok {
		t.todo(n, indent, why)
		return
	}
	if n.kind == "expression_statement" && strings.Join(strings.Fields(t.text(n)), "") == "super=super" {
		// a compatibility module's "super = super" (Python 3's): the
		// calls super() are translated where they are
		t.emit(indent, "pass  # super = super: super() is translated where it is called")
		return
	}
	switch n.kind {
	case "function_definition":
		if v := t.classNames[t.text(n.get("name"))]; v != "" && len(t.scopes) == 0 && t.mangleClass != nil {
			// a method a class body defines under an if: its variable
			outer := t.class
			t.class = t.mangleClass
			t.funcDef(n, indent, v)
			t.class = outer
			return
		}
		t.funcDef(n, indent, "")
		return
	case "class_definition":
		if indent != 0 || len(t.frames) > 1 {
			t.hoistClass(n, indent)
			return
		}
		t.classDef(n)
		return
	case "decorated_definition":
		t.decoratedFunction(n, indent)
		return
	case "if_statement":
		// if __name__ == "__main__": stays as it is: a loaded module's
		// __name__ is its own name, so the block runs only in the program
		t.ifStmt(n, indent)
		return
	case "for_statement", "while_statement":
		t.loopStmt(n, indent)
		return
	case "try_statement":
		t.tryStmt(n, indent)
		return
	case "with_statement":
		t.withStmt(n, indent)
		return
	case "break_statement":
		t.jump("break", indent)
		return
	case "continue_statement":
		t.jump("continue", indent)
		return
	case "global_statement":
		for _, id := range n.namedKids() {
			if why, bad := t.unsafe[t.text(id)]; bad {
				t.todo(n, indent, "global "+t.text(id)+": "+why)
				return
			}
		}
		return // the names live in _globals
	case "import_statement", "import_from_statement", "future_import_statement":
		if n = t.withoutLibImports(n); n != nil {
			t.importStmt(n, indent)
		}
		return
	}
	t.pending = ""
	lines := t.simple(n)
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return
	}
	for _, l := range lines {
		t.emit(indent, l)
	}
	t.ownEnd = len(t.lines) - 1
	t.writeBack(t.boundBy(n), indent)
}

// boundBy is the names a simple statement binds.
func (t *translator) boundBy(n *node) []string {
	var out []string
	for _, id := range t.bindings(n) {
		out = append(out, t.text(id))
	}
	return out
}

// simple translates a simple statement into one or more statements.
func (t *translator) simple(n *node) []string {
	switch n.kind {
	case "expression_statement":
		if len(n.kids) == 1 {
			k := n.kids[0]
			switch k.kind {
			case "assignment":
				return t.assignment(k)
			case "augmented_assignment":
				return t.augmented(k)
			case "call":
				if s, ok := t.printCall(k); ok {
					return []string{s}
				}
				if s, ok := t.inPlace(k); ok {
					return []string{s}
				}
			case "yield":
				if t.frame().gen != "" {
					return []string{t.yieldStmt(k)}
				}
				t.fail("yield: Starlark has no generators; build and return a list")
				return nil
			case "expression_list":
				return []string{t.tupleExpr(k)}
			}
		}
		return []string{t.splice(n, nil)}
	case "print_statement":
		return []string{t.printStmt(n)}
	case "raise_statement":
		return []string{t.raise(n)}
	case "assert_statement":
		return t.assert(n)
	case "delete_statement":
		return t.del(n)
	case "return_statement":
		if vals := n.namedKids(); len(vals) == 1 {
			return []string{t.returnStmt(t.tupleExpr(vals[0]))}
		}
		return []string{t.returnStmt("")}
	case "pass_statement":
		return []string{t.splice(n, nil)}
	}
	t.fail("%s: no Starlark equivalent", strings.ReplaceAll(n.kind, "_", " "))
	return nil
}

// inPlace turns xs.sort(...) and xs.reverse(), which Starlark lists do
// not have, into xs = sorted(xs, ...) and xs = reversed(xs).
func (t *translator) inPlace(call *node) (string, bool) {
	fn := call.get("function")
	if fn.kind != "attribute" {
		return "", false
	}
	obj, attr := fn.get("object"), t.text(fn.get("attribute"))
	if obj.kind != "identifier" && obj.kind != "attribute" {
		return "", false
	}
	args := call.get("arguments").namedKids()
	o := t.expr(obj)
	switch {
	case attr == "sort":
		parts := []string{o}
		for _, a := range args {
			parts = append(parts, t.expr(a))
		}
		return o + " = sorted(" + strings.Join(parts, ", ") + ")", true
	case attr == "reverse" && len(args) == 0:
		return o + " = reversed(" + o + ")", true
	}
	return "", false
}

// assignment handles "a = b = v" (Starlark assigns one target at a time)
// and drops type annotations.
func (t *translator) assignment(n *node) []string {
	var targets []*node
	for n.kind == "assignment" {
		targets = append(targets, n.get("left"))
		r := n.get("right")
		if r == nil { // "x: int" declares only
			if n.get("type") != nil && len(targets) == 1 {
				return nil
			}
			break
		}
		n = r
	}
	if n.kind == "assignment" {
		t.fail("an annotated assignment without a value")
		return nil
	}
	if n.kind == "yield" {
		t.fail("yield: Starlark has no generators; build and return a list")
		return nil
	}
	for _, tg := range targets {
		if tg.find(false, func(m *node) bool { return m.kind == "list_splat_pattern" }) != nil {
			t.fail("starred assignment: unpack by slicing")
		}
	}
	if len(targets) == 1 && isWholeSlice(targets[0]) && isDotted(targets[0].get("value")) {
		// xs[:] = ys changes the list in place: every reference sees it
		xs := t.expr(targets[0].get("value"))
		if (n.kind == "list" || n.kind == "tuple") && len(n.namedKids()) == 0 {
			return []string{xs + ".clear()"}
		}
		return []string{xs + ".clear()", xs + ".extend(" + t.tupleExpr(n) + ")"}
	}
	value := t.tupleExpr(n)
	var tgts []string
	for _, tg := range targets {
		if tg.kind == "subscript" && tg.get("subscript") != nil && tg.get("subscript").kind == "slice" {
			t.fail("assignment to a slice: build the new list and assign it whole")
		}
		tgts = append(tgts, t.tupleExpr(tg))
	}
	last := tgts[len(tgts)-1]
	out := []string{last + " = " + value}
	for i := len(tgts) - 2; i >= 0; i-- {
		out = append(out, tgts[i]+" = "+last)
	}
	return out
}

// isWholeSlice reports whether n is xs[:].
func isWholeSlice(n *node) bool {
	if n.kind != "subscript" || len(n.all("subscript")) != 1 {
		return false
	}
	sl := n.get("subscript")
	return sl.kind == "slice" && len(sl.namedKids()) == 0 && strings.Count(oneLineKinds(sl), ":") == 1
}

// oneLineKinds is the kinds of n's children, for a quick look at punctuation.
func oneLineKinds(n *node) string {
	var b strings.Builder
	for _, k := range n.kids {
		b.WriteString(k.kind)
	}
	return b.String()
}

// augmented is "x += v"; Starlark has no @= nor **=.
func (t *translator) augmented(n *node) []string {
	if op := n.get("operator"); op != nil && (t.text(op) == "@=" || t.text(op) == "**=") {
		t.fail("%s has no Starlark operator", t.text(op))
		return nil
	}
	l, r := n.get("left"), n.get("right")
	return []string{t.expr(l) + t.gap(string(t.src[l.end:r.start])) + t.tupleExpr(r)}
}

// tupleExpr is an unparenthesized tuple ("a, b" or "a,"), parenthesized
// when it ends with a comma, which Starlark requires.
func (t *translator) tupleExpr(n *node) string {
	s := t.expr(n)
	if (n.kind == "expression_list" || n.kind == "pattern_list") && len(n.kids) > 0 && n.kids[len(n.kids)-1].kind == "," {
		return "(" + s + ")"
	}
	return s
}

// ifStmt writes if/elif/else.
func (t *translator) ifStmt(n *node, indent int) {
	t.pending = ""
	head := "if " + t.expr(n.get("condition")) + ":"
	for _, k := range n.kids { // an elif condition that cannot be translated
		if k.kind == "elif_clause" {
			t.expr(k.get("condition"))
		}
	}
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return
	}
	t.emit(indent, head)
	for _, c := range append([]*node{n}, n.all("alternative")...) {
		if _, ok, mod := t.versionTestWhy(c.get("condition")); ok && mod != "" {
			t.warn(c, "%s", unimportable(mod, "this test depends on whether "+mod+" can be imported")+": the branch that needs it is not translated")
		}
	}
	deadWhy := "" // the version, unless an import decided
	if _, ok, mod := t.versionTestWhy(n.get("condition")); ok && mod != "" {
		deadWhy = "it needs " + mod + ", whose import fails in pyasync"
	}
	if t.branchDead(n, n.get("consequence")) {
		t.neverRuns(n.get("consequence"), indent, deadWhy)
	} else {
		t.clauseBody(n, n.get("consequence"), indent)
	}
	for _, k := range n.kids {
		switch k.kind {
		case "elif_clause":
			t.shift = indent*4 - t.vcol(k)
			t.emit(indent, "elif "+t.expr(k.get("condition"))+":")
			if v, ok := t.versionTest(k.get("condition")); t.branchDead(n, k) || ok && !v {
				t.neverRuns(k.get("consequence"), indent, deadWhy)
			} else {
				t.clauseBody(k, k.get("consequence"), indent)
			}
		case "else_clause":
			t.emit(indent, "else:")
			if t.branchDead(n, k) {
				t.neverRuns(k.get("body"), indent, deadWhy)
			} else {
				t.clauseBody(k, k.get("body"), indent)
			}
		}
	}
}

// decoratedFunction writes "@deco def f(...)" outside a class as the
// function under another name, then f = deco(_f), as Python binds it.
func (t *translator) decoratedFunction(n *node, indent int) {
	def := n.get("definition")
	if def == nil || def.kind != "function_definition" {
		t.todo(n, indent, "a decorated class: apply the decorator by hand")
		return
	}
	name := safeName(t.text(def.get("name")))
	inner := t.unusedName("_" + strings.TrimLeft(name, "_") + "_undecorated")
	v, ok := t.applyDecorators(decorators(n), inner)
	if !ok {
		t.todo(n, indent, "decorators have no Starlark equivalent: call the decorator by hand")
		return
	}
	if !t.funcDef(def, indent, inner) {
		return
	}
	t.emit(indent, name+" = "+v)
	t.writeBack([]string{name}, indent)
}

// neverRuns writes block, a branch that never runs (versions.go), as a
// pass, and binds to None the names it would bind that the rest of the
// module reads, so that Starlark, which resolves names before running,
// knows them (they stay unbound, as in Python, since the branch never
// runs).
func (t *translator) neverRuns(block *node, indent int, why string) {
	if why == "" {
		why = "for another Python than 3.11 (pyasync's sys.version_info)"
	}
	t.emit(indent+1, "pass  # "+why+": not translated")
	seen := map[string]bool{}
	for _, s := range body(block) {
		for _, id := range t.bindings(s) {
			name := t.text(id)
			if seen[name] || !t.readOutside(name, block) || t.boundOutside(name, block) {
				continue
			}
			seen[name] = true
			t.emit(indent+1, safeName(name)+" = None")
		}
	}
}

// boundOutside reports whether the module assigns name outside block.
func (t *translator) boundOutside(name string, block *node) bool {
	return t.root.find(false, func(m *node) bool {
		if m.kind != "identifier" || t.text(m) != name || m.start >= block.start && m.start < block.end || t.deadBranch(m) {
			return false
		}
		p := m.parent
		return isStoreTarget(m) || p != nil && (p.kind == "function_definition" || p.kind == "class_definition") && m.field == "name" ||
			p != nil && p.kind == "aliased_import" && m.field == "alias"
	}) != nil
}

// readOutside reports whether the module reads name outside block (and
// outside the branches that are not translated).
func (t *translator) readOutside(name string, block *node) bool {
	return t.root.find(false, func(m *node) bool {
		return m.kind == "identifier" && t.text(m) == name && (m.start < block.start || m.start >= block.end) &&
			!isStoreTarget(m) && !t.deadBranch(m)
	}) != nil
}

// clauseBody writes a clause's block, with a comment that shares the
// clause's line kept on it.
func (t *translator) clauseBody(clause, b *node, indent int) {
	t.clauseComments(clause, b, indent)
	t.block(body(b), indent+1, false)
	t.shift = indent*4 - t.vcol(clause)
}

// clauseComments writes the comments the grammar puts between a clause's
// header and its block: one on the header's line goes on the last line
// written (the header's translation).
func (t *translator) clauseComments(clause, b *node, indent int) {
	for _, k := range clause.kids {
		if k.kind == "comment" && b != nil && k.end <= b.start {
			if k.row == clause.row {
				t.appendComment(t.text(k))
			} else {
				t.comment(indent+1, t.text(k))
			}
		}
	}
}

// ownComments writes the comments before a clause's block on lines of
// their own at indent, for a clause whose header is not written.
func (t *translator) ownComments(clause *node, indent int) {
	b := blockOf(clause)
	for _, k := range clause.kids {
		if k.kind == "comment" && b != nil && k.end <= b.start {
			t.comment(indent, t.text(k))
		}
	}
}

// loopStmt writes for and while loops. Starlark has no else clause on
// loops: a flag set before each break says whether the else clause runs.
func (t *translator) loopStmt(n *node, indent int) {
	t.pending = ""
	var head string
	if n.kind == "for_statement" {
		if n.get("left").find(false, func(m *node) bool { return m.kind == "list_splat_pattern" }) != nil {
			t.fail("a starred loop variable: unpack by slicing")
		}
		head = "for " + t.expr(n.get("left")) + " in " + t.iterable(n) + ":"
	} else {
		head = "while " + t.expr(n.get("condition")) + ":"
	}
	if n.has("async") {
		t.fail("async for: no Starlark equivalent")
	}
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return
	}
	alt := n.get("alternative")
	l := &loop{}
	if alt != nil {
		l.broke = t.pick("broke")
		defer t.hold(l.broke)()
		t.emit(indent, l.broke+" = False  # set by break: the loop's else clause runs when it is not")
	}
	t.emit(indent, head)
	f := t.frame()
	f.loops = append(f.loops, l)
	b := n.get("body")
	t.clauseComments(n, b, indent)
	if n.kind == "for_statement" {
		t.writeBack(identifierTexts(t, n.get("left")), indent+1)
	}
	t.block(body(b), indent+1, false)
	t.shift = indent*4 - t.vcol(n)
	f.loops = f.loops[:len(f.loops)-1]
	if alt != nil {
		t.emit(indent, "if not "+l.broke+":")
		t.clauseBody(alt, alt.get("body"), indent)
	}
}

// funcDef writes a def, under name when it is not "" (methods), and
// reports whether it did (false: it left a TODO).
func (t *translator) funcDef(n *node, indent int, name string) bool {
	if n.has("async") {
		t.todo(n, indent, "async def: no Starlark equivalent")
		return false
	}
	gen, given := "", ""
	if y := n.get("body").find(true, func(m *node) bool { return m.kind == "yield" }); y != nil {
		why, stepped := t.generatorBlocker(n)
		if why != "" {
			t.todo(n, indent, "a generator (yield): "+why)
			return false
		}
		gen = t.pick("items")
		given = gen
		if stepped != "" {
			given = "iter(" + gen + ")"
			t.warn(n, "generator %s: %s; it runs to its end when called and returns an iterator over what it yielded, %s: the same values, unless what it reads changes between two next() (or a failure in it must reach the caller at next(), not at the call)",
				t.text(n.get("name")), stepped, given)
		}
	}
	if name == "" {
		name = safeName(t.text(n.get("name")))
	}
	t.scopes = append(t.scopes, t.locals(n))
	defer func() { t.scopes = t.scopes[:len(t.scopes)-1] }()
	t.pending = ""
	// Continuation lines of the parameters stay aligned with the "(".
	t.shift += len(name) - len(t.text(n.get("name")))
	params := t.expr(n.get("parameters"))
	t.shift = indent*4 - t.vcol(n)
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return false
	}
	t.emit(indent, "def "+name+params+":")
	cur := t.frame()
	f := &fnFrame{scope: n, fn: name, defs: append(append([]string{}, cur.defs...), name)}
	handling, classNames, aliases := t.handling, t.classNames, t.aliases
	t.handling, t.classNames, t.aliases = nil, nil, nil
	defer func() { t.classNames, t.aliases = classNames, aliases }()
	pop := t.pushFrame(f)
	if gen == "" {
		t.clauseBody(n, n.get("body"), indent)
	} else {
		t.clauseComments(n, n.get("body"), indent)
		t.emit(indent+1, gen+" = []  # what the generator yields")
		f.gen, f.given = gen, given
		t.block(body(n.get("body")), indent+1, false)
		if last := lastStmt(n.get("body")); last == nil || last.kind != "return_statement" {
			t.emit(indent+1, "return "+given)
		}
	}
	pop()
	t.handling = handling
	if cur.try != nil {
		t.writeBack([]string{name}, indent)
	}
	return true
}

// lastStmt is the last statement of a block.
func lastStmt(b *node) *node {
	stmts := body(b)
	for i := len(stmts) - 1; i >= 0; i-- {
		if stmts[i].named && stmts[i].kind != "comment" {
			return stmts[i]
		}
	}
	return nil
}

// isMainGuard reports whether cond is __name__ == "__main__".
func isMainGuard(t *translator, cond *node) bool {
	if cond == nil || cond.kind != "comparison_operator" || !cond.has("==") {
		return false
	}
	ops := cond.namedKids()
	if len(ops) != 2 {
		return false
	}
	var name, str bool
	for _, o := range ops {
		switch {
		case o.kind == "identifier" && t.text(o) == "__name__":
			name = true
		case o.kind == "string" && strings.Trim(t.text(o), `"'`) == "__main__":
			str = true
		}
	}
	return name && str
}

// unparen drops the parentheses around an argument list or tuple.
func unparen(s string) string {
	return strings.TrimSuffix(strings.TrimPrefix(s, "("), ")")
}

// assert becomes an if that throws AssertionError, with the message
// when there is one.
func (t *translator) assert(n *node) []string {
	parts := n.namedKids()
	cond := t.expr(parts[0])
	exc := "AssertionError"
	if len(parts) > 1 {
		exc = "AssertionError(" + t.expr(parts[1]) + ")"
	}
	return []string{"if not (" + cond + "):", "    throw(" + exc + ")"}
}

// del translates each target of a del statement: d[k] is d.pop(k), a
// slice is removed in place (xs.clear(), or one pop per item), obj.attr
// is delattr(obj, "attr"), a name is set to None (Starlark cannot unbind
// it).
func (t *translator) del(n *node) []string {
	var targets []*node
	for _, k := range n.namedKids() {
		if k.kind == "expression_list" {
			targets = append(targets, k.namedKids()...)
		} else {
			targets = append(targets, k)
		}
	}
	var out []string
	for _, tg := range targets {
		switch {
		case tg.kind == "subscript" && len(tg.all("subscript")) == 1 && tg.get("subscript").kind == "slice":
			out = append(out, t.delSlice(tg)...)
		case tg.kind == "subscript" && len(tg.all("subscript")) == 1:
			out = append(out, t.expr(tg.get("value"))+".pop("+t.expr(tg.get("subscript"))+")")
		case tg.kind == "attribute":
			out = append(out, "delattr("+t.expr(tg.get("object"))+", "+quote(t.mangle(t.text(tg.get("attribute")), t.mangleClass))+")")
		case tg.kind == "identifier":
			out = append(out, t.expr(tg)+" = None")
		default:
			t.fail("del of %s: delete each item by itself", oneLine(t.text(tg)))
			return nil
		}
	}
	return out
}

// delSlice removes xs[i:j] from the list in place, so that every
// reference to the list sees it shorter: "for _ in xs[i:j]: xs.pop(i)".
func (t *translator) delSlice(tg *node) []string {
	xs, sl := tg.get("value"), tg.get("subscript")
	if !isDotted(xs) {
		t.fail("del of a slice of an expression: assign it to a name first")
		return nil
	}
	var parts [3]*node
	i := 0
	for _, k := range sl.kids {
		if k.kind == ":" {
			i++
			continue
		}
		if k.named && i < 3 {
			parts[i] = k
		}
	}
	if parts[2] != nil || i > 1 {
		t.fail("del of a slice with a step: build the list to keep and assign it whole")
		return nil
	}
	x := t.expr(xs)
	start, end := parts[0], parts[1]
	zero := start == nil || t.text(start) == "0"
	if zero && end == nil {
		return []string{x + ".clear()"}
	}
	each := t.pick("_")
	loop := "for " + each + " in " + x + "[" + t.expr(sl) + "]:"
	switch {
	case zero:
		return []string{loop, "    " + x + ".pop(0)"}
	case end == nil:
		return []string{loop, "    " + x + ".pop()"}
	case start.kind == "integer":
		return []string{loop, "    " + x + ".pop(" + t.expr(start) + ")"}
	}
	t.fail("del of a slice that starts at a computed index: build the list to keep and assign it whole")
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// quote is a Starlark double-quoted literal of s.
func quote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
