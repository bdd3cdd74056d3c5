package pybuiltins

import (
	"math"
	"math/big"
	"strconv"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// abs(x): |x| of an int or float, or an object's __abs__.
func abs(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	switch x := x.(type) {
	case starlark.Int:
		if x.Sign() < 0 {
			return starlark.MakeInt(0).Sub(x), nil
		}
		return x, nil
	case starlark.Float:
		return starlark.Float(math.Abs(float64(x))), nil
	case starlark.Bool:
		return boolInt(x), nil
	}
	if v, ok, err := class.CallSpecial(x, "__abs__"); ok {
		return v, err
	}
	return nil, pyerr.Errorf("TypeError", "bad operand type for abs(): '%s'", class.TypeName(x))
}

func boolInt(b starlark.Bool) starlark.Int {
	if b {
		return starlark.MakeInt(1)
	}
	return starlark.MakeInt(0)
}

// index is x as an int, as Python's operator.index: an int, a bool, or
// an object's __index__.
func index(x starlark.Value) (starlark.Int, error) {
	switch x := x.(type) {
	case starlark.Int:
		return x, nil
	case starlark.Bool:
		return boolInt(x), nil
	}
	if v, ok, err := class.CallSpecial(x, "__index__"); ok {
		if err != nil {
			return starlark.Int{}, err
		}
		if n, isInt := v.(starlark.Int); isInt {
			return n, nil
		}
		return starlark.Int{}, pyerr.Errorf("TypeError", "__index__ returned non-int (type %s)", class.TypeName(v))
	}
	return starlark.Int{}, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", class.TypeName(x))
}

// radix makes hex, oct and bin: the int in base with prefix, the sign
// before it ('-0xff').
func radix(base int, prefix string) func(*starlark.Thread, starlark.Value) (starlark.Value, error) {
	return func(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
		n, err := index(x)
		if err != nil {
			return nil, err
		}
		digits := n.BigInt().Text(base)
		if digits[0] == '-' {
			return starlark.String("-" + prefix + digits[1:]), nil
		}
		return starlark.String(prefix + digits), nil
	}
}

// divmod(a, b): (a // b, a % b), Python's floored division and modulo,
// or an object's __divmod__ (__rdivmod__ of b).
func divmod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y starlark.Value
	if err := starlark.UnpackPositionalArgs("divmod", args, kwargs, 2, &x, &y); err != nil {
		return nil, err
	}
	if v, ok, err := class.CallSpecial(x, "__divmod__", y); ok && (err != nil || v != class.NotImplemented) {
		return v, err
	}
	if v, ok, err := class.CallSpecial(y, "__rdivmod__", x); ok && (err != nil || v != class.NotImplemented) {
		return v, err
	}
	if !isNumber(x) || !isNumber(y) {
		return nil, pyerr.Errorf("TypeError", "unsupported operand type(s) for divmod(): '%s' and '%s'", class.TypeName(x), class.TypeName(y))
	}
	if isZero(y) {
		if _, ok := x.(starlark.Float); ok {
			return nil, pyerr.Errorf("ZeroDivisionError", "float divmod()")
		}
		if _, ok := y.(starlark.Float); ok {
			return nil, pyerr.Errorf("ZeroDivisionError", "float divmod()")
		}
		return nil, pyerr.Errorf("ZeroDivisionError", "integer division or modulo by zero")
	}
	x, y = number(x), number(y)
	q, err := starlark.Binary(syntax.SLASHSLASH, x, y)
	if err != nil {
		return nil, err
	}
	r, err := starlark.Binary(syntax.PERCENT, x, y)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{q, r}, nil
}

func isNumber(x starlark.Value) bool {
	switch x.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return true
	}
	return false
}

// number is x with a bool as the int it stands for.
func number(x starlark.Value) starlark.Value {
	if b, ok := x.(starlark.Bool); ok {
		return boolInt(b)
	}
	return x
}

func isZero(x starlark.Value) bool {
	switch x := number(x).(type) {
	case starlark.Int:
		return x.Sign() == 0
	case starlark.Float:
		return x == 0
	}
	return false
}

// round(number, ndigits=None): Python 3's, rounding half to even: an int
// when ndigits is None, else a number of number's type.
func round(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, nd starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("round", args, kwargs, "number", &x, "ndigits?", &nd); err != nil {
		return nil, err
	}
	if _, ok := x.(*class.Instance); ok {
		var rargs []starlark.Value
		if nd != starlark.None {
			rargs = append(rargs, nd)
		}
		if v, ok, err := class.CallSpecial(x, "__round__", rargs...); ok {
			return v, err
		}
	}
	var n int
	if nd != starlark.None {
		m, err := index(nd)
		if err != nil {
			return nil, err
		}
		n64, ok := m.Int64()
		if !ok || n64 > 1<<30 || n64 < -(1<<30) {
			n64 = int64(m.Sign()) << 30 // beyond any precision
		}
		n = int(n64)
	}
	switch x := number(x).(type) {
	case starlark.Int:
		if nd == starlark.None || n >= 0 {
			return x, nil
		}
		return roundInt(x, -n), nil
	case starlark.Float:
		f := float64(x)
		if nd == starlark.None {
			if math.IsInf(f, 0) {
				return nil, pyerr.Errorf("OverflowError", "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, pyerr.Errorf("ValueError", "cannot convert float NaN to integer")
			}
			return starlark.NumberToInt(starlark.Float(math.RoundToEven(f)))
		}
		return starlark.Float(roundFloat(f, n)), nil
	}
	return nil, pyerr.Errorf("TypeError", "type %s doesn't define __round__ method", class.TypeName(x))
}

// roundInt rounds x to a multiple of 10**k, half to even.
func roundInt(x starlark.Int, k int) starlark.Int {
	if k > 4000 {
		return starlark.MakeInt(0)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
	q := new(big.Rat).SetFrac(x.BigInt(), unit)
	return starlark.MakeBigInt(new(big.Int).Mul(ratRoundEven(q), unit))
}

// roundFloat rounds f to n decimal digits (n < 0: to tens, hundreds...),
// half to even on the exact binary value, as Python's correctly rounded
// round() does.
func roundFloat(f float64, n int) float64 {
	if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 || n > 340 {
		return f
	}
	if n >= 0 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', n, 64), 64)
		return math.Copysign(r, f)
	}
	if n < -330 {
		return math.Copysign(0, f)
	}
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-n)), nil)
	exact := new(big.Rat)
	exact.SetFloat64(f)
	q := exact.Quo(exact, new(big.Rat).SetInt(unit))
	r, _ := new(big.Rat).SetInt(new(big.Int).Mul(ratRoundEven(q), unit)).Float64()
	return math.Copysign(r, f)
}

// ratRoundEven is q rounded to the nearest integer, half to even.
func ratRoundEven(q *big.Rat) *big.Int {
	num, den := q.Num(), q.Denom()
	quo, rem := new(big.Int).QuoRem(num, den, new(big.Int)) // truncated
	twice := new(big.Int).Mul(new(big.Int).Abs(rem), big.NewInt(2))
	switch c := twice.Cmp(den); {
	case c > 0, c == 0 && quo.Bit(0) == 1:
		if num.Sign() < 0 {
			quo.Sub(quo, big.NewInt(1))
		} else {
			quo.Add(quo, big.NewInt(1))
		}
	}
	return quo
}
