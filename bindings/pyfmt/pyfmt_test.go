package pyfmt

import (
	"encoding/json"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

type row struct {
	format string
	args   starlark.Tuple
	want   *string
	err    *string
}

// loadCases reads testdata/cases.json, produced by CPython 3.11 with
// testdata/gen_cases.py.
func loadCases(t testing.TB) []row {
	data, err := os.ReadFile("testdata/cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw [][]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var rows []row
	for _, r := range raw {
		var x row
		json.Unmarshal(r[0], &x.format)
		var args []json.RawMessage
		json.Unmarshal(r[1], &args)
		for _, a := range args {
			x.args = append(x.args, decode(t, a))
		}
		json.Unmarshal(r[2], &x.want)
		json.Unmarshal(r[3], &x.err)
		rows = append(rows, x)
	}
	return rows
}

func decode(t testing.TB, a json.RawMessage) starlark.Value {
	var obj map[string]string
	if json.Unmarshal(a, &obj) == nil && obj != nil {
		if s, ok := obj["int"]; ok {
			n, _ := new(big.Int).SetString(s, 10)
			return starlark.MakeBigInt(n)
		}
		switch s := obj["float"]; s {
		case "inf":
			return starlark.Float(math.Inf(1))
		case "-inf":
			return starlark.Float(math.Inf(-1))
		case "nan":
			return starlark.Float(math.NaN())
		default:
			f, _ := strconv.ParseFloat(s, 64)
			return starlark.Float(f)
		}
	}
	var v any
	json.Unmarshal(a, &v)
	switch v := v.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(v)
	case string:
		return starlark.String(v)
	case []any:
		var l []starlark.Value
		for _, x := range v {
			l = append(l, starlark.MakeInt(int(x.(float64))))
		}
		return starlark.NewList(l)
	}
	t.Fatalf("cannot decode %s", a)
	return nil
}

// TestAgainstCPython compares Sprintf with CPython's % on every row.
func TestAgainstCPython(t *testing.T) {
	rows := loadCases(t)
	if len(rows) < 150 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		got, err := Sprintf(r.format, r.args)
		switch {
		case r.err != nil:
			if err == nil {
				t.Errorf("Sprintf(%q, %v) = %q, CPython raised %s", r.format, r.args, got, *r.err)
			} else if !strings.HasPrefix(err.Error(), "sprintf: ") || strings.Contains(err.Error(), "\n") {
				t.Errorf("Sprintf(%q): error %q is not one line naming sprintf", r.format, err)
			}
		case err != nil:
			t.Errorf("Sprintf(%q, %v): %v, CPython gives %q", r.format, r.args, err, *r.want)
		case got != *r.want:
			t.Errorf("Sprintf(%q, %v) = %q, CPython gives %q", r.format, r.args, got, *r.want)
		}
	}
}

func TestMapping(t *testing.T) {
	d := starlark.NewDict(2)
	d.SetKey(starlark.String("name"), starlark.String("spam"))
	d.SetKey(starlark.String("n"), starlark.MakeInt(3))
	got, err := Sprintf("%(name)-6s|%(n)03d", starlark.Tuple{d})
	if err != nil || got != "spam  |003" {
		t.Errorf("mapping: %q %v", got, err)
	}
	if _, err := Sprintf("%(missing)s", starlark.Tuple{d}); err == nil || err.Error() != "sprintf: key 'missing' not found" {
		t.Errorf("missing key: %v", err)
	}
	if _, err := Sprintf("%(x)s", starlark.Tuple{starlark.MakeInt(1)}); err == nil || err.Error() != "sprintf: format requires a mapping" {
		t.Errorf("no mapping: %v", err)
	}
}

func TestRawBytesKept(t *testing.T) {
	raw := starlark.String("\xff\x00\xfe")
	got, err := Sprintf("[%s]", starlark.Tuple{raw})
	if err != nil || got != "[\xff\x00\xfe]" {
		t.Errorf("raw bytes: %q %v", got, err)
	}
}

func TestHugeWidthIsAnError(t *testing.T) {
	for _, f := range []string{"%999999999d", "%.999999999f", "%99999999999999999999s"} {
		if _, err := Sprintf(f, starlark.Tuple{starlark.MakeInt(1)}); err == nil {
			t.Errorf("%s: no error", f)
		}
	}
	if _, err := Sprintf("%*d", starlark.Tuple{starlark.MakeInt(1 << 30), starlark.MakeInt(1)}); err == nil {
		t.Error("huge * width: no error")
	}
}

func TestAsStarlarkBuiltin(t *testing.T) {
	th := &starlark.Thread{}
	_, err := starlark.ExecFileOptions(&syntax.FileOptions{TopLevelControl: true}, th, "t.star",
		`r = sprintf("%-8s|%5.2f|%04x", "a", 3.14159, 255)
if r != "a       | 3.14|00ff":
    fail(r)
`, starlark.StringDict{"sprintf": Builtin})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`sprintf()`, `sprintf(1)`, `sprintf("%d", "x")`, `sprintf("%s", x=1)`} {
		_, err := starlark.ExecFileOptions(&syntax.FileOptions{}, th, "t.star", bad, starlark.StringDict{"sprintf": Builtin})
		if err == nil || !strings.Contains(err.Error(), "sprintf") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func FuzzSprintf(f *testing.F) {
	for _, r := range loadCases(f) {
		if len(r.args) == 1 {
			if s, ok := r.args[0].(starlark.String); ok {
				f.Add(r.format, string(s), int64(0), 0.0)
				continue
			}
			if n, ok := r.args[0].(starlark.Int); ok {
				if i, ok := n.Int64(); ok {
					f.Add(r.format, "", i, 0.0)
					continue
				}
			}
			if x, ok := r.args[0].(starlark.Float); ok {
				f.Add(r.format, "", int64(0), float64(x))
			}
		}
	}
	f.Fuzz(func(t *testing.T, format, s string, i int64, x float64) {
		for _, args := range []starlark.Tuple{{starlark.String(s)}, {starlark.MakeInt64(i)}, {starlark.Float(x)}, {starlark.String(s), starlark.MakeInt64(i), starlark.Float(x)}} {
			out, err := Sprintf(format, args)
			if err == nil && !strings.Contains(format, "%") && out != format {
				t.Fatalf("a format without conversions changed: %q -> %q", format, out)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "sprintf: ") {
				t.Fatalf("error not naming sprintf: %v", err)
			}
		}
	})
}
