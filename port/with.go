package port

import "strings"

// with becomes what the context manager does on entry and exit:
//
//	with open(p) as f:        f = open(p)
//	    data = f.read()       data = f.read()
//	                          f.close()
//
// A lock's entry and exit are acquire() and release(), closing(x)'s is
// x.close(), any other manager's its __enter__() and __exit__(None,
// None, None). When the body may leave early (return, break, continue)
// the exit runs in a finally clause (try.go), so that it runs on every
// path; otherwise it follows the body, as the short form reads best. An
// exception in the body then skips the exit: the file is closed when it
// is collected, as CPython's would be without the with.

// withItem is one manager of a with statement.
type withItem struct {
	enter []string // the statements that enter it
	exit  string   // the statement that leaves it
	bound []string // the names it binds
}

// withStmt writes a with statement.
func (t *translator) withStmt(n *node, indent int) {
	if n.has("async") {
		t.todo(n, indent, "async with: no Starlark equivalent")
		return
	}
	t.pending = ""
	t.shift = indent*4 - t.vcol(n)
	var items []withItem
	n.find(false, func(m *node) bool {
		if m.kind == "with_item" {
			items = append(items, t.withItem(m))
		}
		return m.kind == "block"
	})
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return
	}
	b := n.get("body")
	for i, it := range items {
		for _, l := range it.enter {
			t.emit(indent, l)
		}
		if i == 0 {
			t.clauseComments(n, b, indent-1)
		}
		t.writeBack(it.bound, indent)
	}
	exits := func(indent int) {
		for i := len(items) - 1; i >= 0; i-- {
			t.emit(indent, items[i].exit)
		}
	}
	if st, ok := single(b); ok && st.kind == "return_statement" && len(st.namedKids()) == 1 && t.frame().try == nil {
		// with open(p) as f: return f.read()  ->  the value, the exit, the return
		t.pending = ""
		t.shift = indent*4 - t.vcol(st)
		v := t.tupleExpr(st.namedKids()[0])
		if t.takePending() == "" {
			result := t.pick("result")
			t.emit(indent, result+" = "+v)
			exits(indent)
			t.emit(indent, t.returnStmt(result))
			return
		}
	}
	if jumps(b) {
		t.writeTry(&tryShape{stmt: n, block: b, final: exits}, indent)
		return
	}
	t.inline(body(b), indent)
	exits(indent)
}

// withItem reads one manager: open(...), closing(x), a lock, or any
// other.
func (t *translator) withItem(m *node) withItem {
	v := m.get("value")
	var target *node
	if v.kind == "as_pattern" {
		if a := v.get("alias"); a != nil && len(a.namedKids()) == 1 {
			target = a.namedKids()[0]
		}
		v = v.namedKids()[0]
	}
	var it withItem
	name := ""
	if target != nil {
		name = t.tupleExpr(target)
		it.bound = identifierTexts(t, target)
	}
	expr := t.expr(v)
	fn := ""
	if v.kind == "call" {
		fn = t.text(v.get("function"))
	}
	switch {
	case fn == "open" || fn == "io.open" || fn == "codecs.open":
		if name == "" {
			name = t.pick("f")
		}
		it.enter = []string{name + " = " + expr}
		it.exit = name + ".close()"
	case fn == "closing" || fn == "contextlib.closing":
		args := v.get("arguments").namedKids()
		if len(args) != 1 {
			t.fail("closing() takes one object")
			return it
		}
		obj := t.expr(args[0])
		if !isDotted(args[0]) && target != nil && target.kind == "identifier" {
			it.enter = []string{name + " = " + obj}
			it.exit = name + ".close()"
			return it
		}
		if !isDotted(args[0]) {
			obj = t.pick("closing")
			it.enter = append(it.enter, obj+" = "+t.expr(args[0]))
		}
		if name != "" {
			it.enter = append(it.enter, name+" = "+obj)
		}
		it.exit = obj + ".close()"
	case isDotted(v) && lockLike(t.text(v)):
		it.enter = []string{expr + ".acquire()"}
		if name != "" {
			it.enter = []string{name + " = " + expr + ".acquire()"}
		}
		it.exit = expr + ".release()"
	default:
		mgr := expr
		if !isDotted(v) {
			mgr = t.pick("manager")
			it.enter = append(it.enter, mgr+" = "+expr)
		}
		enter := mgr + ".__enter__()"
		if name != "" {
			enter = name + " = " + enter
		}
		it.enter = append(it.enter, enter)
		it.exit = mgr + ".__exit__(None, None, None)"
	}
	return it
}

// lockLike reports whether a name looks like a lock's.
func lockLike(name string) bool {
	s := strings.ToLower(lastName(name))
	return strings.Contains(s, "lock") || strings.Contains(s, "mutex") || strings.Contains(s, "sem")
}
