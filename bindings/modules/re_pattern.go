package modules

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Pattern is a compiled regular expression, Python's re.Pattern:
//
//	p.search(string, pos=0, endpos=maxsize)     p.match(...)   p.fullmatch(...)
//	p.findall(string, pos=0, endpos=maxsize)    p.finditer(...)
//	p.sub(repl, string, count=0)                p.subn(repl, string, count=0)
//	p.split(string, maxsplit=0)
//	p.pattern  p.flags  p.groups  p.groupindex
//
// Positions are offsets in the subject's bytes, as Starlark indexes a
// str. A Pattern is immutable once made, and shared by every
// interpreter of the process (the cache of compiled patterns); the Go
// regexps it makes on demand are stored atomically.
type Pattern struct {
	value      starlark.Value // the pattern as given
	src        string
	isBytes    bool // a bytes pattern
	byteMode   bool // matched byte by byte (a bytes pattern, or a str that is not UTF-8)
	flags      int
	groups     int
	names      map[string]int
	nameOrder  []string
	groupNames []string // by number; "" for a group without a name
	closeOrder []int
	ctx        bool
	emitted    [2]rxEmitted // for search and match; for fullmatch
	variants   [6]atomic.Pointer[rxVariant]
	template   atomic.Pointer[rxCachedTemplate]
	methods    starlark.StringDict
}

// rxCachedTemplate is the last replacement sub() parsed for a pattern.
type rxCachedTemplate struct {
	repl string
	t    *rxTemplate
}

var (
	_ starlark.HasAttrs   = (*Pattern)(nil)
	_ starlark.Comparable = (*Pattern)(nil)
)

func (p *Pattern) Type() string         { return "re.Pattern" }
func (p *Pattern) Freeze()              {}
func (p *Pattern) Truth() starlark.Bool { return true }
func (p *Pattern) Hash() (uint32, error) {
	return starlark.String(p.src).Hash()
}

// String is Python's repr: re.compile('a+', re.IGNORECASE).
func (p *Pattern) String() string {
	var r string
	if p.isBytes {
		r = pyReprBytes(p.src)
	} else {
		r = pyReprStr(p.src)
	}
	r = truncateRunes(r, 200)
	flags := p.flags
	if !p.isBytes && flags&(flagLocale|flagUnicode|flagASCII) == flagUnicode {
		flags &^= flagUnicode
	}
	if flags == 0 {
		return "re.compile(" + r + ")"
	}
	var names []string
	for _, f := range []struct {
		name string
		bit  int
	}{
		{"re.TEMPLATE", flagTemplate}, {"re.IGNORECASE", flagIgnoreCase}, {"re.LOCALE", flagLocale},
		{"re.MULTILINE", flagMultiline}, {"re.DOTALL", flagDotAll}, {"re.UNICODE", flagUnicode},
		{"re.VERBOSE", flagVerbose}, {"re.DEBUG", flagDebug}, {"re.ASCII", flagASCII},
	} {
		if flags&f.bit != 0 {
			names = append(names, f.name)
			flags &^= f.bit
		}
	}
	if flags != 0 {
		names = append(names, fmt.Sprintf("0x%x", flags))
	}
	return "re.compile(" + r + ", " + strings.Join(names, "|") + ")"
}

// CompareSameType: two patterns are equal when their pattern and flags are.
func (p *Pattern) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	q := y.(*Pattern)
	eq := p.isBytes == q.isBytes && p.src == q.src && p.flags == q.flags
	switch op {
	case syntax.EQL:
		return eq, nil
	case syntax.NEQ:
		return !eq, nil
	}
	return false, fmt.Errorf("%s %s %s not implemented", p.Type(), op, q.Type())
}

func (p *Pattern) Attr(name string) (starlark.Value, error) {
	switch name {
	case "pattern":
		return p.value, nil
	case "flags":
		return starlark.MakeInt(p.flags), nil
	case "groups":
		return starlark.MakeInt(p.groups), nil
	case "groupindex":
		d := starlark.NewDict(len(p.nameOrder))
		for _, n := range p.nameOrder {
			d.SetKey(starlark.String(n), starlark.MakeInt(p.names[n]))
		}
		d.Freeze()
		return d, nil
	}
	if m, ok := p.methods[name]; ok {
		return m, nil
	}
	return nil, nil
}

// AttrAt is Attr, for the instruction whose site is site, where a
// method leaves a hint: the next time that instruction reads it of this
// pattern (TOKEN.fullmatch), it has it without looking its name up. A
// pattern's methods are bound once, and never change.
func (p *Pattern) AttrAt(site *starlark.AttrSite, name string) (starlark.Value, error) {
	if m, ok := p.methods[name]; ok {
		site.SetHint(&starlark.AttrHint{Key: unsafe.Pointer(p), Value: m, Read: readPatternMethod})
		return m, nil
	}
	return p.Attr(name)
}

// readPatternMethod is the Read of AttrAt's hints: the method the hint
// holds, if x is its pattern.
func readPatternMethod(x starlark.Value, h *starlark.AttrHint) (starlark.Value, bool) {
	p, ok := x.(*Pattern)
	return h.Value, ok && unsafe.Pointer(p) == h.Key
}

var _ starlark.CachedAttrs = (*Pattern)(nil)

func (p *Pattern) AttrNames() []string {
	return []string{"findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern", "search", "split", "sub", "subn"}
}

// rxMethod is a method of Pattern: fn is its name for errors.
type rxMethod func(th *starlark.Thread, fn string, p *Pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// patternMethods binds the methods once per pattern: calling one costs
// no allocation for the method itself.
func patternMethods(p *Pattern) starlark.StringDict {
	m := starlark.StringDict{}
	for name, fn := range map[string]rxMethod{
		"search":    withPos(findIn(modeSearch)),
		"match":     withPos(findIn(modeMatch)),
		"fullmatch": withPos(findIn(modeFull)),
		"findall":   withPos((*Pattern).findall),
		"finditer":  withPos((*Pattern).finditer),
		"sub":       patternSub(false),
		"subn":      patternSub(true),
		"split":     patternSplit,
	} {
		fn := fn
		qual := "Pattern." + name
		m[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(th, qual, b.Receiver().(*Pattern), args, kwargs)
		}).ArgsInPlace().BindReceiver(p) // none keeps its args
	}
	return m
}

// subject checks that v is a string this pattern can run over: a str for
// a str pattern; a bytes or a str for a bytes pattern (recv() gives a str
// where Python 3's gives bytes).
func (p *Pattern) subject(fn string, v starlark.Value) (rxSubject, error) {
	s := rxSubject{value: v}
	switch v := v.(type) {
	case starlark.String:
		s.orig = string(v)
	case starlark.Bytes:
		if !p.isBytes {
			return s, pyerr.Errorf("TypeError", "%s: cannot use a string pattern on a bytes-like object", fn)
		}
		s.orig, s.isBytes = string(v), true
	default:
		return s, pyerr.Errorf("TypeError", "%s: expected string or bytes-like object, got '%s'", fn, v.Type())
	}
	s.text = s.orig
	if p.byteMode {
		s.text, s.highs = latin1(s.orig)
	}
	return s, nil
}

// clamp is Python's treatment of pos and endpos: limited to 0..n.
func clamp(i, n int) int {
	if i < 0 {
		return 0
	}
	if i > n {
		return n
	}
	return i
}

// rxIter walks the matches in a subject as Python's finditer, findall,
// sub and split do: after an empty match the next one must start
// further on; after any other, it may be empty and touch it.
type rxIter struct {
	p           *Pattern
	fn          string
	s           *rxSubject
	pos, end    int // in s.text
	from, to    int // pos and endpos as given, clamped: m.pos, m.endpos
	mustAdvance bool
	done        bool
}

// next returns the next match's spans in s.text, or nil.
func (it *rxIter) next(groups bool) ([]int, error) {
	if it.done {
		return nil, nil
	}
	start := it.pos
	if it.mustAdvance {
		if start >= it.end {
			it.done = true
			return nil, nil
		}
		_, w := utf8.DecodeRuneInString(it.s.text[start:it.end])
		start += w
	}
	spans, err := it.p.exec(it.fn, it.s.text, start, it.end, modeSearch, groups)
	if spans == nil || err != nil {
		it.done = true
		return nil, err
	}
	it.mustAdvance = spans[0] == spans[1]
	it.pos = spans[1]
	return spans, nil
}

// nextMatch is next with the spans as positions in the subject as given.
func (it *rxIter) nextMatch(groups bool) ([]int, error) {
	spans, err := it.next(groups)
	if spans != nil {
		it.s.spansToOrig(spans)
	}
	return spans, err
}

// rxPosFunc is a method that takes (string, pos, endpos).
type rxPosFunc func(p *Pattern, fn string, str starlark.Value, pos, endpos int) (starlark.Value, error)

// withPos makes f a method with Python's parameters (string, pos=0,
// endpos=maxsize).
func withPos(f rxPosFunc) rxMethod {
	return func(th *starlark.Thread, fn string, p *Pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 1 && len(kwargs) == 0 {
			// p.match(string): read without UnpackArgs, whose pointers
			// would put its three variables on the heap at every call
			return f(p, fn, args[0], 0, math.MaxInt)
		}
		var str starlark.Value
		pos, endpos := 0, math.MaxInt
		if err := starlark.UnpackArgs(fn, args, kwargs, "string", &str, "pos?", &pos, "endpos?", &endpos); err != nil {
			return nil, err
		}
		return f(p, fn, str, pos, endpos)
	}
}

// findIn is search, match or fullmatch.
func findIn(mode int) rxPosFunc {
	return func(p *Pattern, fn string, str starlark.Value, pos, endpos int) (starlark.Value, error) {
		return p.find(fn, mode, str, pos, endpos)
	}
}

// find runs p once over str from pos to endpos.
func (p *Pattern) find(fn string, mode int, str starlark.Value, pos, endpos int) (starlark.Value, error) {
	s, err := p.subject(fn, str)
	if err != nil {
		return nil, err
	}
	pos, endpos = clamp(pos, len(s.orig)), clamp(endpos, len(s.orig))
	spans, err := p.exec(fn, s.text, s.toText(pos), s.toText(endpos), mode, true)
	if spans == nil || err != nil {
		return starlark.None, err
	}
	s.spansToOrig(spans)
	return &Match{p: p, s: s, pos: pos, endpos: endpos, spans: spans}, nil
}

// iter starts walking the matches of p in str from pos to endpos.
func (p *Pattern) iter(fn string, str starlark.Value, pos, endpos int) (*rxIter, error) {
	s, err := p.subject(fn, str)
	if err != nil {
		return nil, err
	}
	pos, endpos = clamp(pos, len(s.orig)), clamp(endpos, len(s.orig))
	return &rxIter{p: p, fn: fn, s: &s, pos: s.toText(pos), end: s.toText(endpos), from: pos, to: endpos, done: pos > endpos}, nil
}

// findall lists the matches: the whole match without groups, the group
// with one, a tuple of groups with more ("" for a group that did not
// take part).
func (p *Pattern) findall(fn string, str starlark.Value, pos, endpos int) (starlark.Value, error) {
	it, err := p.iter(fn, str, pos, endpos)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	for {
		spans, err := it.nextMatch(p.groups > 0)
		if spans == nil || err != nil {
			if err != nil {
				return nil, err
			}
			break
		}
		group := func(g int) starlark.Value {
			a, b := spans[2*g], spans[2*g+1]
			if a < 0 {
				a, b = 0, 0
			}
			return it.s.slice(a, b)
		}
		switch p.groups {
		case 0:
			out = append(out, group(0))
		case 1:
			out = append(out, group(1))
		default:
			t := make(starlark.Tuple, p.groups)
			for g := range t {
				t[g] = group(g + 1)
			}
			out = append(out, t)
		}
	}
	return starlark.NewList(out), nil
}

// finditer checks its arguments now and finds the matches as they are
// iterated.
func (p *Pattern) finditer(fn string, str starlark.Value, pos, endpos int) (starlark.Value, error) {
	if _, err := p.iter(fn, str, pos, endpos); err != nil {
		return nil, err
	}
	// make the regexps the iteration needs now: an iterator cannot fail
	if _, err := p.variant(fn, modeSearch, p.ctx); err != nil {
		return nil, err
	}
	return &matchIterable{p: p, fn: fn, str: str, pos: pos, endpos: endpos}, nil
}

func patternSub(n bool) rxMethod {
	return func(th *starlark.Thread, fn string, p *Pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var repl, str starlark.Value
		count := 0
		if err := starlark.UnpackArgs(fn, args, kwargs, "repl", &repl, "string", &str, "count?", &count); err != nil {
			return nil, err
		}
		return p.sub(th, fn, repl, str, count, n)
	}
}

// sub replaces the first count matches (all when count is 0) with repl:
// a template, or a function given each Match that returns the text (None
// for nothing). With n, it returns (text, number of replacements).
func (p *Pattern) sub(th *starlark.Thread, fn string, repl, str starlark.Value, count int, n bool) (starlark.Value, error) {
	var tmpl *rxTemplate
	var call starlark.Callable
	switch r := repl.(type) {
	case starlark.String:
		t, err := p.parsedTemplate(string(r))
		if err != nil {
			return nil, err
		}
		tmpl = t
	case starlark.Bytes:
		if !p.isBytes {
			return nil, pyerr.Errorf("TypeError", "%s: expected str instance, bytes found", fn)
		}
		t, err := p.parsedTemplate(string(r))
		if err != nil {
			return nil, err
		}
		tmpl = t
	case starlark.Callable:
		call = r
	default:
		return nil, pyerr.Errorf("TypeError", "%s: repl must be a string or callable, not %s", fn, repl.Type())
	}
	it, err := p.iter(fn, str, 0, math.MaxInt)
	if err != nil {
		return nil, err
	}
	if _, ok := repl.(starlark.String); ok && p.isBytes && it.s.isBytes {
		return nil, pyerr.Errorf("TypeError", "%s: expected a bytes-like object, str found", fn)
	}
	var b strings.Builder
	last, done := 0, 0
	for count == 0 || done < count {
		spans, err := it.nextMatch(call != nil || !tmpl.literal)
		if spans == nil || err != nil {
			if err != nil {
				return nil, err
			}
			break
		}
		b.WriteString(it.s.orig[last:spans[0]])
		switch {
		case call != nil:
			m := &Match{p: p, s: *it.s, pos: 0, endpos: len(it.s.orig), spans: spans}
			v, err := starlark.Call(th, call, starlark.Tuple{m}, nil)
			if err != nil {
				return nil, err
			}
			switch v := v.(type) {
			case starlark.NoneType:
			case starlark.String:
				if p.isBytes && it.s.isBytes {
					return nil, pyerr.Errorf("TypeError", "%s: expected a bytes-like object, str found", fn)
				}
				b.WriteString(string(v))
			case starlark.Bytes:
				if !p.isBytes {
					return nil, pyerr.Errorf("TypeError", "%s: expected str instance, bytes found", fn)
				}
				b.WriteString(string(v))
			default:
				if p.isBytes {
					return nil, pyerr.Errorf("TypeError", "%s: expected a bytes-like object, %s found", fn, v.Type())
				}
				return nil, pyerr.Errorf("TypeError", "%s: expected str instance, %s found", fn, v.Type())
			}
		case tmpl.literal:
			b.WriteString(tmpl.pieces[0].text)
		default:
			tmpl.expand(&b, it.s.orig, spans)
		}
		last = spans[1]
		done++
	}
	var out starlark.Value
	if done == 0 {
		out = str
	} else {
		b.WriteString(it.s.orig[last:])
		out = rxValue(b.String(), it.s.isBytes)
	}
	if n {
		return starlark.Tuple{out, starlark.MakeInt(done)}, nil
	}
	return out, nil
}

// parsedTemplate parses repl, or finds it parsed by the last call.
func (p *Pattern) parsedTemplate(repl string) (*rxTemplate, error) {
	if c := p.template.Load(); c != nil && c.repl == repl {
		return c.t, nil
	}
	if strings.IndexByte(repl, '\\') < 0 {
		return &rxTemplate{literal: true, pieces: []rxPiece{{text: repl, group: -1}}}, nil
	}
	t, err := parseTemplate(p, repl)
	if err != nil {
		return nil, err
	}
	p.template.Store(&rxCachedTemplate{repl, t})
	return t, nil
}

func patternSplit(th *starlark.Thread, fn string, p *Pattern, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var str starlark.Value
	maxsplit := 0
	if err := starlark.UnpackArgs(fn, args, kwargs, "string", &str, "maxsplit?", &maxsplit); err != nil {
		return nil, err
	}
	return p.split(fn, str, maxsplit)
}

// split cuts str at the matches, at most maxsplit times (0: no limit),
// putting the groups of each match between the pieces.
func (p *Pattern) split(fn string, str starlark.Value, maxsplit int) (starlark.Value, error) {
	it, err := p.iter(fn, str, 0, math.MaxInt)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	last, n := 0, 0
	for maxsplit == 0 || n < maxsplit {
		spans, err := it.nextMatch(p.groups > 0)
		if spans == nil || err != nil {
			if err != nil {
				return nil, err
			}
			break
		}
		out = append(out, it.s.slice(last, spans[0]))
		for g := 1; g <= p.groups; g++ {
			if a := spans[2*g]; a >= 0 {
				out = append(out, it.s.slice(a, spans[2*g+1]))
			} else {
				out = append(out, starlark.None)
			}
		}
		last = spans[1]
		n++
	}
	out = append(out, it.s.slice(last, len(it.s.orig)))
	return starlark.NewList(out), nil
}

// matchIterable is what finditer returns: the matches, found one by one
// as a for loop (or list()) asks for them.
type matchIterable struct {
	p           *Pattern
	fn          string
	str         starlark.Value
	pos, endpos int
}

var _ starlark.Iterable = (*matchIterable)(nil)

func (m *matchIterable) String() string        { return "<callable_iterator object>" }
func (m *matchIterable) Type() string          { return "callable_iterator" }
func (m *matchIterable) Freeze()               {}
func (m *matchIterable) Truth() starlark.Bool  { return true }
func (m *matchIterable) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable: %s", m.Type()) }

func (m *matchIterable) Iterate() starlark.Iterator {
	it, err := m.p.iter(m.fn, m.str, m.pos, m.endpos)
	return &matchIterator{it: it, err: err}
}

type matchIterator struct {
	it  *rxIter
	err error
}

func (i *matchIterator) Next(p *starlark.Value) bool {
	if i.err != nil || i.it == nil {
		return false
	}
	spans, err := i.it.nextMatch(true)
	if err != nil || spans == nil {
		i.err = err
		return false
	}
	*p = &Match{p: i.it.p, s: *i.it.s, pos: i.it.from, endpos: i.it.to, spans: spans}
	return true
}

func (i *matchIterator) Done() {}
