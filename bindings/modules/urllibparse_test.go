package modules

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestURLParseMatchesCPython runs testdata/urllib_parse.json
// (gen_urllib.py): splitting and parsing URLs of every shape (schemes,
// netlocs with users, ports, IPv6 and IPvFuture hosts, params, controls
// to strip) with their attributes and geturl(), putting them back,
// RFC 3986's relative references against several bases, quoting and
// unquoting, query strings each way, and the errors.
func TestURLParseMatchesCPython(t *testing.T) {
	runCases(t, "testdata/urllib_parse.json", NewURLParse())
}

// TestParseQSListsAreIndependent: parse_qs makes its lists in shared
// arrays; growing or changing one list leaves the others as they were.
func TestParseQSListsAreIndependent(t *testing.T) {
	parse, _ := NewURLParse().Attr("parse_qs")
	d, err := starlark.Call(&starlark.Thread{}, parse, starlark.Tuple{starlark.String("a=1&b=2&a=3&c=4&d=5")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	list := func(k string) *starlark.List {
		v, _, _ := d.(*starlark.Dict).Get(starlark.String(k))
		return v.(*starlark.List)
	}
	list("b").Append(starlark.String("x"))
	list("c").Append(starlark.String("y"))
	list("d").SetIndex(0, starlark.String("z"))
	list("a").Append(starlark.String("w"))
	if got, want := d.String(), `{"a": ["1", "3", "w"], "b": ["2", "x"], "c": ["4", "y"], "d": ["z"]}`; got != want {
		t.Errorf("parse_qs then changes: %s, want %s", got, want)
	}
}
