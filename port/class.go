package port

import (
	"strings"
)

// classInfo is what a method's translation needs to know of its class.
type classInfo struct {
	name   string   // the class's name, as Python's __name__ and for mangling __names
	prefix string   // the prefix of its methods' functions: "_Name_"
	bases  []string // translated base class expressions
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
//
// A class body's other statements (an if, a loop, an attribute computed
// from another) run at the top level before the subclass call, on
// variables named _Name_attr. A class inside the class becomes a class
// of its own, _Name_Inner, at the top level.
func (t *translator) classDef(n *node) {
	name := t.text(n.get("name"))
	t.classDefAs(n, name, name)
}

// classDefAs writes class n as the variable v.
func (t *translator) classDefAs(n *node, v, name string) {
	info := &classInfo{name: name, prefix: "_" + strings.TrimLeft(v, "_") + "_"}
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
			if v, ok := t.hoisted[t.text(b)]; ok && b.kind == "identifier" {
				// a class hoisted before it from the same statement: its
				// name is bound only where the statement runs, after both
				info.bases = append(info.bases, v)
				continue
			}
			info.bases = append(info.bases, t.excClass(b))
		}
	}
	if why := t.takePending(); why != "" {
		t.todo(n, 0, why)
		return
	}
	for _, b := range info.bases {
		if valueTypes[b] && !t.boundInModule(b) {
			t.valueTypeClass(n, v, name, b)
			return
		}
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

	for _, k := range n.kids { // comments between the header and the body
		if b := n.get("body"); k.kind == "comment" && b != nil && k.end <= b.start {
			t.comment(0, t.text(k))
		}
	}
	var members []member
	lastWasMember := false         // a comment on the same line goes with the member
	methods := map[string]string{} // method name -> its function, for "alias = method"
	props := map[string]int{}      // property name -> its index in members
	stmts := body(n.get("body"))
	computed := t.computedNames(stmts, info)
	conditional := t.conditionalNames(stmts, computed)
	if len(conditional) > 0 {
		// bound only where a test holds: the class gets them only then
		if t.unbound == "" {
			t.unbound = t.unusedName("_unbound")
			t.emit(0, t.unbound+" = object()  # a class attribute its body did not bind")
		}
		for _, name := range sortedKeys(conditional) {
			t.emit(0, computed[name]+" = "+t.unbound)
		}
	}
	var optional []member     // the conditional ones, passed if bound
	index := map[string]int{} // attribute -> its index in members
	addMember := func(m member) {
		if i, ok := index[m.name]; ok {
			members[i] = m
			return
		}
		index[m.name] = len(members)
		members = append(members, m)
	}
	savedMangle := t.mangleClass
	t.mangleClass = info
	defer func() { t.mangleClass = savedMangle }()
	saved := t.classNames
	t.classNames = map[string]string{}
	for k, v := range computed {
		t.classNames[k] = v
	}
	defer func() { t.classNames = saved }()
	savedBound := t.classBound
	t.classBound = t.classBindings(stmts, computed)
	defer func() { t.classBound = savedBound }()
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
			mname := t.mangle(safeName(t.text(s.get("name"))), info)
			fname := info.prefix + safeName(t.text(s.get("name")))
			t.blank()
			outer := t.class
			t.class = info
			mark := len(t.lines)
			ok := t.funcDef(s, 0, fname)
			t.class = outer
			late := t.late != nil && t.lateDefaults(s)
			if late {
				// its defaults are evaluated where the class was
				t.lateStmts = append(t.lateStmts, t.lines[mark:]...)
				t.lines = t.lines[:mark]
			}
			t.blank()
			if ok && late {
				t.lateMembers = append(t.lateMembers, member{name: mname, value: fname})
				methods[t.text(s.get("name"))] = fname
				t.classNames[t.text(s.get("name"))] = fname
			} else if ok {
				addMember(member{name: mname, value: fname})
				methods[t.text(s.get("name"))] = fname
				t.classNames[t.text(s.get("name"))] = fname
			}
		case s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "assignment" &&
			s.kids[0].get("left").kind == "identifier" && s.kids[0].get("right") != nil &&
			s.kids[0].get("right").kind != "assignment" && computed[t.text(s.kids[0].get("left"))] == "":
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
			if t.readsLate(a.get("right")) {
				t.lateMembers = append(t.lateMembers, member{name: t.mangle(safeName(t.text(a.get("left"))), info), value: v})
				break
			}
			addMember(member{name: t.mangle(safeName(t.text(a.get("left"))), info), value: v})
			lastWasMember = true
		case s.kind == "class_definition":
			inner := t.text(s.get("name"))
			hv := t.unusedName(info.prefix + inner)
			outer := t.class
			t.class = nil
			t.blank()
			t.classDefAs(s, hv, inner)
			t.blank()
			t.class = outer
			addMember(member{name: inner, value: hv})
			t.classNames[inner] = hv
		case s.kind == "decorated_definition":
			outer := t.class
			m, ok := t.decorated(s, info, methods)
			t.class = outer
			if !ok {
				t.todo(s, 0, "a decorated method (a deleter, or a decorator the translator cannot write): write it as a plain function or method")
				break
			}
			if m.name == "" {
				break
			}
			if i, seen := props[m.name]; seen && strings.HasPrefix(m.value, "property(") {
				members[i].value = m.value // the setter completes the property
				break
			}
			props[m.name] = len(members)
			addMember(m)
		case s.kind == "delete_statement" && t.deletesClassNames(s, computed):
			for _, id := range identifiers(s.namedKids()[0]) {
				kept := optional[:0]
				for _, m := range optional {
					if m.name != t.text(id) {
						kept = append(kept, m)
					}
				}
				optional = kept
				if i, ok := index[t.text(id)]; ok {
					members = append(members[:i], members[i+1:]...)
					delete(index, t.text(id))
					for k, j := range index {
						if j > i {
							index[k] = j - 1
						}
					}
				}
			}
		default:
			// A statement computing class attributes runs at the top
			// level, on the _Name_attr variables (for a class hoisted out
			// of a statement, where the class was: see hoistClass).
			mark := len(t.lines)
			t.stmt(s, 0)
			hoisted := t.late != nil
			if hoisted {
				t.lateStmts = append(t.lateStmts, t.lines[mark:]...)
				t.lines = t.lines[:mark]
			}
			for _, id := range t.bindings(s) {
				if v := computed[t.text(id)]; v != "" {
					m := member{name: t.mangle(t.text(id), info), value: v}
					switch {
					case conditional[t.text(id)] && hoisted:
						m.comment = t.unbound // set only if bound
						t.lateMembers = append(t.lateMembers, m)
					case conditional[t.text(id)]:
						optional = append(optional, m)
					case hoisted:
						t.lateMembers = append(t.lateMembers, m)
					default:
						addMember(m)
					}
				}
			}
		}
		prevEnd = s.endRow
	}
	if len(t.lines) > 0 && strings.HasPrefix(t.lines[len(t.lines)-1], "# ") && len(members) > 0 {
		t.blank() // after a TODO block
	}
	if len(optional) > 0 {
		var pairs []string
		seen := map[string]bool{}
		for _, m := range optional {
			if !seen[m.name] {
				seen[m.name] = true
				pairs = append(pairs, "("+quote(m.name)+", "+m.value+")")
			}
		}
		members = append(members, member{name: "**", value: "{k: v for k, v in [" + strings.Join(pairs, ", ") + "] if v != " + t.unbound + "}"})
	}
	if t.classModule && !hasMember(members, "__module__") {
		// Python's class statement sets it; the program reads it
		members = append([]member{{name: "__module__", value: "__name__"}}, members...)
	}
	head := v + " = subclass(" + base + ", " + quote(name)
	if len(members) == 0 {
		t.emit(0, head+")")
		return
	}
	t.emit(0, head+",")
	for _, m := range members {
		line := "    " + m.name + " = " + m.value + ","
		if m.name == "**" {
			line = "    **" + m.value + ","
		}
		if m.comment != "" {
			line += "  " + m.comment
		}
		t.comment(0, line)
	}
	t.comment(0, ")")
}

// valueTypes are the built-in types whose values are not instances of
// pyasync's classes: a class cannot extend them.
var valueTypes = map[string]bool{
	"str": true, "bytes": true, "bytearray": true, "int": true, "float": true, "bool": true,
	"list": true, "dict": true, "tuple": true, "set": true,
}

// valueTypeClass writes a class that extends a built-in value type (a
// compatibility module's class unicode(str)) as a function that raises
// TypeError when called, with a warning: the file loads, as Python's
// does, and a use of the class fails where it happens.
func (t *translator) valueTypeClass(n *node, v, name, base string) {
	t.warn(n, "class %s(%s): pyasync's classes cannot extend %s; %s is a function that raises TypeError when called", name, base, base, name)
	t.emit(0, "def "+v+"(*args, **kwargs):")
	t.emit(1, "throw(TypeError(\"class "+name+": pyasync's classes cannot extend "+base+"\"))")
}

// computedNames is, for a class body with statements other than
// assignments and methods, the class attributes that live in top-level
// variables while the body runs: those such statements bind, and those a
// statement of the body reads. Each maps to its variable, _Name_attr.
func (t *translator) computedNames(stmts []*node, info *classInfo) map[string]string {
	out := map[string]string{}
	bound := map[string]bool{}
	complex := false
	for _, s := range stmts {
		switch {
		case !s.named || s.kind == "comment" || s.kind == "pass_statement" || isDocstring(s):
		case s.kind == "function_definition", s.kind == "decorated_definition", s.kind == "class_definition":
		case s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "assignment" &&
			s.kids[0].get("left").kind == "identifier":
			bound[t.text(s.kids[0].get("left"))] = true
		case s.kind == "delete_statement":
		default:
			complex = true
			for _, id := range t.bindings(s) {
				bound[t.text(id)] = true
				out[t.text(id)] = ""
			}
		}
	}
	for _, s := range stmts {
		if s.kind == "function_definition" || s.kind == "decorated_definition" || s.kind == "class_definition" || !s.named {
			continue
		}
		for _, id := range reads(s) {
			if bound[t.text(id)] {
				out[t.text(id)] = ""
				complex = true
			}
		}
	}
	if !complex {
		return nil
	}
	for name := range out {
		out[name] = t.unusedName(info.prefix + t.mangle(name, info))
	}
	return out
}

// conditionalNames are the computed attributes (see computedNames) that
// the class body binds only in a compound statement (under an if, in a
// loop): Python's class has them only when that binds them.
func (t *translator) conditionalNames(stmts []*node, computed map[string]string) map[string]bool {
	out := map[string]bool{}
	direct := map[string]bool{}
	for _, s := range stmts {
		if !s.named {
			continue
		}
		simple := s.kind == "function_definition" || s.kind == "decorated_definition" || s.kind == "class_definition" ||
			s.kind == "expression_statement"
		for _, id := range t.bindings(s) {
			name := t.text(id)
			if computed[name] == "" {
				continue
			}
			if simple {
				direct[name] = true
			} else {
				out[name] = true
			}
		}
	}
	for name := range direct {
		delete(out, name)
	}
	return out
}

// classBindings is where the class body first binds each computed
// attribute: the end of the assignment that binds it (Python evaluates
// the right side first: proto_cmds = proto_cmds reads the global), or of
// the name itself (a loop variable).
func (t *translator) classBindings(stmts []*node, computed map[string]string) map[string]int {
	at := map[string]int{}
	for _, s := range stmts {
		if !s.named || s.kind == "function_definition" || s.kind == "decorated_definition" || s.kind == "class_definition" {
			continue
		}
		simple := s.kind == "expression_statement" && len(s.kids) == 1 && s.kids[0].kind == "assignment"
		for _, id := range t.bindings(s) {
			name := t.text(id)
			if _, ok := computed[name]; !ok {
				continue
			}
			end := id.end
			if simple {
				end = s.end
			}
			if prev, ok := at[name]; !ok || end < prev {
				at[name] = end
			}
		}
	}
	return at
}

// deletesClassNames reports whether s is "del name, ..." of class-level
// names only (Python deletes a loop variable so that it is not an
// attribute).
func (t *translator) deletesClassNames(s *node, computed map[string]string) bool {
	ks := s.namedKids()
	if len(ks) != 1 {
		return false
	}
	ids := identifiers(ks[0])
	return len(ids) > 0 && (ks[0].kind == "identifier" || ks[0].kind == "expression_list")
}

// unusedName is name, or name2, name3... when the program uses it.
func (t *translator) unusedName(name string) string {
	v := t.pick(name)
	t.names[v] = true
	return v
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
	decs := decorators(s)
	if def == nil || def.kind != "function_definition" || len(decs) == 0 {
		return m, false
	}
	d := strings.TrimSpace(strings.TrimPrefix(t.text(decs[0]), "@"))
	orig := t.text(def.get("name"))
	m.name = t.mangle(safeName(orig), info)
	fname := info.prefix + safeName(orig)
	switch {
	case len(decs) == 1 && d == "property":
		m.value = "property(" + fname + ")"
	case len(decs) == 1 && d == orig+".setter":
		getter, ok := methods["@"+orig]
		if !ok {
			return m, false
		}
		fname = info.prefix + "set_" + safeName(orig)
		m.value = "property(" + getter + ", " + fname + ")"
	default:
		// staticmethod, classmethod, a decorator of the program's: each
		// applied to what the one below it gives, as Python does
		v, ok := t.applyDecorators(decs, fname)
		if !ok {
			return m, false
		}
		m.value = v
	}
	if d == "property" {
		methods["@"+orig] = fname
	}
	t.blank()
	t.class = info
	ok := t.funcDef(def, 0, fname)
	t.blank()
	if !ok { // left as a TODO: no member
		return member{}, true
	}
	return m, true
}

// decorators are the decorator nodes of a decorated definition, the
// outermost first.
func decorators(s *node) []*node {
	var decs []*node
	for _, k := range s.kids {
		if k.kind == "decorator" {
			decs = append(decs, k)
		}
	}
	return decs
}

// applyDecorators is fn with decorators decs applied, the innermost first
// (@a @b def f is a(b(f))); ok is false for a decorator that only a
// property understands (@x.setter, @x.deleter, @property among others).
func (t *translator) applyDecorators(decs []*node, fn string) (string, bool) {
	v := fn
	for i := len(decs) - 1; i >= 0; i-- {
		e := decs[i].namedKids()
		if len(e) != 1 {
			return "", false
		}
		text := t.text(e[0])
		if text == "property" || strings.HasSuffix(text, ".setter") || strings.HasSuffix(text, ".deleter") || strings.HasSuffix(text, ".getter") {
			return "", false
		}
		t.pending = ""
		x := t.expr(e[0])
		if t.takePending() != "" {
			return "", false
		}
		v = x + "(" + v + ")"
	}
	return v, true
}

// mangle is Python's private name mangling: inside class C, __x (not
// ending in __) is _C__x.
func (t *translator) mangle(name string, info *classInfo) string {
	if info == nil || !strings.HasPrefix(name, "__") || strings.HasSuffix(name, "__") {
		return name
	}
	cls := strings.TrimLeft(info.name, "_")
	if cls == "" {
		return name
	}
	return "_" + cls + name
}

// hoistClass writes a class defined inside a function at the top level,
// before the top-level statement being written, as _function_Name, and
// binds its name in the function. A class that uses the function's
// variables cannot move, and is left for a person.
func (t *translator) hoistClass(n *node, indent int) {
	name := t.text(n.get("name"))
	if t.topMark < 0 || t.usesLocals(n, map[string]bool{}) {
		t.todo(n, indent, "a class inside a function that uses the function's variables: define it at the top level")
		return
	}
	prefix := "_"
	if fn := strings.TrimLeft(t.frame().fn, "_"); fn != "" {
		prefix += fn + "_"
	}
	v := t.unusedName(prefix + name)
	lines, scopes, frames, handling, mark := t.lines, t.scopes, t.frames, t.handling, t.topMark
	class, mangle, names, shift := t.class, t.mangleClass, t.classNames, t.shift
	late, lateMembers, lateStmts := t.late, t.lateMembers, t.lateStmts
	t.lateStmts = nil
	if len(t.frames) == 1 {
		t.late = t.boundBefore(t.topStmt, n)
		if t.late == nil {
			t.late = map[string]bool{}
		}
	}
	t.lateMembers = nil
	t.lines, t.scopes, t.frames, t.handling, t.topMark = nil, nil, []*fnFrame{t.frames[0]}, nil, 0
	t.class, t.mangleClass, t.classNames = nil, nil, nil
	t.classDefAs(n, v, name) // a class hoisted from inside it goes first
	hoisted := append(t.lines, "")
	t.lines, t.scopes, t.frames, t.handling, t.topMark = lines, scopes, frames, handling, mark
	t.class, t.mangleClass, t.classNames, t.shift = class, mangle, names, shift
	t.lines = append(t.lines[:t.topMark], append(hoisted, t.lines[t.topMark:]...)...)
	t.topMark += len(hoisted)
	t.emit(indent, name+" = "+v)
	for _, l := range t.lateStmts {
		if l == "" {
			t.blank()
			continue
		}
		t.emit(indent, l)
	}
	seenLate := map[string]bool{}
	for _, m := range t.lateMembers {
		switch {
		case m.comment != "" && seenLate[m.name]:
		case m.comment != "": // bound only where a test held
			t.emit(indent, "if "+m.value+" != "+m.comment+":")
			t.emit(indent+1, name+"."+m.name+" = "+m.value)
		default:
			t.emit(indent, name+"."+m.name+" = "+m.value)
		}
		seenLate[m.name] = true
	}
	t.late, t.lateMembers, t.lateStmts = late, lateMembers, lateStmts
	t.writeBack([]string{name}, indent)
	if t.hoisted == nil {
		t.hoisted = map[string]string{}
	}
	t.hoisted[name] = v
}

// lateDefaults reports whether method def, of a class hoisted out of a
// statement, has a default value that may fail, or differ, before the
// statement runs to the class (_READ=select.KQ_FILTER_READ), and can be
// written where the class was (no string of several lines in it, which
// the indentation there would change).
func (t *translator) lateDefaults(def *node) bool {
	params := def.get("parameters")
	if params == nil || params.find(false, func(m *node) bool {
		return (m.kind == "default_parameter" || m.kind == "typed_default_parameter") && m.get("value") != nil &&
			m.get("value").find(false, func(v *node) bool { return v.kind == "call" || v.kind == "attribute" || v.kind == "subscript" }) != nil
	}) == nil {
		return false
	}
	return def.find(false, func(m *node) bool { return m.kind == "string" && m.row != m.endRow }) == nil
}

// boundBefore is the set of names the top-level statement top binds
// before class n, which is being hoisted out of it (nil when none).
func (t *translator) boundBefore(top, n *node) map[string]bool {
	if top == nil {
		return nil
	}
	var out map[string]bool
	for _, id := range t.bindings(top) {
		if id.start < n.start {
			if out == nil {
				out = map[string]bool{}
			}
			out[t.text(id)] = true
		}
	}
	return out
}

// readsLate reports whether expression e, an attribute of a class
// hoisted out of a top-level statement, must be set where the class was:
// it reads a name the statement binds before the class, or may fail.
func (t *translator) readsLate(e *node) bool {
	if t.late == nil {
		return false
	}
	// what may fail, or differ, before the statement runs to the class:
	// Python evaluates it only if the statement gets there
	// (if hasattr(select, "poll"): class Poll: READ = select.POLLIN)
	if e.find(false, func(m *node) bool {
		return m.kind == "call" || m.kind == "attribute" || m.kind == "subscript" || m.kind == "binary_operator"
	}) != nil {
		return true
	}
	for _, id := range reads(e) {
		if t.late[t.text(id)] && t.classNames[t.text(id)] == "" {
			return true
		}
	}
	return false
}

// usesLocals reports whether code under n reads a variable of the
// functions being written, but for the names bound in between (bound).
func (t *translator) usesLocals(n *node, bound map[string]bool) bool {
	for _, k := range n.kids {
		switch {
		case k.kind == "function_definition":
			inner := map[string]bool{}
			for name := range bound {
				inner[name] = true
			}
			for name := range t.locals(k) {
				inner[name] = true
			}
			if p := k.get("parameters"); p != nil {
				for _, d := range p.namedKids() {
					if v := d.get("value"); v != nil && t.usesLocals(&node{kids: []*node{v}}, bound) {
						return true
					}
				}
			}
			if t.usesLocals(k.get("body"), inner) {
				return true
			}
		case k.kind == "identifier":
			if name := t.text(k); !bound[name] && t.isLocal(name) && k.field != "attribute" && !(n.kind == "keyword_argument" && k.field == "name") &&
				!((n.kind == "class_definition" || n.kind == "function_definition") && k.field == "name") {
				return true
			}
		default:
			if t.usesLocals(k, bound) {
				return true
			}
		}
	}
	return false
}

// hasMember reports whether members has one named name.
func hasMember(members []member, name string) bool {
	for _, m := range members {
		if m.name == name {
			return true
		}
	}
	return false
}
