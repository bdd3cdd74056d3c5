package pyvalue_test

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
)

// TestStrMethodsArePython2s calls each case and class method of str on
// the bytes of testdata/strmethods.json and compares with what Python
// 2.7's str returned (gen_strmethods.py): ASCII letters change, every
// other byte stays, and the is*() methods look at ASCII only.
func TestStrMethodsArePython2s(t *testing.T) {
	data, err := os.ReadFile("testdata/strmethods.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	if err := run(""); err != nil { // installs the methods
		t.Fatal(err)
	}
	th := &starlark.Thread{}
	for _, row := range rows {
		in := starlark.String(bytesOf(row["input"]))
		for name, want := range row {
			if name == "input" {
				continue
			}
			m, err := in.Attr(name)
			if err != nil || m == nil {
				t.Errorf("%q has no method %s: %v", in, name, err)
				continue
			}
			got, err := starlark.Call(th, m, nil, nil)
			if err != nil {
				t.Errorf("%q.%s(): %v", in, name, err)
				continue
			}
			var w starlark.Value
			switch want := want.(type) {
			case bool:
				w = starlark.Bool(want)
			default:
				w = starlark.String(bytesOf(want))
			}
			if got != w {
				t.Errorf("%q.%s() = %q, want %q (Python 2.7)", string(in), name, got, w)
			}
		}
	}
}

// bytesOf turns a JSON list of byte values into a string.
func bytesOf(v any) string {
	list, _ := v.([]any)
	b := make([]byte, len(list))
	for i, x := range list {
		b[i] = byte(x.(float64))
	}
	return string(b)
}
