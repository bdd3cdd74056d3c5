package modules

import (
	"regexp/syntax"
	"unicode/utf8"
)

// A pattern that is one class of ASCII characters, once or repeated
// greedily ([A-Za-z]+, [0-9a-f]{1,8}, [\x00-\x1f], a*), without groups,
// is run by a table of bytes instead of Go's regexp: the patterns that
// check a token or look for a control character in a protocol handler,
// run on every request. Go's regexp reads the subject as UTF-8 runes; an
// ASCII class never matches a byte >= 0x80 (a rune's byte, or a byte
// that is not UTF-8 and reads as U+FFFD), and neither does the table, so
// both find the same spans.

// rxClassRun is such a pattern: bytes in the class, repeated min to max
// times (max < 0: without limit).
type rxClassRun struct {
	in       [4]uint64 // bit b: byte b is in the class
	min, max int
}

// classRunOf is expr's class run, or nil when expr is not one.
func classRunOf(expr string) *rxClassRun {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return nil
	}
	r := &rxClassRun{min: 1, max: 1}
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		if re.Flags&syntax.NonGreedy != 0 {
			return nil
		}
		switch re.Op {
		case syntax.OpStar:
			r.min, r.max = 0, -1
		case syntax.OpPlus:
			r.min, r.max = 1, -1
		case syntax.OpQuest:
			r.min, r.max = 0, 1
		default:
			r.min, r.max = re.Min, re.Max
		}
		re = re.Sub[0]
	}
	switch {
	case re.Op == syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi >= utf8.RuneSelf {
				return nil
			}
			for c := lo; c <= hi; c++ {
				r.in[c>>6] |= 1 << (c & 63)
			}
		}
	case re.Op == syntax.OpLiteral && len(re.Rune) == 1 && re.Flags&syntax.FoldCase == 0 && re.Rune[0] < utf8.RuneSelf:
		c := re.Rune[0]
		r.in[c>>6] |= 1 << (c & 63)
	default:
		return nil
	}
	return r
}

// has reports whether byte c is in the class.
func (r *rxClassRun) has(c byte) bool { return r.in[c>>6]&(1<<(c&63)) != 0 }

// run is the length of the run of class bytes at the start of s, at
// most limit (< 0: without limit).
func (r *rxClassRun) run(s string, limit int) int {
	n := len(s)
	if limit >= 0 && limit < n {
		n = limit
	}
	for i := 0; i < n; i++ {
		if !r.has(s[i]) {
			return i
		}
	}
	return n
}

// find is the span of the match of mode in s, as Go's regexp would give
// it for \A(?:x), \A(?:x)\z or x; ok is false when there is none.
func (r *rxClassRun) find(s string, mode int) (start, end int, ok bool) {
	switch mode {
	case modeMatch:
		n := r.run(s, r.max)
		return 0, n, n >= r.min
	case modeFull:
		n := r.run(s, r.max)
		return 0, n, n >= r.min && n == len(s)
	}
	// search: the leftmost start of a run of at least min, taken as far
	// as max allows
	if r.min == 0 {
		return 0, r.run(s, r.max), true
	}
	for i := 0; i < len(s); i++ {
		if !r.has(s[i]) {
			continue
		}
		n := r.run(s[i:], -1)
		if n >= r.min {
			if r.max >= 0 && n > r.max {
				n = r.max
			}
			return i, i + n, true
		}
		i += n // the run is too short: none of its bytes starts one
	}
	return 0, 0, false
}
