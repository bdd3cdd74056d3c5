package port

import (
	"sort"
	"strings"
)

// Starlark has no try statement; the translator moves a try body into a
// nested def that catch() calls (try.go). Such a def is a frame of its
// own: a return, break or continue inside it that means the enclosing
// function or loop becomes a return of a control code, and the names it
// assigns that the function uses elsewhere are stored, as it goes, in a
// dict the function reads back from (Starlark closures cannot assign the
// variables of the function around them).

// fnFrame is a function being written: the module, a def of the program,
// or a def the translator made for a try body.
type fnFrame struct {
	scope *node    // the program's function (or module) whose variables this frame shares
	vars  string   // the dict try bodies' defs store names in ("" until a try needs one)
	try   *tryDef  // nil unless the frame is a try body's def
	loops []*loop  // the loops open in this frame, innermost last
	gen   string   // in a generator written as a function: the list it builds
	given string   // what the generator's return gives: gen, or iter(gen) for a caller that may call next()
	fn    string   // the name of the program's function being written, for hoisted classes
	defs  []string // the names of the program's functions being written, outermost first
}

// tryDef is what a try body's def needs: the dict it stores names in,
// the names to store, and the control codes it returns.
type tryDef struct {
	vars  string
	keep  map[string]bool
	codes map[string]bool // "return", "break", "continue"
}

// loop is a for or while loop being written.
type loop struct {
	broke string // the flag a break sets, for the loop's else clause; "" without one
}

func (t *translator) frame() *fnFrame { return t.frames[len(t.frames)-1] }

// pushFrame enters a frame; the returned function leaves it.
func (t *translator) pushFrame(f *fnFrame) func() {
	t.frames = append(t.frames, f)
	return func() { t.frames = t.frames[:len(t.frames)-1] }
}

// tryFrame is a frame for a try body's def inside the current one.
func (t *translator) tryFrame(d *tryDef) *fnFrame {
	cur := t.frame()
	return &fnFrame{scope: cur.scope, vars: cur.vars, try: d, gen: cur.gen, given: cur.given, fn: cur.fn, defs: cur.defs}
}

// returnStmt is a return of value ("" for none) from the program's
// function: a control code when the frame is a try body's def.
func (t *translator) returnStmt(value string) string {
	f := t.frame()
	if f.gen != "" {
		value = f.given // a generator's return ends the list
	}
	if f.try == nil {
		if value == "" {
			return "return"
		}
		return "return " + value
	}
	f.try.codes["return"] = true
	if value == "" {
		value = "None"
	}
	return `return ("return", ` + value + ")"
}

// jump is break or continue: native in a loop of this frame, else a
// control code the frame's caller acts on.
func (t *translator) jump(kind string, indent int) {
	f := t.frame()
	if len(f.loops) == 0 && f.try != nil {
		f.try.codes[kind] = true
		t.emit(indent, `return "`+kind+`"`)
		return
	}
	if kind == "break" && len(f.loops) > 0 {
		if flag := f.loops[len(f.loops)-1].broke; flag != "" {
			t.emit(indent, flag+" = True")
		}
	}
	t.emit(indent, kind)
}

// dispatch acts on the control code flow that a try body's def
// returned: it breaks, continues or returns here, or passes the code on
// when this frame is itself a def the translator made and the code is
// for a frame around it.
func (t *translator) dispatch(codes map[string]bool, flow string, indent int) {
	if len(codes) == 0 {
		return
	}
	f := t.frame()
	native := func(code string) bool {
		if code == "return" {
			return f.try == nil
		}
		return f.try == nil || len(f.loops) > 0
	}
	all := true
	for c := range codes {
		if native(c) {
			all = false
		}
	}
	if all {
		for c := range codes {
			f.try.codes[c] = true
		}
		t.emit(indent, "if "+flow+" != None:")
		t.emit(indent+1, "return "+flow)
		return
	}
	kw := "if "
	for _, c := range []string{"break", "continue"} {
		if !codes[c] {
			continue
		}
		t.emit(indent, kw+flow+` == "`+c+`":`)
		kw = "elif "
		if native(c) {
			t.jump(c, indent+1)
		} else {
			f.try.codes[c] = true
			t.emit(indent+1, "return "+flow)
		}
	}
	if codes["return"] {
		t.emit(indent, kw+flow+" != None:")
		if native("return") {
			t.emit(indent+1, "return "+flow+"[1]")
		} else {
			f.try.codes["return"] = true
			t.emit(indent+1, "return "+flow)
		}
	}
}

// writeBack stores the names just bound that the frame keeps.
func (t *translator) writeBack(names []string, indent int) {
	d := t.frame().try
	if d == nil {
		return
	}
	for _, name := range names {
		if d.keep[name] {
			t.emit(indent, d.vars+`["`+name+`"] = `+name)
		}
	}
}

// readBack sets, after a try body's def ran, the names it stored. An
// enclosing try body's def that keeps the name too leaves it in the dict
// for its own caller.
func (t *translator) readBack(d *tryDef, indent int) {
	outer := t.frame().try
	for _, name := range sortedKeys(d.keep) {
		get := d.vars + `.pop("` + name + `")`
		if outer != nil && outer.keep[name] {
			get = d.vars + `["` + name + `"]`
		}
		t.emit(indent, `if "`+name+`" in `+d.vars+": "+name+" = "+get)
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// scopeIndex is where each name occurs in a function (or the module)
// and where the function binds it, so that each try in it is analysed
// without walking the whole function again.
type scopeIndex struct {
	uses  map[string][]*node // every identifier, nested functions included
	binds map[string][]*node // the bindings of the function's own statements
}

// indexOf is the index of scope, built once.
func (t *translator) indexOf(scope *node) *scopeIndex {
	if ix, ok := t.scopeIndexes[scope]; ok {
		return ix
	}
	ix := &scopeIndex{uses: map[string][]*node{}, binds: map[string][]*node{}}
	scope.find(false, func(m *node) bool {
		if m.kind == "identifier" {
			ix.uses[t.text(m)] = append(ix.uses[t.text(m)], m)
		}
		return false
	})
	body := scope
	if scope.kind == "function_definition" {
		body = scope.get("body")
	}
	for _, id := range t.bindings(body) {
		ix.binds[t.text(id)] = append(ix.binds[t.text(id)], id)
	}
	t.scopeIndexes[scope] = ix
	return ix
}

// regionVars finds, for statements (a try body, or handlers) about to
// move into a def of their own inside the current frame, the names they
// bind that the rest of the function uses (keep), and those they may
// read before binding them, whose value must come in (copyIn).
func (t *translator) regionVars(region []*node) (keep map[string]bool, copyIn []string) {
	scope := t.frame().scope
	ix := t.indexOf(scope)
	inRegion := func(n *node) bool {
		for _, r := range region {
			if n.start >= r.start && n.end <= r.end {
				return true
			}
		}
		return false
	}
	bound := map[string]bool{}
	var order []string
	for _, r := range region {
		for _, id := range t.bindings(r) {
			name := t.text(id)
			if !bound[name] && !t.isGlobalRef(name) {
				bound[name] = true
				order = append(order, name)
			}
		}
	}
	keep = map[string]bool{}
	for name := range bound {
		for _, m := range ix.uses[name] {
			if !inRegion(m) {
				keep[name] = true
				break
			}
		}
	}
	outsideBound := map[string]bool{}
	if scope.kind == "function_definition" {
		for _, name := range t.params(scope) {
			outsideBound[name] = true
		}
	}
	// Bound before the region, or in a loop around it (a value from the
	// previous round).
	var loops []*node
	for p := region[0].parent; p != nil && p != scope; p = p.parent {
		if p.kind == "for_statement" || p.kind == "while_statement" {
			loops = append(loops, p)
		}
	}
	for name := range bound {
		for _, id := range ix.binds[name] {
			if inRegion(id) {
				continue
			}
			before := id.start < region[0].start
			for _, l := range loops {
				if id.start >= l.start && id.end <= l.end {
					before = true
				}
			}
			if before && !t.endsBefore(id, region[0]) {
				outsideBound[name] = true
			}
		}
	}
	// A read that may come before the region binds the name.
	written := map[string]bool{}
	needs := map[string]bool{}
	for _, r := range region {
		for _, s := range regionStatements(r) {
			for _, id := range reads(s) {
				if name := t.text(id); bound[name] && !written[name] {
					needs[name] = true
				}
			}
			if s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "assignment" {
				for _, id := range t.bindings(s) {
					written[t.text(id)] = true
				}
			}
		}
	}
	for _, name := range order {
		if needs[name] && outsideBound[name] {
			copyIn = append(copyIn, name)
		}
	}
	return keep, copyIn
}

// endsBefore reports whether the binding id is in a block that returns
// or raises at its end, and that does not hold the region starting at
// r: the value it binds never reaches the region (a handler that
// assigns why, responds and returns).
func (t *translator) endsBefore(id, r *node) bool {
	for b := id.parent; b != nil; b = b.parent {
		if b.kind == "function_definition" || b.kind == "module" {
			return false
		}
		if b.kind != "block" || (r.start >= b.start && r.end <= b.end) {
			continue
		}
		if last := lastStmt(b); last != nil && (last.kind == "return_statement" || last.kind == "raise_statement") {
			return true
		}
	}
	return false
}

// regionStatements is the statements of a block, or of a clause's block.
func regionStatements(r *node) []*node {
	switch r.kind {
	case "block":
		return r.namedKids()
	case "except_clause", "else_clause", "finally_clause":
		for _, k := range r.kids {
			if k.kind == "block" {
				return k.namedKids()
			}
		}
	}
	return []*node{r}
}

// bindings is the identifiers that statements under n bind in n's
// function: assignment and loop targets, "as" names, imports, and the
// names of nested defs and classes (whose bodies are not searched).
func (t *translator) bindings(n *node) []*node {
	var out []*node
	var walk func(m *node)
	walk = func(m *node) {
		switch m.kind {
		case "assignment", "augmented_assignment", "for_statement":
			out = append(out, identifiers(m.get("left"))...)
		case "as_pattern_target":
			for _, k := range m.namedKids() {
				out = append(out, identifiers(k)...)
			}
		case "except_clause":
			if a := m.get("alias"); a != nil {
				out = append(out, identifiers(a)...)
			}
		case "import_statement", "import_from_statement":
			for _, k := range m.all("name") {
				if k.kind == "aliased_import" {
					out = append(out, k.get("alias"))
				} else if k.kind == "dotted_name" && len(k.kids) > 0 {
					out = append(out, k.kids[0])
				}
			}
		case "function_definition", "class_definition":
			out = append(out, m.get("name"))
			return
		case "expression_statement":
			// xs.sort() and xs.reverse() are written xs = sorted(xs) (inPlace)
			if c := m.namedKids(); len(c) == 1 && c[0].kind == "call" {
				if fn := c[0].get("function"); fn.kind == "attribute" && fn.get("object").kind == "identifier" {
					if a := t.text(fn.get("attribute")); a == "sort" || a == "reverse" {
						out = append(out, fn.get("object"))
					}
				}
			}
		case "lambda", "list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression":
			return
		}
		for _, k := range m.kids {
			walk(k)
		}
	}
	walk(n)
	return out
}

// reads is the identifiers under n that are read, not only bound.
func reads(n *node) []*node {
	var out []*node
	n.find(false, func(m *node) bool {
		if m.kind != "identifier" {
			return false
		}
		p := m.parent
		switch {
		case p == nil:
		case p.kind == "attribute" && m.field == "attribute":
		case p.kind == "keyword_argument" && m.field == "name":
		case (p.kind == "function_definition" || p.kind == "class_definition") && m.field == "name":
		case p.kind == "parameters" || p.kind == "default_parameter" && m.field == "name":
		case p.kind == "dotted_name" || p.kind == "aliased_import":
		case isStoreTarget(m):
		default:
			out = append(out, m)
		}
		return false
	})
	return out
}

// isStoreTarget reports whether identifier m is only assigned where it
// stands: the left of "=" or of a for loop, or inside a tuple there.
func isStoreTarget(m *node) bool {
	c := m
	for p := c.parent; p != nil; c, p = p, p.parent {
		switch p.kind {
		case "pattern_list", "tuple_pattern", "list_pattern", "expression_list", "tuple", "list", "parenthesized_expression":
			continue
		case "assignment", "for_statement", "for_in_clause":
			return c.field == "left"
		case "as_pattern_target":
			return true
		}
		return false
	}
	return false
}

// jumps reports whether statements under n leave it by return, or by
// break or continue of a loop around n.
func jumps(n *node) bool {
	var walk func(m *node, inLoop bool) bool
	walk = func(m *node, inLoop bool) bool {
		switch m.kind {
		case "return_statement":
			return true
		case "break_statement", "continue_statement":
			return !inLoop
		case "function_definition", "class_definition", "lambda":
			return false
		case "for_statement", "while_statement":
			for _, k := range m.kids {
				if k.field == "alternative" {
					if walk(k, inLoop) {
						return true
					}
				} else if walk(k, true) {
					return true
				}
			}
			return false
		}
		for _, k := range m.kids {
			if walk(k, inLoop) {
				return true
			}
		}
		return false
	}
	return walk(n, false)
}

// ownText is a statement's text on one line, for messages.
func (t *translator) ownText(n *node) string {
	s := oneLine(t.text(n))
	if i := strings.Index(s, ":"); i > 0 && len(s) > 60 {
		s = s[:i+1]
	}
	return s
}
