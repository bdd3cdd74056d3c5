package port

import "strings"

// Starlark refuses to change a list while a loop runs over it ("cannot
// remove from list during iteration"); Python lets it. A chat server's
// broadcast, where a send fails and the departing client removes itself
// from the list being walked, is the usual case. Such a loop runs over a
// copy, list(xs): every item present when the loop started is visited.
// Python instead skips the item after each one removed, or visits the
// items appended; when the loop's own body changes the list, the
// translator says so on stderr.

// listMutators are the methods that change a list in place.
var listMutators = map[string]bool{"remove": true, "append": true, "insert": true, "extend": true, "pop": true, "clear": true}

// noteMutations records, for each list the program changes in place,
// the last part of its name ("clients" for self.server.clients).
func (t *translator) noteMutations(n *node) {
	switch n.kind {
	case "call":
		fn := n.get("function")
		if fn != nil && fn.kind == "attribute" && listMutators[t.text(fn.get("attribute"))] && isDotted(fn.get("object")) {
			t.program.mutated[lastName(t.text(fn.get("object")))] = true
		}
	case "delete_statement":
		for _, tg := range n.namedKids() {
			for _, s := range append([]*node{tg}, tg.namedKids()...) {
				if s.kind == "subscript" && isDotted(s.get("value")) {
					t.program.mutated[lastName(t.text(s.get("value")))] = true
				}
			}
		}
	}
}

func lastName(dotted string) string {
	return dotted[strings.LastIndex(dotted, ".")+1:]
}

// iterable is what a for loop runs over: a copy, list(xs), when its body
// may change xs (directly, or through a call when the program changes
// xs somewhere).
func (t *translator) iterable(n *node) string {
	r := n.get("right")
	s := t.expr(r)
	if !isDotted(r) {
		return t.iterOver(r, s)
	}
	name := t.text(r)
	b := n.get("body")
	direct := b.find(true, func(m *node) bool {
		switch m.kind {
		case "call":
			fn := m.get("function")
			return fn != nil && fn.kind == "attribute" && listMutators[t.text(fn.get("attribute"))] && t.text(fn.get("object")) == name
		case "subscript":
			return m.parent != nil && (m.parent.kind == "delete_statement" || m.parent.parent != nil && m.parent.parent.kind == "delete_statement") &&
				t.text(m.get("value")) == name
		}
		return false
	}) != nil
	if direct {
		t.warn(n, "the loop's body changes %s while the loop runs over it: the translation runs over a copy, list(%s), which visits every item it had at the start (Python skips the item after one removed, and visits items appended)", name, s)
		return "list(" + s + ")"
	}
	if !t.program.mutated[lastName(name)] {
		return t.iterOver(r, s)
	}
	calls := b.find(true, func(m *node) bool {
		if m.kind != "call" {
			return false
		}
		fn := m.get("function")
		return fn.kind == "attribute" || (fn.kind == "identifier" && !harmless[t.text(fn)])
	}) != nil
	if calls {
		return "list(" + s + ")"
	}
	return t.iterOver(r, s)
}

// harmless are the built-ins a loop body may call without changing a
// list of the program.
var harmless = map[string]bool{
	"print": true, "len": true, "str": true, "int": true, "repr": true, "isinstance": true, "range": true,
	"sorted": true, "min": true, "max": true, "abs": true, "float": true, "bool": true, "tuple": true, "list": true,
	"dict": true, "type": true, "hasattr": true, "getattr": true, "sprintf": true, "enumerate": true, "zip": true,
}
