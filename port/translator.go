package port

import (
	"fmt"
	"strings"
	"sync"
)

// translator holds the state of one translation.
type translator struct {
	src         []byte
	root        *node
	py2         bool
	classModule bool     // each class gets __module__ (Options.classModule)
	lines       []string // the output so far, one line each, indentation included
	code        int      // lines of code (not comments or blanks) emitted so far
	todos       []TODO

	shift   int    // columns to add to continuation lines of the statement being written
	pending string // set by an expression that cannot be translated: the statement becomes a TODO

	imp *importer // translates the import statements

	globals     map[string]bool // names some function declares global, kept in _globals
	unsafe      map[string]string
	scopes      []map[string]bool // locals of the functions being written, innermost last
	usedGlobals bool              // _globals has been referred to
	declared    bool              // "_globals = {}" has been written

	class *classInfo // the class whose methods are being written

	warnings []Warning
	warned   map[string]bool // "line: what" already warned, so that each is said once
	names    map[string]bool // every identifier of the program, so that a made-up name is new
	frames   []*fnFrame      // the functions being written, the module first
	handling []string        // the exception variables of the except clauses being written
	aliases  []string        // the names those clauses bind with "as" (or Python 2's ", e")
	topMark  int             // where in lines the top-level statement being written starts
	ownEnd   int             // the last line of the statement just written, before lines added for it; -2: it wrote none
	program  *programFacts   // what the whole program tells about its parts
	active   map[string]int  // made-up names an enclosing statement's translation still needs

	scopeIndexes map[*node]*scopeIndex // per function, where names occur (frame.go)

	mangleClass *classInfo        // the class whose body is being written, for __name mangling
	classNames  map[string]string // in a class body's statements: attribute -> its top-level variable
	classBound  map[string]int    // where the class body first binds each computed attribute (a read before it is the global)

	hoisted      map[string]string     // in the top-level statement being written: a class hoisted out of it -> its variable
	topStmt      *node                 // the top-level statement being written
	versionFlags map[flagKey]flagValue // versions.go's cache
	classes      map[string]*classDecl // the module's classes, for super() (mro.go)
	deferred     map[string]string     // a name an import binds -> its expression, written where it is read (deferImport)
	// late are the names the top-level statement binds before the class
	// being hoisted out of it: a class attribute that reads one is set
	// where the class was (lateMembers), once they are bound
	late        map[string]bool
	lateMembers []member
	lateStmts   []string       // the lines of its class body's statements, written there too
	unbound     string         // the name of the value that marks a class attribute its body did not bind ("" until needed)
	bound       map[string]int // name -> where the module first binds it as a global (firstBinding); nil until asked
	bytesSeen   int            // whether the module writes a bytes literal: 0 not known yet, 1 yes, -1 no (usesBytes)
}

func newTranslator(src []byte, root *node) *translator {
	return &translator{src: src, root: root, globals: map[string]bool{}, unsafe: map[string]string{},
		warned: map[string]bool{}, names: map[string]bool{}, active: map[string]int{}, scopeIndexes: map[*node]*scopeIndex{}, frames: []*fnFrame{{scope: root}}}
}

// warn records a place whose translation a person should check.
func (t *translator) warn(n *node, format string, args ...any) {
	w := Warning{Line: n.row + 1, What: fmt.Sprintf(format, args...)}
	key := fmt.Sprint(w.Line, w.What)
	if t.warned[key] {
		return
	}
	t.warned[key] = true
	t.warnings = append(t.warnings, w)
}

// pick is a name the program does not use and no enclosing translation
// of a statement still needs: base, or base2, base3...
func (t *translator) pick(base string) string {
	name := base
	for i := 2; t.names[name] || t.active[name] > 0; i++ {
		name = fmt.Sprintf("%s%d", base, i)
	}
	return name
}

// hold marks names as needed by the statement being written until the
// returned function is called.
func (t *translator) hold(names ...string) func() {
	for _, n := range names {
		t.active[n]++
	}
	return func() {
		for _, n := range names {
			t.active[n]--
		}
	}
}

// text is n's source text.
func (t *translator) text(n *node) string { return string(t.src[n.start:n.end]) }

// emit writes a line (which may continue over several, already
// indented) at indent levels of four spaces.
func (t *translator) emit(indent int, s string) {
	t.lines = append(t.lines, strings.Repeat("    ", indent)+s)
	if !strings.HasPrefix(strings.TrimSpace(s), "#") {
		t.code++
	}
}

// comment writes a comment line.
func (t *translator) comment(indent int, s string) {
	t.lines = append(t.lines, strings.Repeat("    ", indent)+s)
}

// blank writes one empty line, never two in a row nor at the start.
func (t *translator) blank() {
	if len(t.lines) > 0 && t.lines[len(t.lines)-1] != "" {
		t.lines = append(t.lines, "")
	}
}

// appendComment puts an end-of-line comment after the last line written.
func (t *translator) appendComment(c string) {
	if len(t.lines) == 0 {
		t.lines = append(t.lines, c)
		return
	}
	last := len(t.lines) - 1
	t.lines[last] = strings.TrimRight(t.lines[last], " ") + "  " + c
}

func (t *translator) output() string {
	out := strings.Join(t.lines, "\n")
	out = strings.TrimRight(out, "\n")
	return out + "\n"
}

// todo leaves n as the original code, commented out under a TODO line,
// and records it.
func (t *translator) todo(n *node, indent int, why string) {
	t.todos = append(t.todos, TODO{Line: n.row + 1, What: why})
	t.comment(indent, "# TODO(port): "+why)
	for _, l := range t.originalLines(n) {
		if l == "" {
			t.comment(indent, "#")
		} else {
			t.comment(indent, "# "+l)
		}
	}
}

// originalLines is the source lines n spans, with n's own indentation
// taken off.
func (t *translator) originalLines(n *node) []string {
	start := n.start - n.col
	end := n.end
	for end < len(t.src) && t.src[end] != '\n' {
		end++
	}
	lines := strings.Split(strings.ReplaceAll(string(t.src[start:end]), "\r\n", "\n"), "\n")
	for i, l := range lines {
		l = expandTabs(l)
		cut := t.vcol(n)
		if w := leading(l); w < cut {
			cut = w
		}
		lines[i] = strings.TrimRight(l[cut:], " \t")
	}
	return lines
}

// leading is the number of leading spaces.
func leading(s string) int {
	return len(s) - len(strings.TrimLeft(s, " "))
}

// expandTabs replaces tabs in a line's indentation with spaces, to the
// next multiple of 8 as Python 2 reads them.
func expandTabs(s string) string {
	if !strings.HasPrefix(s, "\t") && !strings.Contains(s[:leadingWS(s)], "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	i := 0
	for ; i < len(s) && (s[i] == ' ' || s[i] == '\t'); i++ {
		if s[i] == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
		} else {
			b.WriteByte(' ')
			col++
		}
	}
	b.WriteString(s[i:])
	return b.String()
}

func leadingWS(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// gap copies source text between two tokens of an expression, moving each
// continuation line by t.shift columns so that it stays aligned after the
// statement moved.
func (t *translator) gap(s string) string {
	if !strings.Contains(s, "\n") || t.shift == 0 {
		return s
	}
	parts := strings.Split(s, "\n")
	for i := 1; i < len(parts); i++ {
		p := expandTabs(parts[i])
		w := leading(p)
		nw := w + t.shift
		if nw < 0 {
			nw = 0
		}
		parts[i] = strings.Repeat(" ", nw) + p[w:]
	}
	return strings.Join(parts, "\n")
}

// splice is n's source text with each child replaced by its translation,
// but for the children keep reports true, which are copied as they are.
func (t *translator) splice(n *node, keep func(*node) bool) string {
	if len(n.kids) == 0 {
		return t.text(n)
	}
	var b strings.Builder
	pos := n.start
	for _, k := range n.kids {
		b.WriteString(t.gap(string(t.src[pos:k.start])))
		if keep != nil && keep(k) {
			if n.kind == "attribute" && k.field == "attribute" {
				b.WriteString(t.mangle(safeName(t.text(k)), t.mangleClass))
				pos = k.end
				continue
			}
			b.WriteString(safeName(t.text(k)))
		} else if n.kind == "for_in_clause" && k.field == "right" {
			b.WriteString(t.iterOver(k, t.expr(k)))
		} else {
			b.WriteString(t.expr(k))
		}
		pos = k.end
	}
	b.WriteString(t.gap(string(t.src[pos:n.end])))
	return b.String()
}

// fail marks the statement being translated as one to leave for a person.
func (t *translator) fail(format string, args ...any) {
	if t.pending == "" {
		t.pending = fmt.Sprintf(format, args...)
	}
}

// starlarkOnly are words Starlark reserves that Python 2 or 3 lets a
// program use as a name.
var starlarkOnly = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"load": true, "async": true, "await": true}
})

// safeName renames such a name by appending "_", everywhere it appears
// (definitions, attributes, keyword arguments), so the program stays
// consistent.
func safeName(s string) string {
	if starlarkOnly()[s] {
		return s + "_"
	}
	return s
}

// vcol is n's column as Python sees it: tabs in the indentation before
// it count to the next multiple of 8.
func (t *translator) vcol(n *node) int {
	return len(expandTabs(string(t.src[n.start-n.col : n.start])))
}

// takePending returns and clears the reason the statement being written
// cannot be translated ("" when it can).
func (t *translator) takePending() string {
	why := t.pending
	t.pending = ""
	return why
}
