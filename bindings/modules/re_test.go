package modules

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// reCase is one row of testdata/re_cases.json, made by CPython 3.11 with
// testdata/gen_re_cases.py: an expression, and what it gave there.
type reCase struct {
	expr string
	want any
}

func loadReCases(t testing.TB) []reCase {
	data, err := os.ReadFile("testdata/re_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw [][2]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	cases := make([]reCase, len(raw))
	for i, r := range raw {
		json.Unmarshal(r[0], &cases[i].expr)
		json.Unmarshal(r[1], &cases[i].want)
	}
	return cases
}

// evalRe evaluates expr with the re module predeclared.
func evalRe(expr string) (starlark.Value, error) {
	th := &starlark.Thread{Name: "re_test"}
	env := starlark.StringDict{"re": NewRe()}
	return starlark.EvalOptions(&syntax.FileOptions{}, th, "case", expr, env)
}

// encodeRe encodes v as the generator encodes Python's values.
func encodeRe(t *testing.T, v starlark.Value) any {
	list := func(xs []starlark.Value) []any {
		out := []any{}
		for _, x := range xs {
			out = append(out, encodeRe(t, x))
		}
		return out
	}
	switch v := v.(type) {
	case starlark.NoneType:
		return nil
	case starlark.Bool:
		return bool(v)
	case starlark.Int:
		n, _ := v.Int64()
		return n
	case starlark.String:
		return map[string]any{"str": string(v)}
	case starlark.Bytes:
		runes := make([]rune, len(v))
		for i := 0; i < len(v); i++ {
			runes[i] = rune(v[i])
		}
		return map[string]any{"bytes": string(runes)}
	case *starlark.List:
		var xs []starlark.Value
		for i := 0; i < v.Len(); i++ {
			xs = append(xs, v.Index(i))
		}
		return map[string]any{"list": list(xs)}
	case starlark.Tuple:
		return map[string]any{"tuple": list(v)}
	case *starlark.Dict:
		items := []any{}
		for _, kv := range v.Items() {
			items = append(items, []any{encodeRe(t, kv[0]), encodeRe(t, kv[1])})
		}
		return map[string]any{"dict": items}
	case *matchIterable:
		var xs []starlark.Value
		it := v.Iterate()
		defer it.Done()
		var x starlark.Value
		for it.Next(&x) {
			xs = append(xs, x)
		}
		return map[string]any{"list": list(xs)}
	case *Match:
		spans := []any{}
		for g := 0; g <= v.p.groups; g++ {
			spans = append(spans, []any{v.spans[2*g], v.spans[2*g+1]})
		}
		lastindex, _ := v.Attr("lastindex")
		lastgroup, _ := v.Attr("lastgroup")
		lg := encodeRe(t, lastgroup)
		if m, ok := lg.(map[string]any); ok {
			lg = m["str"]
		}
		return map[string]any{"match": map[string]any{
			"spans": spans, "pos": v.pos, "endpos": v.endpos,
			"lastindex": encodeRe(t, lastindex), "lastgroup": lg, "repr": v.String(),
		}}
	case *Pattern:
		gi, _ := v.Attr("groupindex")
		return map[string]any{"pattern": map[string]any{
			"pattern": encodeRe(t, v.value), "flags": v.flags, "groups": v.groups,
			"groupindex": encodeRe(t, gi), "repr": v.String(),
		}}
	}
	t.Errorf("cannot encode %s %v", v.Type(), v)
	return nil
}

// normalize passes x through JSON, so that numbers compare as numbers.
func normalize(x any) any {
	data, _ := json.Marshal(x)
	var out any
	json.Unmarshal(data, &out)
	return out
}

// TestReAgreesWithCPython evaluates every expression of the table and
// compares its result, or its error, with CPython's.
func TestReAgreesWithCPython(t *testing.T) {
	cases := loadReCases(t)
	if len(cases) < 500 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		v, err := evalRe(c.expr)
		want, _ := c.want.(map[string]any)
		if wantErr, ok := want["error"].(string); ok {
			if err == nil {
				t.Errorf("%s = %v, want %s: %s", c.expr, v, wantErr, want["msg"])
				continue
			}
			typ, msg := "TypeError", err.Error() // Starlark's own argument errors
			var pe *pyerr.Error
			if errors.As(err, &pe) {
				typ, msg = pe.Type, pe.Msg
			}
			wantMsg, _ := want["msg"].(string)
			switch {
			case typ != wantErr:
				t.Errorf("%s: got %s: %s, want %s: %s", c.expr, typ, msg, wantErr, wantMsg)
			case typ == "re.error" && msg != wantMsg:
				t.Errorf("%s: got message %q, want %q", c.expr, msg, wantMsg)
			case typ != "re.error" && want["compare"] != "type" && !strings.Contains(msg, wantMsg):
				t.Errorf("%s: got message %q, want it to contain %q", c.expr, msg, wantMsg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got := normalize(encodeRe(t, v)); !reflect.DeepEqual(got, normalize(c.want)) {
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(c.want)
			t.Errorf("%s:\n got %s\nwant %s", c.expr, gj, wj)
		}
	}
}
