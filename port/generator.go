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
// One that a caller steps through with next(), that loops forever, whose
// yield is an expression (x = yield), or whose callers the program does
// not show, is left for a person.

// iterators are the built-ins that only iterate over their argument.
var iterators = map[string]bool{
	"list": true, "tuple": true, "sorted": true, "set": true, "sum": true, "min": true, "max": true,
	"any": true, "all": true, "enumerate": true, "frozenset": true, "dict": true, "reversed": true,
}

// generatorBlocker says why the generator fn cannot become a function
// returning a list, or "" when it can.
func (t *translator) generatorBlocker(fn *node) string {
	name := t.text(fn.get("name"))
	method := fn.parent != nil && fn.parent.kind == "block" && fn.parent.parent != nil && fn.parent.parent.kind == "class_definition"
	why := ""
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
		return why
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
			why = "a caller does more than iterate over it (line " + itoa(ref.row+1) + "): build and return a list, or write a class with a method for the next value"
		}
		return why != ""
	})
	if why == "" && uses == 0 {
		why = "the program does not show who iterates over it: build and return a list"
	}
	return why
}

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
