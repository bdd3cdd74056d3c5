package starlark

// Tests of fastpath.go (not upstream): the shortcuts give what the
// general paths give.

import (
	"math"
	"testing"

	"go.starlark.net/syntax"
)

func TestCompareFastAgreesWithCompare(t *testing.T) {
	values := []Value{
		None, True, String(""), String("a"), String("ab"), String("b"),
		MakeInt(-1), MakeInt(0), MakeInt(1), MakeInt64(math.MaxInt64), Float(1),
		Tuple{String("a")}, NewList(nil),
	}
	ops := []syntax.Token{syntax.EQL, syntax.NEQ, syntax.LT, syntax.LE, syntax.GT, syntax.GE}
	fast := 0
	for _, x := range values {
		for _, y := range values {
			for _, op := range ops {
				got, ok := compareFast(op, x, y)
				if !ok {
					continue
				}
				fast++
				want, err := Compare(op, x, y)
				if err != nil || got != want {
					t.Errorf("%v %v %v: shortcut %v, Compare %v, %v", x, op, y, got, want, err)
				}
			}
		}
	}
	// ints with ints, strings with strings, and == and != of None with
	// None and strings
	if want := 3*3*6 + 4*4*6 + (1+4+4)*2; fast != want {
		t.Errorf("the shortcut answered %d comparisons, want %d", fast, want)
	}
}
