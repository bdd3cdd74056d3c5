package modules_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/interp"
)

// tableCase is one row of a testdata/*.table.json table, written by CPython
// running testdata/gen_*.py (the format is described in testdata/cases.py).
type tableCase struct {
	Fixture [][]any         `json:"fixture"`
	TZ      string          `json:"tz"`
	Src     string          `json:"src"`
	Want    json.RawMessage `json:"want"`
	Error   string          `json:"error"`
	Msg     string          `json:"msg"`
	Exact   bool            `json:"exact"`
}

// TestTablesMatchCPython runs every case of every testdata/*.table.json table
// in a pyasync interpreter: r must equal what CPython computed, or the
// snippet must fail with the same exception class (and message, unless
// the case says only the class must match).
func TestTablesMatchCPython(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.table.json")
	if len(files) == 0 {
		t.Fatal("no tables in testdata")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".table.json"), func(t *testing.T) {
			runTable(t, f)
		})
	}
}

func runTable(t *testing.T, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []tableCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	in := newInterp(t)
	for _, c := range cases {
		if c.TZ != "" { // a new process in that zone, as the generator's tzset()
			setLocal(t, c.TZ)
			in = newInterp(t)
			continue
		}
		if c.Fixture != nil {
			makeFixture(t, c.Fixture)
			continue
		}
		globals, err := in.ExecFile("case.star", c.Src)
		if c.Error != "" {
			if err == nil {
				t.Errorf("%s\n  = %s, want %s: %s", c.Src, canon(globals["r"]), c.Error, c.Msg)
				continue
			}
			typ, msg := pyerr.TypeAndMessage(err)
			if typ == "KeyError" { // its message is repr(key): Starlark's quotes
				msg = strings.ReplaceAll(msg, `"`, "'")
			}
			if typ != c.Error || (c.Exact && msg != c.Msg) {
				t.Errorf("%s\n  fails with %s: %s\n  want      %s: %s", c.Src, typ, msg, c.Error, c.Msg)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s\n  fails: %v", c.Src, err)
			continue
		}
		var want any
		dec := json.NewDecoder(strings.NewReader(string(c.Want)))
		dec.UseNumber()
		if err := dec.Decode(&want); err != nil {
			t.Fatalf("%s: %v", c.Src, err)
		}
		if got, w := canon(globals["r"]), canonJSON(want); got != w {
			t.Errorf("%s\n  = %s\n  want %s", c.Src, got, w)
		}
	}
}

func newInterp(t *testing.T) *interp.Interp {
	in, err := interp.New(interp.Config{Argv: []string{"t"}, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close() })
	return in
}

// setLocal makes name the local time zone until the test ends.
func setLocal(t *testing.T, name string) {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("time zone %s: %v", name, err)
	}
	old := time.Local
	time.Local = loc
	t.Cleanup(func() { time.Local = old })
}

// makeFixture makes the files a table's cases run among in a new
// directory, and makes it the current one (cases.py's make_fixture).
func makeFixture(t *testing.T, entries [][]any) {
	t.Chdir(t.TempDir())
	for _, e := range entries {
		path := e[1].(string)
		var err error
		switch e[0] {
		case "dir":
			err = os.Mkdir(path, 0o777)
		case "file":
			err = os.WriteFile(path, []byte(e[2].(string)), 0o666)
		case "link":
			err = os.Symlink(e[2].(string), path)
		case "mode":
			err = os.Chmod(path, os.FileMode(e[2].(float64)))
		}
		if err != nil {
			t.Fatalf("fixture %v: %v", e, err)
		}
	}
}

// canon is a Starlark value as text comparable with canonJSON's.
func canon(v starlark.Value) string {
	switch v := v.(type) {
	case nil:
		return "<unset>"
	case starlark.NoneType:
		return "None"
	case starlark.Bool:
		return v.String()
	case starlark.Int:
		return v.String()
	case starlark.Float:
		return "f:" + strconv.FormatFloat(float64(v), 'g', -1, 64)
	case starlark.String:
		return strconv.Quote(string(v))
	case starlark.Bytes:
		return "b" + strconv.Quote(string(v))
	case *starlark.List:
		return "[" + canonAll(v) + "]"
	case starlark.Tuple:
		return "(" + canonAll(v) + ")"
	case *starlark.Set:
		return "set(" + canonSorted(v) + ")"
	case starlark.IterableMapping:
		var parts []string
		for _, kv := range v.Items() {
			parts = append(parts, canon(kv[0])+": "+canon(kv[1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	if v.Type() == "deque" {
		maxlen, _ := v.(starlark.HasAttrs).Attr("maxlen")
		return "deque([" + canonAll(v.(starlark.Iterable)) + "], " + canon(maxlen) + ")"
	}
	if x, ok := v.(starlark.Indexable); ok { // os.stat_result, a namedtuple
		var items []string
		for i := 0; i < x.Len(); i++ {
			items = append(items, canon(x.Index(i)))
		}
		return "(" + strings.Join(items, ", ") + ")"
	}
	return "<" + v.Type() + " " + v.String() + ">"
}

func canonAll(x starlark.Iterable) string { return canonItems(x, false) }

func canonSorted(x starlark.Iterable) string { return canonItems(x, true) }

// canonItems is x's items as canon's text, in order or sorted.
func canonItems(x starlark.Iterable, sorted bool) string {
	var parts []string
	iter := x.Iterate()
	defer iter.Done()
	var v starlark.Value
	for iter.Next(&v) {
		parts = append(parts, canon(v))
	}
	if sorted {
		sort.Strings(parts)
	}
	return strings.Join(parts, ", ")
}

// canonJSON is a value of a table (cases.py's enc) as canon's text.
func canonJSON(v any) string {
	switch v := v.(type) {
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case string:
		return strconv.Quote(v)
	case []any:
		return "[" + canonJSONAll(v, false) + "]"
	case map[string]any:
		switch {
		case v["int"] != nil:
			n, _ := new(big.Int).SetString(v["int"].(string), 10)
			return n.String()
		case v["float"] != nil:
			f, err := strconv.ParseFloat(v["float"].(string), 64)
			if err != nil {
				return "bad float " + v["float"].(string)
			}
			return "f:" + strconv.FormatFloat(f, 'g', -1, 64)
		case v["bytes"] != nil:
			b, _ := hex.DecodeString(v["bytes"].(string))
			return "b" + strconv.Quote(string(b))
		case v["raw"] != nil:
			b, _ := hex.DecodeString(v["raw"].(string))
			return strconv.Quote(string(b))
		case v["tuple"] != nil:
			return "(" + canonJSONAll(v["tuple"].([]any), false) + ")"
		case v["set"] != nil:
			return "set(" + canonJSONAll(v["set"].([]any), true) + ")"
		case v["deque"] != nil:
			return "deque([" + canonJSONAll(v["deque"].([]any), false) + "], " + canonJSON(maxlenJSON(v["maxlen"])) + ")"
		case v["dict"] != nil:
			var parts []string
			for _, kv := range v["dict"].([]any) {
				kv := kv.([]any)
				parts = append(parts, canonJSON(kv[0])+": "+canonJSON(kv[1]))
			}
			return "{" + strings.Join(parts, ", ") + "}"
		}
	}
	return fmt.Sprintf("<unknown %v>", v)
}

func maxlenJSON(v any) any {
	if n, ok := v.(json.Number); ok {
		return map[string]any{"int": n.String()}
	}
	return nil
}

func canonJSONAll(xs []any, sorted bool) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = canonJSON(x)
	}
	if sorted {
		sort.Strings(parts)
	}
	return strings.Join(parts, ", ")
}
