package pybuiltins

import (
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// TestBuiltinsTakeArgsInPlace: the built-in functions, and the class
// system's isinstance, issubclass, setattr and repr, are marked to take
// their arguments in place, and calls of them in a loop see the
// arguments they were given.
func TestBuiltinsTakeArgsInPlace(t *testing.T) {
	env := New(Config{})
	for name, v := range env {
		if b, ok := v.(*starlark.Builtin); ok && !b.TakesArgsInPlace() {
			t.Errorf("%s does not take its arguments in place", name)
		}
	}
	for _, name := range []string{"isinstance", "issubclass", "setattr", "repr"} {
		if !class.Builtins[name].(*starlark.Builtin).TakesArgsInPlace() {
			t.Errorf("%s does not take its arguments in place", name)
		}
	}
	for k, v := range class.Builtins {
		env[k] = v
	}
	g, err := starlark.ExecFile(&starlark.Thread{}, "inplace.star", `
got = [(hex(x), divmod(x, 3), round(x / 2), isinstance(x, int), repr(str(x))) for x in [7, 10, 255]]
`, env)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := g["got"].String(), `[("0x7", (2, 1), 4, True, "\"7\""), ("0xa", (3, 1), 5, True, "\"10\""), ("0xff", (85, 0), 128, True, "\"255\"")]`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestIterOverList: iter(list) is one iterator, whether next() or a for
// loop takes its items, and it sees what is appended meanwhile, as
// Python's list iterator does.
func TestIterOverList(t *testing.T) {
	g, err := starlark.ExecFile(&starlark.Thread{}, "iter.star", `
def run():
    l = [1, 2, 3]
    it = iter(l)
    first = next(it)
    rest = []
    for x in it:
        rest.append(x)
        if x == 2:
            l.append(4)
    return first, rest, next(it, "end"), it
first, rest, after, it = run()
same = iter(it) == it
nested = [(a, b) for a in iter([1, 2]) for b in iter([3, 4])]
`, New(Config{}))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"first": "1", "rest": "[2, 3, 4]", "after": `"end"`, "same": "True",
		"nested": "[(1, 3), (1, 4), (2, 3), (2, 4)]",
	} {
		if got := g[name].String(); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
