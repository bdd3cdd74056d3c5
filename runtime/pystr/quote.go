// Package pystr writes strings as Python's repr() shows them:
//
//	Quote(s)       'it\'s' -> "it's", 'a\nb', 'caf\xc3' (a byte that is
//	               not valid UTF-8 as \xNN), '\u2028'
//	QuoteBytes(s)  b'\x00\xff'
//
// It is plain Go, for the runtime's messages (a file name in an OSError)
// as for the interpreter's values.
package pystr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Quote is repr(s) of a str as Python 3 shows it: in single quotes
// (double when s has a single quote and no double one), with \n, \t, \r,
// \\ and the quote escaped, a character that is not printable as \xNN,
// \uNNNN or \UNNNNNNNN, and a byte that is not part of valid UTF-8 as
// \xNN.
func Quote(s string) string { return quote(s, "", true) }

// QuoteBytes is repr(b) of a bytes value, as Python 3 shows it: b'...'
// with every byte that is not printable ASCII escaped.
func QuoteBytes(s string) string { return quote(s, "b", false) }

// quote writes s after prefix in quotes; text says whether valid UTF-8
// characters show as themselves (a str) or byte by byte (bytes).
func quote(s, prefix string, text bool) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(prefix) + len(s) + 2)
	b.WriteString(prefix)
	b.WriteByte(q)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf || !text {
			writeByte(&b, c, q)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			writeHex(&b, 'x', uint32(c), 2)
		case unicode.IsPrint(r):
			b.WriteString(s[i : i+n])
		case r < 0x100:
			writeHex(&b, 'x', uint32(r), 2)
		case r < 0x10000:
			writeHex(&b, 'u', uint32(r), 4)
		default:
			writeHex(&b, 'U', uint32(r), 8)
		}
		i += n
	}
	b.WriteByte(q)
	return b.String()
}

// writeByte writes the byte c of a literal quoted with q: itself when it
// is printable ASCII, else escaped.
func writeByte(b *strings.Builder, c, q byte) {
	switch c {
	case '\\':
		b.WriteString(`\\`)
	case '\n':
		b.WriteString(`\n`)
	case '\r':
		b.WriteString(`\r`)
	case '\t':
		b.WriteString(`\t`)
	case q:
		b.WriteByte('\\')
		b.WriteByte(c)
	default:
		if c < 0x20 || c >= 0x7f {
			writeHex(b, 'x', uint32(c), 2)
		} else {
			b.WriteByte(c)
		}
	}
}

// writeHex writes \<kind> and n lowercase hex digits of v.
func writeHex(b *strings.Builder, kind byte, v uint32, n int) {
	const hex = "0123456789abcdef"
	b.WriteByte('\\')
	b.WriteByte(kind)
	for shift := 4 * (n - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hex[v>>uint(shift)&0xf])
	}
}
