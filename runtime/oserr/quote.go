package oserr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is s as Python's repr() of a str shows it, as OS errors name
// their files: "'x'".
func Quote(s string) string { return Repr(s, false) }

// Repr is Python's repr() of a str (of a bytes value when isBytes, then
// b'...'): single quotes unless the text holds a ' and no ", printable
// characters as they are, the rest escaped (\n, \t, \xNN, \uNNNN); in a
// str, bytes that are not UTF-8 show as \xNN.
func Repr(s string, isBytes bool) string {
	quote := '\''
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 3)
	if isBytes {
		b.WriteByte('b')
	}
	b.WriteRune(quote)
	for i := 0; i < len(s); {
		r, w := rune(s[i]), 1
		if !isBytes {
			r, w = utf8.DecodeRuneInString(s[i:])
		}
		switch {
		case r == utf8.RuneError && w == 1 && !isBytes:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == quote || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x7f && r >= 0x20, !isBytes && r > 0x7f && unicode.IsPrint(r):
			b.WriteRune(r)
		default:
			b.WriteString(Escape(r))
		}
		i += w
	}
	b.WriteRune(quote)
	return b.String()
}

// Escape is r as Python escapes it: \xNN, \uNNNN or \UNNNNNNNN.
func Escape(r rune) string {
	switch {
	case r < 0x100:
		return fmt.Sprintf(`\x%02x`, r)
	case r < 0x10000:
		return fmt.Sprintf(`\u%04x`, r)
	}
	return fmt.Sprintf(`\U%08x`, r)
}
