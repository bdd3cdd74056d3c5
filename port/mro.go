package port

import "strings"

// super() in a class of several bases. Python's super().m(...) in class
// C calls the m of the class after C in the method resolution order of
// type(self). The translator writes the call explicitly, Base.m(self,
// ...), so it works the order out itself: C3, as Python and pyasync's
// subclass do, over the classes this module defines (a base from
// elsewhere, such as asynchat.async_chat, counts as one class whose own
// bases are not known). It writes the call when the answer is certain:
// the first class after C that defines m is one of the module's, or the
// last base from elsewhere; and no class of the module that derives from
// C puts another class between C and the rest of C's order (with
// class D(C, Mixin), C's super() would call Mixin's). Otherwise the call
// is left for a person.

// classDecl is a class the module defines.
type classDecl struct {
	bases   []string        // the bases as written (object left out)
	members map[string]bool // the names its body binds
}

// classTable is the classes of the module, by name; a name defined twice
// (in both branches of an if) maps to nil, unknown.
func (t *translator) classTable() map[string]*classDecl {
	if t.classes != nil {
		return t.classes
	}
	t.classes = map[string]*classDecl{}
	t.root.find(false, func(n *node) bool {
		if n.kind != "class_definition" || t.deadBranch(n) {
			return false
		}
		name := t.text(n.get("name"))
		if _, seen := t.classes[name]; seen {
			t.classes[name] = nil
			return false
		}
		d := &classDecl{members: map[string]bool{}}
		if sc := n.get("superclasses"); sc != nil {
			for _, b := range sc.namedKids() {
				if t.text(b) != "object" {
					d.bases = append(d.bases, strings.Join(strings.Fields(t.text(b)), ""))
				}
			}
		}
		for _, s := range body(n.get("body")) {
			if s.kind == "decorated_definition" {
				s = s.get("definition")
			}
			if s == nil || t.deadBranch(s) {
				continue
			}
			for _, id := range t.bindings(s) {
				d.members[t.text(id)] = true
			}
		}
		t.classes[name] = d
		return false
	})
	return t.classes
}

// mro is the C3 linearization of class name over the module's classes
// (a class from elsewhere is alone in its own); nil when it cannot be
// worked out.
func (t *translator) mro(name string, depth int) []string {
	table := t.classTable()
	d, known := table[name]
	if !known {
		return []string{name}
	}
	if d == nil || depth > 20 {
		return nil
	}
	var seqs [][]string
	for _, b := range d.bases {
		m := t.mro(b, depth+1)
		if m == nil {
			return nil
		}
		seqs = append(seqs, append([]string(nil), m...))
	}
	seqs = append(seqs, append([]string(nil), d.bases...))
	out := []string{name}
	for {
		var rest [][]string
		for _, s := range seqs {
			if len(s) > 0 {
				rest = append(rest, s)
			}
		}
		if len(rest) == 0 {
			return out
		}
		var head string
		for _, s := range rest {
			cand := s[0]
			inTail := false
			for _, o := range rest {
				for _, x := range o[1:] {
					if x == cand {
						inTail = true
					}
				}
			}
			if !inTail {
				head = cand
				break
			}
		}
		if head == "" {
			return nil // no consistent order: Python refuses the class
		}
		out = append(out, head)
		for i, s := range rest {
			if s[0] == head {
				rest[i] = s[1:]
			}
		}
		seqs = rest
	}
}

// superOwner is the class whose m super().m in class cls calls, or ""
// when that is not certain; mixed reports that a class of the module
// derived from cls puts another class after it, so that the answer
// depends on the instance.
func (t *translator) superOwner(cls, m string) (owner string, mixed bool) {
	order := t.mro(cls, 0)
	if order == nil {
		return "", false
	}
	table := t.classTable()
	for name := range table {
		if name == cls {
			continue
		}
		sub := t.mro(name, 0)
		for i, c := range sub {
			if c == cls && strings.Join(sub[i:], ",") != strings.Join(order, ",") {
				return "", true
			}
		}
	}
	for i, c := range order[1:] {
		d, known := table[c]
		if !known {
			if i == len(order)-2 {
				return c, false // the last, from elsewhere: it or its bases
			}
			return "", false
		}
		if d.members[m] {
			return c, false
		}
	}
	return "", false
}
