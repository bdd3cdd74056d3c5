package modules

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/exceptions"
)

// TestConfigparserMatchesCPython runs testdata/configparser.json
// (gen_configparser.py): RawConfigParser and ConfigParser reading INI
// texts good and bad, their answers with and without interpolation,
// their changes, and the exceptions' messages, as CPython 3.11's.
func TestConfigparserMatchesCPython(t *testing.T) {
	runCases(t, "testdata/configparser.json", NewConfigparser())
}

// TestSectionProxy: parser[section] reads and sets options, knows which
// it has and iterates over them (the defaults after the section's own),
// as Python's mapping access does.
func TestSectionProxy(t *testing.T) {
	env := starlark.StringDict{"configparser": NewConfigparser()}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	src := `
p = configparser.ConfigParser()
p.read_string("[DEFAULT]\nd = 1\n[s]\nA = x\nb = %(d)s2\n")
s = p["s"]
s["c"] = "new"
e, _ = catch(lambda: s["nope"])
e2, _2 = catch(lambda: p["nope"])
result = (s["a"], s["b"], "a" in s, "nope" in s, [k for k in s], len(s), s.get("nope", "fb"), s.getint("b"), s.name,
          p.get("s", "c"), str(e), type(e2) == type(e), "s" in p, "DEFAULT" in p, [k for k in p])
`
	globals, err := starlark.ExecFileOptions(&syntax.FileOptions{}, &starlark.Thread{}, "p.star", src, env)
	if err != nil {
		t.Fatal(err)
	}
	want := `("x", "12", True, False, ["a", "b", "c", "d"], 4, "fb", 12, "s", "new", "'nope'", True, True, True, ["DEFAULT", "s"])`
	if got := globals["result"].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
