package modules

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewHTMLParserModule makes html.parser (Python 2's HTMLParser module):
//
//	HTMLParser(*, convert_charrefs=True): a class to subclass
//	    feed(data), close(), reset(), getpos() -> (lineno, offset),
//	    get_starttag_text(), set_cdata_mode(elem), clear_cdata_mode(),
//	    goahead(end), updatepos(i, j), parse_starttag(i), parse_endtag(i),
//	    parse_comment(i), parse_pi(i), parse_html_declaration(i),
//	    parse_bogus_comment(i), parse_marked_section(i), check_for_whole_start_tag(i)
//	    the handlers a subclass overrides (each does nothing here):
//	    handle_starttag(tag, attrs), handle_endtag(tag),
//	    handle_startendtag(tag, attrs) (calls the two), handle_data(data),
//	    handle_charref(name), handle_entityref(name), handle_comment(data),
//	    handle_decl(decl), handle_pi(data), unknown_decl(data)
//	    attributes: rawdata, lasttag, cdata_elem, convert_charrefs,
//	    lineno, offset, CDATA_CONTENT_ELEMENTS
//
// It tokenizes as CPython 3.11's does (its patterns, written out by
// hand: tag names and attribute names lower-cased, attribute values
// unquoted and unescaped, script and style as character data, text
// unescaped when convert_charrefs is true). A pyasync str holds bytes:
// offsets count bytes, and text is unescaped to UTF-8.
func NewHTMLParserModule() *Lazy {
	return NewLazy("html.parser", func() starlark.StringDict {
		return starlark.StringDict{"HTMLParser": htmlParserClass()}
	})
}

var htmlParserClass = sync.OnceValue(func() *class.Class { return newHTMLParserClass() })

func newHTMLParserClass() *class.Class {
	pass := func(name string, n int) class.MethodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) != n || len(kwargs) > 0 {
				return nil, pyerr.Errorf("TypeError", "HTMLParser.%s() takes %d positional arguments but %d were given", name, n+1, len(args)+1)
			}
			return starlark.None, nil
		}
	}
	at := func(name string, fn func(p *htmlParse, i int) (int, error)) class.MethodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var i int
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &i); err != nil {
				return nil, err
			}
			p, err := parserOf(th, name, self)
			if err != nil {
				return nil, err
			}
			if i < 0 || i >= len(p.raw) {
				return nil, pyerr.Errorf("AssertionError", "unexpected call to %s()", name)
			}
			j, err := fn(p, i)
			if err != nil {
				return nil, err
			}
			return starlark.MakeInt(j), nil
		}
	}
	m := Methods(map[string]class.MethodFunc{
		"__init__":          htmlParserInit,
		"reset":             htmlParserReset,
		"feed":              htmlParserFeed,
		"close":             htmlParserClose,
		"goahead":           htmlParserGoahead,
		"getpos":            htmlParserGetpos,
		"updatepos":         htmlParserUpdatepos,
		"get_starttag_text": htmlParserStarttagText,
		"set_cdata_mode":    htmlParserSetCdata,
		"clear_cdata_mode":  htmlParserClearCdata,
		"handle_startendtag": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var tag, attrs starlark.Value
			if err := starlark.UnpackPositionalArgs("handle_startendtag", args, kwargs, 2, &tag, &attrs); err != nil {
				return nil, err
			}
			if _, err := CallMethod(th, self, "handle_starttag", tag, attrs); err != nil {
				return nil, err
			}
			_, err := CallMethod(th, self, "handle_endtag", tag)
			return starlark.None, err
		},
		"handle_starttag":           pass("handle_starttag", 2),
		"handle_endtag":             pass("handle_endtag", 1),
		"handle_charref":            pass("handle_charref", 1),
		"handle_entityref":          pass("handle_entityref", 1),
		"handle_data":               pass("handle_data", 1),
		"handle_comment":            pass("handle_comment", 1),
		"handle_decl":               pass("handle_decl", 1),
		"handle_pi":                 pass("handle_pi", 1),
		"unknown_decl":              pass("unknown_decl", 1),
		"parse_starttag":            at("parse_starttag", (*htmlParse).parseStarttag),
		"parse_endtag":              at("parse_endtag", (*htmlParse).parseEndtag),
		"parse_comment":             at("parse_comment", func(p *htmlParse, i int) (int, error) { return p.parseComment(i, true) }),
		"parse_pi":                  at("parse_pi", (*htmlParse).parsePI),
		"parse_html_declaration":    at("parse_html_declaration", (*htmlParse).parseHTMLDeclaration),
		"parse_bogus_comment":       at("parse_bogus_comment", func(p *htmlParse, i int) (int, error) { return p.parseBogusComment(i, true) }),
		"parse_marked_section":      at("parse_marked_section", (*htmlParse).parseMarkedSection),
		"check_for_whole_start_tag": at("check_for_whole_start_tag", func(p *htmlParse, i int) (int, error) { return p.wholeStartTag(i), nil }),
	})
	m["CDATA_CONTENT_ELEMENTS"] = starlark.Tuple{starlark.String("script"), starlark.String("style")}
	m["_HTMLParser__starttag_text"] = starlark.None
	return class.MustNewBuiltin("HTMLParser", "html.parser", []*class.Class{class.Object}, m)
}

func htmlParserInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "HTMLParser.__init__() takes 1 positional argument but %d were given", len(args)+1)
	}
	convert := true
	if err := starlark.UnpackArgs("HTMLParser", nil, kwargs, "convert_charrefs?", &convert); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.__init__", self)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("convert_charrefs", starlark.Bool(convert))
	_, err = CallMethod(th, self, "reset")
	return starlark.None, err
}

func htmlParserReset(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("reset", args, kwargs, 0); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.reset", self)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("rawdata", starlark.String(""))
	inst.SetAttr("lasttag", starlark.String("???"))
	inst.SetAttr("cdata_elem", starlark.None)
	inst.SetAttr("lineno", starlark.MakeInt(1))
	inst.SetAttr("offset", starlark.MakeInt(0))
	return starlark.None, nil
}

func htmlParserFeed(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackPositionalArgs("feed", args, kwargs, 1, &data); err != nil {
		return nil, err
	}
	p, err := parserOf(th, "feed", self)
	if err != nil {
		return nil, err
	}
	s, ok := data.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "can only concatenate str (not \"%s\") to str", PyType(data))
	}
	p.self.SetAttr("rawdata", starlark.String(p.raw+string(s)))
	_, err = CallMethod(th, self, "goahead", starlark.MakeInt(0))
	return starlark.None, err
}

func htmlParserClose(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
		return nil, err
	}
	_, err := CallMethod(th, self, "goahead", starlark.MakeInt(1))
	return starlark.None, err
}

func htmlParserGoahead(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var end starlark.Value
	if err := starlark.UnpackPositionalArgs("goahead", args, kwargs, 1, &end); err != nil {
		return nil, err
	}
	p, err := parserOf(th, "goahead", self)
	if err != nil {
		return nil, err
	}
	return starlark.None, p.goahead(end.Truth() == starlark.True)
}

func htmlParserGetpos(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("getpos", args, kwargs, 0); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.getpos", self)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{attr(inst, "lineno", starlark.MakeInt(1)), attr(inst, "offset", starlark.MakeInt(0))}, nil
}

func htmlParserUpdatepos(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var i, j int
	if err := starlark.UnpackPositionalArgs("updatepos", args, kwargs, 2, &i, &j); err != nil {
		return nil, err
	}
	p, err := parserOf(th, "updatepos", self)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(p.updatepos(i, j)), nil
}

func htmlParserStarttagText(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_starttag_text", args, kwargs, 0); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.get_starttag_text", self)
	if err != nil {
		return nil, err
	}
	return attr(inst, "_HTMLParser__starttag_text", starlark.None), nil
}

func htmlParserSetCdata(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var elem string
	if err := starlark.UnpackPositionalArgs("set_cdata_mode", args, kwargs, 1, &elem); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.set_cdata_mode", self)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("cdata_elem", starlark.String(strings.ToLower(elem)))
	return starlark.None, nil
}

func htmlParserClearCdata(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("clear_cdata_mode", args, kwargs, 0); err != nil {
		return nil, err
	}
	inst, err := Instance("HTMLParser.clear_cdata_mode", self)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("cdata_elem", starlark.None)
	return starlark.None, nil
}

// htmlParse is one HTMLParser at work: its instance and the text it
// holds (self.rawdata, read when a method starts).
type htmlParse struct {
	th   *starlark.Thread
	self *class.Instance
	raw  string
}

func parserOf(th *starlark.Thread, fn string, self starlark.Value) (*htmlParse, error) {
	inst, err := Instance("HTMLParser."+fn, self)
	if err != nil {
		return nil, err
	}
	raw, ok := attr(inst, "rawdata", starlark.String("")).(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "HTMLParser.rawdata must be a str")
	}
	return &htmlParse{th: th, self: inst, raw: string(raw)}, nil
}

// call runs self.name(args...), an overridable handler.
func (p *htmlParse) call(name string, args ...starlark.Value) error {
	_, err := CallMethod(p.th, p.self, name, args...)
	return err
}

func (p *htmlParse) data(s string) error { return p.call("handle_data", starlark.String(s)) }

// text is data as handle_data gets it: unescaped when the parser
// converts character references (and is not in script or style).
func (p *htmlParse) text(s string) string {
	if p.converts() && p.cdata() == "" {
		return unescapeHTML(s)
	}
	return s
}

func (p *htmlParse) converts() bool {
	return attr(p.self, "convert_charrefs", starlark.True).Truth() == starlark.True
}

// cdata is the element whose content is character data ("" for none).
func (p *htmlParse) cdata() string {
	s, _ := starlark.AsString(attr(p.self, "cdata_elem", starlark.None))
	return s
}

// updatepos moves lineno and offset over raw[i:j] and returns j.
func (p *htmlParse) updatepos(i, j int) int {
	if i >= j {
		return j
	}
	chunk := p.raw[min(max(i, 0), len(p.raw)):min(max(j, 0), len(p.raw))]
	if n := strings.Count(chunk, "\n"); n > 0 {
		lineno, _ := starlark.AsInt32(attr(p.self, "lineno", starlark.MakeInt(1)))
		p.self.SetAttr("lineno", starlark.MakeInt(lineno+n))
		p.self.SetAttr("offset", starlark.MakeInt(j-(i+strings.LastIndexByte(chunk, '\n')+1)))
	} else {
		offset, _ := starlark.AsInt32(attr(p.self, "offset", starlark.MakeInt(0)))
		p.self.SetAttr("offset", starlark.MakeInt(offset+j-i))
	}
	return j
}

// goahead handles the text as far as it can; with end, all of it, as
// if the input ended there.
func (p *htmlParse) goahead(end bool) error {
	raw := p.raw
	i, n := 0, len(raw)
	for i < n {
		var j int
		if p.converts() && p.cdata() == "" {
			j = strings.IndexByte(raw[i:], '<')
			if j < 0 {
				// a reference may be cut at the end: wait for more text
				amppos := strings.LastIndexByte(raw[max(i, n-34):], '&')
				if amppos >= 0 && !strings.ContainsFunc(raw[max(i, n-34)+amppos:], func(r rune) bool { return r == ';' || reSpace(r) }) {
					break
				}
				j = n
			} else {
				j += i
			}
		} else if k := p.interesting(i); k >= 0 {
			j = k
		} else {
			if p.cdata() != "" {
				break
			}
			j = n
		}
		if i < j {
			if err := p.data(p.text(raw[i:j])); err != nil {
				return err
			}
		}
		i = p.updatepos(i, j)
		if i == n {
			break
		}
		if raw[i] == '<' {
			var k int
			var err error
			switch {
			case i+1 < n && letter(raw[i+1]):
				k, err = p.parseStarttag(i)
			case strings.HasPrefix(raw[i:], "</"):
				k, err = p.parseEndtag(i)
			case strings.HasPrefix(raw[i:], "<!--"):
				k, err = p.parseComment(i, true)
			case strings.HasPrefix(raw[i:], "<?"):
				k, err = p.parsePI(i)
			case strings.HasPrefix(raw[i:], "<!"):
				k, err = p.parseHTMLDeclaration(i)
			case i+1 < n:
				if err := p.data("<"); err != nil {
					return err
				}
				k = i + 1
			default:
				k = -2 // stop: the "<" may start something
			}
			if err != nil {
				return err
			}
			if k == -2 {
				break
			}
			if k < 0 {
				if !end {
					break
				}
				if e := strings.IndexByte(raw[i+1:], '>'); e >= 0 {
					k = i + 1 + e + 1
				} else if e := strings.IndexByte(raw[i+1:], '<'); e >= 0 {
					k = i + 1 + e
				} else {
					k = i + 1
				}
				if err := p.data(p.text(raw[i:k])); err != nil {
					return err
				}
			}
			i = p.updatepos(i, k)
		} else if strings.HasPrefix(raw[i:], "&#") {
			if k, ok := matchCharref(raw, i); ok {
				if err := p.call("handle_charref", starlark.String(raw[i+2:k-1])); err != nil {
					return err
				}
				if raw[k-1] != ';' {
					k--
				}
				i = p.updatepos(i, k)
				continue
			}
			if strings.Contains(raw[i:], ";") { // bail by consuming "&#"
				if err := p.data(raw[i : i+2]); err != nil {
					return err
				}
				i = p.updatepos(i, i+2)
			}
			break
		} else if raw[i] == '&' {
			if name, k, ok := matchEntityref(raw, i); ok {
				if err := p.call("handle_entityref", starlark.String(name)); err != nil {
					return err
				}
				if raw[k-1] != ';' {
					k--
				}
				i = p.updatepos(i, k)
				continue
			}
			if i+1 < n && (letter(raw[i+1]) || raw[i+1] == '#') { // incomplete
				if end && i+2 == n {
					i = p.updatepos(i, i+1)
				}
				break
			} else if i+1 < n {
				if err := p.data("&"); err != nil {
					return err
				}
				i = p.updatepos(i, i+1)
			} else {
				break
			}
		} else {
			return pyerr.Errorf("AssertionError", "interesting.search() lied")
		}
	}
	if end && i < n && p.cdata() == "" {
		if err := p.data(p.text(raw[i:n])); err != nil {
			return err
		}
		i = p.updatepos(i, n)
	}
	p.self.SetAttr("rawdata", starlark.String(raw[i:]))
	return nil
}

// interesting is where the next markup starts at or after i: "<" or
// "&", or in script and style the end tag of that element; -1 if none.
func (p *htmlParse) interesting(i int) int {
	elem := p.cdata()
	if elem == "" {
		if k := strings.IndexAny(p.raw[i:], "&<"); k >= 0 {
			return i + k
		}
		return -1
	}
	for k := i; k < len(p.raw); k++ {
		if strings.HasPrefix(p.raw[k:], "</") {
			j := skipSpace(p.raw, k+2)
			if len(p.raw)-j >= len(elem) && strings.EqualFold(p.raw[j:j+len(elem)], elem) {
				if e := skipSpace(p.raw, j+len(elem)); e < len(p.raw) && p.raw[e] == '>' {
					return k
				}
			}
		}
	}
	return -1
}

func (p *htmlParse) parseStarttag(i int) (int, error) {
	p.self.SetAttr("_HTMLParser__starttag_text", starlark.None)
	endpos := p.wholeStartTag(i)
	if endpos < 0 {
		return endpos, nil
	}
	raw := p.raw
	p.self.SetAttr("_HTMLParser__starttag_text", starlark.String(raw[i:endpos]))
	nameEnd, k := tagName(raw, i+1)
	if nameEnd < 0 {
		return 0, pyerr.Errorf("AssertionError", "unexpected call to parse_starttag()")
	}
	tag := strings.ToLower(raw[i+1 : nameEnd])
	p.self.SetAttr("lasttag", starlark.String(tag))
	var attrs []starlark.Value
	for k < endpos {
		a, ok := attribute(raw, k)
		if !ok {
			break
		}
		var value starlark.Value = starlark.None
		if a.hasValue {
			v := raw[a.valueStart:a.valueEnd]
			if len(v) >= 2 && (v[0] == '\'' && v[len(v)-1] == '\'' || v[0] == '"' && v[len(v)-1] == '"') {
				v = v[1 : len(v)-1]
			}
			if v != "" {
				v = unescapeHTML(v)
			}
			value = starlark.String(v)
		}
		attrs = append(attrs, starlark.Tuple{starlark.String(strings.ToLower(raw[a.nameStart:a.nameEnd])), value})
		k = a.end
	}
	rest := strings.TrimFunc(raw[k:endpos], reSpace)
	if rest != ">" && rest != "/>" {
		return endpos, p.data(raw[i:endpos])
	}
	list := starlark.NewList(attrs)
	if strings.HasSuffix(rest, "/>") {
		return endpos, p.call("handle_startendtag", starlark.String(tag), list)
	}
	if err := p.call("handle_starttag", starlark.String(tag), list); err != nil {
		return 0, err
	}
	if cdataElements(p.self, tag) {
		return endpos, p.call("set_cdata_mode", starlark.String(tag))
	}
	return endpos, nil
}

// cdataElements reports whether tag is in self.CDATA_CONTENT_ELEMENTS.
func cdataElements(self *class.Instance, tag string) bool {
	v := attr(self, "CDATA_CONTENT_ELEMENTS", starlark.None)
	it, ok := v.(starlark.Iterable)
	if !ok {
		return false
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if s, ok := x.(starlark.String); ok && string(s) == tag {
			return true
		}
	}
	return false
}

// wholeStartTag is check_for_whole_start_tag: where the start tag at i
// ends, or -1 when the text may not hold all of it yet.
func (p *htmlParse) wholeStartTag(i int) int {
	raw := p.raw
	j := locateStartTagEnd(raw, i)
	next := byte(0)
	if j < len(raw) {
		next = raw[j]
	}
	switch {
	case j >= len(raw):
		return -1
	case next == '>':
		return j + 1
	case next == '/':
		if strings.HasPrefix(raw[j:], "/>") {
			return j + 2
		}
		return -1 // a "/" at the end of the text so far
	case letter(next) || next == '=' || next == '/':
		return -1
	case j > i:
		return j
	}
	return i + 1
}

func (p *htmlParse) parseEndtag(i int) (int, error) {
	raw := p.raw
	gt := strings.IndexByte(raw[i+1:], '>')
	if gt < 0 {
		return -1, nil
	}
	gtpos := i + 1 + gt + 1
	elem, ok := matchEndtag(raw, i)
	if !ok {
		if p.cdata() != "" {
			return gtpos, p.data(raw[i:gtpos])
		}
		nameEnd, after := tagName(raw, i+2)
		if nameEnd < 0 {
			if strings.HasPrefix(raw[i:], "</>") {
				return i + 3, nil
			}
			return p.parseBogusComment(i, true)
		}
		tag := strings.ToLower(raw[i+2 : nameEnd])
		g := strings.IndexByte(raw[after:], '>')
		if err := p.call("handle_endtag", starlark.String(tag)); err != nil {
			return 0, err
		}
		if g < 0 {
			return 0, nil // Python's find gives -1, and -1 + 1
		}
		return after + g + 1, nil
	}
	elem = strings.ToLower(elem)
	if c := p.cdata(); c != "" && elem != c {
		return gtpos, p.data(raw[i:gtpos])
	}
	if err := p.call("handle_endtag", starlark.String(elem)); err != nil {
		return 0, err
	}
	return gtpos, p.call("clear_cdata_mode")
}

func (p *htmlParse) parseComment(i int, report bool) (int, error) {
	raw := p.raw
	if !strings.HasPrefix(raw[i:], "<!--") {
		return 0, pyerr.Errorf("AssertionError", "unexpected call to parse_comment()")
	}
	for j := i + 4; j < len(raw); j++ {
		if strings.HasPrefix(raw[j:], "--") {
			if e := skipSpace(raw, j+2); e < len(raw) && raw[e] == '>' {
				if report {
					if err := p.call("handle_comment", starlark.String(raw[i+4:j])); err != nil {
						return 0, err
					}
				}
				return e + 1, nil
			}
		}
	}
	return -1, nil
}

func (p *htmlParse) parsePI(i int) (int, error) {
	raw := p.raw
	j := strings.IndexByte(raw[i+2:], '>')
	if j < 0 {
		return -1, nil
	}
	return i + 2 + j + 1, p.call("handle_pi", starlark.String(raw[i+2:i+2+j]))
}

func (p *htmlParse) parseHTMLDeclaration(i int) (int, error) {
	raw := p.raw
	switch {
	case strings.HasPrefix(raw[i:], "<!--"):
		return p.parseComment(i, true)
	case strings.HasPrefix(raw[i:], "<!["):
		return p.parseMarkedSection(i)
	case len(raw)-i >= 9 && strings.EqualFold(raw[i:i+9], "<!doctype"):
		gt := strings.IndexByte(raw[i+9:], '>')
		if gt < 0 {
			return -1, nil
		}
		return i + 9 + gt + 1, p.call("handle_decl", starlark.String(raw[i+2:i+9+gt]))
	}
	return p.parseBogusComment(i, true)
}

func (p *htmlParse) parseBogusComment(i int, report bool) (int, error) {
	raw := p.raw
	pos := strings.IndexByte(raw[i+2:], '>')
	if pos < 0 {
		return -1, nil
	}
	pos += i + 2
	if report {
		if err := p.call("handle_comment", starlark.String(raw[i+2:pos])); err != nil {
			return 0, err
		}
	}
	return pos + 1, nil
}

// parseMarkedSection is _markupbase's parse_marked_section: <![name ...]]>
// (or ]> for Microsoft's if, else and endif), reported to unknown_decl.
func (p *htmlParse) parseMarkedSection(i int) (int, error) {
	raw := p.raw
	name, j, err := p.scanName(i+3, i)
	if err != nil || j < 0 {
		return j, err
	}
	var closeAt, closeEnd int = -1, -1
	find := func(double bool) {
		for k := i + 3; k < len(raw); k++ {
			if raw[k] != ']' {
				continue
			}
			e := skipSpace(raw, k+1)
			if double {
				if e >= len(raw) || raw[e] != ']' {
					continue
				}
				e = skipSpace(raw, e+1)
			}
			if e < len(raw) && raw[e] == '>' {
				closeAt, closeEnd = k, e+1
				return
			}
		}
	}
	switch name {
	case "temp", "cdata", "ignore", "include", "rcdata":
		find(true)
	case "if", "else", "endif":
		find(false)
	default:
		return 0, pyerr.Errorf("AssertionError", "unknown status keyword %s in marked section", pyReprStr(raw[i+3:j]))
	}
	if closeAt < 0 {
		return -1, nil
	}
	return closeEnd, p.call("unknown_decl", starlark.String(raw[i+3:closeAt]))
}

// scanName is _markupbase's _scan_name: a declaration's name at i,
// lower-cased, and where the text after it (and its white space)
// starts; -1 when the text ends there.
func (p *htmlParse) scanName(i, declstart int) (string, int, error) {
	raw := p.raw
	if i == len(raw) {
		return "", -1, nil
	}
	j := i
	if j < len(raw) && letter(raw[j]) {
		j++
		for j < len(raw) && (letter(raw[j]) || raw[j] >= '0' && raw[j] <= '9' || strings.IndexByte("-_.", raw[j]) >= 0) {
			j++
		}
		name := raw[i:j]
		j = skipSpace(raw, j)
		if j == len(raw) {
			return "", -1, nil
		}
		return strings.ToLower(name), j, nil
	}
	p.updatepos(declstart, i)
	return "", 0, pyerr.Errorf("AssertionError", "expected name token at %s", pyReprStr(raw[declstart:min(declstart+20, len(raw))]))
}

// The patterns of html.parser, by hand. \s is a character for which
// str.isspace() holds.

func reSpace(r rune) bool {
	return r == ' ' || (r >= '\t' && r <= '\r') || (r >= 0x1c && r <= 0x1f) || (r > 0x7f && unicode.IsSpace(r))
}

// spaceAt is the length of the white space character at i (0: none).
func spaceAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if reSpace(r) {
		return n
	}
	return 0
}

func skipSpace(s string, i int) int {
	for n := spaceAt(s, i); n > 0; n = spaceAt(s, i) {
		i += n
	}
	return i
}

// letter reports whether c is an ASCII letter.
func letter(c byte) bool { return isASCIILetter(rune(c)) }

// tagName is tagfind_tolerant at i: ([a-zA-Z][^\t\n\r\f />\x00]*)
// then (?:\s|/(?!>))*; it returns where the name ends and where what
// follows the name starts, or -1 without a name.
func tagName(s string, i int) (int, int) {
	if i >= len(s) || !letter(s[i]) {
		return -1, -1
	}
	j := i + 1
	for j < len(s) && strings.IndexByte("\t\n\r\f />\x00", s[j]) < 0 {
		j++
	}
	return j, skipSpaceSlash(s, j)
}

// skipSpaceSlash is (?:\s|/(?!>))*.
func skipSpaceSlash(s string, i int) int {
	for {
		if n := spaceAt(s, i); n > 0 {
			i += n
		} else if i < len(s) && s[i] == '/' && !(i+1 < len(s) && s[i+1] == '>') {
			i++
		} else {
			return i
		}
	}
}

// attr is one attribute of a start tag, as attrfind_tolerant reads it.
type htmlAttr struct {
	nameStart, nameEnd   int
	hasValue             bool
	valueStart, valueEnd int
	end                  int // after the white space and slashes that follow
}

// attrName reads an attribute's name at i: the character before it is a
// quote, white space or "/", its first character is not white space,
// "/" or ">", the others not "=" either.
func attrName(s string, i int) (int, bool) {
	if i >= len(s) || i == 0 {
		return 0, false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	if r != '\'' && r != '"' && r != '/' && !reSpace(r) {
		return 0, false
	}
	if spaceAt(s, i) > 0 || s[i] == '/' || s[i] == '>' {
		return 0, false
	}
	j := i + 1
	for j < len(s) && spaceAt(s, j) == 0 && strings.IndexByte("/=>", s[j]) < 0 {
		j++
	}
	return j, true
}

// attrValue reads \s*=+\s*('[^']*'|"[^"]*"|(?!['"])[^>\s]*) at i, with
// the regular expression's backtracking: fewer spaces, then fewer "=",
// when a quoted value has no closing quote.
func attrValue(s string, i int) (start, end int, ok bool) {
	j := skipSpace(s, i)
	eq := j
	for eq < len(s) && s[eq] == '=' {
		eq++
	}
	if eq == j {
		return 0, 0, false
	}
	for e := eq; e > j; e-- {
		// the white space after the "=": all of it, then less
		var spaces []int
		for k := e; ; {
			spaces = append(spaces, k)
			n := spaceAt(s, k)
			if n == 0 {
				break
			}
			k += n
		}
		for w := len(spaces) - 1; w >= 0; w-- {
			q := spaces[w]
			if q < len(s) && (s[q] == '\'' || s[q] == '"') {
				if c := strings.IndexByte(s[q+1:], s[q]); c >= 0 {
					return q, q + 1 + c + 1, true
				}
				continue
			}
			k := q
			for k < len(s) && s[k] != '>' && spaceAt(s, k) == 0 {
				k++
			}
			return q, k, true
		}
	}
	return 0, 0, false
}

// attribute is attrfind_tolerant at i.
func attribute(s string, i int) (htmlAttr, bool) {
	nameEnd, ok := attrName(s, i)
	if !ok {
		return htmlAttr{}, false
	}
	a := htmlAttr{nameStart: i, nameEnd: nameEnd, end: nameEnd}
	if vs, ve, ok := attrValue(s, nameEnd); ok {
		a.hasValue, a.valueStart, a.valueEnd, a.end = true, vs, ve, ve
	}
	a.end = skipSpaceSlash(s, a.end)
	return a, true
}

// locateStartTagEnd is locatestarttagend_tolerant at i (which starts
// "<" and a letter): where the tag's name and attributes end.
func locateStartTagEnd(s string, i int) int {
	j := i + 2
	for j < len(s) && strings.IndexByte("\t\n\r\f />\x00", s[j]) < 0 {
		j++
	}
	k := j
	for { // [\s/]*
		if n := spaceAt(s, k); n > 0 {
			k += n
		} else if k < len(s) && s[k] == '/' {
			k++
		} else {
			break
		}
	}
	for {
		nameEnd, ok := attrName(s, k)
		if !ok {
			break
		}
		k = nameEnd
		if _, ve, ok := attrValue(s, k); ok {
			k = skipSpace(s, ve)
		}
		k = skipSpaceSlash(s, k)
	}
	return skipSpace(s, k)
}

// matchEndtag is endtagfind at i: </\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>.
func matchEndtag(s string, i int) (string, bool) {
	j := skipSpace(s, i+2)
	if j >= len(s) || !letter(s[j]) {
		return "", false
	}
	k := j + 1
	for k < len(s) && (letter(s[k]) || s[k] >= '0' && s[k] <= '9' || strings.IndexByte("-.:_", s[k]) >= 0) {
		k++
	}
	e := skipSpace(s, k)
	if e < len(s) && s[e] == '>' {
		return s[j:k], true
	}
	return "", false
}

func hexDigit(c byte) bool { return isHexDigit(rune(c)) }

// matchCharref is charref at i: &#(?:[0-9]+|[xX][0-9a-fA-F]+) and one
// character that is not a hex digit; it returns the end of the match.
func matchCharref(s string, i int) (int, bool) {
	j := i + 2
	digit := func(c byte) bool { return c >= '0' && c <= '9' }
	if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
		j++
		digit = hexDigit
	}
	k := j
	for k < len(s) && digit(s[k]) {
		k++
	}
	if k == j || k >= len(s) || hexDigit(s[k]) {
		return 0, false
	}
	return k + 1, true
}

// matchEntityref is entityref at i: &([a-zA-Z][-.a-zA-Z0-9]*) and one
// character that is not a letter or digit.
func matchEntityref(s string, i int) (string, int, bool) {
	j := i + 1
	if j >= len(s) || !letter(s[j]) {
		return "", 0, false
	}
	k := j + 1
	for k < len(s) && (letter(s[k]) || s[k] >= '0' && s[k] <= '9' || s[k] == '-' || s[k] == '.') {
		k++
	}
	if k >= len(s) || letter(s[k]) || s[k] >= '0' && s[k] <= '9' {
		return "", 0, false
	}
	return s[j:k], k + 1, true
}
