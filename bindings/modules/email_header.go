package modules

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewHeaderValueParser makes email._header_value_parser, the part of
// CPython 3.11's RFC 5322 parser that reads addresses, as smtpd uses it:
//
//	get_addr_spec(value) -> (AddrSpec, rest)      local-part "@" domain
//	get_angle_addr(value) -> (AngleAddr, rest)    [CFWS] "<" [obs-route] addr-spec ">" [CFWS], or "<>"
//	get_local_part, get_domain, get_dot_atom, get_dot_atom_text,
//	get_atom, get_atext, get_word, get_quoted_string,
//	get_bare_quoted_string, get_comment, get_cfws, get_fws,
//	get_domain_literal, get_obs_route, get_obs_local_part (value) -> (token, rest)
//	quote_string(value)
//
// Each function reads what it names from the start of value and returns
// the token and the text after it, or raises
// email.errors.HeaderParseError, as Python's do (with their IndexError
// where Python's index an empty string). A token reads as Python's (see
// hvToken): str(), repr(), len(), indexing, token_type, value, and
// addr_spec, local_part, domain, route where the class has them.
//
// Differences: RFC 2047 encoded words (=?charset?q?...?=) are read as
// plain text, where Python decodes them; a token's defects are the
// messages of Python's defect objects.
func NewHeaderValueParser() *Lazy {
	return NewLazy("email._header_value_parser", func() starlark.StringDict {
		m := starlark.StringDict{
			"quote_string": starlark.NewBuiltin("quote_string", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var v starlark.Value
				if err := starlark.UnpackPositionalArgs("quote_string", args, kwargs, 1, &v); err != nil {
					return nil, err
				}
				return starlark.String(quoteString(pyStr(v))), nil
			}),
		}
		for name, fn := range hvParsers {
			m[name] = hvBuiltin(name, fn)
		}
		return m
	})
}

type hvParser func(value string) (*hvToken, string, error)

var hvParsers = map[string]hvParser{
	"get_addr_spec":          getAddrSpec,
	"get_angle_addr":         getAngleAddr,
	"get_local_part":         getLocalPart,
	"get_obs_local_part":     getObsLocalPart,
	"get_domain":             getDomain,
	"get_domain_literal":     getDomainLiteral,
	"get_dot_atom":           getDotAtom,
	"get_dot_atom_text":      getDotAtomText,
	"get_atom":               getAtom,
	"get_atext":              getAtext,
	"get_word":               getWord,
	"get_quoted_string":      getQuotedString,
	"get_bare_quoted_string": getBareQuotedString,
	"get_comment":            getComment,
	"get_cfws":               getCFWS,
	"get_fws":                func(v string) (*hvToken, string, error) { t, r := getFWS(v); return t, r, nil },
	"get_obs_route":          getObsRoute,
}

// hvBuiltin is a parser function as a built-in taking one str.
func hvBuiltin(name string, fn hvParser) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		s, ok := v.(starlark.String)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "%s() argument must be str, not %s", name, PyType(v))
		}
		tok, rest, err := fn(string(s))
		if err != nil {
			return nil, err
		}
		return starlark.Tuple{tok, starlark.String(rest)}, nil
	})
}

// The character classes of RFC 5322 as the parser uses them.
const (
	wsp         = " \t"
	cfwsLeader  = " \t("
	specials    = `()<>@,:;.\"[]`
	atomEnds    = specials + wsp
	dotAtomEnds = `()<>@,:;\"[] ` + "\t"
	phraseEnds  = `)<>@,:;\[]`
)

func in(set string, c byte) bool { return strings.IndexByte(set, c) >= 0 }

// startsIn reports whether value is not empty and starts with a
// character of set.
func startsIn(value, set string) bool { return value != "" && in(set, value[0]) }

func parseError(format string, args ...any) error {
	return raiseNew(headerParseError(), starlark.String(fmt.Sprintf(format, args...)))
}

// first is value[0], or Python's IndexError for an empty string.
func first(value string) (byte, error) {
	if value == "" {
		return 0, pyerr.Errorf("IndexError", "string index out of range")
	}
	return value[0], nil
}

func isParseError(err error) bool { return isInstanceErr(err, headerParseError()) }

// ptextTo reads printable text and quoted pairs up to a character of
// endchars or white space; it returns the text with the pairs undone,
// the rest, and whether there were pairs.
func ptextTo(value, endchars string) (string, string, bool, error) {
	fragment, remainder := value, ""
	if i := strings.IndexAny(value, wsp); i >= 0 {
		fragment, remainder = value[:i], value[i:]
	}
	if fragment == "" {
		// Python's loop never runs and its index is unbound
		return "", "", false, pyerr.Errorf("UnboundLocalError", "cannot access local variable 'pos' where it is not associated with a value")
	}
	var out strings.Builder
	escape, hadQP := false, false
	pos := 0
	for ; pos < len(fragment); pos++ {
		c := fragment[pos]
		if c == '\\' {
			if escape {
				escape = false
				hadQP = true
			} else {
				escape = true
				continue
			}
		}
		if escape {
			escape = false
		} else if in(endchars, c) {
			break
		}
		out.WriteByte(c)
	}
	return out.String(), fragment[pos:] + remainder, hadQP, nil
}

func getFWS(value string) (*hvToken, string) {
	rest := pyLstrip(value)
	return wsTerminal(value[:len(value)-len(rest)], "fws"), rest
}

func getQPCtext(value string) (*hvToken, string, error) {
	text, rest, _, err := ptextTo(value, "()")
	return wsTerminal(text, "ptext"), rest, err
}

func getQcontent(value string) (*hvToken, string, error) {
	text, rest, _, err := ptextTo(value, `"`)
	return valueTerminal(text, "ptext"), rest, err
}

func getAtext(value string) (*hvToken, string, error) {
	n := 0
	for n < len(value) && !in(atomEnds, value[n]) {
		n++
	}
	if n == 0 {
		return nil, "", parseError("expected atext but found '%s'", value)
	}
	return valueTerminal(value[:n], "atext"), value[n:], nil
}

func getBareQuotedString(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	if c != '"' {
		return nil, "", parseError(`expected '"' but found '%s'`, value)
	}
	bqs := tokenList("BareQuotedString")
	value = value[1:]
	if startsIn(value, `"`) {
		tok, rest, err := getQcontent(value)
		if err != nil {
			return nil, "", err
		}
		bqs.kids, value = append(bqs.kids, tok), rest
	}
	for value != "" && value[0] != '"' {
		var tok *hvToken
		var err error
		if in(wsp, value[0]) {
			tok, value = getFWS(value)
		} else if tok, value, err = getQcontent(value); err != nil {
			return nil, "", err
		}
		bqs.kids = append(bqs.kids, tok)
	}
	if value == "" {
		bqs.defects = append(bqs.defects, "end of header inside quoted string")
		return bqs, value, nil
	}
	return bqs, value[1:], nil
}

func getComment(value string) (*hvToken, string, error) {
	if value != "" && value[0] != '(' {
		return nil, "", parseError("expected '(' but found '%s'", value)
	}
	comment := tokenList("Comment")
	if value != "" {
		value = value[1:]
	}
	for value != "" && value[0] != ')' {
		var tok *hvToken
		var err error
		switch {
		case in(wsp, value[0]):
			tok, value = getFWS(value)
		case value[0] == '(':
			tok, value, err = getComment(value)
		default:
			tok, value, err = getQPCtext(value)
		}
		if err != nil {
			return nil, "", err
		}
		comment.kids = append(comment.kids, tok)
	}
	if value == "" {
		comment.defects = append(comment.defects, "end of header inside comment")
		return comment, value, nil
	}
	return comment, value[1:], nil
}

func getCFWS(value string) (*hvToken, string, error) {
	cfws := tokenList("CFWSList")
	for startsIn(value, cfwsLeader) {
		var tok *hvToken
		var err error
		if in(wsp, value[0]) {
			tok, value = getFWS(value)
		} else if tok, value, err = getComment(value); err != nil {
			return nil, "", err
		}
		cfws.kids = append(cfws.kids, tok)
	}
	return cfws, value, nil
}

// withCFWS runs parse between optional comments and white space, the
// [CFWS] x [CFWS] of the grammar, into the token list made by parse's
// caller: leading CFWS, then the token, then trailing CFWS.
func cfwsAround(list *hvToken, value string, parse hvParser) (*hvToken, string, error) {
	if startsIn(value, cfwsLeader) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		list.kids, value = append(list.kids, tok), rest
	}
	tok, value, err := parse(value)
	if err != nil {
		return nil, "", err
	}
	list.kids = append(list.kids, tok)
	if startsIn(value, cfwsLeader) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		list.kids, value = append(list.kids, tok), rest
	}
	return list, value, nil
}

func getQuotedString(value string) (*hvToken, string, error) {
	return cfwsAround(tokenList("QuotedString"), value, getBareQuotedString)
}

func getAtom(value string) (*hvToken, string, error) {
	return cfwsAround(tokenList("Atom"), value, func(value string) (*hvToken, string, error) {
		if startsIn(value, atomEnds) {
			return nil, "", parseError("expected atom but found '%s'", value)
		}
		return getAtext(value)
	})
}

func getDotAtomText(value string) (*hvToken, string, error) {
	dat := tokenList("DotAtomText")
	if value == "" || in(atomEnds, value[0]) {
		return nil, "", parseError("expected atom at a start of dot-atom-text but found '%s'", value)
	}
	for value != "" && !in(atomEnds, value[0]) {
		tok, rest, err := getAtext(value)
		if err != nil {
			return nil, "", err
		}
		dat.kids, value = append(dat.kids, tok), rest
		if startsIn(value, ".") {
			dat.kids, value = append(dat.kids, valueTerminal(".", "dot")), value[1:]
		}
	}
	if dat.kids[len(dat.kids)-1].kind == "dot" {
		return nil, "", parseError("expected atom at end of dot-atom-text but found '%s'", "."+value)
	}
	return dat, value, nil
}

func getDotAtom(value string) (*hvToken, string, error) {
	if _, err := first(value); err != nil {
		return nil, "", err
	}
	return cfwsAround(tokenList("DotAtom"), value, getDotAtomText)
}

func getWord(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	var leader *hvToken
	if in(cfwsLeader, c) {
		if leader, value, err = getCFWS(value); err != nil {
			return nil, "", err
		}
	}
	if value == "" {
		return nil, "", parseError("Expected 'atom' or 'quoted-string' but found nothing.")
	}
	var tok *hvToken
	switch {
	case value[0] == '"':
		tok, value, err = getQuotedString(value)
	case in(specials, value[0]):
		return nil, "", parseError("Expected 'atom' or 'quoted-string' but found '%s'", value)
	default:
		tok, value, err = getAtom(value)
	}
	if err != nil {
		return nil, "", err
	}
	if leader != nil {
		tok.prepend(leader)
	}
	return tok, value, nil
}

func getLocalPart(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	lp := tokenList("LocalPart")
	var leader *hvToken
	if in(cfwsLeader, c) {
		if leader, value, err = getCFWS(value); err != nil {
			return nil, "", err
		}
	}
	if value == "" {
		return nil, "", parseError("expected local-part but found '%s'", value)
	}
	tok, rest, err := getDotAtom(value)
	if isParseError(err) {
		tok, rest, err = getWord(value)
		if isParseError(err) {
			if value[0] != '\\' && in(phraseEnds, value[0]) {
				return nil, "", err
			}
			tok, rest, err = tokenList("TokenList"), value, nil
		}
	}
	if err != nil {
		return nil, "", err
	}
	value = rest
	if leader != nil {
		tok.prepend(leader)
	}
	lp.kids = append(lp.kids, tok)
	if value != "" && (value[0] == '\\' || !in(phraseEnds, value[0])) {
		obs, rest, err := getObsLocalPart(lp.str() + value)
		if err != nil {
			return nil, "", err
		}
		value = rest
		if obs.kind == "invalid-obs-local-part" {
			lp.defects = append(lp.defects, "local-part is not dot-atom, quoted-string, or obs-local-part")
		} else {
			lp.defects = append(lp.defects, "local-part is not a dot-atom (contains CFWS)")
		}
		lp.kids[0] = obs
	}
	return lp, value, nil
}

func getObsLocalPart(value string) (*hvToken, string, error) {
	obs := tokenList("ObsLocalPart")
	lastWasDot := false
	for value != "" && (value[0] == '\\' || !in(phraseEnds, value[0])) {
		switch value[0] {
		case '.':
			if lastWasDot {
				obs.defects = append(obs.defects, "invalid repeated '.'")
			}
			obs.kids = append(obs.kids, valueTerminal(".", "dot"))
			lastWasDot = true
			value = value[1:]
			continue
		case '\\':
			obs.kids = append(obs.kids, valueTerminal(`\`, "misplaced-special"))
			value = value[1:]
			obs.defects = append(obs.defects, `'\' character outside of quoted-string/ccontent`)
			lastWasDot = false
			continue
		}
		if n := len(obs.kids); n > 0 && obs.kids[n-1].kind != "dot" {
			obs.defects = append(obs.defects, "missing '.' between words")
		}
		tok, rest, err := getWord(value)
		if err == nil {
			lastWasDot = false
		} else if isParseError(err) && in(cfwsLeader, value[0]) {
			tok, rest, err = getCFWS(value)
		}
		if err != nil {
			return nil, "", err
		}
		obs.kids, value = append(obs.kids, tok), rest
	}
	kind := func(i int) (string, error) {
		if i < 0 {
			i += len(obs.kids)
		}
		if i < 0 || i >= len(obs.kids) {
			return "", indexError("list")
		}
		return obs.kids[i].kind, nil
	}
	for _, end := range []struct {
		at, next int
		msg      string
	}{{0, 1, "Invalid leading '.' in local part"}, {-1, -2, "Invalid trailing '.' in local part"}} {
		k, err := kind(end.at)
		if err != nil {
			return nil, "", err
		}
		bad := k == "dot"
		if !bad && k == "cfws" {
			n, err := kind(end.next)
			if err != nil {
				return nil, "", err
			}
			bad = n == "dot"
		}
		if bad {
			obs.defects = append(obs.defects, end.msg)
		}
	}
	if len(obs.defects) > 0 {
		obs.kind = "invalid-obs-local-part"
	}
	return obs, value, nil
}

func getDtext(value string) (*hvToken, string, error) {
	text, rest, hadQP, err := ptextTo(value, "[]")
	tok := valueTerminal(text, "ptext")
	if hadQP {
		tok.defects = append(tok.defects, "quoted printable found in domain-literal")
	}
	return tok, rest, err
}

// earlyEnd is Python's _check_for_early_dl_end: at the end of the
// input, the literal is closed. (Python puts the defect it finds among
// the literal's parts, not in its defects, so that its value fails;
// this does the same.)
func earlyEnd(value string, dl *hvToken) bool {
	if value != "" {
		return false
	}
	dl.kids = append(dl.kids, &hvToken{class: "InvalidHeaderDefect", text: "end of input inside domain-literal"})
	dl.kids = append(dl.kids, valueTerminal("]", "domain-literal-end"))
	return true
}

func getDomainLiteral(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	dl := tokenList("DomainLiteral")
	if in(cfwsLeader, c) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		dl.kids, value = append(dl.kids, tok), rest
	}
	if value == "" {
		return nil, "", parseError("expected domain-literal")
	}
	if value[0] != '[' {
		return nil, "", parseError("expected '[' at start of domain-literal but found '%s'", value)
	}
	value = value[1:]
	if earlyEnd(value, dl) {
		return dl, value, nil
	}
	dl.kids = append(dl.kids, valueTerminal("[", "domain-literal-start"))
	if in(wsp, value[0]) {
		var tok *hvToken
		tok, value = getFWS(value)
		dl.kids = append(dl.kids, tok)
	}
	tok, value, err := getDtext(value)
	if err != nil {
		return nil, "", err
	}
	dl.kids = append(dl.kids, tok)
	if earlyEnd(value, dl) {
		return dl, value, nil
	}
	if in(wsp, value[0]) {
		tok, value = getFWS(value)
		dl.kids = append(dl.kids, tok)
	}
	if earlyEnd(value, dl) {
		return dl, value, nil
	}
	if value[0] != ']' {
		return nil, "", parseError("expected ']' at end of domain-literal but found '%s'", value)
	}
	dl.kids = append(dl.kids, valueTerminal("]", "domain-literal-end"))
	value = value[1:]
	if startsIn(value, cfwsLeader) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		dl.kids, value = append(dl.kids, tok), rest
	}
	return dl, value, nil
}

func getDomain(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	domain := tokenList("Domain")
	var leader *hvToken
	if in(cfwsLeader, c) {
		if leader, value, err = getCFWS(value); err != nil {
			return nil, "", err
		}
	}
	if value == "" {
		return nil, "", parseError("expected domain but found '%s'", value)
	}
	if value[0] == '[' {
		tok, rest, err := getDomainLiteral(value)
		if err != nil {
			return nil, "", err
		}
		if leader != nil {
			tok.prepend(leader)
		}
		domain.kids = append(domain.kids, tok)
		return domain, rest, nil
	}
	tok, rest, err := getDotAtom(value)
	if isParseError(err) {
		tok, rest, err = getAtom(value)
	}
	if err != nil {
		return nil, "", err
	}
	value = rest
	if startsIn(value, "@") {
		return nil, "", parseError("Invalid Domain")
	}
	if leader != nil {
		tok.prepend(leader)
	}
	domain.kids = append(domain.kids, tok)
	if startsIn(value, ".") {
		domain.defects = append(domain.defects, "domain is not a dot-atom (contains CFWS)")
		if domain.kids[0].kind == "dot-atom" {
			domain.kids = append([]*hvToken(nil), domain.kids[0].kids...)
		}
		for startsIn(value, ".") {
			domain.kids = append(domain.kids, valueTerminal(".", "dot"))
			tok, rest, err := getAtom(value[1:])
			if err != nil {
				return nil, "", err
			}
			domain.kids, value = append(domain.kids, tok), rest
		}
	}
	return domain, value, nil
}

func getAddrSpec(value string) (*hvToken, string, error) {
	spec := tokenList("AddrSpec")
	tok, value, err := getLocalPart(value)
	if err != nil {
		return nil, "", err
	}
	spec.kids = append(spec.kids, tok)
	if value == "" || value[0] != '@' {
		spec.defects = append(spec.defects, "addr-spec local part with no domain")
		return spec, value, nil
	}
	spec.kids = append(spec.kids, valueTerminal("@", "address-at-symbol"))
	tok, value, err = getDomain(value[1:])
	if err != nil {
		return nil, "", err
	}
	spec.kids = append(spec.kids, tok)
	return spec, value, nil
}

func getObsRoute(value string) (*hvToken, string, error) {
	route := tokenList("ObsRoute")
	listSep := func() *hvToken { return valueTerminal(",", "list-separator") }
	for value != "" && (value[0] == ',' || in(cfwsLeader, value[0])) {
		if in(cfwsLeader, value[0]) {
			tok, rest, err := getCFWS(value)
			if err != nil {
				return nil, "", err
			}
			route.kids, value = append(route.kids, tok), rest
		} else {
			route.kids, value = append(route.kids, listSep()), value[1:]
		}
	}
	if value == "" || value[0] != '@' {
		return nil, "", parseError("expected obs-route domain but found '%s'", value)
	}
	route.kids = append(route.kids, valueTerminal("@", "route-component-marker"))
	tok, value, err := getDomain(value[1:])
	if err != nil {
		return nil, "", err
	}
	route.kids = append(route.kids, tok)
	for startsIn(value, ",") {
		route.kids, value = append(route.kids, listSep()), value[1:]
		if value == "" {
			break
		}
		if in(cfwsLeader, value[0]) {
			tok, rest, err := getCFWS(value)
			if err != nil {
				return nil, "", err
			}
			route.kids, value = append(route.kids, tok), rest
		}
		c, err := first(value)
		if err != nil {
			return nil, "", err
		}
		if c == '@' {
			route.kids = append(route.kids, valueTerminal("@", "route-component-marker"))
			tok, rest, err := getDomain(value[1:])
			if err != nil {
				return nil, "", err
			}
			route.kids, value = append(route.kids, tok), rest
		}
	}
	if value == "" {
		return nil, "", parseError("end of header while parsing obs-route")
	}
	if value[0] != ':' {
		return nil, "", parseError("expected ':' marking end of obs-route but found '%s'", value)
	}
	route.kids = append(route.kids, valueTerminal(":", "end-of-obs-route-marker"))
	return route, value[1:], nil
}

func getAngleAddr(value string) (*hvToken, string, error) {
	c, err := first(value)
	if err != nil {
		return nil, "", err
	}
	aa := tokenList("AngleAddr")
	if in(cfwsLeader, c) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		aa.kids, value = append(aa.kids, tok), rest
	}
	if value == "" || value[0] != '<' {
		return nil, "", parseError("expected angle-addr but found '%s'", value)
	}
	aa.kids = append(aa.kids, valueTerminal("<", "angle-addr-start"))
	value = value[1:]
	if c, err := first(value); err != nil {
		return nil, "", err
	} else if c == '>' {
		// not RFC 5322, but SMTP's null reverse-path
		aa.kids = append(aa.kids, valueTerminal(">", "angle-addr-end"))
		aa.defects = append(aa.defects, "null addr-spec in angle-addr")
		return aa, value[1:], nil
	}
	tok, rest, err := getAddrSpec(value)
	if isParseError(err) {
		route, afterRoute, rerr := getObsRoute(value)
		if isParseError(rerr) {
			return nil, "", parseError("expected addr-spec or obs-route but found '%s'", value)
		} else if rerr != nil {
			return nil, "", rerr
		}
		aa.defects = append(aa.defects, "obsolete route specification in angle-addr")
		aa.kids = append(aa.kids, route)
		tok, rest, err = getAddrSpec(afterRoute)
	}
	if err != nil {
		return nil, "", err
	}
	aa.kids, value = append(aa.kids, tok), rest
	if startsIn(value, ">") {
		value = value[1:]
	} else {
		aa.defects = append(aa.defects, "missing trailing '>' on angle-addr")
	}
	aa.kids = append(aa.kids, valueTerminal(">", "angle-addr-end"))
	if startsIn(value, cfwsLeader) {
		tok, rest, err := getCFWS(value)
		if err != nil {
			return nil, "", err
		}
		aa.kids, value = append(aa.kids, tok), rest
	}
	return aa, value, nil
}
