package modules

import (
	"strings"

	"go.starlark.net/starlark"
)

// NewFnmatch makes the fnmatch module, shell-style wildcards as Python's
// (on POSIX: case-sensitive):
//
//	fnmatch(name, pat) fnmatchcase(name, pat) filter(names, pat)
//
// "*" matches any run of characters, "?" one, "[seq]" one of seq (with
// ranges, "!" negating), and an unclosed "[" itself.
func NewFnmatch() *Lazy {
	return NewLazy("fnmatch", func() starlark.StringDict {
		return builtins(starlark.StringDict{}, map[string]builtinFunc{
			"fnmatch":     fnmatchFunc,
			"fnmatchcase": fnmatchFunc,
			"filter":      fnmatchFilter,
		})
	})
}

// wildItem is one element of a compiled pattern: a literal rune, any
// rune ('?'), any run ('*'), or a set.
type wildItem struct {
	kind    byte // 'c' literal, '?', '*', '[' set
	r       rune
	set     []rune // the set's single characters
	ranges  [][2]rune
	negated bool
	never   bool // an empty set: matches nothing
}

// compileWild is fnmatch.translate's reading of pat.
func compileWild(pat string) []wildItem {
	p := []rune(pat)
	var out []wildItem
	for i := 0; i < len(p); {
		c := p[i]
		i++
		switch c {
		case '*':
			if len(out) == 0 || out[len(out)-1].kind != '*' {
				out = append(out, wildItem{kind: '*'})
			}
		case '?':
			out = append(out, wildItem{kind: '?'})
		case '[':
			j := i
			if j < len(p) && p[j] == '!' {
				j++
			}
			if j < len(p) && p[j] == ']' {
				j++
			}
			for j < len(p) && p[j] != ']' {
				j++
			}
			if j >= len(p) {
				out = append(out, wildItem{kind: 'c', r: '['})
				continue
			}
			out = append(out, wildSet(p, i, j))
			i = j + 1
		default:
			out = append(out, wildItem{kind: 'c', r: c})
		}
	}
	return out
}

// wildSet is the set p[i:j] (between the brackets), split at its range
// hyphens as fnmatch.translate splits it, empty ranges dropped.
func wildSet(p []rune, i, j int) wildItem {
	stuff := p[i:j]
	negated := len(stuff) > 0 && stuff[0] == '!'
	var chunks [][]rune
	if !containsRune(stuff, '-') {
		chunks = [][]rune{stuff}
	} else {
		k := i + 1
		if p[i] == '!' {
			k = i + 2
		}
		for {
			k = indexRune(p[:j], '-', k)
			if k < 0 {
				break
			}
			chunks = append(chunks, p[i:k])
			i = k + 1
			k += 3
		}
		if chunk := p[i:j]; len(chunk) > 0 {
			chunks = append(chunks, chunk)
		} else {
			chunks[len(chunks)-1] = append(append([]rune(nil), chunks[len(chunks)-1]...), '-')
		}
		for k := len(chunks) - 1; k > 0; k-- {
			prev := chunks[k-1]
			if len(prev) > 0 && len(chunks[k]) > 0 && prev[len(prev)-1] > chunks[k][0] {
				chunks[k-1] = append(append([]rune(nil), prev[:len(prev)-1]...), chunks[k][1:]...)
				chunks = append(chunks[:k], chunks[k+1:]...)
			}
		}
	}
	flat := []rune{}
	for _, ch := range chunks {
		flat = append(flat, ch...)
	}
	if len(flat) == 0 {
		return wildItem{kind: '[', never: true}
	}
	if len(flat) == 1 && flat[0] == '!' {
		return wildItem{kind: '?'}
	}
	item := wildItem{kind: '[', negated: negated}
	if negated {
		chunks[0] = chunks[0][1:]
	}
	for k, ch := range chunks {
		item.set = append(item.set, ch...)
		if k > 0 && len(chunks[k-1]) > 0 && len(ch) > 0 {
			item.ranges = append(item.ranges, [2]rune{chunks[k-1][len(chunks[k-1])-1], ch[0]})
		}
	}
	return item
}

func containsRune(rs []rune, r rune) bool { return indexRune(rs, r, 0) >= 0 }

func indexRune(rs []rune, r rune, from int) int {
	for k := from; k < len(rs); k++ {
		if rs[k] == r {
			return k
		}
	}
	return -1
}

func (w wildItem) matches(r rune) bool {
	switch w.kind {
	case 'c':
		return r == w.r
	case '?':
		return true
	}
	if w.never {
		return false
	}
	in := containsRune(w.set, r)
	for _, rg := range w.ranges {
		in = in || rg[0] <= r && r <= rg[1]
	}
	return in != w.negated
}

// wildMatch reports whether name matches the compiled pattern, with
// backtracking over the last star only (as a regular expression would).
func wildMatch(pat []wildItem, name string) bool {
	n := []rune(name)
	pi, ni := 0, 0
	starP, starN := -1, 0
	for ni < len(n) {
		switch {
		case pi < len(pat) && pat[pi].kind == '*':
			starP, starN = pi, ni
			pi++
		case pi < len(pat) && pat[pi].matches(n[ni]):
			pi++
			ni++
		case starP >= 0:
			starN++
			pi, ni = starP+1, starN
		default:
			return false
		}
	}
	for pi < len(pat) && pat[pi].kind == '*' {
		pi++
	}
	return pi == len(pat)
}

// fnmatchArgs is the (name, pat) of fn, str or bytes alike.
func fnmatchText(fn string, v starlark.Value) (string, error) {
	s, _, err := pathText(v)
	return s, err
}

func fnmatchFunc(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, pv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &nv, "pat", &pv); err != nil {
		return nil, err
	}
	name, err := fnmatchText(b.Name(), nv)
	if err != nil {
		return nil, err
	}
	pat, err := fnmatchText(b.Name(), pv)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(wildMatch(compileWild(pat), name)), nil
}

func fnmatchFilter(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var nv, pv starlark.Value
	if err := starlark.UnpackArgs("filter", args, kwargs, "names", &nv, "pat", &pv); err != nil {
		return nil, err
	}
	pat, err := fnmatchText("filter", pv)
	if err != nil {
		return nil, err
	}
	names, err := iterItems(nv)
	if err != nil {
		return nil, err
	}
	w := compileWild(pat)
	var out []starlark.Value
	for _, x := range names {
		s, err := fnmatchText("filter", x)
		if err != nil {
			return nil, err
		}
		if wildMatch(w, s) {
			out = append(out, x)
		}
	}
	return starlark.NewList(out), nil
}

// hasMagic is glob.has_magic: whether s has *, ? or [.
func hasMagic(s string) bool { return strings.ContainsAny(s, "*?[") }
