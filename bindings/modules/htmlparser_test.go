package modules

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
)

// htmlRecorder is a subclass of HTMLParser that notes each call to its
// handlers, as testdata/gen_htmlparser.py's Recorder does in Python.
const htmlRecorder = `
def _init(self, convert):
    html.parser.HTMLParser.__init__(self, convert_charrefs = convert)
    self.events = []

def _rec(name):
    return lambda self, *args: self.events.append([name] + list(args))

def _starttag(self, tag, attrs):
    self.events.append(["starttag", tag, [list(a) for a in attrs], self.get_starttag_text()])

def _startendtag(self, tag, attrs):
    self.events.append(["startendtag", tag, [list(a) for a in attrs]])

Recorder = subclass(html.parser.HTMLParser, "Recorder",
    __init__ = _init,
    handle_starttag = _starttag,
    handle_startendtag = _startendtag,
    handle_endtag = _rec("endtag"),
    handle_data = _rec("data"),
    handle_charref = _rec("charref"),
    handle_entityref = _rec("entityref"),
    handle_comment = _rec("comment"),
    handle_decl = _rec("decl"),
    handle_pi = _rec("pi"),
    unknown_decl = _rec("unknown_decl"),
)

def _feed(p, text, one):
    if one:
        for i in range(len(text)):
            p.feed(text[i])
    else:
        p.feed(text)
    p.close()

def run(text, convert, one):
    p = Recorder(convert)
    e, _ = catch(_feed, p, text, one)
    if e != None:
        p.events.append(["error", type(e), str(e)])
    p.events.append(["pos", p.lineno, p.offset, p.rawdata])
    return p.events
`

// TestHTMLParserMatchesCPython runs testdata/htmlparser.json
// (gen_htmlparser.py): the handler calls of a subclass of HTMLParser for
// tags, attributes, comments, declarations, references, script and
// style, fed whole and one character at a time, as CPython 3.11 made them.
func TestHTMLParserMatchesCPython(t *testing.T) {
	data, err := os.ReadFile("testdata/htmlparser.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][4]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	env := starlark.StringDict{"html": NewHTML()}
	for k, v := range class.Builtins {
		env[k] = v
	}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	env["type"] = starlark.NewBuiltin("type", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.String(args[0].(*class.Instance).Class().Name()), nil
	})
	th := &starlark.Thread{Name: "test"}
	globals, err := starlark.ExecFileOptions(&syntax.FileOptions{}, th, "recorder.star", htmlRecorder, env)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		var text string
		var convert, one bool
		json.Unmarshal(r[0], &text)
		json.Unmarshal(r[1], &convert)
		json.Unmarshal(r[2], &one)
		got, err := starlark.Call(th, globals["run"], starlark.Tuple{starlark.String(text), starlark.Bool(convert), starlark.Bool(one)}, nil)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if g, w := normJSON([]byte(starlarkJSON(got))), normJSON(r[3]); g != w {
			t.Errorf("%q (convert_charrefs=%v, one by one=%v):\n got  %s\n want %s", text, convert, one, g, w)
		}
	}
	t.Logf("%d cases", len(rows))
}

// starlarkJSON is a value of lists, strings, ints, bools and None as
// JSON.
func starlarkJSON(v starlark.Value) string {
	switch v := v.(type) {
	case *starlark.List:
		s := "["
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				s += ","
			}
			s += starlarkJSON(v.Index(i))
		}
		return s + "]"
	case starlark.Tuple:
		return starlarkJSON(starlark.NewList(v))
	case starlark.String:
		b, _ := json.Marshal(string(v))
		return string(b)
	case starlark.NoneType:
		return "null"
	}
	return v.String()
}
