package modules

import (
	"io"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestSysStdinReadsLikePython: readline with and without a size, read,
// readlines and iteration over what is left, "" at the end, as CPython's
// sys.stdin reading "ab\ncd\nef\ngh" does.
func TestSysStdinReadsLikePython(t *testing.T) {
	sys := NewSys([]string{"t"}, strings.NewReader("ab\ncd\nef\ngh\nij"), io.Discard, io.Discard, 0, 1, "x")
	th := &starlark.Thread{}
	globals, err := starlark.ExecFile(th, "t.star", `
r = [sys.stdin.readline(1), sys.stdin.readline(), sys.stdin.readline(-1), sys.stdin.read(2)]
r.append(sys.stdin.readlines(None))
r.append([line for line in sys.stdin])
r.append(sys.stdin.readline())
r.append(sys.stdin.read(None))
r.append(sys.stdin.isatty())
`, starlark.StringDict{"sys": sys})
	if err != nil {
		t.Fatal(err)
	}
	want := `["a", "b\n", "cd\n", "ef", ["\n", "gh\n", "ij"], [], "", "", False]`
	if got := globals["r"].String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestSysStdinRefusesBadSizes: sizes must be ints (or None, but not for
// readline), as io's.
func TestSysStdinRefusesBadSizes(t *testing.T) {
	sys := NewSys(nil, strings.NewReader(""), io.Discard, io.Discard, 0, 1, "x")
	for _, src := range []string{`sys.stdin.readline("x")`, `sys.stdin.readline(None)`, `sys.stdin.readline(1.5)`} {
		_, err := starlark.Eval(&starlark.Thread{}, "t.star", src, starlark.StringDict{"sys": sys})
		if err == nil || !strings.Contains(err.Error(), "cannot be interpreted as an integer") {
			t.Errorf("%s: %v", src, err)
		}
	}
}
