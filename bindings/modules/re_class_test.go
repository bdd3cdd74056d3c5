package modules

import (
	"regexp"
	"testing"
)

// TestClassRunFindsWhatRegexpFinds: for patterns that are a class run,
// the table finds the span Go's regexp finds, in each mode, on subjects
// with bytes of every kind (ASCII in and out of the class, UTF-8 runes,
// bytes that are not UTF-8); patterns that are not class runs are left
// to the regexp.
func TestClassRunFindsWhatRegexpFinds(t *testing.T) {
	runs := []string{
		`[a-z]+`, `[0-9A-Fa-f]{1,8}`, `[\x{0}-\x{8}\x{a}-\x{1f}\x{7f}]`, `a*`, `[ab]?`,
		`[a-c]{2,3}`, `[a-c]{2,}`, `[a-c]{0}`, `x`, `[\x{21}\x{23}0-9A-Za-z\x{2d}]+`,
	}
	others := []string{`[^a]+`, `(?i:[a-z])+`, `[a-z]+?`, `.+`, `ab`, `([a-z])+`, `[a-zé]+`, `(?i:k)+`}
	subjects := []string{
		"", "a", "abc", "abc1", "1abc", "ABCdef", "deadbeef9", "0123456789abcdef", "ab", "aab", "ba",
		"x\x01y", "\x1f", "text\x7f", "é", "aéb", "ab\xffcd", "\xff\xfe", "abcabcabc", "a-b!c#d",
		"  spaced  ", "c", "cc", "ccc", "cccc", "xyz",
	}
	modes := []struct {
		mode int
		wrap func(string) string
	}{
		{modeSearch, func(e string) string { return e }},
		{modeMatch, func(e string) string { return `\A(?:` + e + `)` }},
		{modeFull, func(e string) string { return `\A(?:` + e + `)\z` }},
	}
	for _, expr := range runs {
		r := classRunOf(expr)
		if r == nil {
			t.Errorf("%s: not taken as a class run", expr)
			continue
		}
		for _, m := range modes {
			re := regexp.MustCompile(m.wrap(expr))
			for _, s := range subjects {
				loc := re.FindStringIndex(s)
				a, b, ok := r.find(s, m.mode)
				if ok != (loc != nil) || ok && (a != loc[0] || b != loc[1]) {
					t.Errorf("%s in mode %d on %q: table (%d, %d, %v), regexp %v", expr, m.mode, s, a, b, ok, loc)
				}
			}
		}
	}
	for _, expr := range others {
		if classRunOf(expr) != nil {
			t.Errorf("%s: taken as a class run", expr)
		}
	}
}
