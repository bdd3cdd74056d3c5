package modules

import (
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Compiling: a Python pattern, parsed (re_syntax.go) and written in Go's
// syntax (re_emit.go), becomes up to six Go regexps, made when first
// needed: for search, match and fullmatch, each either plain or with one
// character of context before the start. Python's search(string, pos)
// sees the character before pos (^ does not match there, \b looks at
// it); Go's regexp has no start position, so when the pattern has such
// assertions and pos > 0, the context variant runs from the character
// before pos and skips it: \A(?s:.)(?s:.*?)(X) for search. Patterns
// without those assertions (most) run plainly on the text from pos.
//
// Compiled patterns are kept, as Python keeps them: up to 512, the
// oldest dropped first; re.purge() empties the cache.

const (
	modeSearch = iota
	modeMatch
	modeFull
)

// rxVariant is one Go regexp for a pattern, with where the Python groups
// are among its captures.
type rxVariant struct {
	re       *regexp.Regexp
	gmap     []int
	markers  []int
	identity bool // gmap is 0, 1, 2...: Go's result is the Python spans
	// class, for a pattern without groups that is one class of ASCII
	// characters repeated, finds its matches instead of re (re_class.go)
	class *rxClassRun
}

// compileRx compiles a str (isBytes false) or bytes pattern.
func compileRx(fn string, value starlark.Value, src string, isBytes bool, flags int) (*Pattern, error) {
	byteMode := isBytes || !utf8.ValidString(src)
	var runes []rune
	if byteMode {
		runes = make([]rune, len(src))
		for i := 0; i < len(src); i++ {
			runes[i] = rune(src[i])
		}
	} else {
		runes = []rune(src)
	}
	tree, err := parseRx(runes, !isBytes, flags)
	if err == nil {
		var search, full rxEmitted
		if search, err = emitRx(tree, byteMode, false); err == nil {
			if full, err = emitRx(tree, byteMode, true); err == nil {
				p := &Pattern{
					value: value, src: src, isBytes: isBytes, byteMode: byteMode,
					flags: tree.flags, groups: tree.groups, names: tree.names,
					nameOrder: tree.nameOrder, closeOrder: tree.closeOrder,
					emitted: [2]rxEmitted{search, full}, ctx: search.ctx,
				}
				p.groupNames = make([]string, tree.groups+1)
				for name, g := range tree.names {
					p.groupNames[g] = name
				}
				// compile the search variant now, so that a pattern Go
				// refuses fails here
				if _, err := p.variant(fn, modeSearch, false); err != nil {
					return nil, err
				}
				p.methods = patternMethods(p)
				return p, nil
			}
		}
	}
	switch err := err.(type) {
	case *rxError:
		return nil, rxErr(err.msg, runes, err.pos)
	case *rxUnsupported:
		return nil, pyerr.Errorf("re.error", "%s: %s at position %d is not supported (%s)", fn, err.what, err.pos, err.why)
	case *rxPyError:
		return nil, pyerr.Errorf(err.typ, "%s", err.msg)
	}
	return nil, err
}

// rxErr is Python's re.error(msg, pattern, pos): "msg at position N",
// with "(line L, column C)" when the pattern has several lines. pattern
// has one rune per character; pos counts them.
func rxErr(msg string, pattern []rune, pos int) error {
	msg = fmt.Sprintf("%s at position %d", msg, pos)
	multiline, line, lastNL := false, 1, -1
	for i, r := range pattern {
		if r == '\n' {
			multiline = true
			if i < pos {
				line, lastNL = line+1, i
			}
		}
	}
	if multiline {
		msg = fmt.Sprintf("%s (line %d, column %d)", msg, line, pos-lastNL)
	}
	return pyerr.Errorf("re.error", "%s", msg)
}

// variant is the Go regexp for mode, with context or without, compiled
// the first time it is asked for.
func (p *Pattern) variant(fn string, mode int, ctx bool) (*rxVariant, error) {
	slot := &p.variants[mode*2+boolIndex(ctx)]
	if v := slot.Load(); v != nil {
		return v, nil
	}
	e := p.emitted[0]
	if mode == modeFull {
		e = p.emitted[1]
	}
	var expr string
	shift := 0
	switch {
	case mode == modeSearch && !ctx:
		expr = e.expr
	case mode == modeMatch && !ctx:
		expr = `\A(?:` + e.expr + `)`
	case mode == modeFull && !ctx:
		expr = `\A(?:` + e.expr + `)\z`
	case mode == modeSearch:
		expr, shift = `\A(?s:.)(?s:.*?)(`+e.expr+`)`, 1
	case mode == modeMatch:
		expr, shift = `\A(?s:.)(`+e.expr+`)`, 1
	default:
		expr, shift = `\A(?s:.)(`+e.expr+`)\z`, 1
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		why := err.Error()
		var se *syntax.Error
		if errors.As(err, &se) {
			why = se.Code.String()
			if len(se.Expr) <= 40 {
				why += ": " + se.Expr
			}
		}
		return nil, pyerr.Errorf("re.error", "%s: Go's regexp, RE2, cannot run this pattern (%s)", fn, why)
	}
	v := &rxVariant{re: re, gmap: make([]int, len(e.gmap)), identity: shift == 0 && len(e.markers) == 0}
	for g, gi := range e.gmap {
		if g == 0 {
			v.gmap[0] = shift
		} else {
			v.gmap[g] = gi + shift
		}
		v.identity = v.identity && v.gmap[g] == g
	}
	for _, m := range e.markers {
		v.markers = append(v.markers, m+shift)
	}
	if !ctx && p.groups == 0 && len(e.markers) == 0 {
		v.class = classRunOf(e.expr)
	}
	slot.Store(v)
	return v, nil
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// exec runs p over text[pos:end] in mode, seeing the character before
// pos. It returns the spans of group 0 and, when groups is set, of every
// group (-1 for a group that did not take part), as offsets in text; nil
// when there is no match.
func (p *Pattern) exec(fn string, text string, pos, end, mode int, groups bool) ([]int, error) {
	if pos > end {
		return nil, nil
	}
	ctx := p.ctx && pos > 0
	v, err := p.variant(fn, mode, ctx)
	if err != nil {
		return nil, err
	}
	in, base := text[pos:end], pos
	if ctx {
		_, w := utf8.DecodeLastRuneInString(text[:pos])
		if _, w2 := utf8.DecodeRuneInString(text[pos-w : end]); w2 == w {
			in, base = text[pos-w:end], pos-w
		} else {
			// pos splits a UTF-8 sequence: the context is a byte that is
			// neither a word character nor a newline, as the lead byte is
			in, base = "\x00"+text[pos:end], pos-1
		}
	}
	if v.class != nil && !ctx {
		a, b, ok := v.class.find(in, mode)
		if !ok {
			return nil, nil
		}
		return []int{a + base, b + base}, nil
	}
	if !groups && v.identity {
		loc := v.re.FindStringIndex(in)
		if loc != nil {
			loc[0] += base
			loc[1] += base
		}
		return loc, nil
	}
	loc := v.re.FindStringSubmatchIndex(in)
	if loc == nil {
		return nil, nil
	}
	var spans []int
	if v.identity {
		spans = loc
		for i, x := range spans {
			if x >= 0 {
				spans[i] = x + base
			}
		}
	} else {
		n := p.groups + 1
		if !groups {
			n = 1
		}
		spans = make([]int, 2*n)
		for g := 0; g < n; g++ {
			gi := v.gmap[g]
			a, b := loc[2*gi], loc[2*gi+1]
			if a >= 0 {
				a, b = a+base, b+base
			}
			spans[2*g], spans[2*g+1] = a, b
		}
	}
	for _, m := range v.markers {
		if loc[2*m] >= 0 {
			// a final $ consumed the trailing newline: give it back
			e := spans[1]
			for i, x := range spans {
				if x == e {
					spans[i] = e - 1
				}
			}
			break
		}
	}
	return spans, nil
}

// rxCacheKey is what a compiled pattern is kept under.
type rxCacheKey struct {
	isBytes bool
	src     string
	flags   int
}

const rxMaxCache = 512

// rxCache holds the last patterns compiled, dropping the oldest first.
var rxCache struct {
	sync.Mutex
	m    map[rxCacheKey]*Pattern
	ring [rxMaxCache]rxCacheKey
	next int
}

// compilePattern is re.compile's work for fn: a Pattern is returned as it
// is; a str or bytes is compiled, or found among those compiled before.
func compilePattern(fn string, v starlark.Value, flags int) (*Pattern, error) {
	var src string
	var isBytes bool
	switch v := v.(type) {
	case *Pattern:
		if flags != 0 {
			return nil, pyerr.Errorf("ValueError", "%s: cannot process flags argument with a compiled pattern", fn)
		}
		return v, nil
	case starlark.String:
		src = string(v)
	case starlark.Bytes:
		src, isBytes = string(v), true
	default:
		return nil, pyerr.Errorf("TypeError", "%s: first argument must be string or compiled pattern, not %s", fn, v.Type())
	}
	key := rxCacheKey{isBytes, src, flags}
	rxCache.Lock()
	p := rxCache.m[key]
	rxCache.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := compileRx(fn, v, src, isBytes, flags)
	if err != nil {
		return nil, err
	}
	if flags&flagDebug == 0 {
		rxCache.Lock()
		if rxCache.m == nil {
			rxCache.m = make(map[rxCacheKey]*Pattern)
		}
		if len(rxCache.m) >= rxMaxCache {
			delete(rxCache.m, rxCache.ring[rxCache.next])
		}
		if _, ok := rxCache.m[key]; !ok {
			rxCache.m[key] = p
			rxCache.ring[rxCache.next] = key
			rxCache.next = (rxCache.next + 1) % rxMaxCache
		}
		rxCache.Unlock()
	}
	return p, nil
}

// purgeCache empties the cache of compiled patterns.
func purgeCache() {
	rxCache.Lock()
	rxCache.m = nil
	rxCache.ring = [rxMaxCache]rxCacheKey{}
	rxCache.next = 0
	rxCache.Unlock()
}
