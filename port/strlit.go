package port

import (
	"fmt"
	"strconv"
	"strings"
)

// stringLit translates one string literal. Starlark strings hold bytes,
// so b"..." and u"..." both become "..."; a bytes literal that spells a
// byte above 0x7f becomes rawstr(b"..."), since a Starlark string literal
// cannot; escapes Python keeps literally ("\d") get their backslash
// doubled, since Starlark rejects them.
func (t *translator) stringLit(n *node) string {
	s := t.text(n)
	if strings.HasPrefix(s, "`") { // Python 2: `x` is repr(x)
		return "repr(" + strings.Trim(s, "`") + ")"
	}
	i := strings.IndexAny(s, `"'`)
	if i < 0 {
		return s
	}
	prefix, body := strings.ToLower(s[:i]), s[i:]
	if strings.Contains(prefix, "f") {
		return t.fstring(n)
	}
	raw := strings.Contains(prefix, "r")
	isBytes := strings.Contains(prefix, "b") || (t.py2 && !strings.Contains(prefix, "u"))
	if raw {
		return "r" + body
	}
	fixed, high, err := fixEscapes(body, isBytes)
	if err != nil {
		t.fail("%v", err)
		return s
	}
	if high {
		return "rawstr(b" + fixed + ")"
	}
	return fixed
}

// fixEscapes rewrites the escapes of a quoted literal body for Starlark.
// high reports a byte escape above 0x7f, which only a bytes literal can
// hold.
func fixEscapes(body string, isBytes bool) (out string, high bool, err error) {
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		d := body[i+1]
		switch {
		case strings.IndexByte("abfnrtv\\'\"\n", d) >= 0:
			b.WriteString(body[i : i+2])
			i++
		case d >= '0' && d <= '7':
			j := i + 1
			for j < len(body) && j < i+4 && body[j] >= '0' && body[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(body[i+1:j], 8, 16)
			b.WriteString(byteEscape(body[i:j], int(v), isBytes, &high))
			i = j - 1
		case d == 'x' && i+3 < len(body) && isHex(body[i+2]) && isHex(body[i+3]):
			v, _ := strconv.ParseUint(body[i+2:i+4], 16, 8)
			b.WriteString(byteEscape(body[i:i+4], int(v), isBytes, &high))
			i += 3
		case (d == 'u' || d == 'U') && !isBytes:
			n := 4
			if d == 'U' {
				n = 8
			}
			if i+2+n <= len(body) {
				if v, err := strconv.ParseUint(body[i+2:i+2+n], 16, 32); err == nil && v >= 0xd800 && v <= 0xdfff {
					return "", false, fmt.Errorf(`a surrogate escape \%c%s: Starlark strings are UTF-8`, d, body[i+2:i+2+n])
				}
			}
			b.WriteString(body[i : i+2])
			i++
		case d == 'N' && !isBytes:
			return "", false, fmt.Errorf(`a \N{...} escape: write the character itself or \u`)
		default:
			b.WriteString(`\\`) // Python keeps an unknown escape's backslash
		}
	}
	return b.String(), high, nil
}

// byteEscape spells the byte v, written as esc in the source.
func byteEscape(esc string, v int, isBytes bool, high *bool) string {
	if v <= 0x7f {
		if esc[1] == 'x' {
			return esc
		}
		return fmt.Sprintf(`\%03o`, v)
	}
	if isBytes {
		*high = true
		return fmt.Sprintf(`\x%02x`, v)
	}
	return fmt.Sprintf(`\u%04x`, v) // Python 3 str: the code point
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// fstring turns f"a {x} b {y!r}" into "a {} b {}".format(x, repr(y)).
// Format specifications have no Starlark equivalent.
func (t *translator) fstring(n *node) string {
	var b strings.Builder
	var args []string
	for _, k := range n.kids {
		switch k.kind {
		case "string_start":
			s := t.text(k)
			b.WriteString(s[strings.IndexAny(s, `"'`):])
		case "interpolation":
			if k.get("format_specifier") != nil {
				t.fail("an f-string format specification: use sprintf")
			}
			e := t.expr(k.get("expression"))
			if c := k.get("type_conversion"); c != nil && strings.Contains(t.text(c), "r") {
				e = "repr(" + e + ")"
			}
			args = append(args, e)
			b.WriteString("{}")
		default:
			b.WriteString(t.text(k))
		}
	}
	body := b.String()
	if strings.Contains(strings.ToLower(t.text(n)[:strings.IndexAny(t.text(n), `"'`)]), "r") {
		body = "r" + body
	} else if fixed, _, err := fixEscapes(body, false); err == nil {
		body = fixed
	}
	if len(args) == 0 {
		return body
	}
	return body + ".format(" + strings.Join(args, ", ") + ")"
}

// concatenated joins adjacent literals ("a" "b") with +, which Starlark
// needs.
func (t *translator) concatenated(n *node) string {
	var strs []*node
	for _, k := range n.kids {
		if k.kind == "string" {
			strs = append(strs, k)
		}
	}
	var b strings.Builder
	pos := n.start
	for _, k := range n.kids {
		b.WriteString(t.gap(string(t.src[pos:k.start])))
		b.WriteString(t.expr(k))
		if k.kind == "string" && k != strs[len(strs)-1] {
			b.WriteString(" +")
		}
		pos = k.end
	}
	s := b.String()
	if p := n.parent; p != nil {
		switch p.kind {
		case "binary_operator", "attribute", "subscript", "comparison_operator", "unary_operator":
			s = "(" + s + ")"
		}
	}
	return s
}

// literalInner is the text between the quotes of a plain one-line
// literal, ready to go between double quotes.
func literalInner(s string) (string, bool) {
	if len(s) < 2 || strings.HasPrefix(s, `"""`) || strings.HasPrefix(s, `'''`) {
		return "", false
	}
	q := s[0]
	if (q != '"' && q != '\'') || s[len(s)-1] != q {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if q == '\'' {
		var b strings.Builder
		for i := 0; i < len(inner); i++ {
			if inner[i] == '\\' && i+1 < len(inner) {
				b.WriteString(inner[i : i+2])
				i++
				continue
			}
			if inner[i] == '"' {
				b.WriteString(`\"`)
				continue
			}
			b.WriteByte(inner[i])
		}
		inner = b.String()
	}
	return inner, true
}
