package modules

import (
	"encoding/json"
	"os"
	"testing"

	"go.starlark.net/starlark"
)

// getoptCase is one row of testdata/getopt_cases.json, written by CPython
// 3.11 with testdata/gen_getopt_cases.py.
type getoptCase struct {
	fn        string
	args      []string
	shortopts string
	longopts  any // nil, a string or a list of strings
	want      *[2]json.RawMessage
	err       *string
}

func loadGetoptCases(t *testing.T) []getoptCase {
	data, err := os.ReadFile("testdata/getopt_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var raw [][]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	var out []getoptCase
	for _, r := range raw {
		var c getoptCase
		json.Unmarshal(r[0], &c.fn)
		json.Unmarshal(r[1], &c.args)
		json.Unmarshal(r[2], &c.shortopts)
		json.Unmarshal(r[3], &c.longopts)
		json.Unmarshal(r[4], &c.want)
		json.Unmarshal(r[5], &c.err)
		out = append(out, c)
	}
	return out
}

// toValue turns a decoded JSON value (strings, lists) into Starlark.
func toValue(x any) starlark.Value {
	switch x := x.(type) {
	case string:
		return starlark.String(x)
	case []any:
		l := make([]starlark.Value, len(x))
		for i, e := range x {
			l[i] = toValue(e)
		}
		return starlark.NewList(l)
	}
	return starlark.None
}

// TestGetoptMatchesCPython: getopt and gnu_getopt give CPython's options,
// arguments and error messages for each command line of the table.
func TestGetoptMatchesCPython(t *testing.T) {
	os.Unsetenv("POSIXLY_CORRECT")
	m := NewGetopt()
	th := &starlark.Thread{Name: "test"}
	cases := loadGetoptCases(t)
	if len(cases) < 100 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		fn, _ := m.Attr(c.fn)
		argv := make([]any, len(c.args))
		for i, a := range c.args {
			argv[i] = a
		}
		args := starlark.Tuple{toValue(argv), starlark.String(c.shortopts)}
		if c.longopts != nil {
			args = append(args, toValue(c.longopts))
		}
		got, err := starlark.Call(th, fn, args, nil)
		if c.err != nil {
			if err == nil || err.Error() != "getopt.GetoptError: "+*c.err {
				t.Errorf("%s%v: got %v, %v; want error %q", c.fn, args, got, err, *c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s%v: %v", c.fn, args, err)
			continue
		}
		var opts [][2]string
		var rest []string
		json.Unmarshal(c.want[0], &opts)
		json.Unmarshal(c.want[1], &rest)
		want := starlark.Tuple{starlark.NewList(nil), starlark.NewList(nil)}
		for _, o := range opts {
			want[0].(*starlark.List).Append(starlark.Tuple{starlark.String(o[0]), starlark.String(o[1])})
		}
		for _, a := range rest {
			want[1].(*starlark.List).Append(starlark.String(a))
		}
		if eq, _ := starlark.Equal(got, want); !eq {
			t.Errorf("%s%v = %v, want %v", c.fn, args, got, want)
		}
	}
}

// TestGetoptKeepsTupleArgs: getopt returns the rest of a tuple as a tuple
// (a slice of args, as Python's), gnu_getopt a list.
func TestGetoptKeepsTupleArgs(t *testing.T) {
	m := NewGetopt()
	th := &starlark.Thread{Name: "test"}
	argv := starlark.Tuple{starlark.String("-a"), starlark.String("f")}
	for fn, want := range map[string]string{"getopt": `([("-a", "")], ("f",))`, "gnu_getopt": `([("-a", "")], ["f"])`} {
		f, _ := m.Attr(fn)
		got, err := starlark.Call(th, f, starlark.Tuple{argv, starlark.String("a")}, nil)
		if err != nil || got.String() != want {
			t.Errorf("%s(%v, \"a\") = %v, %v; want %s", fn, argv, got, err, want)
		}
	}
}

// TestGnuGetoptPosixlyCorrect: with POSIXLY_CORRECT set, gnu_getopt stops
// at the first argument, as CPython's does.
func TestGnuGetoptPosixlyCorrect(t *testing.T) {
	t.Setenv("POSIXLY_CORRECT", "1")
	opts, rest, err := gnuGetopt([]string{"-a", "f", "-b"}, "ab", nil)
	if err != nil || len(opts) != 1 || len(rest) != 2 {
		t.Errorf("gnu_getopt with POSIXLY_CORRECT = %v, %v, %v; want [-a], [f -b]", opts, rest, err)
	}
}
