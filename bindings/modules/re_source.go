package modules

import (
	"fmt"
	"strings"
	"unicode"
)

// The tokenizer of Python patterns, as CPython's re._parser.Tokenizer:
// characters, and escapes as a backslash with the character after it.

// rxToken is one token of the pattern: a character, or a backslash and
// the character after it.
type rxToken struct {
	c   rune
	esc bool
	ok  bool // false at the end of the pattern
}

func (t rxToken) is(c rune) bool { return t.ok && !t.esc && t.c == c }

func (t rxToken) width() int {
	switch {
	case !t.ok:
		return 0
	case t.esc:
		return 2
	}
	return 1
}

func (t rxToken) String() string {
	if t.esc {
		return `\` + string(t.c)
	}
	return string(t.c)
}

// rxSource is Python's Tokenizer: the pattern as characters (runes for a
// str pattern, bytes for a bytes one) and the token ahead.
type rxSource struct {
	src   []rune
	text  bool
	index int
	next  rxToken
}

func newRxSource(src []rune, text bool) (*rxSource, error) {
	s := &rxSource{src: src, text: text}
	return s, s.advance()
}

func (s *rxSource) advance() error {
	i := s.index
	if i >= len(s.src) {
		s.next = rxToken{}
		return nil
	}
	c := s.src[i]
	if c == '\\' {
		i++
		if i >= len(s.src) {
			return &rxError{"bad escape (end of pattern)", len(s.src) - 1}
		}
		s.index = i + 1
		s.next = rxToken{c: s.src[i], esc: true, ok: true}
		return nil
	}
	s.index = i + 1
	s.next = rxToken{c: c, ok: true}
	return nil
}

// match consumes the plain character c if it is next.
func (s *rxSource) match(c rune) (bool, error) {
	if s.next.is(c) {
		return true, s.advance()
	}
	return false, nil
}

func (s *rxSource) get() (rxToken, error) {
	t := s.next
	return t, s.advance()
}

// getwhile takes up to n plain characters for which ok holds.
func (s *rxSource) getwhile(n int, ok func(rune) bool) (string, error) {
	var b strings.Builder
	for i := 0; i < n; i++ {
		t := s.next
		if !t.ok || t.esc || !ok(t.c) {
			break
		}
		b.WriteRune(t.c)
		if err := s.advance(); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// getuntil reads a name up to terminator.
func (s *rxSource) getuntil(terminator rune, name string) (string, error) {
	var b []rune
	for {
		t := s.next
		if err := s.advance(); err != nil {
			return "", err
		}
		if !t.ok {
			if len(b) == 0 {
				return "", s.error("missing "+name, 0)
			}
			return "", s.error(fmt.Sprintf("missing %c, unterminated name", terminator), len(b))
		}
		if t.is(terminator) {
			if len(b) == 0 {
				return "", s.error("missing "+name, 1)
			}
			break
		}
		if t.esc {
			b = append(b, '\\')
		}
		b = append(b, t.c)
	}
	return string(b), nil
}

func (s *rxSource) tell() int { return s.index - s.next.width() }

func (s *rxSource) seek(i int) error {
	s.index = i
	return s.advance()
}

func (s *rxSource) error(msg string, offset int) *rxError {
	if !s.text {
		msg = asciiBackslashReplace(msg)
	}
	return &rxError{msg, s.tell() - offset}
}

// checkgroupname refuses a group name that is not an identifier.
func (s *rxSource) checkgroupname(name string, offset int) error {
	if !isIdentifier(name) {
		return s.error("bad character in group name "+pyReprStr(name), len([]rune(name))+offset)
	}
	return nil
}

// isIdentifier is Python's str.isidentifier, near enough: a letter or _
// then letters, digits, marks and connectors.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		switch {
		case r == '_' || unicode.IsLetter(r):
		case i > 0 && (unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Nd, unicode.Pc)):
		default:
			return false
		}
	}
	return true
}

func isDigit(r rune) bool    { return '0' <= r && r <= '9' }
func isOctDigit(r rune) bool { return '0' <= r && r <= '7' }
func isHexDigit(r rune) bool {
	return isDigit(r) || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F'
}
func isASCIILetter(r rune) bool { return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' }
