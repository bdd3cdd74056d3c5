package modules

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
)

// TestHeaderValueParserMatchesCPython runs testdata/email.json
// (gen_email.py): each parser function on addresses good and bad, the
// token's repr, str, token_type, value, the rest of the text and the
// attributes smtpd reads (addr_spec, local_part, domain, route), or the
// exception, as CPython 3.11 gave them.
func TestHeaderValueParserMatchesCPython(t *testing.T) {
	data, err := os.ReadFile("testdata/email.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][3]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	mod := NewHeaderValueParser()
	th := &starlark.Thread{Name: "test"}
	for _, r := range rows {
		var fn, input string
		json.Unmarshal(r[0], &fn)
		json.Unmarshal(r[1], &input)
		var want map[string]json.RawMessage
		json.Unmarshal(r[2], &want)
		f, _ := mod.Attr(fn)
		res, err := starlark.Call(th, f, starlark.Tuple{starlark.String(input)}, nil)
		if e, ok := want["error"]; ok {
			if got := errorPair(err); got != normJSON(e) {
				t.Errorf("%s(%q): got %s, want error %s", fn, input, resultOrError(res, err), e)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s(%q): %v, want %s", fn, input, err, r[2])
			continue
		}
		tok := res.(starlark.Tuple)[0].(*hvToken)
		got := map[string]any{
			"repr": tok.Repr(), "str": tok.String(), "rest": string(res.(starlark.Tuple)[1].(starlark.String)),
		}
		tt, _ := tok.Attr("token_type")
		got["token_type"] = nil
		if s, ok := tt.(starlark.String); ok {
			got["token_type"] = string(s)
		}
		for k, raw := range want {
			var w any
			json.Unmarshal(raw, &w)
			var g any
			switch k {
			case "repr", "str", "rest", "token_type":
				g = got[k]
			default:
				v, err := tok.Attr(k)
				if err != nil {
					g = json.RawMessage(errorPair(err))
				} else {
					g = toJSON(v)
				}
			}
			if m, ok := w.(map[string]any); ok && m["error"] != nil {
				w = m["error"]
			}
			gb, _ := json.Marshal(g)
			wb, _ := json.Marshal(w)
			if normJSON(wb) != normJSON(gb) {
				t.Errorf("%s(%q).%s = %s, want %s", fn, input, k, gb, wb)
			}
		}
	}
	t.Logf("%d cases", len(rows))
}

// normJSON is b decoded and encoded again: one spelling of a value.
func normJSON(b []byte) string {
	var v any
	json.Unmarshal(b, &v)
	out, _ := json.Marshal(v)
	return string(out)
}

// errorPair is the exception err means as JSON {"error": [class, message]}'s
// inner pair, or "" for none.
func errorPair(err error) string {
	if err == nil {
		return ""
	}
	e := exceptions.Of(err)
	b, _ := json.Marshal([2]string{e.Class().QualName(), e.String()})
	return normJSON(b)
}

func resultOrError(v starlark.Value, err error) string {
	if err != nil {
		return err.Error()
	}
	return v.String()
}

// toJSON is a str, None or list of str as JSON would decode it.
func toJSON(v starlark.Value) any {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case *starlark.List:
		var out []any
		for i := 0; i < v.Len(); i++ {
			out = append(out, toJSON(v.Index(i)))
		}
		return out
	}
	return nil
}
