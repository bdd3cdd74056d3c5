package modules

import (
	"testing"

	"go.starlark.net/starlark"
)

// TestModulesTakeArgsInPlace: the functions of os, os.path, mimetypes
// and urllib.parse, and the methods of patterns and matches, are marked
// to take their arguments in place (argsInPlace), and calls of them in
// a loop see the arguments they were given.
func TestModulesTakeArgsInPlace(t *testing.T) {
	th := &starlark.Thread{}
	env := starlark.StringDict{
		"os": NewOS(), "mimetypes": NewMimetypes(), "urllib": NewURLLib(), "re": NewRe(),
	}
	g, err := starlark.ExecFile(th, "inplace.star", `
p = re.compile("([a-z]+)([0-9]*)")
m = p.fullmatch("ab12")
fns = [os.open, os.read, os.close, os.path.realpath, os.path.isfile, os.path.join,
       mimetypes.guess_type, urllib.parse.unquote, urllib.parse.urlsplit,
       p.fullmatch, p.search, p.sub, m.group, m.span]
got = [(os.path.join("a", x, "c"), urllib.parse.unquote(x + "%41"), p.fullmatch(x).group(1, 2))
       for x in ["b1", "d2", "e3"]]
`, env)
	if err != nil {
		t.Fatal(err)
	}
	for fn := range g["fns"].(*starlark.List).Elements() {
		if !fn.(*starlark.Builtin).TakesArgsInPlace() {
			t.Errorf("%s does not take its arguments in place", fn)
		}
	}
	if got, want := g["got"].String(), `[("a/b1/c", "b1A", ("b", "1")), ("a/d2/c", "d2A", ("d", "2")), ("a/e3/c", "e3A", ("e", "3"))]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
