package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): the interpreter's shortcuts for the commonest
// operands of a comparison, an addition and a slice, small ints and
// strings, which give the results the general paths give.

import (
	"strings"

	"go.starlark.net/internal/compile"
	"go.starlark.net/syntax"
)

// smallInts returns x and y as int64s if both are ints that fit in 32
// bits.
func smallInts(x, y Value) (xi, yi int64, ok bool) {
	xint, ok1 := x.(Int)
	yint, ok2 := y.(Int)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	xi, xbig := xint.get()
	yi, ybig := yint.get()
	return xi, yi, xbig == nil && ybig == nil
}

// compareInts is Compare(op, x, y) for two ints xi and yi.
func compareInts(op syntax.Token, xi, yi int64) bool {
	switch op {
	case syntax.EQL:
		return xi == yi
	case syntax.NEQ:
		return xi != yi
	case syntax.LT:
		return xi < yi
	case syntax.LE:
		return xi <= yi
	case syntax.GT:
		return xi > yi
	}
	return xi >= yi // GE
}

// compareFast is Compare(op, x, y) for two small ints, two strings, and
// None compared by == or != with a value that does not compare itself
// with other types (patch 38); ok is false for other operands, which
// take the general path (and its errors).
func compareFast(op syntax.Token, x, y Value) (result, ok bool) {
	switch x := x.(type) {
	case Int:
		if y, ok := y.(Int); ok {
			xi, xbig := x.get()
			yi, ybig := y.get()
			return compareInts(op, xi, yi), xbig == nil && ybig == nil
		}
	case String:
		switch y := y.(type) {
		case String:
			switch op {
			case syntax.EQL:
				return x == y, true
			case syntax.NEQ:
				return x != y, true
			}
			return threeway(op, strings.Compare(string(x), string(y))), true
		case NoneType:
			return op == syntax.NEQ, op == syntax.EQL || op == syntax.NEQ
		}
	case NoneType:
		switch y.(type) {
		case NoneType:
			return op == syntax.EQL, op == syntax.EQL || op == syntax.NEQ
		case String:
			return op == syntax.NEQ, op == syntax.EQL || op == syntax.NEQ
		}
		return noneAnd(op, y)
	}
	if _, ok := y.(NoneType); ok {
		return noneAnd(op, x)
	}
	return false, false
}

// noneAnd is compareFast for None and x, of another type: unequal,
// unless x compares itself with values of other types
// (MixedComparable), which the general path asks.
func noneAnd(op syntax.Token, x Value) (result, ok bool) {
	if op != syntax.EQL && op != syntax.NEQ {
		return false, false
	}
	if _, mixed := x.(MixedComparable); mixed {
		return false, false
	}
	return op == syntax.NEQ, true
}

// compareOps is the comparison op (compile.LT to compile.NEQ, or
// compile.IN) of x and y, through compareFast where it answers.
func compareOps(op compile.Opcode, x, y Value) (bool, error) {
	if op == compile.IN {
		// x in y: the commonest containers are asked
		// directly, others through Binary (the comment
		// keeps compareFast's call on the line the PGO
		// profile knows)
		return contains(y, x)
	}
	tok := syntax.Token(op-compile.EQL) + syntax.EQL
	if ok, fast := compareFast(tok, x, y); fast {
		return ok, nil
	}
	return Compare(tok, x, y)
}

// contains is x in y. The commonest containers are asked directly, as
// Binary's IN asks them, without its switches and interface
// conversions; it is out of compareOps, so that compareFast stays
// inlined there. (pyasync patch)
func contains(y, x Value) (bool, error) {
	switch y := y.(type) {
	case String:
		return y.Has(x)
	case Tuple:
		return y.Has(x)
	case *List:
		return y.Has(x)
	case *Dict:
		_, found, _ := y.Get(x) // errors ignored, as Binary does
		return found, nil
	}
	z, err := Binary(syntax.IN, x, y)
	if err != nil {
		return false, err
	}
	return bool(z.Truth()), nil
}

// addSmallInts is x + y for two small ints (their sum fits in an
// int64); ok is false for other operands.
func addSmallInts(x, y Value) (Value, bool) {
	xi, yi, ok := smallInts(x, y)
	if !ok {
		return nil, false
	}
	return MakeInt64(xi + yi), true
}

// sliceString is x[lo:hi] for a string x, bounds that are small ints or
// None and no step; ok is false for other operands. The whole of x is x
// itself, with no new string header.
func sliceString(x, lo, hi, step Value) (Value, bool) {
	s, ok := x.(String)
	if _, none := step.(NoneType); !ok || !none {
		return nil, false
	}
	n := len(s)
	start, ok1 := sliceBound(lo, n, 0)
	end, ok2 := sliceBound(hi, n, n)
	if !ok1 || !ok2 {
		return nil, false
	}
	if end < start {
		end = start
	}
	if start == 0 && end == n {
		return x, true
	}
	return s[start:end], true
}

// sliceBound is a slice's bound v of a sequence of n elements, clamped
// to [0, n]: def when v is None; ok is false when v is not a small int.
func sliceBound(v Value, n, def int) (int, bool) {
	if _, ok := v.(NoneType); ok {
		return def, true
	}
	i, ok := v.(Int)
	if !ok {
		return 0, false
	}
	small, big := i.get()
	if big != nil {
		return 0, false
	}
	b := int(small)
	if b < 0 {
		b += n
	}
	return min(max(b, 0), n), true
}
