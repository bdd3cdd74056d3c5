package starlark

// Tests of fastpath.go (not upstream): the shortcuts give what the
// general paths give.

import (
	"math"
	"testing"

	"go.starlark.net/internal/compile"
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
	// every value (none here compares itself with other types)
	if want := 3*3*6 + 4*4*6 + (2*len(values)-1)*2; fast != want {
		t.Errorf("the shortcut answered %d comparisons, want %d", fast, want)
	}
}

// equalsNone says it equals None, as a Python object's __eq__ may.
type equalsNone struct{}

func (equalsNone) String() string        { return "equalsNone" }
func (equalsNone) Type() string          { return "equalsNone" }
func (equalsNone) Freeze()               {}
func (equalsNone) Truth() Bool           { return true }
func (equalsNone) Hash() (uint32, error) { return 0, nil }
func (equalsNone) CompareMixed(op syntax.Token, y Value, side Side, depth int) (bool, bool, error) {
	_, none := y.(NoneType)
	return none == (op == syntax.EQL), none, nil
}

func TestCompareFastLeavesMixedComparables(t *testing.T) {
	for _, c := range [][2]Value{{equalsNone{}, None}, {None, equalsNone{}}} {
		if _, ok := compareFast(syntax.EQL, c[0], c[1]); ok {
			t.Errorf("%v == %v: the shortcut answered", c[0], c[1])
		}
		if eq, err := Compare(syntax.EQL, c[0], c[1]); err != nil || !eq {
			t.Errorf("%v == %v: %v, %v", c[0], c[1], eq, err)
		}
	}
}

// compareOps answers x in y for the containers it takes without Binary
// (strings, tuples, lists, dicts) as Binary does, errors included.
func TestCompareOpsIn(t *testing.T) {
	d := NewDict(1)
	d.SetKey(String("host"), None)
	containers := []Value{
		String("GET /x HTTP/1.1\r"), String(""),
		Tuple{String("GET"), String("HEAD")}, Tuple{},
		NewList([]Value{MakeInt(1), String("a")}), NewList(nil),
		d, NewDict(0),
	}
	needles := []Value{String("\r"), String(""), String("GET"), String("host"), String("a"), MakeInt(1), None, NewList(nil)}
	for _, y := range containers {
		for _, x := range needles {
			got, gotErr := compareOps(compile.IN, x, y)
			z, wantErr := Binary(syntax.IN, x, y)
			if (gotErr != nil) != (wantErr != nil) || gotErr != nil && gotErr.Error() != wantErr.Error() {
				t.Errorf("%s in %s: error %v, want %v", x, y, gotErr, wantErr)
				continue
			}
			if wantErr == nil && got != bool(z.Truth()) {
				t.Errorf("%s in %s: %t, want %v", x, y, got, z)
			}
		}
	}
}
