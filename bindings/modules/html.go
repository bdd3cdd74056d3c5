package modules

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// NewHTML makes the html module, as CPython 3.11's.
//
//	escape(s, quote=True) -> str   & < > (and " ' when quote) as character references
//	unescape(s) -> str             named and numeric character references decoded,
//	                               by HTML5's rules, as UTF-8
//	entities                       html.entities (htmlentities.go)
//	parser                         html.parser (htmlparser.go)
func NewHTML() *Lazy {
	return NewLazy("html", func() starlark.StringDict {
		return starlark.StringDict{
			"escape":   starlark.NewBuiltin("escape", htmlEscape),
			"unescape": starlark.NewBuiltin("unescape", htmlUnescape),
			"entities": NewHTMLEntities(),
			"parser":   NewHTMLParserModule(),
		}
	})
}

var (
	htmlQuoteEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#x27;")
	htmlEscaper      = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
)

func htmlEscape(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	var quote starlark.Value = starlark.True
	if err := starlark.UnpackArgs("escape", args, kwargs, "s", &s, "quote?", &quote); err != nil {
		return nil, err
	}
	if quote.Truth() {
		return starlark.String(htmlQuoteEscaper.Replace(s)), nil
	}
	return starlark.String(htmlEscaper.Replace(s)), nil
}

func htmlUnescape(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackArgs("unescape", args, kwargs, "s", &s); err != nil {
		return nil, err
	}
	return starlark.String(unescapeHTML(s)), nil
}

// unescapeHTML is CPython's html.unescape: it finds references as its
// pattern &(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?) does
// and replaces each as its _replace_charref does.
func unescapeHTML(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	var out strings.Builder
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			out.WriteString(s)
			return out.String()
		}
		out.WriteString(s[:i])
		s = s[i:]
		n, repl := charref(s)
		if n == 0 {
			out.WriteByte('&')
			s = s[1:]
			continue
		}
		out.WriteString(repl)
		s = s[n:]
	}
}

// charref reads the reference at the start of s (which starts with '&'):
// its length and replacement, or 0 when there is none.
func charref(s string) (int, string) {
	if len(s) > 1 && s[1] == '#' {
		base, start := 10, 2
		if len(s) > 2 && (s[2] == 'x' || s[2] == 'X') {
			base, start = 16, 3
		}
		end := start
		for end < len(s) && (base == 10 && '0' <= s[end] && s[end] <= '9' || base == 16 && unhex(s[end]) >= 0) {
			end++
		}
		if end == start {
			return 0, ""
		}
		digits := s[start:end]
		if end < len(s) && s[end] == ';' {
			end++
		}
		return end, numericCharref(digits, base)
	}
	end, chars := 1, 0
	for end < len(s) && chars < 32 {
		r, size := utf8.DecodeRuneInString(s[end:])
		if r == '\t' || r == '\n' || r == '\f' || r == ' ' || r == '<' || r == '&' || r == '#' || r == ';' {
			break
		}
		end += size
		chars++
	}
	if chars == 0 {
		return 0, ""
	}
	if end < len(s) && s[end] == ';' {
		end++
	}
	// Go's table of HTML5's named references is CPython's but for two,
	// and for a name of these characters its longest-match rule is
	// CPython's too.
	if r, ok := htmlMissing[s[1:end]]; ok {
		return end, r
	}
	return end, html.UnescapeString(s[:end])
}

// htmlMissing are the named references of HTML5 that Go's html package
// lacks.
var htmlMissing = map[string]string{"nLt;": "\u226a\u20d2", "nGt;": "\u226b\u20d2"}

// numericCharref is what &#digits; means, with HTML5's replacements
// for the numbers that are not characters, as CPython's table has them.
func numericCharref(digits string, base int) string {
	n, err := strconv.ParseUint(digits, base, 32)
	switch {
	case err != nil || n > 0x10ffff || 0xd800 <= n && n <= 0xdfff:
		return "\ufffd"
	case n == 0:
		return "\ufffd"
	case n == 0x0d:
		return "\r"
	case 0x80 <= n && n <= 0x9f: // Windows-1252's characters, as Go's table has them
		return html.UnescapeString("&#" + strconv.FormatUint(n, 10) + ";")
	case 0x01 <= n && n <= 0x08, n == 0x0b, 0x0e <= n && n <= 0x1f, n == 0x7f,
		0xfdd0 <= n && n <= 0xfdef, n&0xfffe == 0xfffe:
		return "" // not characters
	}
	return string(rune(n))
}
