package modules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Python's repr() of str and bytes, for the values that print as Python
// prints them (re.compile('a+'), <re.Match object; ... match='abc'>) and
// for error messages that quote a name ("unknown group name 'x'").

// pyReprStr is Python's repr of a str: single quotes unless the text
// holds a ' and no ", printable characters as they are, the rest
// escaped. Bytes that are not UTF-8 show as \xNN.
func pyReprStr(s string) string { return pyRepr(s, false) }

// pyReprBytes is Python's repr of a bytes value: b'...', with \xNN for
// every byte outside printable ASCII.
func pyReprBytes(s string) string { return pyRepr(s, true) }

func pyRepr(s string, isBytes bool) string {
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
			writeEscape(&b, r)
		}
		i += w
	}
	b.WriteRune(quote)
	return b.String()
}

// truncateRunes is Python's "%.Nr": the first n characters of s.
func truncateRunes(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// asciiBackslashReplace is Python's s.encode('ascii', 'backslashreplace'):
// what lies outside ASCII as \xNN, \uNNNN or \UNNNNNNNN.
func asciiBackslashReplace(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x80 {
			b.WriteRune(r)
		} else {
			writeEscape(&b, r)
		}
	}
	return b.String()
}

// writeEscape writes r as Python escapes it: \xNN, \uNNNN or \UNNNNNNNN.
func writeEscape(b *strings.Builder, r rune) {
	switch {
	case r < 0x100:
		fmt.Fprintf(b, `\x%02x`, r)
	case r < 0x10000:
		fmt.Fprintf(b, `\u%04x`, r)
	default:
		fmt.Fprintf(b, `\U%08x`, r)
	}
}
