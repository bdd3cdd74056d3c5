package port

import (
	"strings"
)

// classInfo is what a method's translation needs to know of its class.
type classInfo struct {
	name  string
	bases []string // translated base class expressions
}

// member is one keyword argument of the subclass(...) call: a class
// attribute or a method.
type member struct{ name, value, comment string }

// classDef writes
//
//	class Name(Base):
//	    x = 1
//	    def handle_read(self): ...
//
// as
//
//	def _Name_handle_read(self): ...
//
//	Name = subclass(Base, "Name",
//	    x = 1,
//	    handle_read = _Name_handle_read,
//	)
func (t *translator) classDef(n *node) {
	name := t.text(n.get("name"))
	info := &classInfo{name: name}
	t.pending = ""
	if sc := n.get("superclasses"); sc != nil {
		for _, b := range sc.namedKids() {
			if b.kind == "keyword_argument" {
				t.fail("class keyword arguments (metaclass=...): no Starlark equivalent")
				continue
			}
			if t.text(b) == "object" {
				continue
			}
			info.bases = append(info.bases, t.expr(b))
		}
	}
	if why := t.takePending(); why != "" {
		t.todo(n, 0, why)
		return
	}
	var base string
	switch len(info.bases) {
	case 0:
		base = "object"
	case 1:
		base = info.bases[0]
	default:
		base = "(" + strings.Join(info.bases, ", ") + ")"
	}

	var members []member
	lastWasMember := false         // a comment on the same line goes with the member
	methods := map[string]string{} // method name -> its function, for "alias = method"
	props := map[string]int{}      // property name -> its index in members
	stmts := body(n.get("body"))
	prevEnd := -1
	for i, s := range stmts {
		if !s.named {
			continue
		}
		if s.kind == "comment" {
			if prevEnd == s.row && len(members) > 0 && lastWasMember {
				members[len(members)-1].comment = t.text(s)
			} else {
				if prevEnd >= 0 && s.row > prevEnd+1 {
					t.blank()
				}
				t.comment(0, t.text(s))
			}
			prevEnd = s.endRow
			continue
		}
		lastWasMember = false
		t.shift = -t.vcol(s)
		switch {
		case i == firstStmt(stmts) && isDocstring(s):
			for _, l := range t.docLines(s.kids[0]) {
				t.comment(0, strings.TrimRight("# "+l, " "))
			}
		case s.kind == "pass_statement":
		case s.kind == "function_definition":
			mname := safeName(t.text(s.get("name")))
			fname := "_" + name + "_" + mname
			t.blank()
			t.class = info
			t.funcDef(s, 0, fname)
			t.class = nil
			t.blank()
			members = append(members, member{name: mname, value: fname})
			methods[t.text(s.get("name"))] = fname
		case s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "assignment" &&
			s.kids[0].get("left").kind == "identifier" && s.kids[0].get("right") != nil &&
			s.kids[0].get("right").kind != "assignment":
			a := s.kids[0]
			t.pending = ""
			t.shift = 4 - t.vcol(s)
			v := t.expr(a.get("right"))
			if f, ok := methods[t.text(a.get("right"))]; ok { // get_headers = get_raw_header
				v = f
			}
			if a.get("right").kind == "expression_list" {
				v = "(" + v + ")"
			}
			if why := t.takePending(); why != "" {
				t.todo(s, 0, why)
				break
			}
			members = append(members, member{name: safeName(t.text(a.get("left"))), value: v})
			lastWasMember = true
		case s.kind == "class_definition":
			t.todo(s, 0, "a class inside a class: define it at the top level")
		case s.kind == "decorated_definition":
			m, ok := t.decorated(s, info, methods)
			if !ok {
				t.todo(s, 0, "a decorated method (classmethod, a deleter, or another decorator): write it as a plain function or method")
				break
			}
			if i, seen := props[m.name]; seen && strings.HasPrefix(m.value, "property(") {
				members[i].value = m.value // the setter completes the property
				break
			}
			props[m.name] = len(members)
			members = append(members, m)
		default:
			t.todo(s, 0, "a class body with logic: only assignments and methods translate")
		}
		prevEnd = s.endRow
	}
	if len(t.lines) > 0 && strings.HasPrefix(t.lines[len(t.lines)-1], "# ") && len(members) > 0 {
		t.blank() // after a TODO block
	}
	head := name + " = subclass(" + base + ", " + quote(name)
	if len(members) == 0 {
		t.emit(0, head+")")
		return
	}
	t.emit(0, head+",")
	for _, m := range members {
		line := "    " + m.name + " = " + m.value + ","
		if m.comment != "" {
			line += "  " + m.comment
		}
		t.comment(0, line)
	}
	t.comment(0, ")")
}

func firstStmt(stmts []*node) int {
	for i, s := range stmts {
		if s.named && s.kind != "comment" {
			return i
		}
	}
	return -1
}

func isDocstring(s *node) bool {
	return s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "string"
}

// docLines is a docstring's text, line by line, dedented.
func (t *translator) docLines(s *node) []string {
	raw := t.text(s)
	raw = strings.TrimLeft(raw, "rRuUbB")
	for _, q := range []string{`"""`, `'''`, `"`, `'`} {
		if strings.HasPrefix(raw, q) && strings.HasSuffix(raw, q) && len(raw) >= 2*len(q) {
			raw = raw[len(q) : len(raw)-len(q)]
			break
		}
	}
	lines := strings.Split(strings.TrimSpace(raw), "\n")
	minIndent := -1
	for _, l := range lines[1:] {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if w := leading(expandTabs(l)); minIndent < 0 || w < minIndent {
			minIndent = w
		}
	}
	for i := 1; i < len(lines); i++ {
		l := expandTabs(lines[i])
		if minIndent > 0 && len(l) >= minIndent {
			l = l[minIndent:]
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return lines
}

// decorated writes a method under @property, @name.setter or
// @staticmethod and returns the class member it becomes:
// property(_C_name) (with the setter: property(_C_name, _C_set_name)) or
// staticmethod(_C_name). methods maps each method already written to its
// function.
func (t *translator) decorated(s *node, info *classInfo, methods map[string]string) (member, bool) {
	var m member
	def := s.get("definition")
	var decs []*node
	for _, k := range s.kids {
		if k.kind == "decorator" {
			decs = append(decs, k)
		}
	}
	if def == nil || def.kind != "function_definition" || len(decs) != 1 {
		return m, false
	}
	d := strings.TrimSpace(strings.TrimPrefix(t.text(decs[0]), "@"))
	orig := t.text(def.get("name"))
	m.name = safeName(orig)
	class := info.name
	fname := "_" + class + "_" + m.name
	switch d {
	case "property":
		m.value = "property(" + fname + ")"
	case "staticmethod":
		m.value = "staticmethod(" + fname + ")"
	case orig + ".setter":
		getter, ok := methods["@"+orig]
		if !ok {
			return m, false
		}
		fname = "_" + class + "_set_" + m.name
		m.value = "property(" + getter + ", " + fname + ")"
	default:
		return m, false
	}
	if d == "property" {
		methods["@"+orig] = fname
	}
	t.blank()
	t.class = info
	t.funcDef(def, 0, fname)
	t.class = nil
	t.blank()
	return m, true
}
