package port

// A generator whose callers only iterate over what it yields (a for
// loop, a comprehension, list(), sorted(), "".join()...) becomes a
// function that builds the list and returns it:
//
//	def lines(self):                  def lines(self):
//	    for l in self.data:               items = []
//	        if l: yield l.strip()         for l in self.data:
//	                                          if l:
//	                                              items.append(l.strip())
//	                                      return items
//
// One whose callers the translator cannot all see iterating over it (a
// caller stores it, or passes it on to be stepped through with next(),
// or the program does not call it) is run whole the same way, but
// returns iter(items), an iterator: next() takes its values one by one,
// and for loops, list() and "".join() read it as before. It then
// computes every value when it is called rather than when next() asks
// for it, which is the same unless what it reads changes in between:
// the translator says so on stderr. One that changes state as it goes
// (assigns an attribute, an item or a global, or prints), that loops
// forever or whose yield is an expression (x = yield) is left for a
// person.

// iterators are the built-ins that only iterate over their argument.
var iterators = map[string]bool{
	"list": true, "tuple": true, "sorted": true, "set": true, "sum": true, "min": true, "max": true,
	"any": true, "all": true, "enumerate": true, "frozenset": true, "dict": true, "reversed": true,
}

// generatorBlocker says why the generator fn cannot become a function
// returning a list, or "" when it can; stepped, when it is not "", says
// why its callers may step through it (it then returns an iterator).
func (t *translator) generatorBlocker(fn *node) (why, stepped string) {
	name := t.text(fn.get("name"))
	method := fn.parent != nil && fn.parent.kind == "block" && fn.parent.parent != nil && fn.parent.parent.kind == "class_definition"
	fn.get("body").find(true, func(m *node) bool {
		switch m.kind {
		case "yield":
			if m.named && m.parent.kind != "expression_statement" {
				why = "its yield is an expression (x = yield): rewrite it as a class with a method"
			}
		case "while_statement":
			if c := t.text(m.get("condition")); (c == "True" || c == "1") && m.find(true, func(k *node) bool { return k.kind == "yield" && k.named }) != nil &&
				m.get("body").find(true, func(k *node) bool { return k.kind == "break_statement" || k.kind == "return_statement" }) == nil {
				why = "it yields forever: rewrite it as a class whose method gives the next value"
			}
		}
		return why != ""
	})
	if why != "" {
		return why, ""
	}
	uses := 0
	t.root.find(false, func(m *node) bool {
		var ref *node
		switch {
		case method && m.kind == "attribute" && t.text(m.get("attribute")) == name:
			ref = m
		case !method && m.kind == "identifier" && t.text(m) == name && m != fn.get("name") &&
			!(m.parent.kind == "attribute" && m.field == "attribute") && !(m.parent.kind == "keyword_argument" && m.field == "name"):
			ref = m
		}
		if ref == nil {
			return false
		}
		uses++
		if !iterated(t, ref) {
			stepped = "a caller does more than iterate over it (line " + itoa(ref.row+1) + ")"
		}
		return stepped != ""
	})
	if stepped == "" && uses == 0 {
		stepped = "the program does not show who iterates over it"
	}
	if stepped != "" {
		if at := t.changesState(fn); at != nil {
			return "it changes state as it goes (line " + itoa(at.row+1) + ") and " + stepped +
				": when its values are computed matters; write a class whose method gives the next value, or build and return a list", ""
		}
	}
	return "", stepped
}

// changesState is the first statement of the generator fn that changes
// what others may see (an attribute, an item, a global, the output), or
// nil.
func (t *translator) changesState(fn *node) *node {
	own := t.locals(fn)
	for _, p := range t.params(fn) {
		delete(own, p)
	}
	return fn.get("body").find(true, func(m *node) bool {
		switch m.kind {
		case "global_statement", "nonlocal_statement", "print_statement":
			return true
		case "assignment", "augmented_assignment":
			// an item or attribute of a value the generator made itself is its own
			return m.get("left").find(false, func(k *node) bool {
				if k.kind != "attribute" && k.kind != "subscript" {
					return false
				}
				base := k
				for base.kind == "attribute" || base.kind == "subscript" {
					base = base.namedKids()[0]
				}
				return base.kind != "identifier" || !own[t.text(base)]
			}) != nil
		case "call":
			f := m.get("function")
			return f.kind == "identifier" && t.text(f) == "print" ||
				f.kind == "attribute" && stateCalls[t.text(f.get("attribute"))]
		}
		return false
	})
}

// stateCalls are methods that change state others see: the output, a
// connection.
var stateCalls = map[string]bool{"write": true, "send": true, "sendall": true, "push": true, "close": true}

// iterated reports whether ref, a reference to a generator function, is
// called where the result is only iterated over.
func iterated(t *translator, ref *node) bool {
	call := ref.parent
	if call == nil || call.kind != "call" || ref.field != "function" {
		return false
	}
	p := call.parent
	switch {
	case p == nil:
		return false
	case (p.kind == "for_statement" || p.kind == "for_in_clause") && call.field == "right":
		return true
	case p.kind == "yield" && p.has("from"):
		return true
	case p.kind == "argument_list" && len(p.namedKids()) == 1:
		outer := p.parent
		fn := outer.get("function")
		if fn.kind == "identifier" && iterators[t.text(fn)] {
			return true
		}
		return fn.kind == "attribute" && t.text(fn.get("attribute")) == "join"
	}
	return false
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

// yieldStmt writes a yield statement of a generator written as a
// function: the value goes on the list.
func (t *translator) yieldStmt(y *node) string {
	gen := t.frame().gen
	vals := y.namedKids()
	if y.has("from") {
		return gen + ".extend(" + t.expr(vals[0]) + ")"
	}
	if len(vals) == 0 {
		return gen + ".append(None)"
	}
	v := t.tupleExpr(vals[0])
	if vals[0].kind == "expression_list" {
		v = "(" + t.expr(vals[0]) + ")"
	}
	return gen + ".append(" + v + ")"
}
