// Package pyfmt is Python's printf-style formatting (format % args) for
// Starlark, whose own % operator has no flags, width or precision.
//
// Supported, as CPython 3.11: the conversions d i u o x X e E f F g G c r
// s a and %%; the flags - + space # 0; width and precision, each a number
// or * (taken from the arguments); %(key)s with a single dict argument;
// %c of an int or a one-character string. %s of a str keeps its bytes
// exactly (str may hold any bytes); %r and %a are Starlark's repr. Width
// and precision are capped at 1<<20 so that a script cannot allocate
// gigabytes by mistake.
package pyfmt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// maxWidth bounds width and precision.
const maxWidth = 1 << 20

// Builtin is the Starlark built-in sprintf(format, *args).
var Builtin = starlark.NewBuiltin("sprintf", sprintf)

func sprintf(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, fmt.Errorf("sprintf: unexpected keyword argument %s", kwargs[0][0])
	}
	if len(args) == 0 {
		return nil, fmt.Errorf("sprintf: missing argument for format")
	}
	format, ok := starlark.AsString(args[0])
	if !ok {
		return nil, fmt.Errorf("sprintf: for parameter format: got %s, want string", args[0].Type())
	}
	s, err := Sprintf(format, args[1:])
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

type spec struct {
	minus, plus, space, alt, zero bool
	width, prec                   int // prec < 0: none
}

// Sprintf formats args with format as Python's `format % args` does. A
// single *starlark.Dict argument serves %(name)s keys.
func Sprintf(format string, args starlark.Tuple) (string, error) {
	var out strings.Builder
	var mapping *starlark.Dict
	if len(args) == 1 {
		mapping, _ = args[0].(*starlark.Dict)
	}
	argi := 0
	usedMapping := false
	next := func() (starlark.Value, error) {
		if argi >= len(args) {
			return nil, fmt.Errorf("sprintf: not enough arguments for format string")
		}
		argi++
		return args[argi-1], nil
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			j := strings.IndexByte(format[i:], '%')
			if j < 0 {
				out.WriteString(format[i:])
				break
			}
			out.WriteString(format[i : i+j])
			i += j - 1
			continue
		}
		i++
		if i >= len(format) {
			return "", fmt.Errorf("sprintf: incomplete format")
		}
		var arg starlark.Value
		if format[i] == '(' {
			if mapping == nil {
				return "", fmt.Errorf("sprintf: format requires a mapping")
			}
			depth, j := 1, i+1
			for ; j < len(format) && depth > 0; j++ {
				if format[j] == '(' {
					depth++
				} else if format[j] == ')' {
					depth--
				}
			}
			if depth > 0 {
				return "", fmt.Errorf("sprintf: incomplete format key")
			}
			key := format[i+1 : j-1]
			v, found, err := mapping.Get(starlark.String(key))
			if err != nil {
				return "", fmt.Errorf("sprintf: %v", err)
			}
			if !found {
				return "", fmt.Errorf("sprintf: key '%s' not found", key)
			}
			arg = v
			usedMapping = true
			i = j
		}
		sp := spec{prec: -1}
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				sp.minus = true
			case '+':
				sp.plus = true
			case ' ':
				sp.space = true
			case '#':
				sp.alt = true
			case '0':
				sp.zero = true
			default:
				break flags
			}
		}
		// width
		if i < len(format) && format[i] == '*' {
			v, err := next()
			if err != nil {
				return "", err
			}
			w, err := starlark.AsInt32(v)
			if err != nil {
				return "", fmt.Errorf("sprintf: * wants int")
			}
			if w < 0 {
				sp.minus = true
				w = -w
			}
			sp.width = w
			i++
		} else {
			for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
				sp.width = sp.width*10 + int(format[i]-'0')
				if sp.width > maxWidth {
					return "", fmt.Errorf("sprintf: width too big")
				}
			}
		}
		// precision
		if i < len(format) && format[i] == '.' {
			i++
			sp.prec = 0
			if i < len(format) && format[i] == '*' {
				v, err := next()
				if err != nil {
					return "", err
				}
				p, err := starlark.AsInt32(v)
				if err != nil {
					return "", fmt.Errorf("sprintf: * wants int")
				}
				if p < 0 {
					p = 0
				}
				sp.prec = p
				i++
			} else {
				for ; i < len(format) && format[i] >= '0' && format[i] <= '9'; i++ {
					sp.prec = sp.prec*10 + int(format[i]-'0')
					if sp.prec > maxWidth {
						return "", fmt.Errorf("sprintf: precision too big")
					}
				}
			}
		}
		if sp.width > maxWidth || sp.prec > maxWidth {
			return "", fmt.Errorf("sprintf: width too big")
		}
		// length modifiers are accepted and ignored, as Python does
		for i < len(format) && (format[i] == 'h' || format[i] == 'l' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return "", fmt.Errorf("sprintf: incomplete format")
		}
		conv := format[i]
		if conv == '%' {
			out.WriteByte('%')
			continue
		}
		if arg == nil {
			v, err := next()
			if err != nil {
				return "", err
			}
			arg = v
		}
		s, err := convert(conv, sp, arg, i)
		if err != nil {
			return "", err
		}
		out.WriteString(s)
	}
	if argi < len(args) && !usedMapping && !(mapping != nil && argi == 0) {
		return "", fmt.Errorf("sprintf: not all arguments converted during string formatting")
	}
	return out.String(), nil
}

func convert(conv byte, sp spec, arg starlark.Value, index int) (string, error) {
	switch conv {
	case 's':
		return text(sp, str(arg)), nil
	case 'r', 'a':
		if r, ok := arg.(interface{ Repr() string }); ok {
			return text(sp, r.Repr()), nil // a class's __repr__ over its __str__
		}
		return text(sp, arg.String()), nil
	case 'c':
		var ch string
		switch v := arg.(type) {
		case starlark.Int:
			n, ok := v.Int64()
			if !ok || n < 0 || n >= 0x110000 {
				return "", fmt.Errorf("sprintf: %%c arg not in range(0x110000)")
			}
			ch = string(rune(n))
		case starlark.String:
			if utf8.RuneCountInString(string(v)) != 1 {
				return "", fmt.Errorf("sprintf: %%c requires int or char")
			}
			ch = string(v)
		default:
			return "", fmt.Errorf("sprintf: %%c requires int or char")
		}
		sp.prec = -1
		return text(sp, ch), nil
	case 'd', 'i', 'u':
		n, err := integer(conv, arg, true)
		if err != nil {
			return "", err
		}
		return intText(sp, n, 10, ""), nil
	case 'o', 'x', 'X':
		n, err := integer(conv, arg, false)
		if err != nil {
			return "", err
		}
		base, prefix := 16, ""
		switch conv {
		case 'o':
			base, prefix = 8, "0o"
		case 'x':
			prefix = "0x"
		case 'X':
			prefix = "0X"
		}
		if !sp.alt {
			prefix = ""
		}
		s := intText(sp, n, base, prefix)
		if conv == 'X' {
			s = strings.ToUpper(s)
		}
		return s, nil
	case 'e', 'E', 'f', 'F', 'g', 'G':
		f, ok := starlark.AsFloat(arg)
		if _, isStr := arg.(starlark.String); !ok || isStr {
			return "", fmt.Errorf("sprintf: must be real number, not %s", arg.Type())
		}
		return floatText(sp, conv, f), nil
	}
	return "", fmt.Errorf("sprintf: unsupported format character '%c' (0x%x) at index %d", conv, conv, index)
}

// str is Python's str(): a string unquoted, anything else as printed.
func str(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	if b, ok := v.(starlark.Bytes); ok {
		return string(b)
	}
	return v.String()
}

func integer(conv byte, arg starlark.Value, acceptFloat bool) (*big.Int, error) {
	switch v := arg.(type) {
	case starlark.Int:
		return v.BigInt(), nil
	case starlark.Bool:
		if v {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	case starlark.Float:
		if !acceptFloat {
			return nil, fmt.Errorf("sprintf: %%%c format: an integer is required, not float", conv)
		}
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("sprintf: cannot convert float %s to integer", v.String())
		}
		n, _ := big.NewFloat(math.Trunc(f)).Int(nil)
		return n, nil
	}
	if acceptFloat {
		return nil, fmt.Errorf("sprintf: %%%c format: a real number is required, not %s", conv, arg.Type())
	}
	return nil, fmt.Errorf("sprintf: %%%c format: an integer is required, not %s", conv, arg.Type())
}

// sign is the sign part of a number.
func sign(sp spec, negative bool) string {
	switch {
	case negative:
		return "-"
	case sp.plus:
		return "+"
	case sp.space:
		return " "
	}
	return ""
}

func intText(sp spec, n *big.Int, base int, prefix string) string {
	digits := new(big.Int).Abs(n).Text(base)
	if sp.prec > len(digits) {
		digits = strings.Repeat("0", sp.prec-len(digits)) + digits
	}
	return pad(sp, sign(sp, n.Sign() < 0)+prefix, digits, true)
}

func floatText(sp spec, conv byte, f float64) string {
	neg := math.Signbit(f)
	if neg {
		f = -f
	}
	prec := sp.prec
	if prec < 0 {
		prec = 6
	}
	var body string
	switch {
	case math.IsInf(f, 0):
		body = "inf"
	case math.IsNaN(f):
		body, neg = "nan", false
	default:
		switch conv {
		case 'f', 'F':
			body = strconv.FormatFloat(f, 'f', prec, 64)
			if sp.alt && prec == 0 {
				body += "."
			}
		case 'e', 'E':
			body = strconv.FormatFloat(f, 'e', prec, 64)
			if sp.alt && prec == 0 {
				body = strings.Replace(body, "e", ".e", 1)
			}
		case 'g', 'G':
			body = gFormat(f, prec, sp.alt)
		}
	}
	if conv == 'E' || conv == 'F' || conv == 'G' {
		body = strings.ToUpper(body)
	}
	return pad(sp, sign(sp, neg), body, true)
}

// gFormat is Python's %g: precision significant digits, exponent form
// when the exponent is < -4 or >= precision, trailing zeros removed
// unless alt.
func gFormat(f float64, prec int, alt bool) string {
	if prec == 0 {
		prec = 1
	}
	if f == 0 {
		if alt {
			return "0." + strings.Repeat("0", prec-1)
		}
		return "0"
	}
	e := strconv.FormatFloat(f, 'e', prec-1, 64)
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	var out string
	if exp < -4 || exp >= prec {
		if !alt {
			mant = trimZeros(mant)
		} else if !strings.Contains(mant, ".") {
			mant += "."
		}
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		out = fmt.Sprintf("%se%s%02d", mant, sign, exp)
	} else {
		out = strconv.FormatFloat(f, 'f', prec-1-exp, 64)
		if !alt {
			out = trimZeros(out)
		} else if !strings.Contains(out, ".") {
			out += "."
		}
	}
	return out
}

func trimZeros(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

// pad applies width: left-justified with '-', zero-filled after the sign
// and prefix with '0' (numbers only), else right-justified with spaces.
func pad(sp spec, head, body string, numeric bool) string {
	n := utf8.RuneCountInString(head) + utf8.RuneCountInString(body)
	if sp.width <= n {
		return head + body
	}
	fill := sp.width - n
	switch {
	case sp.minus:
		return head + body + strings.Repeat(" ", fill)
	case sp.zero && numeric:
		return head + strings.Repeat("0", fill) + body
	}
	return strings.Repeat(" ", fill) + head + body
}

// text formats a string conversion: precision truncates, width pads.
func text(sp spec, s string) string {
	if sp.prec >= 0 {
		if utf8.ValidString(s) {
			if utf8.RuneCountInString(s) > sp.prec {
				i, k := 0, 0
				for k < sp.prec {
					_, size := utf8.DecodeRuneInString(s[i:])
					i += size
					k++
				}
				s = s[:i]
			}
		} else if len(s) > sp.prec {
			s = s[:sp.prec]
		}
	}
	return pad(sp, "", s, false)
}
