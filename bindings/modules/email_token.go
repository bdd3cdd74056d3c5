package modules

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// hvToken is one node of the parse tree email._header_value_parser
// builds: a terminal (ValueTerminal, WhiteSpaceTerminal: a piece of the
// text) or a token list (AddrSpec, LocalPart, DotAtom...: its parts).
// To a script it reads as the Python object does: str() is the text it
// was parsed from, repr() shows the tree, len() and indexing reach the
// parts, token_type and value as in Python, and the properties of each
// class (addr_spec, local_part, domain, route, content...).
type hvToken struct {
	class   string // the Python class: "AddrSpec", "ValueTerminal"...
	kind    string // token_type
	text    string // a terminal's text
	kids    []*hvToken
	defects []string // what the parser found wrong (Python's defect classes' messages)
}

var (
	_ starlark.HasAttrs  = (*hvToken)(nil)
	_ starlark.Indexable = (*hvToken)(nil)
	_ starlark.Sequence  = (*hvToken)(nil)
)

func valueTerminal(text, kind string) *hvToken {
	return &hvToken{class: "ValueTerminal", kind: kind, text: text}
}

func wsTerminal(text, kind string) *hvToken {
	return &hvToken{class: "WhiteSpaceTerminal", kind: kind, text: text}
}

// tokenList is a token list of a class: its token_type is the class's.
func tokenList(class string, kids ...*hvToken) *hvToken {
	return &hvToken{class: class, kind: hvKinds[class], kids: kids}
}

// hvKinds is the token_type of each token list class (TokenList's is None).
var hvKinds = map[string]string{
	"CFWSList": "cfws", "Atom": "atom", "QuotedString": "quoted-string",
	"BareQuotedString": "bare-quoted-string", "Comment": "comment",
	"AngleAddr": "angle-addr", "ObsRoute": "obs-route", "Domain": "domain",
	"DotAtom": "dot-atom", "DotAtomText": "dot-atom-text", "AddrSpec": "addr-spec",
	"ObsLocalPart": "obs-local-part", "LocalPart": "local-part", "DomainLiteral": "domain-literal",
}

func (t *hvToken) terminal() bool {
	return t.class == "ValueTerminal" || t.class == "WhiteSpaceTerminal"
}

// prepend puts a leader (comments and white space) first, as Python's
// token[:0] = [leader].
func (t *hvToken) prepend(leader *hvToken) {
	t.kids = append([]*hvToken{leader}, t.kids...)
}

// str is Python's str(token): the text it was parsed from, quoted
// strings and comments written back with their quoting.
func (t *hvToken) str() string {
	switch {
	case t.terminal(), t.class == "InvalidHeaderDefect":
		return t.text
	case t.class == "BareQuotedString":
		return quoteString(t.joinStr())
	case t.class == "Comment":
		var b strings.Builder
		b.WriteByte('(')
		for _, k := range t.kids {
			if k.kind == "comment" {
				b.WriteString(k.str())
			} else {
				b.WriteString(strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(k.str()))
			}
		}
		b.WriteByte(')')
		return b.String()
	}
	return t.joinStr()
}

func (t *hvToken) joinStr() string {
	var b strings.Builder
	for _, k := range t.kids {
		b.WriteString(k.str())
	}
	return b.String()
}

// value is Python's token.value: the text with comments and folding
// white space each read as one space and quoted pairs undone.
func (t *hvToken) value() (string, error) {
	switch t.class {
	case "ValueTerminal":
		return t.text, nil
	case "WhiteSpaceTerminal", "CFWSList", "Comment":
		return " ", nil
	case "InvalidHeaderDefect":
		return "", pyerr.Errorf("AttributeError", "'InvalidHeaderDefect' object has no attribute 'value'")
	case "BareQuotedString":
		return t.joinStr(), nil
	case "LocalPart":
		if len(t.kids) == 0 {
			return "", indexError("list")
		}
		if t.kids[0].kind == "quoted-string" {
			return t.kids[0].quotedValue()
		}
		return t.kids[0].value()
	case "AddrSpec":
		if len(t.kids) == 0 {
			return "", indexError("list")
		}
		first, err := t.kids[0].value()
		if err != nil || len(t.kids) < 3 {
			return first, err
		}
		at, _ := t.kids[1].value()
		dom, err := t.kids[2].value()
		return pyRstrip(first) + at + pyLstrip(dom), err
	}
	var b strings.Builder
	for _, k := range t.kids {
		v, err := k.value()
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	return b.String(), nil
}

// quotedValue is a quoted string's value with its quotes kept.
func (t *hvToken) quotedValue() (string, error) {
	var b strings.Builder
	for _, k := range t.kids {
		if k.kind == "bare-quoted-string" {
			b.WriteString(k.str())
		} else {
			v, err := k.value()
			if err != nil {
				return "", err
			}
			b.WriteString(v)
		}
	}
	return b.String(), nil
}

// localPart is LocalPart.local_part: the value with the white space and
// comments around its dots taken out.
func (t *hvToken) localPart() (string, error) {
	if len(t.kids) == 0 {
		return "", indexError("list")
	}
	dot := valueTerminal(".", "dot")
	toks := append(append([]*hvToken(nil), t.kids[0].kids...), dot)
	res := []*hvToken{dot}
	last := dot
	lastIsList := false
	for _, tok := range toks {
		if tok.kind == "cfws" {
			continue
		}
		if lastIsList && tok.kind == "dot" {
			if len(last.kids) == 0 {
				return "", indexError("list")
			}
			if last.kids[len(last.kids)-1].kind == "cfws" {
				res[len(res)-1] = tokenList("TokenList", last.kids[:len(last.kids)-1]...)
			}
		}
		isList := !tok.terminal()
		if isList && last.kind == "dot" {
			if len(tok.kids) == 0 {
				return "", indexError("list")
			}
			if tok.kids[0].kind == "cfws" {
				res = append(res, tokenList("TokenList", tok.kids[1:]...))
			} else {
				res = append(res, tok)
			}
		} else {
			res = append(res, tok)
		}
		last = res[len(res)-1]
		lastIsList = isList
	}
	return tokenList("TokenList", res[1:len(res)-1]...).value()
}

// addrSpec is AddrSpec.addr_spec: local@domain, the local part quoted
// if it needs to be.
func (t *hvToken) addrSpec() (string, error) {
	lp, err := t.kids[0].localPart()
	if err != nil {
		return "", err
	}
	if strings.ContainsAny(lp, dotAtomEnds) {
		lp = quoteString(lp)
	}
	if dom, ok, err := t.addrDomain(); err != nil {
		return "", err
	} else if ok {
		return lp + "@" + dom, nil
	}
	return lp, nil
}

// addrDomain is AddrSpec.domain (ok false for None: no domain).
func (t *hvToken) addrDomain() (string, bool, error) {
	if len(t.kids) < 3 {
		return "", false, nil
	}
	d, err := t.kids[len(t.kids)-1].domain()
	return d, true, err
}

// domain is Domain.domain and DomainLiteral.domain: the value without
// white space.
func (t *hvToken) domain() (string, error) {
	v, err := tokenList("TokenList", t.kids...).value()
	return strings.Join(pySplit(v), ""), err
}

// kid is the first part of token_type kind, or nil.
func (t *hvToken) kid(kind string) *hvToken {
	for _, k := range t.kids {
		if k.kind == kind {
			return k
		}
	}
	return nil
}

func quoteString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func indexError(what string) error {
	return pyerr.Errorf("IndexError", "%s index out of range", what)
}

// pyIsSpace is str.isspace for one character.
func pyIsSpace(r rune) bool {
	return r == ' ' || (r >= '\t' && r <= '\r') || (r >= 0x1c && r <= 0x1f) || (r > 0x7f && unicode.IsSpace(r))
}

func pyLstrip(s string) string { return strings.TrimLeftFunc(s, pyIsSpace) }
func pyRstrip(s string) string { return strings.TrimRightFunc(s, pyIsSpace) }

// pySplit is str.split() with no separator.
func pySplit(s string) []string { return strings.FieldsFunc(s, pyIsSpace) }

// firstRuneLen is the length of the first character of s (a byte that
// is not UTF-8 counts as one).
func firstRuneLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

// Starlark's face of a token.

func (t *hvToken) String() string { return t.str() }
func (t *hvToken) Type() string   { return t.class }
func (t *hvToken) Freeze()        {}
func (t *hvToken) Truth() starlark.Bool {
	if t.terminal() {
		return t.text != ""
	}
	return len(t.kids) > 0
}
func (t *hvToken) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: '%s'", t.class)
}

// Repr is Python's repr: ValueTerminal('a'), AddrSpec([...]).
func (t *hvToken) Repr() string {
	if t.terminal() || t.class == "InvalidHeaderDefect" {
		return fmt.Sprintf("%s(%s)", t.class, pyReprStr(t.text))
	}
	parts := make([]string, len(t.kids))
	for i, k := range t.kids {
		parts[i] = k.Repr()
	}
	return fmt.Sprintf("%s([%s])", t.class, strings.Join(parts, ", "))
}

func (t *hvToken) Len() int {
	if t.terminal() {
		return utf8.RuneCountInString(t.text)
	}
	return len(t.kids)
}

func (t *hvToken) Index(i int) starlark.Value {
	if t.terminal() {
		return starlark.String(string([]rune(t.text)[i]))
	}
	return t.kids[i]
}

func (t *hvToken) Iterate() starlark.Iterator {
	var xs []starlark.Value
	for i := 0; i < t.Len(); i++ {
		xs = append(xs, t.Index(i))
	}
	return starlark.Tuple(xs).Iterate()
}

// hvAttrs are the attributes of each class beyond token_type, value and
// defects.
var hvAttrs = map[string][]string{
	"AddrSpec":         {"addr_spec", "local_part", "domain"},
	"AngleAddr":        {"addr_spec", "local_part", "domain", "route"},
	"LocalPart":        {"local_part"},
	"Domain":           {"domain"},
	"DomainLiteral":    {"domain", "ip"},
	"ObsRoute":         {"domains"},
	"QuotedString":     {"content", "quoted_value", "stripped_value"},
	"BareQuotedString": {"content", "quoted_value", "stripped_value"},
	"Comment":          {"content"},
}

func (t *hvToken) AttrNames() []string {
	return append([]string{"defects", "token_type", "value"}, hvAttrs[t.class]...)
}

func (t *hvToken) Attr(name string) (starlark.Value, error) {
	str := func(s string, err error) (starlark.Value, error) {
		if err != nil {
			return nil, err
		}
		return starlark.String(s), nil
	}
	switch name {
	case "token_type":
		if t.kind == "" {
			return starlark.None, nil
		}
		return starlark.String(t.kind), nil
	case "value":
		return str(t.value())
	case "defects":
		var ds []starlark.Value
		for _, d := range t.defects {
			ds = append(ds, starlark.String(d))
		}
		return starlark.NewList(ds), nil
	}
	has := false
	for _, a := range hvAttrs[t.class] {
		has = has || a == name
	}
	if !has {
		return nil, nil
	}
	switch t.class + "." + name {
	case "AddrSpec.addr_spec":
		return str(t.addrSpec())
	case "AddrSpec.local_part":
		return str(t.kids[0].localPart())
	case "AddrSpec.domain":
		d, ok, err := t.addrDomain()
		if !ok && err == nil {
			return starlark.None, nil
		}
		return str(d, err)
	case "AngleAddr.addr_spec":
		spec := t.kid("addr-spec")
		if spec == nil {
			return starlark.String("<>"), nil
		}
		lp, err := spec.kids[0].localPart()
		if err != nil {
			return nil, err
		}
		s, err := spec.addrSpec()
		if lp == "" {
			s = quoteString(lp) + s
		}
		return str(s, err)
	case "AngleAddr.local_part", "AngleAddr.domain":
		if spec := t.kid("addr-spec"); spec != nil {
			return spec.Attr(name)
		}
		return starlark.None, nil
	case "AngleAddr.route":
		if r := t.kid("obs-route"); r != nil {
			return r.Attr("domains")
		}
		return starlark.None, nil
	case "ObsRoute.domains":
		var ds []starlark.Value
		for _, k := range t.kids {
			if k.kind == "domain" {
				d, err := k.domain()
				if err != nil {
					return nil, err
				}
				ds = append(ds, starlark.String(d))
			}
		}
		return starlark.NewList(ds), nil
	case "LocalPart.local_part":
		return str(t.localPart())
	case "Domain.domain", "DomainLiteral.domain":
		return str(t.domain())
	case "DomainLiteral.ip":
		for _, k := range t.kids {
			if k.class == "InvalidHeaderDefect" {
				return nil, pyerr.Errorf("AttributeError", "'InvalidHeaderDefect' object has no attribute 'token_type'")
			}
			if k.kind == "ptext" {
				return starlark.String(k.text), nil
			}
		}
		return starlark.None, nil
	case "QuotedString.content", "QuotedString.stripped_value", "BareQuotedString.content", "BareQuotedString.stripped_value":
		if b := t.kid("bare-quoted-string"); b != nil {
			return str(b.value())
		}
		return starlark.None, nil
	case "QuotedString.quoted_value", "BareQuotedString.quoted_value":
		return str(t.quotedValue())
	case "Comment.content":
		return starlark.String(t.joinStr()), nil
	}
	return nil, nil
}
