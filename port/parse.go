package port

import (
	"errors"
	"fmt"
	"sort"
)

// The parser is a recursive-descent reading of tree-sitter-python's
// grammar (v0.23.6): it builds the tree tree-sitter builds, with the same
// node kinds, fields, anonymous tokens and positions, including the
// comments and line continuations, which tree-sitter calls extras. A
// differential test (treesitter_test.go) holds the two to the same trees.
//
// Where the grammar is ambiguous and tree-sitter tries several readings
// at once (a GLR parser), this parser tries one reading, goes back and
// tries the other: "print (x)" is a call before it is a print statement,
// and "type X = int" a type alias before it is an expression.
//
// A statement that does not parse becomes an ERROR node covering it, up
// to the end of its line and the indented block that follows it, and
// parsing goes on with the next statement.

// maxDepth bounds the nesting of expressions and blocks, so that no
// input can exhaust the stack; deeper input is a syntax error.
const maxDepth = 1000

// errBudget reports a parse that read far more tokens than its input can
// hold: a bug, since every loop of the parser moves forward.
var errBudget = errors.New("the parser went round in circles")

// syntaxError unwinds the parser from a token it cannot accept to the
// statement being read (or to an attempt at one reading of it).
type syntaxError struct{}

// abort ends the whole parse with err.
type abort struct{ err error }

// parse reads Python 2 or Python 3 source into a concrete syntax tree,
// following tree-sitter-python's grammar, which accepts print and exec
// statements, "except E, e:", backquotes and "<>" beside Python 3's
// syntax. It returns an error only for a fault of the parser itself;
// what it cannot read becomes ERROR nodes.
func parse(src []byte) (*node, error) {
	p := newParser(src)
	return p.run()
}

// frame is a node being built: its children so far are p.kids[from:]
// (up to the next frame's), and start and end its byte range so far,
// hidden tokens included (start < 0 until it has a child).
type frame struct {
	from       int
	start, end int
}

// parser holds the state of one parse.
type parser struct {
	src   []byte
	lx    lexer
	lines []int // byte offsets where lines start

	tok     token   // the lookahead token, when have is set
	have    bool    // a lookahead token has been read
	before  lexUndo // to read the lookahead token again
	pending []token // extras (comments, line continuations) read before tok
	extra   expect  // added to the expect set of the next token read

	frames []frame
	kids   []*node

	after       expect // what may follow a complete expression where the parser is
	noCond      bool   // in a comprehension's clauses: "if" starts a clause, not a conditional
	print       bool   // reading print(...) where a print statement could be: see argument
	star        bool   // *name.attr[i] is one operand: see atom
	execError   bool   // exec is followed by code that makes no exec statement: see atom
	depth       int    // nesting of expressions and blocks
	targetsFail int    // see targetsGoOn
	steps       int    // tokens read, against budget
	limit       int

	undo     []change // changes to nodes since the statement began
	attempts int      // attempts under way
	nodes    []node   // allocation slab
	kidSlab  []*node  // allocation slab for children slices
}

func newParser(src []byte) *parser {
	p := &parser{src: src}
	p.lx = lexer{src: src, indents: []int{0}}
	p.lines = []int{0}
	for i, c := range src {
		if c == '\n' {
			p.lines = append(p.lines, i+1)
		}
	}
	p.limit = 16*len(src) + 1024
	return p
}

// run parses the module.
func (p *parser) run() (root *node, err error) {
	defer func() {
		if r := recover(); r != nil {
			root = nil
			switch e := r.(type) {
			case abort:
				err = e.err
			case syntaxError:
				err = fmt.Errorf("the parser lost its place")
			default:
				err = fmt.Errorf("the parser failed: %v", r)
			}
		}
	}()
	p.open()
	for {
		t := p.peek(xString)
		if t.kind == tkEOF {
			p.next()
			break
		}
		if t.kind == tkDedent || t.kind == tkNewline {
			p.next() // out of step with the indentation after an error
			continue
		}
		p.statement(xString)
	}
	f := p.frames[0]
	p.frames = p.frames[:0]
	n := p.newNode("module", true, 0, len(p.src))
	n.kids = p.takeKids(f.from)
	if len(n.kids) > 0 {
		n.start = n.kids[0].start
	} else {
		n.start = len(p.src)
	}
	p.place(n)
	for _, k := range n.kids {
		k.parent = n
	}
	return n, nil
}

// ---- tokens

// peek is the lookahead token, read with x if it has not been read yet.
func (p *parser) peek(x expect) token {
	if p.have {
		return p.tok
	}
	x |= p.extra
	p.extra = 0
	for {
		p.steps++
		if p.steps > p.limit {
			panic(abort{errBudget})
		}
		p.before = lexUndo{insideF: p.lx.insideF, indent: p.lx.indents[len(p.lx.indents)-1]}
		if n := len(p.lx.delims); n > 0 {
			p.before.delim = p.lx.delims[n-1]
		}
		t := p.lx.next(x)
		if t.kind == tkComment || t.kind == tkLineCont {
			p.pending = append(p.pending, t)
			continue
		}
		p.tok, p.have = t, true
		return t
	}
}

// lexUndo is what reading the lookahead token changed in the lexer.
type lexUndo struct {
	insideF bool
	indent  int
	delim   delim
}

// unread gives back the lookahead token, to be read again with another
// expect set.
func (p *parser) unread() {
	if !p.have {
		return
	}
	l := &p.lx
	switch p.tok.kind {
	case tkIndent:
		l.indents = l.indents[:len(l.indents)-1]
	case tkDedent:
		l.indents = append(l.indents, p.before.indent)
	case tkStringStart:
		l.delims = l.delims[:len(l.delims)-1]
	case tkStringEnd:
		l.delims = append(l.delims, p.before.delim)
	}
	l.insideF = p.before.insideF
	l.pos = p.tok.start
	p.have = false
}

// split shortens the lookahead token, an operator, to its first n
// bytes: the rest is read again as the next token.
func (p *parser) split(n int) {
	p.tok.end = p.tok.start + n
	p.lx.pos = p.tok.end
}

// next consumes the lookahead token, placing the extras read before it.
func (p *parser) next() token {
	if !p.have {
		panic("port: next without peek")
	}
	p.have = false
	p.flushExtras()
	return p.tok
}

// flushExtras places the comments and line continuations read before
// the token being consumed in the innermost node that has a child
// already: the smallest node that holds the tokens on both sides of
// them, which is where tree-sitter puts them.
func (p *parser) flushExtras() {
	if len(p.pending) == 0 {
		return
	}
	target := 0
	for i := len(p.frames) - 1; i > 0; i-- {
		if p.frames[i].start >= 0 {
			target = i
			break
		}
	}
	for _, t := range p.pending {
		kind := "comment"
		if t.kind == tkLineCont {
			kind = "line_continuation"
		}
		n := p.newNode(kind, true, t.start, t.end)
		// Insert at the end of the target frame's children; the frames
		// inside it have none yet.
		at := len(p.kids)
		if target+1 < len(p.frames) {
			at = p.frames[target+1].from
			for i := target + 1; i < len(p.frames); i++ {
				p.frames[i].from++
			}
		}
		p.kids = append(p.kids, nil)
		copy(p.kids[at+1:], p.kids[at:])
		p.kids[at] = n
	}
	p.pending = p.pending[:0]
}

// here is where the next node will go in p.kids: the lookahead token is
// read (with x) and the extras before it placed, so that the index
// stays right when the token is consumed.
func (p *parser) here(x expect) int {
	p.peek(x)
	p.flushExtras()
	return len(p.kids)
}

func (p *parser) text(t token) string { return string(p.src[t.start:t.end]) }

// is reports whether t is the operator or keyword s.
func (p *parser) is(t token, s string) bool {
	return (t.kind == tkOp || t.kind == tkName) && t.end-t.start == len(s) && string(p.src[t.start:t.end]) == s
}

// fail unwinds to the statement being read.
func (p *parser) fail() {
	panic(syntaxError{})
}

// expectOp consumes the operator or keyword s as an anonymous node, or fails.
func (p *parser) expectOp(x expect, s string) {
	t := p.peek(x)
	if !p.is(t, s) {
		p.fail()
	}
	p.next()
	p.leaf(t, s, false)
}

// ---- nodes

// open starts a node; its kind is given when it is closed.
func (p *parser) open() {
	p.frames = append(p.frames, frame{from: len(p.kids), start: -1, end: -1})
}

// openAt starts a node whose first children are p.kids[from:], the
// expression already read that becomes its left operand, object, ...,
// and names the first of them field.
func (p *parser) openAt(from int, field string) {
	f := frame{from: from, start: -1, end: -1}
	if from < len(p.kids) {
		f.start, f.end = p.kids[from].start, p.kids[len(p.kids)-1].end
		if field != "" {
			p.setField(p.kids[from], field)
		}
	}
	p.frames = append(p.frames, f)
}

// close ends the innermost node, gives it its kind and attaches it to
// its parent. An empty kind dissolves the node: its children become the
// parent's, as with tree-sitter's hidden rules.
func (p *parser) close(kind string, named bool) *node {
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	if kind == "" {
		if f.start >= 0 {
			p.extend(f.start, f.end)
		}
		return nil
	}
	if f.start < 0 {
		// Nothing was read (after a syntax error): an empty node after
		// the last token read.
		f.start = 0
		for i := len(p.frames) - 1; i >= 0; i-- {
			if p.frames[i].end >= 0 {
				f.start = p.frames[i].end
				break
			}
		}
		f.end = f.start
	}
	// Comments read after the node's last token (when what followed them
	// turned out not to be its) go to the parent, as tree-sitter moves
	// trailing extras out of a node it reduces.
	last := len(p.kids)
	for last > f.from && isExtra(p.kids[last-1]) && p.kids[last-1].start >= f.end {
		last--
	}
	trailing := append([]*node(nil), p.kids[last:]...)
	p.kids = p.kids[:last]
	n := p.newNode(kind, named, f.start, f.end)
	n.kids = p.takeKids(f.from)
	for _, k := range n.kids {
		k.parent = n
	}
	p.attach(n)
	p.kids = append(p.kids, trailing...)
	return n
}

// isExtra reports whether n is a comment or a line continuation, which
// tree-sitter calls extras: they may appear between any two tokens.
func isExtra(n *node) bool { return n.kind == "comment" || n.kind == "line_continuation" }

// takeKids removes p.kids[from:] and returns them in a slice of their own.
func (p *parser) takeKids(from int) []*node {
	k := p.kids[from:]
	if len(k) == 0 {
		return nil
	}
	if len(p.kidSlab) < len(k) {
		p.kidSlab = make([]*node, max(256, len(k)))
	}
	out := p.kidSlab[:len(k):len(k)]
	p.kidSlab = p.kidSlab[len(k):]
	copy(out, k)
	clear(k)
	p.kids = p.kids[:from]
	return out
}

// attach makes n the last child of the innermost open node.
func (p *parser) attach(n *node) {
	p.kids = append(p.kids, n)
	p.extend(n.start, n.end)
}

// extend grows the innermost open node's range to cover start..end.
func (p *parser) extend(start, end int) {
	f := &p.frames[len(p.frames)-1]
	if f.start < 0 || start < f.start {
		f.start = start
	}
	if end > f.end {
		f.end = end
	}
}

// leaf consumes nothing: it attaches the token t as a node.
func (p *parser) leaf(t token, kind string, named bool) *node {
	n := p.newNode(kind, named, t.start, t.end)
	p.attach(n)
	return n
}

// hidden records a consumed token that makes no node (NEWLINE, INDENT,
// DEDENT and the text inside strings) in the innermost node's range.
func (p *parser) hidden(t token) {
	p.extend(t.start, t.end)
}

// field names the last child attached.
func (p *parser) field(name string) {
	p.setField(p.kids[len(p.kids)-1], name)
}

// setField and setKind change a node, logging the change so that going
// back (reset) can undo it.
func (p *parser) setField(n *node, field string) {
	if n.field != field {
		p.undo = append(p.undo, change{n, n.kind, n.field})
		n.field = field
	}
}

func (p *parser) setKind(n *node, kind string) {
	if n.kind != kind {
		p.undo = append(p.undo, change{n, n.kind, n.field})
		n.kind = kind
	}
}

// change is a node's kind and field before a change.
type change struct {
	n           *node
	kind, field string
}

// newNode allocates a node with its position.
func (p *parser) newNode(kind string, named bool, start, end int) *node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]node, 0, 512)
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	n.kind, n.named, n.start, n.end = kind, named, start, end
	p.place(n)
	return n
}

// place sets n's row, column and end row from its byte range.
func (p *parser) place(n *node) {
	n.row = sort.SearchInts(p.lines, n.start+1) - 1
	n.col = n.start - p.lines[n.row]
	n.endRow = n.row
	if n.end > n.start {
		n.endRow = n.row + sort.SearchInts(p.lines[n.row:], n.end+1) - 1
	}
}

// ---- going back

// mark is a point of the parse to go back to.
type mark struct {
	lx      lexState
	tok     token
	have    bool
	pending []token
	extra   expect
	frames  []frame
	from    int     // the innermost node's first child in p.kids
	kids    []*node // its children
	undo    int
	after   expect
	noCond  bool
	flags   [3]bool
	depth   int
}

func (p *parser) mark() mark {
	return mark{
		lx:      p.lx.save(),
		tok:     p.tok,
		have:    p.have,
		pending: append([]token(nil), p.pending...),
		extra:   p.extra,
		frames:  append([]frame(nil), p.frames...),
		from:    p.frames[len(p.frames)-1].from,
		kids:    append([]*node(nil), p.kids[p.frames[len(p.frames)-1].from:]...),
		undo:    len(p.undo),
		after:   p.after,
		noCond:  p.noCond,
		flags:   [3]bool{p.print, p.star, p.execError},
		depth:   p.depth,
	}
}

func (p *parser) reset(m mark) {
	p.lx.restore(m.lx)
	p.tok, p.have = m.tok, m.have
	p.pending = append(p.pending[:0], m.pending...)
	p.extra = m.extra
	p.frames = append(p.frames[:0], m.frames...)
	for i := len(p.undo) - 1; i >= m.undo; i-- {
		c := p.undo[i]
		c.n.kind, c.n.field = c.kind, c.field
	}
	p.undo = p.undo[:m.undo]
	clear(p.kids[m.from:])
	p.kids = append(p.kids[:m.from], m.kids...)
	p.after, p.noCond = m.after, m.noCond
	p.print, p.star, p.execError = m.flags[0], m.flags[1], m.flags[2]
	p.depth = m.depth
}

// attempt runs f and reports whether it parsed; when it did not, the
// parser is back where it was.
func (p *parser) attempt(f func()) (ok bool) {
	m := p.mark()
	p.attempts++
	defer func() {
		p.attempts--
		if r := recover(); r != nil {
			if _, isSyntax := r.(syntaxError); !isSyntax {
				panic(r)
			}
			p.reset(m)
			ok = false
		}
	}()
	f()
	return true
}

// enter counts one more level of nesting, failing past maxDepth.
func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail()
	}
}

func (p *parser) leave() { p.depth-- }

// leafNext consumes the lookahead token as an anonymous node.
func (p *parser) leafNext() {
	t := p.next()
	p.leaf(t, p.text(t), false)
}

// wordAfter is the word that follows position i, white space skipped.
func (p *parser) wordAfter(i int) string { return p.word(i, true) }

// wordAfterOnLine is the word that follows position i on the same
// logical line.
func (p *parser) wordAfterOnLine(i int) string { return p.word(i, false) }

func (p *parser) word(i int, lines bool) string {
	for i < len(p.src) {
		switch c := p.src[i]; {
		case c == ' ' || c == '\t' || c == '\f' || lines && (c == '\n' || c == '\r'):
			i++
		case c == '\\' && i+1 < len(p.src) && (p.src[i+1] == '\n' || p.src[i+1] == '\r'):
			i += 2
		default:
			j := i
			for j < len(p.src) && (isIDContinue(rune(p.src[j])) && p.src[j] < 0x80) {
				j++
			}
			return string(p.src[i:j])
		}
	}
	return ""
}

// second is the token after the lookahead, read with x; nothing is
// consumed and nothing is placed in the tree.
func (p *parser) second(x expect) token {
	st := p.lx.save()
	defer p.lx.restore(st)
	return p.lexAhead(x)
}

// lexAhead reads the token at the lexer's position, extras skipped, for
// a look ahead whose lexer state the caller restores.
func (p *parser) lexAhead(x expect) token {
	for {
		p.steps++
		if p.steps > p.limit {
			panic(abort{errBudget})
		}
		if t := p.lx.next(x); t.kind != tkComment && t.kind != tkLineCont {
			return t
		}
	}
}
