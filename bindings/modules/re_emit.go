package modules

import (
	"fmt"
	"regexp/syntax"
	"sort"
	"strings"
	"sync"
)

// This file writes a parsed Python pattern (re_syntax.go) in the syntax
// of Go's regexp, keeping Python's meaning:
//
//   - \d \w \s on a str pattern are Unicode's (\p{Nd}, letters, digits
//     and _, Python's 29 spaces); under ASCII, and on bytes, ASCII's.
//   - IGNORECASE on a str pattern is Go's Unicode case folding; under
//     ASCII, and on bytes, only ASCII letters fold.
//   - ^ and \A are \A; \Z is \z; under MULTILINE, ^ and $ are Go's (?m).
//   - $ without MULTILINE also matches before a newline that ends the
//     string. Go has no lookahead, so a $ that ends the pattern is written
//     (?:\z|()\n\z): the empty group (a marker) says the newline was
//     consumed, and the match is then cut back by one. A $ followed by
//     more of the pattern cannot be written and is refused.
//   - A bytes pattern is matched on the subject's bytes read as Latin-1
//     runes (U+0000-U+00FF, see re_subject.go), so its classes and
//     escapes are written as those runes.

// rxEmitted is a pattern in Go's syntax, ready for regexp.Compile.
type rxEmitted struct {
	expr    string
	gmap    []int // Go capture index of each Python group, group 0 first
	markers []int // Go capture indexes of the $ markers
	ctx     bool  // it has assertions (^ \A \b \B) that look before the start
}

type rxEmitter struct {
	b       strings.Builder
	bytes   bool // matched as Latin-1 runes
	full    bool // for fullmatch: a final $ is \z
	ngo     int  // Go captures written so far
	gmap    []int
	markers []int
	ctx     bool
	err     error
}

// emitRx writes t in Go's syntax. full writes it for fullmatch.
func emitRx(t *rxTree, bytesMode, full bool) (rxEmitted, error) {
	e := &rxEmitter{bytes: bytesMode, full: full, gmap: make([]int, t.groups+1)}
	e.emit(t.root, t.flags, true)
	if e.err != nil {
		return rxEmitted{}, e.err
	}
	return rxEmitted{expr: e.b.String(), gmap: e.gmap, markers: e.markers, ctx: e.ctx}, nil
}

// ascii reports whether \w, \d, \s, \b and case folding are ASCII's.
func (e *rxEmitter) ascii(flags int) bool {
	return e.bytes || flags&(flagASCII|flagLocale) != 0
}

func (e *rxEmitter) emit(n *rxNode, flags int, tail bool) {
	switch n.op {
	case rxEmpty:
	case rxLiteral:
		e.literal(n.r, flags)
	case rxAny:
		if flags&flagDotAll != 0 {
			e.b.WriteString(`(?s:.)`)
		} else {
			e.b.WriteString(`.`)
		}
	case rxClass:
		e.class(n.cls, flags)
	case rxAt:
		e.assertion(n, flags, tail)
	case rxGroup:
		inner := (flags | n.add) &^ n.del
		if n.group > 0 {
			e.ngo++
			e.gmap[n.group] = e.ngo
			e.b.WriteString("(")
		} else {
			e.b.WriteString("(?:")
		}
		e.emit(n.subs[0], inner, tail)
		e.b.WriteString(")")
	case rxConcat:
		// a child ends the pattern when what follows it may follow $
		ends := make([]bool, len(n.subs))
		for i, rest := len(n.subs)-1, tail; i >= 0; i-- {
			ends[i] = rest
			rest = rest && mayFollowEnd(n.subs[i])
		}
		for i, sub := range n.subs {
			e.emit(sub, flags, ends[i])
		}
	case rxAlt:
		e.b.WriteString("(?:")
		for i, sub := range n.subs {
			if i > 0 {
				e.b.WriteString("|")
			}
			e.emit(sub, flags, tail)
		}
		e.b.WriteString(")")
	case rxRepeat:
		sub := n.subs[0]
		subTail := tail && n.max >= 0 && n.max <= 1
		if isAtom(sub) {
			e.emit(sub, flags, subTail)
		} else {
			e.b.WriteString("(?:")
			e.emit(sub, flags, subTail)
			e.b.WriteString(")")
		}
		switch {
		case n.min == 0 && n.max < 0:
			e.b.WriteString("*")
		case n.min == 1 && n.max < 0:
			e.b.WriteString("+")
		case n.min == 0 && n.max == 1:
			e.b.WriteString("?")
		case n.max < 0:
			fmt.Fprintf(&e.b, "{%d,}", n.min)
		case n.min == n.max:
			fmt.Fprintf(&e.b, "{%d}", n.min)
		default:
			fmt.Fprintf(&e.b, "{%d,%d}", n.min, n.max)
		}
		if n.lazy {
			e.b.WriteString("?")
		}
	}
}

// isAtom reports whether n is written as one unit a quantifier can follow.
func isAtom(n *rxNode) bool {
	switch n.op {
	case rxLiteral, rxAny, rxClass, rxGroup:
		return true
	}
	return false
}

// mayFollowEnd reports whether n may come after a final $: it matches
// only the empty string, or is itself a $.
func mayFollowEnd(n *rxNode) bool {
	switch n.op {
	case rxEmpty:
		return true
	case rxAt:
		return n.at == atEnd
	case rxGroup, rxConcat, rxAlt:
		for _, s := range n.subs {
			if !mayFollowEnd(s) {
				return false
			}
		}
		return true
	case rxRepeat:
		return n.max == 0 || mayFollowEnd(n.subs[0])
	}
	return false
}

func (e *rxEmitter) assertion(n *rxNode, flags int, tail bool) {
	multiline := flags&flagMultiline != 0
	switch n.at {
	case atBeginning:
		e.ctx = true
		if multiline {
			e.b.WriteString(`(?m:^)`)
		} else {
			e.b.WriteString(`\A`)
		}
	case atBeginningString:
		e.ctx = true
		e.b.WriteString(`\A`)
	case atBoundary:
		e.ctx = true
		e.b.WriteString(`\b`)
	case atNonBoundary:
		e.ctx = true
		e.b.WriteString(`\B`)
	case atEndString:
		e.b.WriteString(`\z`)
	case atEnd:
		switch {
		case multiline:
			e.b.WriteString(`(?m:$)`)
		case e.full:
			e.b.WriteString(`\z`)
		case tail:
			e.ngo++
			e.markers = append(e.markers, e.ngo)
			e.b.WriteString(`(?:\z|()\n\z)`)
		default:
			if e.err == nil {
				e.err = &rxUnsupported{"$ followed by more of the pattern", n.pos,
					"Go's regexp, RE2, has no lookahead to match before a final newline; end the pattern with $, or use \\Z or (?m)"}
			}
		}
	}
}

// literal writes the character r.
func (e *rxEmitter) literal(r rune, flags int) {
	if flags&flagIgnoreCase != 0 {
		if !e.ascii(flags) {
			e.b.WriteString("(?i:")
			writeRune(&e.b, r)
			e.b.WriteString(")")
			return
		}
		if isASCIILetter(r) {
			e.b.WriteString("[")
			e.b.WriteRune(r &^ 0x20)
			e.b.WriteRune(r | 0x20)
			e.b.WriteString("]")
			return
		}
	}
	writeRune(&e.b, r)
}

// writeRune writes r so that Go reads it as itself, in a class or out.
func writeRune(b *strings.Builder, r rune) {
	if r < 0x80 && (isASCIILetter(r) || isDigit(r) || r == '_') {
		b.WriteRune(r)
		return
	}
	fmt.Fprintf(b, `\x{%x}`, r)
}

// class writes a character class.
func (e *rxEmitter) class(c *rxSet, flags int) {
	if e.ascii(flags) {
		top := rune(0x10FFFF)
		if e.bytes {
			top = 0xFF
		}
		var rs []rune
		for _, it := range c.items {
			rs = append(rs, asciiItem(it, top)...)
		}
		if flags&flagIgnoreCase != 0 {
			rs = foldASCII(rs)
		}
		rs = normalizeRanges(rs)
		if c.negate {
			rs = complementRanges(rs, top)
		}
		writeRanges(&e.b, rs)
		return
	}
	if flags&flagIgnoreCase != 0 {
		e.b.WriteString("(?i:")
		defer e.b.WriteString(")")
	}
	hasW := false
	for _, it := range c.items {
		hasW = hasW || it.cat == 'W'
	}
	switch {
	case hasW && len(c.items) == 1 && c.negate:
		e.b.WriteString(`[` + unicodeWord + `]`)
	case hasW && len(c.items) == 1:
		e.b.WriteString(`[^` + unicodeWord + `]`)
	case hasW:
		// \W cannot join other items in a Go class: spell out the ranges
		var rs []rune
		for _, it := range c.items {
			rs = append(rs, goClassRanges(unicodeFragment(it))...)
		}
		rs = normalizeRanges(rs)
		if c.negate {
			rs = complementRanges(rs, 0x10FFFF)
		}
		writeRanges(&e.b, rs)
	default:
		e.b.WriteString("[")
		if c.negate {
			e.b.WriteString("^")
		}
		for _, it := range c.items {
			e.b.WriteString(unicodeFragment(it))
		}
		e.b.WriteString("]")
	}
}

// unicodeWord is Python's \w on str: letters, digits and numerals, and _.
const unicodeWord = `\p{L}\p{N}_`

// unicodeSpace is Python's \s on str: the characters str.isspace() accepts.
const unicodeSpace = `\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}`

// unicodeFragment writes a class item, Unicode's meaning, for inside [...].
func unicodeFragment(it rxSetItem) string {
	var b strings.Builder
	switch it.cat {
	case 0:
		writeRune(&b, it.lo)
		if it.hi != it.lo {
			b.WriteString("-")
			writeRune(&b, it.hi)
		}
	case 'd':
		b.WriteString(`\p{Nd}`)
	case 'D':
		b.WriteString(`\P{Nd}`)
	case 'w':
		b.WriteString(unicodeWord)
	case 'W':
		b.WriteString(`^` + unicodeWord)
	case 's':
		b.WriteString(unicodeSpace)
	case 'S':
		writeRangesBare(&b, complementRanges(goClassRanges(unicodeSpace), 0x10FFFF))
	}
	return b.String()
}

// asciiItem is a class item's ranges under ASCII rules; top is the
// largest character (0xFF for bytes).
func asciiItem(it rxSetItem, top rune) []rune {
	switch it.cat {
	case 0:
		return []rune{it.lo, it.hi}
	case 'd':
		return []rune{'0', '9'}
	case 'w':
		return []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	case 's':
		return []rune{'\t', '\r', ' ', ' '}
	}
	lower := rxSetItem{cat: it.cat | 0x20}
	return complementRanges(asciiItem(lower, top), top)
}

// foldASCII adds the other case of the ASCII letters in the ranges rs.
func foldASCII(rs []rune) []rune {
	out := append([]rune(nil), rs...)
	for i := 0; i+1 < len(rs); i += 2 {
		for _, span := range [][2]rune{{'a', 'z'}, {'A', 'Z'}} {
			lo, hi := max(rs[i], span[0]), min(rs[i+1], span[1])
			if lo <= hi {
				out = append(out, lo^0x20, hi^0x20)
			}
		}
	}
	return out
}

// normalizeRanges sorts and merges pairs of (lo, hi) runes.
func normalizeRanges(rs []rune) []rune {
	type pair struct{ lo, hi rune }
	ps := make([]pair, 0, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		ps = append(ps, pair{rs[i], rs[i+1]})
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].lo < ps[j].lo })
	out := rs[:0:0]
	for _, p := range ps {
		if n := len(out); n > 0 && p.lo <= out[n-1]+1 {
			if p.hi > out[n-1] {
				out[n-1] = p.hi
			}
			continue
		}
		out = append(out, p.lo, p.hi)
	}
	return out
}

// complementRanges is every character from 0 to top outside the
// normalized ranges rs.
func complementRanges(rs []rune, top rune) []rune {
	rs = normalizeRanges(rs)
	var out []rune
	next := rune(0)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] > next {
			out = append(out, next, rs[i]-1)
		}
		next = rs[i+1] + 1
	}
	if next <= top {
		out = append(out, next, top)
	}
	return out
}

// writeRanges writes a class of the ranges rs; an empty one matches nothing.
func writeRanges(b *strings.Builder, rs []rune) {
	if len(rs) == 0 {
		b.WriteString(`[^\x{0}-\x{10ffff}]`)
		return
	}
	b.WriteString("[")
	writeRangesBare(b, rs)
	b.WriteString("]")
}

func writeRangesBare(b *strings.Builder, rs []rune) {
	for i := 0; i+1 < len(rs); i += 2 {
		writeRune(b, rs[i])
		if rs[i+1] != rs[i] {
			b.WriteString("-")
			writeRune(b, rs[i+1])
		}
	}
}

// goClassRanges is the ranges of the Go class [frag], read by Go's own
// parser (so \p{L} means what it means to Go). They are kept: the few
// fragments asked for are the same every time.
func goClassRanges(frag string) []rune {
	classRangesCache.Lock()
	defer classRangesCache.Unlock()
	if rs, ok := classRangesCache.m[frag]; ok {
		return rs
	}
	re, err := syntax.Parse("["+frag+"]", syntax.Perl)
	var rs []rune
	if err == nil {
		switch re.Op {
		case syntax.OpCharClass:
			rs = re.Rune
		case syntax.OpLiteral:
			for _, r := range re.Rune {
				rs = append(rs, r, r)
			}
		case syntax.OpAnyChar:
			rs = []rune{0, 0x10FFFF}
		case syntax.OpAnyCharNotNL:
			rs = []rune{0, '\n' - 1, '\n' + 1, 0x10FFFF}
		}
	}
	rs = normalizeRanges(append([]rune(nil), rs...))
	if classRangesCache.m == nil {
		classRangesCache.m = map[string][]rune{}
	}
	if len(classRangesCache.m) < 64 {
		classRangesCache.m[frag] = rs
	}
	return rs
}

var classRangesCache struct {
	sync.Mutex
	m map[string][]rune
}
