package optparse

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// fromJSON turns a decoded JSON value into Starlark ("<callable>" into a
// function).
func fromJSON(x any) starlark.Value {
	switch x := x.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(x)
	case float64:
		return starlark.MakeInt(int(x))
	case string:
		if x == "<callable>" {
			return starlark.NewBuiltin("cb", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				return starlark.None, nil
			})
		}
		return starlark.String(x)
	case []any:
		l := make([]starlark.Value, len(x))
		for i, e := range x {
			l[i] = fromJSON(e)
		}
		return starlark.NewList(l)
	case map[string]any:
		d := starlark.NewDict(len(x))
		for k, v := range x {
			d.SetKey(starlark.String(k), fromJSON(v))
		}
		return d
	}
	return starlark.None
}

// module returns the members of an optparse module writing nowhere.
func module(t *testing.T) starlark.StringDict {
	m := New(Config{Stdout: io.Discard, Stderr: io.Discard})
	d := starlark.StringDict{}
	for _, n := range m.AttrNames() {
		d[n], _ = m.Attr(n)
	}
	return d
}

// TestAddOptionMatchesCPython: add_option makes the option CPython's
// optparse makes (action, type, dest, nargs...), or fails with its
// exception and message, for each definition of
// testdata/option_cases.json (written by testdata/gen_option_errors.py).
func TestAddOptionMatchesCPython(t *testing.T) {
	data, err := os.ReadFile("testdata/option_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][4]json.RawMessage
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	m := module(t)
	th := &starlark.Thread{Name: "test"}
	for _, r := range rows {
		var opts []string
		var attrs map[string]any
		var errType *string
		json.Unmarshal(r[0], &opts)
		json.Unmarshal(r[1], &attrs)
		json.Unmarshal(r[2], &errType)
		parser, err := starlark.Call(th, m["OptionParser"], nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		addOption, _ := parser.(starlark.HasAttrs).Attr("add_option")
		var args starlark.Tuple
		for _, o := range opts {
			args = append(args, starlark.String(o))
		}
		var kwargs []starlark.Tuple
		for k, v := range attrs {
			kwargs = append(kwargs, starlark.Tuple{starlark.String(k), fromJSON(v)})
		}
		got, err := starlark.Call(th, addOption, args, kwargs)
		what := strings.Join(opts, ", ") + " " + string(r[1])
		if errType != nil {
			var want string
			json.Unmarshal(r[3], &want)
			var pe *pyerr.Error
			if !errors.As(err, &pe) {
				t.Errorf("add_option(%s) = %v, %v; want %s: %s", what, got, err, *errType, want)
				continue
			}
			if typ := strings.TrimPrefix(pe.Type, "optparse."); typ != *errType || !matches(pe.Msg, want) {
				t.Errorf("add_option(%s): %s: %s\nwant %s: %s", what, typ, pe.Msg, *errType, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("add_option(%s): %v", what, err)
			continue
		}
		var want map[string]any
		json.Unmarshal(r[3], &want)
		o := got.(*Option)
		check := func(name string, got starlark.Value) {
			w := fromJSON(want[name])
			if eq, _ := starlark.Equal(got, w); !eq {
				t.Errorf("add_option(%s).%s = %v, want %v", what, name, got, w)
			}
		}
		for _, a := range []string{"action", "type", "dest", "nargs", "metavar", "help", "const"} {
			v, _ := o.Attr(a)
			check(a, v)
		}
		check("str", starlark.String(o.String()))
		check("takes_value", starlark.Bool(o.takesValue()))
		check("opt_string", starlark.String(o.optString()))
	}
}

// matches compares a message with CPython's, where "*" stands for any text.
func matches(got, want string) bool {
	before, after, wild := strings.Cut(want, "*")
	if !wild {
		return got == want
	}
	return strings.HasPrefix(got, before) && strings.HasSuffix(got, after) && len(got) >= len(before)+len(after)
}
