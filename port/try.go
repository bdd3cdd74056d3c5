package port

import (
	"strings"
)

// try/except/else/finally becomes catch() and throw() (SPEC section 2a):
//
//	try:                        def _try():
//	    n = int(s)                  n = int(s)
//	    total += n                  _vars["n"] = n
//	except ValueError as e:     e, _ = catch(_try)
//	    log(e)                  if "n" in _vars: n = _vars.pop("n")
//	                            if isinstance(e, ValueError):
//	                                log(e)
//	                            elif e != None:
//	                                throw(e)
//
// The body runs in a nested def so that catch can call it; the names it
// binds that the function uses elsewhere are stored in a dict as they are
// bound and read back after, so that what was assigned before the
// failing line stays visible; a return, break or continue in it becomes a
// control code its caller acts on (frame.go). A body of one statement
// needs no def: catch(fn, args) or catch(lambda: expr). A finally clause
// runs after catch_base, then the exception, if any, is thrown again.
// See PORTING.md.

// handler is one except clause.
type handler struct {
	clause *node
	types  string // the class or tuple isinstance() tests; "" for a bare except
	alias  string // the name "as e" binds, or ""
	unpack bool   // Python 2's "except E, (code, msg)": the alias unpacks the exception's args
	body   *node  // its block
}

// tryShape is a try statement taken apart; with statements make one too.
type tryShape struct {
	stmt     *node // the statement, for messages
	bodyOf   *node // the clause holding the body, for its comments
	block    *node // the body
	handlers []handler
	orelse   *node            // the else clause, or nil
	deadElse bool             // the else clause never runs (versions.go: elseNeverRuns)
	final    func(indent int) // writes the finally clause, or nil
	region   []*node          // the finally clause, for the names it reads
	base     bool             // catch_base: a handler wants SystemExit or the like
}

// baseExceptions are the classes plain catch() lets through.
var baseExceptions = map[string]bool{
	"BaseException": true, "SystemExit": true, "GeneratorExit": true, "KeyboardInterrupt": true,
	"asyncore.ExitNow": true, "ExitNow": true,
}

// tryStmt writes a try statement.
func (t *translator) tryStmt(n *node, indent int) {
	s := &tryShape{stmt: n, bodyOf: n, block: n.get("body")}
	t.pending = ""
	for _, k := range n.kids {
		switch k.kind {
		case "except_clause":
			if h, keep := t.handlerOf(k); keep {
				s.handlers = append(s.handlers, h)
			}
		case "except_group_clause":
			t.fail("except*: no Starlark equivalent")
		case "else_clause":
			if mod := t.elseNeverRuns(n); mod != "" {
				t.warn(k, "%s", unimportable(mod, "this else clause runs only where "+mod+" can be imported")+": it is not translated")
				s.deadElse = true
			}
			s.orelse = k
		case "finally_clause":
			fin := k
			s.region = []*node{fin}
			s.final = func(indent int) {
				t.ownComments(fin, indent)
				t.block(body(blockOf(fin)), indent, false)
			}
		}
	}
	if why := t.takePending(); why != "" {
		t.todo(n, indent, why)
		return
	}
	for _, h := range s.handlers {
		if h.types == "" || baseTypes(h.types) {
			s.base = true
		}
	}
	if t.keepsBuiltin(s, indent) || t.tryIdiom(s, indent) {
		return
	}
	t.writeTry(s, indent)
}

// keepsBuiltin writes a compatibility module's
//
//	try:
//	    callable = callable
//	except NameError:
//	    def callable(obj): ...
//
// at the top level, where the name is one of Python 3.11's built-ins
// that pyasync has, as the assignment alone: Python 3.11 never runs the
// handler, and a Starlark function (the try body's def) could not read
// the built-in that the module's own binding hides.
func (t *translator) keepsBuiltin(s *tryShape, indent int) bool {
	if len(t.scopes) > 0 || s.orelse != nil || s.final != nil || len(s.handlers) == 0 {
		return false
	}
	stmts := body(s.block)
	var code []*node
	for _, st := range stmts {
		if st.named && st.kind != "comment" {
			code = append(code, st)
		}
	}
	if len(code) != 1 || code[0].kind != "expression_statement" || len(code[0].namedKids()) != 1 {
		return false
	}
	a := code[0].namedKids()[0]
	if a.kind != "assignment" || a.get("left").kind != "identifier" || a.get("right") == nil ||
		t.text(a.get("left")) != t.text(a.get("right")) || !pyasyncBuiltins[t.text(a.get("left"))] {
		return false
	}
	name := t.text(a.get("left"))
	t.emit(indent, name+" = "+name+"  # a built-in of Python 3.11 and pyasync: the handler never runs")
	return true
}

// pyasyncBuiltins are built-ins that Python 3.11 and pyasync both have.
var pyasyncBuiltins = map[string]bool{
	"callable": true, "next": true, "iter": true, "getattr": true, "setattr": true, "hasattr": true,
	"isinstance": true, "issubclass": true, "len": true, "min": true, "max": true, "sorted": true,
	"reversed": true, "enumerate": true, "zip": true, "range": true, "repr": true, "str": true,
	"int": true, "float": true, "bool": true, "list": true, "dict": true, "tuple": true, "set": true,
	"print": true, "abs": true, "any": true, "all": true, "sum": true, "hash": true, "id": true,
	"chr": true, "ord": true, "hex": true, "oct": true, "dir": true, "vars": true, "input": true,
	"round": true, "divmod": true, "open": true, "property": true, "staticmethod": true,
	"classmethod": true, "bytes": true, "type": true, "object": true,
}

// writeTry writes a try shape in the shortest form that keeps its meaning.
func (t *translator) writeTry(s *tryShape, indent int) {
	if len(s.handlers) == 0 && s.final == nil { // every handler was for Ctrl-C
		t.inline(body(s.block), indent)
		if s.orelse != nil {
			t.inline(body(s.orelse.get("body")), indent)
		}
		return
	}
	if s.final == nil && t.tryCompact(s, indent) {
		return
	}
	t.tryGeneral(s, indent)
}

// handlerOf reads an except clause. A handler of KeyboardInterrupt alone
// is dropped (keep is false): pyasync ends the program on Ctrl-C, so the
// handler could never run; one that does more than pass is warned about.
func (t *translator) handlerOf(k *node) (h handler, keep bool) {
	h = handler{clause: k, body: blockOf(k)}
	v := k.get("value")
	if v != nil && v.kind == "as_pattern" {
		if a := v.get("alias"); a != nil {
			h.alias = t.text(a)
		}
		v = v.namedKids()[0]
	}
	if a := k.get("alias"); a != nil { // Python 2: except E, e:
		h.alias = t.text(a)
		if a.kind == "tuple" || a.kind == "parenthesized_expression" || a.kind == "list" {
			h.unpack = true // except socket.error, (code, msg): the exception's args
		}
	}
	if v == nil {
		return h, true
	}
	var types []string
	dropped := false
	elems := []*node{v}
	if v.kind == "tuple" || (v.kind == "parenthesized_expression" && len(v.namedKids()) == 1 && v.namedKids()[0].kind == "tuple") {
		if v.kind == "parenthesized_expression" {
			v = v.namedKids()[0]
		}
		elems = v.namedKids()
	}
	for _, e := range elems {
		if t.text(e) == "KeyboardInterrupt" {
			dropped = true
			continue
		}
		types = append(types, t.excClass(e))
	}
	if dropped && len(types) == 0 {
		if !onlyPass(h.body) {
			t.warn(k, "except KeyboardInterrupt: dropped, since pyasync ends the program on Ctrl-C (SIGINT) without running Python's handler")
		}
		return h, false
	}
	switch {
	case len(types) == 1:
		h.types = types[0]
	case len(elems) == 1:
		h.types = types[0]
	default:
		h.types = "(" + strings.Join(types, ", ") + ")"
	}
	return h, true
}

// excClass translates an exception class named in an except clause.
func (t *translator) excClass(e *node) string {
	switch s := t.text(e); s {
	case "os.error", "exceptions.OSError":
		return "OSError"
	case "StandardError", "exceptions.StandardError", "exceptions.Exception":
		return "Exception"
	}
	if strings.HasPrefix(t.text(e), "exceptions.") && e.kind == "attribute" {
		return t.text(e.get("attribute"))
	}
	return t.expr(e)
}

// baseTypes reports whether an except clause's classes include one that
// plain catch() lets through.
func baseTypes(types string) bool {
	for _, name := range strings.Split(strings.Trim(types, "()"), ",") {
		if baseExceptions[strings.TrimSpace(name)] {
			return true
		}
	}
	return false
}

// blockOf is the block of a clause.
func blockOf(clause *node) *node {
	if b := clause.get("body"); b != nil {
		return b
	}
	for _, k := range clause.kids {
		if k.kind == "block" {
			return k
		}
	}
	return nil
}

// onlyPass reports whether a block holds nothing but pass.
func onlyPass(b *node) bool {
	for _, s := range body(b) {
		if s.named && s.kind != "comment" && s.kind != "pass_statement" {
			return false
		}
	}
	return true
}

// catchFn is catch, or catch_base when SystemExit and the like must be
// caught too.
func (s *tryShape) catchFn() string {
	if s.base || s.final != nil {
		return "catch_base"
	}
	return "catch"
}

// excName is the variable for the caught exception: the name the
// handlers bind with "as", when they agree on one, else exc.
func (t *translator) excName(s *tryShape) string {
	alias := ""
	for _, h := range s.handlers {
		if h.unpack {
			return t.pick("exc")
		}
		if h.alias != "" {
			if alias != "" && alias != h.alias {
				return t.pick("exc")
			}
			alias = h.alias
		}
	}
	if alias != "" && t.active[alias] == 0 && !t.isGlobalRef(alias) {
		return alias
	}
	return t.pick("exc")
}

// tryGeneral writes the body as a nested def that catch calls, the
// handlers as an if/elif chain on the exception, and the finally clause
// after a second catch that covers the handlers.
func (t *translator) tryGeneral(s *tryShape, indent int) {
	exc := t.excName(s)
	if keep, _ := t.regionVars([]*node{s.block}); keep[exc] {
		exc = t.pick("exc") // the body binds the name too: read back after the catch, it must not be the exception
	}
	flow := t.pick("flow")
	defer t.hold(exc, flow)()
	t.declareVars(s, indent)
	name := t.pick("_try")
	d := t.tryDef(name, []*node{s.block}, s.bodyOf, s.block, indent, nil)
	result := flow
	if len(d.codes) == 0 {
		result = t.pick("_")
	}
	t.emit(indent, exc+", "+result+" = "+s.catchFn()+"("+name+")")
	t.readBack(d, indent)
	if s.final == nil {
		t.dispatch(d.codes, flow, indent)
		t.handlerChain(s, exc, indent, nil)
		return
	}
	codes := d.codes
	if len(s.handlers) > 0 || s.orelse != nil {
		var region []*node
		for _, h := range s.handlers {
			region = append(region, h.clause)
		}
		if s.orelse != nil {
			region = append(region, s.orelse)
		}
		name := t.pick("_handle")
		h := t.tryDef(name, region, nil, nil, indent, func(indent int) {
			if len(d.codes) > 0 {
				t.dispatch(d.codes, flow, indent)
			}
			t.handlerChain(s, exc, indent, nil)
		})
		for c := range h.codes {
			codes[c] = true
		}
		result = flow
		if len(codes) == 0 {
			result = t.pick("_")
		}
		t.emit(indent, exc+", "+result+" = catch_base("+name+")")
		t.readBack(h, indent)
	}
	s.final(indent)
	t.emit(indent, "if "+exc+" != None:")
	t.emit(indent+1, "throw("+exc+")")
	t.dispatch(codes, flow, indent)
}

// declareVars writes "_vars = {}" before a try whose defs store names,
// in a frame of the program's own (a try body's def uses its caller's).
func (t *translator) declareVars(s *tryShape, indent int) {
	f := t.frame()
	if f.try != nil {
		return
	}
	regions := [][]*node{{s.block}}
	var hs []*node
	for _, h := range s.handlers {
		hs = append(hs, h.clause)
	}
	if s.orelse != nil {
		hs = append(hs, s.orelse)
	}
	if s.final != nil && len(hs) > 0 {
		regions = append(regions, hs)
	}
	for _, r := range regions {
		if t.storesNames(r) {
			f.vars = t.pick("_vars")
			t.emit(indent, f.vars+" = {}  # what the try body assigns, for the code after it")
			return
		}
	}
}

// storesNames reports whether a region moved into a def, or a try
// nested in it, keeps names for the function.
func (t *translator) storesNames(region []*node) bool {
	keep, _ := t.regionVars(region)
	if len(keep) > 0 {
		return true
	}
	for _, r := range region {
		found := r.find(true, func(m *node) bool {
			if m == r || (m.kind != "try_statement" && m.kind != "with_statement") {
				return false
			}
			if keep, _ := t.regionVars([]*node{m}); len(keep) > 0 {
				return true
			}
			return false
		})
		if found != nil {
			return true
		}
	}
	return false
}

// tryDef writes "def name(copied = copied):" with the region's
// statements (or what write writes) as its body, in a frame of its own,
// and returns what the frame stored and the codes it returns.
func (t *translator) tryDef(name string, region []*node, clause, block *node, indent int, write func(indent int)) *tryDef {
	keep, copyIn := t.regionVars(region)
	d := &tryDef{vars: t.frame().vars, keep: keep, codes: map[string]bool{}}
	var params []string
	for _, c := range copyIn {
		params = append(params, c+" = "+c)
	}
	t.emit(indent, "def "+name+"("+strings.Join(params, ", ")+"):")
	defer t.pushFrame(t.tryFrame(d))()
	before := t.code
	switch {
	case write != nil:
		write(indent + 1)
	case clause != nil:
		t.clauseBody(clause, block, indent)
	default:
		t.block(body(block), indent+1, false)
	}
	if t.code == before {
		t.emit(indent+1, "pass")
	}
	return d
}

// handlerChain writes the except clauses as an if/elif chain on exc,
// with success (what follows a body that did not fail) and the else
// clause first. An exception no clause matches is thrown again.
func (t *translator) handlerChain(s *tryShape, exc string, indent int, success func(indent int)) {
	kw := "if "
	noneBranch := false
	if success != nil || s.orelse != nil {
		t.emit(indent, "if "+exc+" == None:")
		before := t.code
		if success != nil {
			success(indent + 1)
		}
		if s.orelse != nil && s.deadElse {
			t.neverRuns(s.orelse.get("body"), indent, "its import fails in pyasync")
		} else if s.orelse != nil {
			t.clauseBody(s.orelse, s.orelse.get("body"), indent)
		}
		if t.code == before {
			t.emit(indent+1, "pass")
		}
		kw, noneBranch = "elif ", true
	}
	catchAll := false
	for _, h := range s.handlers {
		if h.types == "" {
			if noneBranch {
				t.emit(indent, "else:")
			} else {
				t.emit(indent, kw+exc+" != None:")
			}
			catchAll = true
		} else {
			t.emit(indent, kw+"isinstance("+exc+", "+h.types+"):")
		}
		kw = "elif "
		t.clauseComments(h.clause, h.body, indent)
		switch {
		case h.unpack:
			t.emit(indent+1, h.alias+" = "+exc+".args")
			t.writeBack(identifierTexts(t, h.clause.get("alias")), indent+1)
		case h.alias != "" && h.alias != exc:
			t.emit(indent+1, h.alias+" = "+exc)
			t.writeBack([]string{h.alias}, indent+1)
		}
		t.handling = append(t.handling, exc)
		aliases := t.aliases
		if h.alias != "" && !h.unpack {
			t.aliases = append(t.aliases, h.alias)
		}
		t.block(body(h.body), indent+1, false)
		t.handling = t.handling[:len(t.handling)-1]
		t.aliases = aliases
		t.shift = indent*4 - t.vcol(h.clause)
		if catchAll {
			break
		}
	}
	if !catchAll {
		switch {
		case noneBranch:
			t.emit(indent, "else:")
		default:
			t.emit(indent, kw+exc+" != None:")
		}
		t.emit(indent+1, "throw("+exc+")")
	}
}

// tryCompact writes a try whose body is one statement, an expression,
// an assignment or a return, without a def:
//
//	exc, n = catch(int, s)        exc, result = catch(lambda: d[k] + 1)
//	if isinstance(exc, ...): ...  if exc == None: return result ...
func (t *translator) tryCompact(s *tryShape, indent int) bool {
	stmts := body(s.block)
	var st *node
	for _, k := range stmts {
		if k.named && k.kind != "comment" {
			if st != nil {
				return false
			}
			st = k
		}
	}
	if st == nil {
		return false
	}
	var value, target *node
	kind := ""
	switch st.kind {
	case "expression_statement":
		if len(st.kids) != 1 {
			return false
		}
		k := st.kids[0]
		switch k.kind {
		case "assignment":
			r := k.get("right")
			if r == nil || r.kind == "assignment" || r.kind == "yield" || k.get("type") != nil {
				return false
			}
			if l := k.get("left"); l.kind == "subscript" && l.get("subscript") != nil && l.get("subscript").kind == "slice" {
				return false
			}
			kind, value, target = "assign", r, k.get("left")
		case "augmented_assignment":
			if op := t.text(k.get("operator")); op == "@=" || op == "**=" {
				return false
			}
			kind, value, target = "augment", k.get("right"), k.get("left")
		case "yield", "expression_list":
			return false
		case "call":
			if _, ok := t.printCall(k); ok {
				return false
			}
			if _, ok := t.inPlace(k); ok {
				return false
			}
			kind, value = "expr", k
		default:
			kind, value = "expr", k
		}
	case "return_statement":
		vals := st.namedKids()
		if len(vals) != 1 {
			return false
		}
		kind, value = "return", vals[0]
	default:
		return false
	}
	t.pending = ""
	t.shift = (indent+1)*4 - t.vcol(st)
	callee := t.callable(value, s)
	var tgt string
	if target != nil {
		tgt = t.tupleExpr(target)
	}
	if t.takePending() != "" {
		return false
	}
	exc := t.excName(s)
	if target != nil && mentions(t, target, exc) {
		exc = t.pick("exc")
	}
	defer t.hold(exc)()
	result := t.pick("result")
	direct := kind == "assign" && target.kind == "identifier" && s.orelse == nil && t.handlersSet(s, t.text(target))
	switch {
	case kind == "expr":
		result = t.pick("_")
	case direct:
		result = tgt
	}
	defer t.hold(result)()
	t.emit(indent, exc+", "+result+" = "+s.catchFn()+"("+callee+")")
	for _, c := range s.stmt.kids { // a comment on the try line
		if c.kind == "comment" && c.row == s.stmt.row {
			t.appendComment(t.text(c))
		}
	}
	for _, k := range s.block.kids { // comments in the body
		if k.kind == "comment" && k.row == st.row {
			t.appendComment(t.text(k))
		} else if k.kind == "comment" {
			t.comment(indent, t.text(k))
		}
	}
	var success func(indent int)
	switch {
	case direct:
		t.writeBack([]string{tgt}, indent)
	case kind == "assign":
		success = func(indent int) {
			t.emit(indent, tgt+" = "+result)
			t.writeBack(identifierTexts(t, target), indent)
		}
	case kind == "augment":
		op := t.text(st.kids[0].get("operator"))
		success = func(indent int) {
			t.emit(indent, tgt+" "+op+" "+result)
			t.writeBack(identifierTexts(t, target), indent)
		}
	case kind == "return":
		success = func(indent int) { t.emit(indent, t.returnStmt(result)) }
	}
	t.handlerChain(s, exc, indent, success)
	return true
}

func identifierTexts(t *translator, n *node) []string {
	var out []string
	for _, id := range identifiers(n) {
		out = append(out, t.text(id))
	}
	return out
}

// callable is what catch() calls to evaluate value: "f, a, b" for a call
// of a plain function on plain arguments (their evaluation cannot fail
// in a way the handlers look for), else "lambda: value".
func (t *translator) callable(value *node, s *tryShape) string {
	v := t.tupleExpr(value)
	if value.kind == "call" && isDotted(value.get("function")) && !broadHandlers(s) {
		plain := true
		for _, a := range value.get("arguments").namedKids() {
			if a.kind == "keyword_argument" {
				a = a.get("value")
			} else if a.kind == "list_splat" || a.kind == "dictionary_splat" {
				a = a.namedKids()[0]
			}
			if !isPlain(a) {
				plain = false
			}
		}
		fn := t.expr(value.get("function"))
		if plain && strings.HasPrefix(v, fn+"(") && strings.HasSuffix(v, ")") {
			inner := strings.TrimSpace(v[len(fn)+1 : len(v)-1])
			if inner == "" {
				return fn
			}
			return fn + ", " + inner
		}
	}
	return "lambda: " + v
}

// isDotted reports whether n is a name or a chain of attributes of one.
func isDotted(n *node) bool {
	switch n.kind {
	case "identifier":
		return true
	case "attribute":
		return isDotted(n.get("object"))
	}
	return false
}

// isPlain reports whether evaluating n cannot fail but for a missing
// name or attribute: a name, an attribute chain, a literal.
func isPlain(n *node) bool {
	switch n.kind {
	case "string":
		return firstKind(n, "interpolation") == nil
	case "integer", "float", "true", "false", "none":
		return true
	}
	return isDotted(n)
}

// broadHandlers reports whether a handler would catch a failure to find
// a name or an attribute.
func broadHandlers(s *tryShape) bool {
	for _, h := range s.handlers {
		if h.types == "" {
			return true
		}
		for _, name := range strings.Split(strings.Trim(h.types, "()"), ",") {
			switch strings.TrimSpace(name) {
			case "Exception", "BaseException", "AttributeError", "NameError", "LookupError":
				return true
			}
		}
	}
	return false
}

// handlersSet reports whether every handler binds name before reading it
// or leaves (return, raise, break, continue, sys.exit) without reading it,
// so that catch() may assign the name directly: after a failure nothing
// sees the None it gets.
func (t *translator) handlersSet(s *tryShape, name string) bool {
	for _, h := range s.handlers {
		stmts := regionStatements(h.body)
		ok := false
		for _, st := range stmts {
			if !st.named || st.kind == "comment" {
				continue
			}
			if st.kind == "expression_statement" && len(st.kids) == 1 && st.kids[0].kind == "assignment" {
				a := st.kids[0]
				if l := a.get("left"); l.kind == "identifier" && t.text(l) == name && !mentions(t, a.get("right"), name) {
					ok = true
					break
				}
			}
			if mentions(t, st, name) {
				break
			}
			if leaves(t, st) {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// mentions reports whether name appears under n.
func mentions(t *translator, n *node, name string) bool {
	return n != nil && n.find(false, func(m *node) bool { return m.kind == "identifier" && t.text(m) == name }) != nil
}

// leaves reports whether a statement always leaves the block.
func leaves(t *translator, st *node) bool {
	switch st.kind {
	case "return_statement", "raise_statement", "break_statement", "continue_statement":
		return true
	case "expression_statement":
		if len(st.kids) == 1 && st.kids[0].kind == "call" {
			fn := t.text(st.kids[0].get("function"))
			return fn == "sys.exit" || fn == "os._exit" || fn == "exit"
		}
	}
	return false
}

// raise becomes throw(): "raise E" and "raise E(msg)" throw what they
// name, Python 2's "raise E, msg" throws E with msg, a bare raise throws
// again the exception of the except clause it is in (or, outside one,
// the one being handled: throw()). "from cause" is dropped.
func (t *translator) raise(n *node) string {
	var exc *node
	for _, k := range n.namedKids() {
		if k.field != "cause" && exc == nil {
			exc = k
		}
	}
	if exc == nil {
		if len(t.handling) > 0 {
			return "throw(" + t.handling[len(t.handling)-1] + ")"
		}
		return "throw()"
	}
	if exc.kind == "expression_list" { // Python 2: raise E, msg[, traceback]
		parts := exc.namedKids()
		args := []string{t.expr(parts[0])}
		if len(parts) > 1 && t.text(parts[1]) != "None" {
			msg := t.expr(parts[1])
			if parts[1].kind == "tuple" || parts[1].kind == "parenthesized_expression" {
				msg = strings.TrimSuffix(strings.TrimSpace(unparen(msg)), ",")
			}
			if msg != "" {
				args = append(args, msg)
			}
		}
		return "throw(" + strings.Join(args, ", ") + ")"
	}
	return "throw(" + t.expr(exc) + ")"
}
