package modules

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// A replacement template, as sub() and Match.expand() read it (CPython's
// re._parser.parse_template): text with \1 \g<1> \g<name> \g<0> for
// groups, \n \t \\ ... and octal \0 \012 \377 for characters. An escaped
// ASCII letter that means nothing is an error; any other escaped
// character stays as it is, backslash included.

// rxTemplate is a parsed replacement.
type rxTemplate struct {
	literal bool      // no group references: pieces[0].text is the replacement
	pieces  []rxPiece // in order
}

// rxPiece is literal text, or a group when group >= 0.
type rxPiece struct {
	text  string
	group int
}

// parseTemplate parses repl for pattern p. In Latin-1 mode a character
// given by an escape is one byte; otherwise it is written in UTF-8.
// Positions in errors count characters, as Python's do.
func parseTemplate(p *Pattern, repl string) (*rxTemplate, error) {
	t := &rxTemplate{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.pieces = append(t.pieces, rxPiece{text: lit.String(), group: -1})
			lit.Reset()
		}
	}
	addgroup := func(index, at, offset int) error {
		if index > p.groups {
			return p.templateError(repl, fmt.Sprintf("invalid group reference %d", index), at-offset)
		}
		flush()
		t.pieces = append(t.pieces, rxPiece{group: index})
		return nil
	}
	writeChar := func(c int) {
		if p.byteMode {
			lit.WriteByte(byte(c))
		} else {
			lit.WriteRune(rune(c))
		}
	}
	for i := 0; i < len(repl); {
		c := repl[i]
		if c != '\\' {
			j := strings.IndexByte(repl[i:], '\\')
			if j < 0 {
				j = len(repl) - i
			}
			lit.WriteString(repl[i : i+j])
			i += j
			continue
		}
		if i+1 == len(repl) {
			return nil, p.templateError(repl, "bad escape (end of pattern)", i)
		}
		c = repl[i+1]
		start := i
		i += 2
		switch {
		case c == 'g':
			if i >= len(repl) || repl[i] != '<' {
				return nil, p.templateError(repl, "missing <", i)
			}
			i++
			end := strings.IndexByte(repl[i:], '>')
			if end < 0 {
				if i == len(repl) {
					return nil, p.templateError(repl, "missing group name", i)
				}
				return nil, p.templateError(repl, "missing >, unterminated name", i)
			}
			if end == 0 {
				return nil, p.templateError(repl, "missing group name", i)
			}
			name := repl[i : i+end]
			i += end + 1
			var index int
			if isIdentifier(name) {
				g, ok := p.names[name]
				if !ok {
					return nil, pyerr.Errorf("IndexError", "unknown group name %s", pyReprStr(name))
				}
				index = g
			} else {
				n, err := strconv.Atoi(name)
				if err != nil || n < 0 || strings.TrimLeft(name, "0123456789") != "" {
					return nil, p.templateError(repl, "bad character in group name "+pyReprStr(name), i-len(name)-1)
				}
				if n >= 1<<30-1 {
					return nil, p.templateError(repl, fmt.Sprintf("invalid group reference %d", n), i-len(name)-1)
				}
				index = n
			}
			if err := addgroup(index, i, len(name)+1); err != nil {
				return nil, err
			}
		case c == '0':
			v := 0
			for k := 0; k < 2 && i < len(repl) && isOctDigit(rune(repl[i])); k++ {
				v = v*8 + int(repl[i]-'0')
				i++
			}
			writeChar(v & 0xff)
		case isDigit(rune(c)):
			digits := string(c)
			if i < len(repl) && isDigit(rune(repl[i])) {
				digits += string(repl[i])
				i++
				if isOctDigit(rune(c)) && isOctDigit(rune(digits[1])) && i < len(repl) && isOctDigit(rune(repl[i])) {
					digits += string(repl[i])
					i++
					v, _ := strconv.ParseInt(digits, 8, 32)
					if v > 0o377 {
						return nil, p.templateError(repl, fmt.Sprintf(`octal escape value \%s outside of range 0-0o377`, digits), start)
					}
					writeChar(int(v))
					continue
				}
			}
			n, _ := strconv.Atoi(digits)
			if err := addgroup(n, i, len(digits)); err != nil {
				return nil, err
			}
		default:
			if e, ok := simpleEscapes[rune(c)]; ok {
				lit.WriteRune(e)
			} else if c == 'b' {
				lit.WriteByte('\b')
			} else if isASCIILetter(rune(c)) {
				return nil, p.templateError(repl, `bad escape \`+string(c), start)
			} else {
				lit.WriteString(repl[start:i])
			}
		}
	}
	flush()
	if len(t.pieces) == 0 {
		t.pieces = []rxPiece{{group: -1}}
	}
	t.literal = len(t.pieces) == 1 && t.pieces[0].group < 0
	return t, nil
}

// templateError is re.error at byte offset at of the template repl,
// counted in characters unless the pattern reads bytes.
func (p *Pattern) templateError(repl, msg string, at int) error {
	if p.byteMode {
		runes := make([]rune, len(repl))
		for i := 0; i < len(repl); i++ {
			runes[i] = rune(repl[i])
		}
		return rxErr(msg, runes, at)
	}
	return rxErr(msg, []rune(repl), utf8.RuneCountInString(repl[:at]))
}

// expand writes the template with the groups of spans (in subject s).
func (t *rxTemplate) expand(b *strings.Builder, orig string, spans []int) {
	for _, pc := range t.pieces {
		if pc.group < 0 {
			b.WriteString(pc.text)
			continue
		}
		if a, e := spans[2*pc.group], spans[2*pc.group+1]; a >= 0 {
			b.WriteString(orig[a:e])
		}
	}
}
