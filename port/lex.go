package port

import (
	"unicode"
	"unicode/utf8"
)

// The tokenizer follows tree-sitter-python: an "external scanner" (its
// src/scanner.c) makes the tokens that depend on indentation and on the
// parser's state (NEWLINE, INDENT, DEDENT and the pieces of a string
// literal), and a plain lexer makes the rest. Which tokens the scanner
// may make depends on what the parser can accept next, so the parser
// passes that in as an expect set with every request for a token. A
// token, once read, is not read again with another set, as in
// tree-sitter.

// tokKind is the kind of a token.
type tokKind uint8

const (
	tkEOF         tokKind = iota
	tkNewline             // the end of a logical line (zero width, hidden)
	tkIndent              // the start of an indented block (zero width, hidden)
	tkDedent              // the end of an indented block (zero width, hidden)
	tkName                // an identifier or a keyword: the parser decides
	tkInt                 // an integer literal, Python 2's 10L and 0777 included
	tkFloat               // a float or imaginary literal
	tkOp                  // punctuation and operators
	tkStringStart         // a string's prefix and opening quote(s)
	tkContent             // text inside a string (hidden)
	tkEscape              // an escape sequence inside a string
	tkBackslash           // a backslash that starts no escape sequence
	tkEscInterp           // "{{" or "}}" inside an f-string
	tkStringEnd           // a string's closing quote(s)
	tkFormatText          // the text of an f-string format specifier (hidden)
	tkConversion          // "!r", "!s" or "!a" in an f-string
	tkComment             // "# ..." to the end of the line
	tkLineCont            // a backslash ending a line
	tkBad                 // a character no token starts with
)

// token is one token: its kind and byte range.
type token struct {
	kind       tokKind
	start, end int
}

// expect is the set of tokens the parser can accept next, as far as the
// scanner needs to know it.
type expect uint16

const (
	xNewline   expect = 1 << iota // a statement may end
	xIndent                       // an indented block may start
	xDedent                       // the block may end
	xString                       // a string literal may start
	xClose                        // a closing bracket may come
	xExcept                       // an except clause may come
	xContent                      // inside a string literal
	xEscInterp                    // inside an f-string: "{{" and "}}" are escapes
	xFormat                       // inside an f-string's format specifier
)

// delim describes an open string literal, as the scanner's Delimiter.
type delim uint8

const (
	dSingle delim = 1 << iota
	dDouble
	dBack
	dRaw
	dFormat
	dTriple
	dBytes
)

func (d delim) quote() byte {
	switch {
	case d&dSingle != 0:
		return '\''
	case d&dDouble != 0:
		return '"'
	case d&dBack != 0:
		return '`'
	}
	return 0
}

// lexer reads tokens from src.
type lexer struct {
	src     []byte
	pos     int     // where the next token's scan starts
	indents []int   // the indentation of the open blocks, 0 first
	delims  []delim // the open string literals, innermost last
	insideF bool    // the scanner's inside_f_string flag
}

// lexState is what a parser needs to go back to an earlier point.
type lexState struct {
	pos     int
	indents []int
	delims  []delim
	insideF bool
}

func (l *lexer) save() lexState {
	return lexState{
		pos:     l.pos,
		indents: append([]int(nil), l.indents...),
		delims:  append([]delim(nil), l.delims...),
		insideF: l.insideF,
	}
}

func (l *lexer) restore(s lexState) {
	l.pos = s.pos
	l.indents = append(l.indents[:0], s.indents...)
	l.delims = append(l.delims[:0], s.delims...)
	l.insideF = s.insideF
}

// next reads the token at l.pos.
func (l *lexer) next(x expect) token {
	t, ok := l.scan(x)
	if !ok {
		t = l.lex(x)
	}
	l.pos = t.end
	return t
}

// at is the byte at i, or 0 past the end (tree-sitter's lookahead at
// the end of input).
func (l *lexer) at(i int) byte {
	if i < len(l.src) {
		return l.src[i]
	}
	return 0
}

// scan is tree-sitter-python's external scanner: string pieces, then
// NEWLINE, INDENT and DEDENT, then the start of a string.
func (l *lexer) scan(x expect) (token, bool) {
	pos := l.pos
	if x&xEscInterp != 0 && len(l.delims) > 0 && (l.at(pos) == '{' || l.at(pos) == '}') {
		if l.delims[len(l.delims)-1]&dFormat != 0 {
			if l.at(pos+1) == l.at(pos) {
				return token{tkEscInterp, pos, pos + 2}, true
			}
			return token{}, false
		}
	}
	if x&xContent != 0 && len(l.delims) > 0 {
		if t, ok, done := l.scanContent(pos); done {
			return t, ok
		}
	}
	return l.scanLine(x, pos)
}

// scanContent reads the text of a string up to an escape, a brace of an
// f-string or the closing quote. done is false when it ran into the end
// of input (or a NUL byte) without deciding.
func (l *lexer) scanContent(pos int) (t token, ok, done bool) {
	d := l.delims[len(l.delims)-1]
	q := d.quote()
	hasContent := false
	content := func(end int) (token, bool, bool) {
		if !hasContent {
			return token{}, false, true
		}
		return token{tkContent, pos, end}, true, true
	}
	i := pos
	for i < len(l.src) && l.src[i] != 0 {
		c := l.src[i]
		if (c == '{' || c == '}') && d&dFormat != 0 {
			return content(i)
		}
		if c == '\\' {
			if d&dRaw != 0 {
				// A raw string's backslash escapes the quote, another
				// backslash or a line end; none of it counts as content,
				// as in the scanner.
				i++
				if l.at(i) == q || l.at(i) == '\\' {
					i++
				}
				if l.at(i) == '\r' {
					i++
					if l.at(i) == '\n' {
						i++
					}
				} else if l.at(i) == '\n' {
					i++
				}
				continue
			}
			if d&dBytes != 0 {
				mark := i
				i++
				if c := l.at(i); c == 'N' || c == 'u' || c == 'U' {
					// Not escapes in a bytes literal: plain text.
					i++
				} else {
					return content(mark)
				}
			} else {
				return content(i)
			}
		} else if c == q {
			if d&dTriple != 0 {
				mark := i
				i++
				if l.at(i) == q {
					i++
					if l.at(i) == q {
						if hasContent {
							return token{tkContent, pos, mark}, true, true
						}
						i++
						l.popDelim()
						return token{tkStringEnd, pos, i}, true, true
					}
					return token{tkContent, pos, i}, true, true
				}
				return token{tkContent, pos, i}, true, true
			}
			if hasContent {
				return token{tkContent, pos, i}, true, true
			}
			l.popDelim()
			return token{tkStringEnd, pos, i + 1}, true, true
		} else if c == '\n' && hasContent && d&dTriple == 0 {
			return token{}, false, true
		}
		if i < len(l.src) {
			i++
		}
		hasContent = true
	}
	if hasContent {
		return token{tkContent, pos, min(i, len(l.src))}, true, true
	}
	return token{}, false, false
}

func (l *lexer) popDelim() {
	l.delims = l.delims[:len(l.delims)-1]
	l.insideF = false
}

// scanLine looks past spaces, blank lines and (where a statement may end
// or a block begin or end) comment lines for NEWLINE, INDENT and DEDENT,
// then for the start of a string literal.
func (l *lexer) scanLine(x expect, pos int) (token, bool) {
	foundEOL := false
	indent := 0
	firstComment := -1
	i := pos
loop:
	for {
		if i >= len(l.src) {
			indent = 0
			foundEOL = true
			break
		}
		switch c := l.src[i]; {
		case c == '\n':
			foundEOL = true
			indent = 0
			i++
		case c == ' ':
			indent++
			i++
		case c == '\r' || c == '\f':
			indent = 0
			i++
		case c == '\t':
			indent += 8
			i++
		case c == '#' && x&(xIndent|xDedent|xNewline|xExcept) != 0:
			if !foundEOL {
				// A comment after code: it is read as a comment
				// token first.
				return token{}, false
			}
			if firstComment == -1 {
				firstComment = indent
			}
			for i < len(l.src) && l.src[i] != 0 && l.src[i] != '\n' {
				i++
			}
			if i < len(l.src) {
				i++
			}
			indent = 0
		case c == '\\':
			i++
			if l.at(i) == '\r' {
				i++
			}
			if i >= len(l.src) || l.src[i] == '\n' {
				if i < len(l.src) {
					i++
				}
			} else {
				return token{}, false
			}
		default:
			break loop
		}
	}
	if foundEOL {
		top := l.indents[len(l.indents)-1]
		if x&xIndent != 0 && indent > top {
			l.indents = append(l.indents, indent)
			return token{tkIndent, pos, pos}, true
		}
		nextQuote := l.at(i) == '"' || l.at(i) == '\'' || l.at(i) == '`'
		if (x&xDedent != 0 || (x&xNewline == 0 && !(x&xString != 0 && nextQuote) && x&xClose == 0)) &&
			indent < top && !l.insideF && firstComment < top && len(l.indents) > 1 {
			l.indents = l.indents[:len(l.indents)-1]
			return token{tkDedent, pos, pos}, true
		}
		if x&xNewline != 0 {
			return token{tkNewline, pos, pos}, true
		}
	}
	if firstComment == -1 && x&xString != 0 {
		return l.scanStringStart(i)
	}
	return token{}, false
}

// scanStringStart reads a string prefix (any of f, r, b and u) and the
// opening quote or quotes at i.
func (l *lexer) scanStringStart(i int) (token, bool) {
	start := i
	var d delim
	for i < len(l.src) {
		switch l.src[i] {
		case 'f', 'F':
			d |= dFormat
		case 'r', 'R':
			d |= dRaw
		case 'b', 'B':
			d |= dBytes
		case 'u', 'U':
		default:
			goto quote
		}
		i++
	}
quote:
	end := i
	switch q := l.at(i); q {
	case '`':
		d |= dBack
		end = i + 1
	case '\'', '"':
		if q == '\'' {
			d |= dSingle
		} else {
			d |= dDouble
		}
		end = i + 1
		if l.at(i+1) == q && l.at(i+2) == q {
			end = i + 3
			d |= dTriple
		}
	default:
		return token{}, false
	}
	l.delims = append(l.delims, d)
	l.insideF = d&dFormat != 0
	return token{tkStringStart, start, end}, true
}

// lex is the plain lexer: it skips white space and reads one token.
func (l *lexer) lex(x expect) token {
	i := l.pos
	if x&xContent != 0 {
		return l.lexInString(i)
	}
	if x&xFormat != 0 {
		// The text of a format specifier may start with blanks.
		for i < len(l.src) && l.src[i] == '\n' {
			i++
		}
		if i >= len(l.src) {
			return token{tkEOF, i, i}
		}
		return l.lexFormat(i)
	}
	i = l.skipSpace(i)
	if i >= len(l.src) {
		return token{tkEOF, len(l.src), len(l.src)}
	}
	c := l.src[i]
	switch {
	case c == '#':
		j := i
		for j < len(l.src) && l.src[j] != '\n' {
			j++
		}
		return token{tkComment, i, j}
	case c == '\\':
		j := i + 1
		if l.at(j) == '\r' && l.at(j+1) == '\n' {
			return token{tkLineCont, i, j + 2}
		}
		if l.at(j) == '\n' || (j < len(l.src) && l.src[j] == 0) {
			return token{tkLineCont, i, j + 1}
		}
		if j >= len(l.src) {
			return token{tkLineCont, i, j}
		}
		return token{tkBad, i, j}
	case c >= '0' && c <= '9' || c == '.' && isDigit(l.at(i+1)):
		return l.lexNumber(i)
	case c == '!':
		if l.at(i+1) == '=' {
			return token{tkOp, i, i + 2}
		}
		if c := l.at(i + 1); c >= 'a' && c <= 'z' {
			return token{tkConversion, i, i + 2}
		}
		return token{tkBad, i, i + 1}
	}
	if n := opLen(l.src[i:]); n > 0 {
		return token{tkOp, i, i + n}
	}
	if r, size := utf8.DecodeRune(l.src[i:]); isIDStart(r) && !(r == utf8.RuneError && size <= 1) {
		j := i + size
		for j < len(l.src) {
			r, size := utf8.DecodeRune(l.src[j:])
			if !isIDContinue(r) || r == utf8.RuneError && size <= 1 {
				break
			}
			j += size
		}
		return token{tkName, i, j}
	}
	_, size := utf8.DecodeRune(l.src[i:])
	return token{tkBad, i, i + size}
}

// lexInString reads what the scanner leaves inside a string: an escape
// sequence, a lone backslash, or a brace of an f-string.
func (l *lexer) lexInString(i int) token {
	if j := l.skipSpace(i); l.at(j) == '#' {
		// A comment, as anywhere: what a string broken at a line end
		// can run into.
		k := j
		for k < len(l.src) && l.src[k] != '\n' {
			k++
		}
		return token{tkComment, j, k}
	} else if j >= len(l.src) {
		return token{tkEOF, j, j}
	} else if j > i {
		return token{tkBad, j, j + 1}
	}
	if i >= len(l.src) {
		return token{tkEOF, i, i}
	}
	switch l.src[i] {
	case '\\':
		if n := escapeLen(l.src[i+1:]); n > 0 {
			return token{tkEscape, i, i + 1 + n}
		}
		return token{tkBackslash, i, i + 1}
	case '{', '}':
		return token{tkOp, i, i + 1}
	}
	_, size := utf8.DecodeRune(l.src[i:])
	return token{tkBad, i, i + size}
}

// escapeLen is the length of the escape sequence after a backslash, or 0.
func escapeLen(s []byte) int {
	if len(s) == 0 {
		return 0
	}
	hex := func(n int) int {
		if len(s) < 1+n {
			return 0
		}
		for _, c := range s[1 : 1+n] {
			if !isHexDigit(c) {
				return 0
			}
		}
		return 1 + n
	}
	switch c := s[0]; {
	case c == 'u':
		return hex(4)
	case c == 'U':
		return hex(8)
	case c == 'x':
		return hex(2)
	case isDigit(c):
		n := 1
		for n < 3 && n < len(s) && isDigit(s[n]) {
			n++
		}
		return n
	case c == '\r':
		if len(s) > 1 && s[1] == '\n' {
			return 2
		}
		return 0
	case c == '\n':
		return 1
	case c == '\'' || c == '"' || c == 'a' || c == 'b' || c == 'f' || c == 'r' || c == 'n' || c == 't' || c == 'v' || c == '\\':
		return 1
	case c == 'N':
		if len(s) > 2 && s[1] == '{' && s[2] != '}' {
			for j := 2; j < len(s); j++ {
				if s[j] == '}' {
					return j + 1
				}
			}
		}
	}
	return 0
}

// lexFormat reads inside a format specifier: a brace, or text up to one.
func (l *lexer) lexFormat(i int) token {
	switch l.src[i] {
	case '{', '}':
		return token{tkOp, i, i + 1}
	}
	j := i
	for j < len(l.src) && l.src[j] != '{' && l.src[j] != '}' && l.src[j] != '\n' {
		j++
	}
	return token{tkFormatText, i, j}
}

// skipSpace skips what tree-sitter-python treats as white space.
func (l *lexer) skipSpace(i int) int {
	for i < len(l.src) {
		c := l.src[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			return i
		}
		r, size := utf8.DecodeRune(l.src[i:])
		if r == '\uFEFF' || r == '\u2060' || r == '\u200B' || (r != utf8.RuneError && unicode.IsSpace(r)) {
			i += size
			continue
		}
		return i
	}
	return i
}

// lexNumber reads an integer or float literal at i, the longer of the
// two that match.
func (l *lexer) lexNumber(i int) token {
	intEnd := -1
	if l.src[i] == '0' {
		var isDigitOf func(byte) bool
		switch l.at(i + 1) {
		case 'x', 'X':
			isDigitOf = isHexDigit
		case 'o', 'O':
			isDigitOf = func(c byte) bool { return c >= '0' && c <= '7' }
		case 'b', 'B':
			isDigitOf = func(c byte) bool { return c == '0' || c == '1' }
		}
		if isDigitOf != nil {
			// repeat1(/_?[digits]+/), then an optional L.
			j := i + 2
			for {
				k := j
				if l.at(k) == '_' {
					k++
				}
				if !isDigitOf(l.at(k)) {
					break
				}
				for isDigitOf(l.at(k)) {
					k++
				}
				j = k
			}
			if j > i+2 {
				if c := l.at(j); c == 'l' || c == 'L' {
					j++
				}
				return token{tkInt, i, j}
			}
		}
	}
	digits := l.digits(i)
	if digits > i {
		intEnd = digits
		if c := l.at(digits); c == 'l' || c == 'L' || c == 'j' || c == 'J' {
			intEnd++
		}
	}
	floatEnd := -1
	j := digits
	if l.at(j) == '.' {
		k := l.digits(j + 1)
		if k > j+1 || digits > i {
			floatEnd = l.exponent(k)
		}
	} else if digits > i {
		if e := l.exponent(j); e > j {
			floatEnd = e
		}
	}
	if floatEnd >= 0 {
		if c := l.at(floatEnd); c == 'j' || c == 'J' {
			floatEnd++
		}
	}
	if floatEnd > intEnd {
		return token{tkFloat, i, floatEnd}
	}
	return token{tkInt, i, intEnd}
}

// digits reads repeat1(/[0-9]+_?/) at i and returns where it ends (i if
// nothing matched).
func (l *lexer) digits(i int) int {
	for isDigit(l.at(i)) {
		for isDigit(l.at(i)) {
			i++
		}
		if l.at(i) == '_' {
			i++
		}
	}
	return i
}

// exponent reads an optional exponent at i.
func (l *lexer) exponent(i int) int {
	if c := l.at(i); c != 'e' && c != 'E' {
		return i
	}
	j := i + 1
	if c := l.at(j); c == '+' || c == '-' {
		j++
	}
	if k := l.digits(j); k > j {
		return k
	}
	return i
}

// opLen is the length of the operator or punctuation at the start of s.
func opLen(s []byte) int {
	if len(s) >= 3 {
		switch string(s[:3]) {
		case "**=", "//=", ">>=", "<<=", "...":
			return 3
		}
	}
	if len(s) >= 2 {
		switch string(s[:2]) {
		case "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "<>", "->", ":=",
			"+=", "-=", "*=", "/=", "@=", "%=", "&=", "^=", "|=":
			return 2
		}
	}
	switch s[0] {
	case '(', ')', '[', ']', '{', '}', ',', ':', ';', '.', '=', '+', '-', '*', '/', '%', '@', '|', '&', '^', '~', '<', '>':
		return 1
	}
	return 0
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isIDStart and isIDContinue approximate Unicode's XID_Start and
// XID_Continue, which identifiers are made of.
func isIDStart(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	return unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIDContinue(r rune) bool {
	if r < utf8.RuneSelf {
		return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return isIDStart(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc, unicode.Other_ID_Continue)
}
