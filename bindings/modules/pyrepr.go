package modules

import (
	"strings"

	"github.com/pyasync/pyasync/runtime/oserr"
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

func pyRepr(s string, isBytes bool) string { return oserr.Repr(s, isBytes) }

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
func writeEscape(b *strings.Builder, r rune) { b.WriteString(oserr.Escape(r)) }
