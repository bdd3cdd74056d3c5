package modules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// This file reads a Python regular expression into a tree (rxNode), as
// CPython's re/_parser.py does, with the same errors at the same
// positions. re_emit.go then writes the tree in the syntax of Go's
// regexp. What Go's regexp (RE2) cannot run — backreferences,
// lookaround, conditionals, atomic groups, possessive repeats — is read
// like any other construct, so that a syntax error later in the pattern
// is still reported as Python reports it, and refused once the whole
// pattern has been read.

// rxState is Python's parser State: the groups seen so far.
type rxState struct {
	flags           int
	groupClosed     []bool // per group number, group 0 first
	names           map[string]int
	nameOrder       []string
	closeOrder      []int
	closed          int
	lookbehindGroup int // -1 outside a lookbehind
	grouprefpos     map[int]int
	unsupported     *rxUnsupported // the first construct Go cannot run
}

func (st *rxState) groups() int { return len(st.groupClosed) }

func (st *rxState) opengroup(name string, named bool) (int, error) {
	gid := st.groups()
	st.groupClosed = append(st.groupClosed, false)
	st.closeOrder = append(st.closeOrder, 0)
	if named {
		if old, ok := st.names[name]; ok {
			return 0, fmt.Errorf("redefinition of group name %s as group %d; was group %d", pyReprStr(name), gid, old)
		}
		st.names[name] = gid
		st.nameOrder = append(st.nameOrder, name)
	}
	return gid, nil
}

func (st *rxState) closegroup(gid int) {
	st.groupClosed[gid] = true
	st.closed++
	st.closeOrder[gid] = st.closed
}

func (st *rxState) checkgroup(gid int) bool { return gid < st.groups() && st.groupClosed[gid] }

func (st *rxState) checklookbehindgroup(gid int, s *rxSource) error {
	if st.lookbehindGroup >= 0 {
		if !st.checkgroup(gid) {
			return s.error("cannot refer to an open group", 0)
		}
		if gid >= st.lookbehindGroup {
			return s.error("cannot refer to group defined in the same lookbehind subpattern", 0)
		}
	}
	return nil
}

// refuse records a construct Go's regexp cannot run; the first one is
// reported once the whole pattern has parsed.
func (st *rxState) refuse(what string, pos int, why string) *rxNode {
	if st.unsupported == nil {
		st.unsupported = &rxUnsupported{what, pos, why}
	}
	return &rxNode{op: rxEmpty, pos: pos}
}

// parseRx parses pattern (runes of a str, or bytes as runes 0-255) with
// flags, as Python's sre_parse.parse followed by fix_flags.
func parseRx(src []rune, text bool, flags int) (*rxTree, error) {
	s, err := newRxSource(src, text)
	if err != nil {
		return nil, err
	}
	st := &rxState{flags: flags, groupClosed: []bool{true}, closeOrder: []int{0}, names: map[string]int{}, lookbehindGroup: -1, grouprefpos: map[int]int{}}
	root, err := parseSub(s, st, flags&flagVerbose != 0, 0)
	if err != nil {
		return nil, err
	}
	if st.flags, err = fixFlags(text, st.flags); err != nil {
		return nil, err
	}
	if s.next.ok {
		return nil, s.error("unbalanced parenthesis", 0)
	}
	for g, pos := range st.grouprefpos {
		if g >= st.groups() {
			return nil, &rxError{fmt.Sprintf("invalid group reference %d", g), pos}
		}
	}
	if st.unsupported != nil {
		return nil, st.unsupported
	}
	return &rxTree{root: root, flags: st.flags, groups: st.groups() - 1, names: st.names, nameOrder: st.nameOrder, closeOrder: st.closeOrder}, nil
}

// fixFlags checks the flags against the pattern's type and adds UNICODE
// to a str pattern's flags unless it is ASCII.
func fixFlags(text bool, flags int) (int, error) {
	if text {
		if flags&flagLocale != 0 {
			return 0, &rxPyError{"ValueError", "cannot use LOCALE flag with a str pattern"}
		}
		if flags&flagASCII == 0 {
			flags |= flagUnicode
		} else if flags&flagUnicode != 0 {
			return 0, &rxPyError{"ValueError", "ASCII and UNICODE flags are incompatible"}
		}
	} else {
		if flags&flagUnicode != 0 {
			return 0, &rxPyError{"ValueError", "cannot use UNICODE flag with a bytes pattern"}
		}
		if flags&flagLocale != 0 && flags&flagASCII != 0 {
			return 0, &rxPyError{"ValueError", "ASCII and LOCALE flags are incompatible"}
		}
	}
	return flags, nil
}

// maxNesting is how deep groups may nest (each level is two steps of
// parseSub's nested); Go's regexp refuses deeper patterns anyway.
const maxNesting = 2 * 500

// parseSub parses alternatives: a|b|c.
func parseSub(s *rxSource, st *rxState, verbose bool, nested int) (*rxNode, error) {
	var items []*rxNode
	start := s.tell()
	if nested > maxNesting {
		return nil, &rxUnsupported{"a group nested 500 deep", start - 1, "Go's regexp, RE2, nests at most 1000 deep, counting each group and repeat"}
	}
	for {
		item, err := parseSeq(s, st, verbose, nested+1, nested == 0 && len(items) == 0)
		if err != nil {
			return nil, err
		}
		items = append(items, item)
		ok, err := s.match('|')
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		if nested == 0 {
			verbose = st.flags&flagVerbose != 0
		}
	}
	if len(items) == 1 {
		return items[0], nil
	}
	return &rxNode{op: rxAlt, subs: items, pos: start}, nil
}

// parseSeq parses a sequence of items up to "|", ")" or the end.
func parseSeq(s *rxSource, st *rxState, verbose bool, nested int, first bool) (*rxNode, error) {
	seq := &rxNode{op: rxConcat, pos: s.tell()}
	for {
		this := s.next
		if !this.ok || this.is('|') || this.is(')') {
			break
		}
		here := s.tell()
		if err := s.advance(); err != nil {
			return nil, err
		}
		if verbose && !this.esc {
			if strings.ContainsRune(" \t\n\r\v\f", this.c) {
				continue
			}
			if this.c == '#' {
				for {
					t, err := s.get()
					if err != nil {
						return nil, err
					}
					if !t.ok || t.is('\n') {
						break
					}
				}
				continue
			}
		}
		var err error
		switch {
		case this.esc:
			var n *rxNode
			if n, err = parseEscape(s, st, this, here); err == nil {
				seq.subs = append(seq.subs, n)
			}
		case !strings.ContainsRune(`.\[{()*+?^$|`, this.c):
			seq.subs = append(seq.subs, &rxNode{op: rxLiteral, r: this.c, pos: here})
		case this.c == '[':
			var n *rxNode
			if n, err = parseClass(s, st, here); err == nil {
				seq.subs = append(seq.subs, n)
			}
		case strings.ContainsRune("*+?{", this.c):
			err = parseRepeat(s, st, seq, this, here)
		case this.c == '.':
			seq.subs = append(seq.subs, &rxNode{op: rxAny, pos: here})
		case this.c == '(':
			var n *rxNode
			var global bool
			n, global, err = parseGroup(s, st, &verbose, nested, here)
			if err == nil && global && (!first || len(seq.subs) > 0) {
				err = s.error("global flags not at the start of the expression", s.tell()-here)
			}
			if err == nil && n != nil {
				seq.subs = append(seq.subs, n)
			}
		case this.c == '^':
			seq.subs = append(seq.subs, &rxNode{op: rxAt, at: atBeginning, pos: here})
		case this.c == '$':
			seq.subs = append(seq.subs, &rxNode{op: rxAt, at: atEnd, pos: here})
		}
		if err != nil {
			return nil, err
		}
	}
	return seq, nil
}

// parseEscape reads an escape outside a class: a category, an
// assertion, a character, or a backreference.
func parseEscape(s *rxSource, st *rxState, this rxToken, here int) (*rxNode, error) {
	switch this.c {
	case 'A':
		return &rxNode{op: rxAt, at: atBeginningString, pos: here}, nil
	case 'Z':
		return &rxNode{op: rxAt, at: atEndString, pos: here}, nil
	case 'b':
		return &rxNode{op: rxAt, at: atBoundary, pos: here}, nil
	case 'B':
		return &rxNode{op: rxAt, at: atNonBoundary, pos: here}, nil
	case 'd', 'D', 's', 'S', 'w', 'W':
		return &rxNode{op: rxClass, cls: &rxSet{items: []rxSetItem{{cat: this.c}}}, pos: here}, nil
	}
	if c, ok := simpleEscapes[this.c]; ok {
		return &rxNode{op: rxLiteral, r: c, pos: here}, nil
	}
	esc := this.String()
	switch {
	case this.c == '0':
		digits, err := s.getwhile(2, isOctDigit)
		if err != nil {
			return nil, err
		}
		n, _ := strconv.ParseInt("0"+digits, 8, 32)
		return &rxNode{op: rxLiteral, r: rune(n), pos: here}, nil
	case isDigit(this.c):
		// an octal escape, or a group reference
		if s.next.ok && !s.next.esc && isDigit(s.next.c) {
			d2 := s.next.c
			if err := s.advance(); err != nil {
				return nil, err
			}
			esc += string(d2)
			if isOctDigit(this.c) && isOctDigit(d2) && s.next.ok && !s.next.esc && isOctDigit(s.next.c) {
				esc += string(s.next.c)
				if err := s.advance(); err != nil {
					return nil, err
				}
				n, _ := strconv.ParseInt(esc[1:], 8, 32)
				if n > 0o377 {
					return nil, s.error(fmt.Sprintf("octal escape value %s outside of range 0-0o377", esc), len(esc))
				}
				return &rxNode{op: rxLiteral, r: rune(n), pos: here}, nil
			}
		}
		group, _ := strconv.Atoi(esc[1:])
		if group < st.groups() {
			if !st.checkgroup(group) {
				return nil, s.error("cannot refer to an open group", len(esc))
			}
			if err := st.checklookbehindgroup(group, s); err != nil {
				return nil, err
			}
			return st.refuse("backreference "+esc, here, "Go's regexp, RE2, has no backreferences"), nil
		}
		return nil, s.error(fmt.Sprintf("invalid group reference %d", group), len(esc)-1)
	}
	return escapedChar(s, st, this, esc)
}

// simpleEscapes are the escapes that stand for one character.
var simpleEscapes = map[rune]rune{'a': '\a', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}

// escapedChar reads \x \u \U \N escapes and escaped punctuation, shared
// by the pattern and its classes.
func escapedChar(s *rxSource, st *rxState, this rxToken, esc string) (*rxNode, error) {
	here := s.tell() - 2
	hex := func(n int) (*rxNode, error) {
		digits, err := s.getwhile(n, isHexDigit)
		if err != nil {
			return nil, err
		}
		esc += digits
		if len(digits) != n {
			return nil, s.error("incomplete escape "+esc, len(esc))
		}
		v, _ := strconv.ParseUint(digits, 16, 32)
		if v > unicode.MaxRune {
			return nil, s.error("bad escape "+esc, len(esc))
		}
		return &rxNode{op: rxLiteral, r: rune(v), pos: here}, nil
	}
	switch {
	case this.c == 'x':
		return hex(2)
	case this.c == 'u' && s.text:
		return hex(4)
	case this.c == 'U' && s.text:
		return hex(8)
	case this.c == 'N' && s.text:
		ok, err := s.match('{')
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, s.error("missing {", 0)
		}
		name, err := s.getuntil('}', "character name")
		if err != nil {
			return nil, err
		}
		return st.refuse(`named character \N{`+name+`}`, here, "pyasync has no table of Unicode character names; write the character, or \\u and its code"), nil
	case isASCIILetter(this.c) || isDigit(this.c):
		return nil, s.error("bad escape "+esc, len(esc))
	}
	return &rxNode{op: rxLiteral, r: this.c, pos: here}, nil
}

// classEscape reads an escape inside [...]: a character or a category.
func classEscape(s *rxSource, st *rxState, this rxToken) (rxSetItem, error) {
	if c, ok := simpleEscapes[this.c]; ok {
		return rxSetItem{lo: c, hi: c}, nil
	}
	switch this.c {
	case 'b':
		return rxSetItem{lo: '\b', hi: '\b'}, nil
	case 'd', 'D', 's', 'S', 'w', 'W':
		return rxSetItem{cat: this.c}, nil
	}
	esc := this.String()
	if isOctDigit(this.c) {
		digits, err := s.getwhile(2, isOctDigit)
		if err != nil {
			return rxSetItem{}, err
		}
		esc += digits
		n, _ := strconv.ParseInt(esc[1:], 8, 32)
		if n > 0o377 {
			return rxSetItem{}, s.error(fmt.Sprintf("octal escape value %s outside of range 0-0o377", esc), len(esc))
		}
		return rxSetItem{lo: rune(n), hi: rune(n)}, nil
	}
	n, err := escapedChar(s, st, this, esc)
	if err != nil {
		return rxSetItem{}, err
	}
	return rxSetItem{lo: n.r, hi: n.r}, nil
}

// classItem is the character or category a token of a class stands for.
func classItem(s *rxSource, st *rxState, t rxToken) (rxSetItem, error) {
	if t.esc {
		return classEscape(s, st, t)
	}
	return rxSetItem{lo: t.c, hi: t.c}, nil
}

// parseClass reads a character class after its "[".
func parseClass(s *rxSource, st *rxState, here int) (*rxNode, error) {
	cls := &rxSet{}
	var err error
	if cls.negate, err = s.match('^'); err != nil {
		return nil, err
	}
	for {
		this, err := s.get()
		if err != nil {
			return nil, err
		}
		if !this.ok {
			return nil, s.error("unterminated character set", s.tell()-here)
		}
		if this.is(']') && len(cls.items) > 0 {
			break
		}
		code1, err := classItem(s, st, this)
		if err != nil {
			return nil, err
		}
		dash, err := s.match('-')
		if err != nil {
			return nil, err
		}
		if !dash {
			cls.items = append(cls.items, code1)
			continue
		}
		that, err := s.get()
		if err != nil {
			return nil, err
		}
		if !that.ok {
			return nil, s.error("unterminated character set", s.tell()-here)
		}
		if that.is(']') {
			cls.items = append(cls.items, code1, rxSetItem{lo: '-', hi: '-'})
			break
		}
		code2, err := classItem(s, st, that)
		if err != nil {
			return nil, err
		}
		bad := fmt.Sprintf("bad character range %s-%s", this, that)
		width := this.width() + 1 + that.width()
		if code1.cat != 0 || code2.cat != 0 || code2.lo < code1.lo {
			return nil, s.error(bad, width)
		}
		cls.items = append(cls.items, rxSetItem{lo: code1.lo, hi: code2.lo})
	}
	return &rxNode{op: rxClass, cls: cls, pos: here}, nil
}

// parseRepeat applies a quantifier to the last item of seq.
func parseRepeat(s *rxSource, st *rxState, seq *rxNode, this rxToken, here0 int) error {
	here := s.tell()
	min, max := 0, -1
	switch this.c {
	case '?':
		max = 1
	case '+':
		min = 1
	case '{':
		if s.next.is('}') {
			seq.subs = append(seq.subs, &rxNode{op: rxLiteral, r: '{', pos: here0})
			return nil
		}
		lo, err := s.getwhile(1<<30, isDigit)
		if err != nil {
			return err
		}
		hi := lo
		comma, err := s.match(',')
		if err != nil {
			return err
		}
		if comma {
			if hi, err = s.getwhile(1<<30, isDigit); err != nil {
				return err
			}
		}
		closed, err := s.match('}')
		if err != nil {
			return err
		}
		if !closed {
			seq.subs = append(seq.subs, &rxNode{op: rxLiteral, r: '{', pos: here0})
			return s.seek(here)
		}
		if lo != "" {
			n, err := strconv.ParseUint(lo, 10, 64)
			if err != nil || n >= maxRepeat {
				return &rxPyError{"OverflowError", "the repetition number is too large"}
			}
			min = int(n)
		}
		if hi != "" {
			n, err := strconv.ParseUint(hi, 10, 64)
			if err != nil || n >= maxRepeat {
				return &rxPyError{"OverflowError", "the repetition number is too large"}
			}
			max = int(n)
			if max < min {
				return s.error("min repeat greater than max repeat", s.tell()-here)
			}
		}
	}
	var item *rxNode
	if n := len(seq.subs); n > 0 {
		item = seq.subs[n-1]
	}
	if item == nil || item.op == rxAt {
		return s.error("nothing to repeat", s.tell()-here+this.width())
	}
	if item.op == rxRepeat {
		return s.error("multiple repeat", s.tell()-here+this.width())
	}
	rep := &rxNode{op: rxRepeat, min: min, max: max, subs: []*rxNode{item}, pos: here0}
	lazy, err := s.match('?')
	if err != nil {
		return err
	}
	rep.lazy = lazy
	if !lazy {
		possessive, err := s.match('+')
		if err != nil {
			return err
		}
		if possessive {
			st.refuse("possessive repeat "+string(s.src[here0:s.tell()]), here0, "Go's regexp, RE2, has no possessive repeats; drop the last +")
		}
	}
	if min > goMaxRepeat || max > goMaxRepeat {
		count := min
		if max > count {
			count = max
		}
		st.refuse(fmt.Sprintf("repeat count %d", count), here0, fmt.Sprintf("Go's regexp, RE2, counts at most %d", goMaxRepeat))
	}
	seq.subs[len(seq.subs)-1] = rep
	return nil
}

// parseGroup reads what follows "(": a group, an extension or inline
// flags. It returns a nil node for a comment and for global flags
// (global is then true, and st.flags holds them).
func parseGroup(s *rxSource, st *rxState, verbose *bool, nested int, start int) (*rxNode, bool, error) {
	capture := true
	name, named := "", false
	add, del := 0, 0
	q, err := s.match('?')
	if err != nil {
		return nil, false, err
	}
	if q {
		char, err := s.get()
		if err != nil {
			return nil, false, err
		}
		if !char.ok {
			return nil, false, s.error("unexpected end of pattern", 0)
		}
		switch {
		case char.is('P'):
			if ok, err := s.match('<'); err != nil {
				return nil, false, err
			} else if ok {
				if name, err = s.getuntil('>', "group name"); err != nil {
					return nil, false, err
				}
				if err := s.checkgroupname(name, 1); err != nil {
					return nil, false, err
				}
				named = true
				break
			}
			if ok, err := s.match('='); err != nil {
				return nil, false, err
			} else if ok {
				name, err := s.getuntil(')', "group name")
				if err != nil {
					return nil, false, err
				}
				if err := s.checkgroupname(name, 1); err != nil {
					return nil, false, err
				}
				gid, ok := st.names[name]
				if !ok {
					return nil, false, s.error("unknown group name "+pyReprStr(name), len([]rune(name))+1)
				}
				if !st.checkgroup(gid) {
					return nil, false, s.error("cannot refer to an open group", len([]rune(name))+1)
				}
				if err := st.checklookbehindgroup(gid, s); err != nil {
					return nil, false, err
				}
				return st.refuse("backreference (?P="+name+")", start, "Go's regexp, RE2, has no backreferences"), false, nil
			}
			c, err := s.get()
			if err != nil {
				return nil, false, err
			}
			if !c.ok {
				return nil, false, s.error("unexpected end of pattern", 0)
			}
			return nil, false, s.error("unknown extension ?P"+c.String(), c.width()+2)
		case char.is(':'):
			capture = false
		case char.is('#'):
			for {
				if !s.next.ok {
					return nil, false, s.error("missing ), unterminated comment", s.tell()-start)
				}
				t, err := s.get()
				if err != nil {
					return nil, false, err
				}
				if t.is(')') {
					return nil, false, nil
				}
			}
		case char.is('=') || char.is('!') || char.is('<'):
			kind := "lookahead"
			outer := st.lookbehindGroup
			if char.is('<') {
				c, err := s.get()
				if err != nil {
					return nil, false, err
				}
				if !c.ok {
					return nil, false, s.error("unexpected end of pattern", 0)
				}
				if !c.is('=') && !c.is('!') {
					return nil, false, s.error("unknown extension ?<"+c.String(), c.width()+2)
				}
				char = c
				kind = "lookbehind"
				if outer < 0 {
					st.lookbehindGroup = st.groups()
				}
			}
			if _, err := parseSub(s, st, *verbose, nested+1); err != nil {
				return nil, false, err
			}
			st.lookbehindGroup = outer
			if ok, err := s.match(')'); err != nil {
				return nil, false, err
			} else if !ok {
				return nil, false, s.error("missing ), unterminated subpattern", s.tell()-start)
			}
			if char.is('!') {
				kind = "negative " + kind
			}
			open := "(?="
			switch {
			case kind == "negative lookahead":
				open = "(?!"
			case kind == "lookbehind":
				open = "(?<="
			case kind == "negative lookbehind":
				open = "(?<!"
			}
			return st.refuse(kind+" "+open+"...)", start, "Go's regexp, RE2, has no lookaround"), false, nil
		case char.is('('):
			if err := parseConditional(s, st, *verbose, nested, start); err != nil {
				return nil, false, err
			}
			return st.refuse("conditional group (?(...)...)", start, "Go's regexp, RE2, has no conditionals"), false, nil
		case char.is('>'):
			capture = false
			st.refuse("atomic group (?>...)", start, "Go's regexp, RE2, has no atomic groups")
		case !char.esc && (inlineFlags[char.c] != 0 || char.c == '-'):
			a, d, global, err := parseFlags(s, st, char)
			if err != nil {
				return nil, false, err
			}
			if global {
				*verbose = st.flags&flagVerbose != 0
				return nil, true, nil
			}
			add, del = a, d
			capture = false
		default:
			return nil, false, s.error("unknown extension ?"+char.String(), char.width()+1)
		}
	}
	group := 0
	if capture {
		if group, err = st.opengroup(name, named); err != nil {
			return nil, false, s.error(err.Error(), len([]rune(name))+1)
		}
	}
	subVerbose := (*verbose || add&flagVerbose != 0) && del&flagVerbose == 0
	sub, err := parseSub(s, st, subVerbose, nested+1)
	if err != nil {
		return nil, false, err
	}
	if ok, err := s.match(')'); err != nil {
		return nil, false, err
	} else if !ok {
		return nil, false, s.error("missing ), unterminated subpattern", s.tell()-start)
	}
	if group > 0 {
		st.closegroup(group)
	}
	return &rxNode{op: rxGroup, group: group, add: add, del: del, subs: []*rxNode{sub}, pos: start}, false, nil
}

// parseConditional reads (?(id)yes|no) after "(?(", for its errors.
func parseConditional(s *rxSource, st *rxState, verbose bool, nested, start int) error {
	condname, err := s.getuntil(')', "group name")
	if err != nil {
		return err
	}
	width := len([]rune(condname)) + 1
	if isIdentifier(condname) {
		if _, ok := st.names[condname]; !ok {
			return s.error("unknown group name "+pyReprStr(condname), width)
		}
	} else {
		n, err := strconv.ParseUint(strings.TrimSpace(condname), 10, 64)
		if err != nil {
			return s.error("bad character in group name "+pyReprStr(condname), width)
		}
		if n == 0 {
			return s.error("bad group number", width)
		}
		if n >= 1<<30-1 {
			return s.error(fmt.Sprintf("invalid group reference %d", n), width)
		}
		if _, ok := st.grouprefpos[int(n)]; !ok {
			st.grouprefpos[int(n)] = s.tell() - width
		}
	}
	if _, err := parseSeq(s, st, verbose, nested+1, false); err != nil {
		return err
	}
	if ok, err := s.match('|'); err != nil {
		return err
	} else if ok {
		if _, err := parseSeq(s, st, verbose, nested+1, false); err != nil {
			return err
		}
		if s.next.is('|') {
			return s.error("conditional backref with more than two branches", 0)
		}
	}
	if ok, err := s.match(')'); err != nil {
		return err
	} else if !ok {
		return s.error("missing ), unterminated subpattern", s.tell()-start)
	}
	return nil
}

// parseFlags reads inline flags after "(?": global ones "(?im)" (global
// is then true and st.flags has them) or scoped ones "(?i-m:".
func parseFlags(s *rxSource, st *rxState, char rxToken) (add, del int, global bool, err error) {
	c := char.c
	if c != '-' {
		for {
			flag := inlineFlags[c]
			if s.text && c == 'L' {
				return 0, 0, false, s.error("bad inline flags: cannot use 'L' flag with a str pattern", 0)
			}
			if !s.text && c == 'u' {
				return 0, 0, false, s.error("bad inline flags: cannot use 'u' flag with a bytes pattern", 0)
			}
			add |= flag
			if flag&typeFlags != 0 && add&typeFlags != flag {
				return 0, 0, false, s.error("bad inline flags: flags 'a', 'u' and 'L' are incompatible", 0)
			}
			t, err := flagToken(s, ")-:", "missing -, : or )")
			if err != nil {
				return 0, 0, false, err
			}
			c = t.c
			if strings.ContainsRune(")-:", c) {
				break
			}
		}
	}
	if c == ')' {
		st.flags |= add
		return 0, 0, true, nil
	}
	if add&globalFlags != 0 {
		return 0, 0, false, s.error("bad inline flags: cannot turn on global flag", 1)
	}
	if c == '-' {
		t, err := flagToken(s, "", "missing flag")
		if err != nil {
			return 0, 0, false, err
		}
		for c = t.c; ; c = t.c {
			flag := inlineFlags[c]
			if flag&typeFlags != 0 {
				return 0, 0, false, s.error("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", 0)
			}
			del |= flag
			if t, err = flagToken(s, ":", "missing :"); err != nil {
				return 0, 0, false, err
			}
			if t.c == ':' {
				break
			}
		}
	}
	if del&globalFlags != 0 {
		return 0, 0, false, s.error("bad inline flags: cannot turn off global flag", 1)
	}
	if add&del != 0 {
		return 0, 0, false, s.error("bad inline flags: flag turned on and off", 1)
	}
	return add, del, false, nil
}

// flagToken reads the next character of inline flags: one of stops, or a
// flag's letter. Anything else is Python's error; missing names what was
// due.
func flagToken(s *rxSource, stops, missing string) (rxToken, error) {
	t, err := s.get()
	if err != nil {
		return t, err
	}
	if !t.ok {
		return t, s.error(missing, 0)
	}
	if !t.esc && strings.ContainsRune(stops, t.c) {
		return t, nil
	}
	if t.esc || inlineFlags[t.c] == 0 {
		if !t.esc && unicode.IsLetter(t.c) {
			missing = "unknown flag"
		}
		return t, s.error(missing, t.width())
	}
	return t, nil
}
