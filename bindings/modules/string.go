package modules

import (
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewString makes the string module: Python 3's constants and capwords,
// and the functions of Python 2.7's string module that old programs call,
// with Python 2's semantics for byte strings (ASCII case mapping,
// " \t\n\r\v\f" as whitespace) and its errors:
//
//	ascii_letters ascii_lowercase ascii_uppercase digits hexdigits octdigits
//	punctuation printable whitespace letters lowercase uppercase
//	join(words, sep=" ") joinfields split(s, sep=None, maxsplit=-1) splitfields
//	rsplit lower upper swapcase capitalize capwords(s, sep=None)
//	strip(s, chars=None) lstrip rstrip find(s, sub, start=None, end=None)
//	rfind index rindex count replace(s, old, new, maxreplace=-1)
//	atoi(s, base=10) atol atof zfill(x, width) ljust(s, width, fillchar=" ")
//	rjust center expandtabs(s, tabsize=8) maketrans(frm, to)
//	translate(s, table, deletions="")
//
// A function given something other than a str (or bytes) fails as Python
// 2's, which called the str method: "'int' object has no attribute 'lower'".
func NewString() *Lazy { return NewLazy("string", stringMembers) }

const (
	lowerLetters = "abcdefghijklmnopqrstuvwxyz"
	upperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits       = "0123456789"
	punctuation  = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	whitespace   = " \t\n\r\v\f" // Python 3's order (Python 2's was "\t\n\v\f\r ")
)

func stringMembers() starlark.StringDict {
	m := starlark.StringDict{}
	for name, v := range map[string]string{
		"ascii_letters": lowerLetters + upperLetters, "ascii_lowercase": lowerLetters, "ascii_uppercase": upperLetters,
		"letters": lowerLetters + upperLetters, "lowercase": lowerLetters, "uppercase": upperLetters,
		"digits": digits, "hexdigits": digits + "abcdefABCDEF", "octdigits": "01234567",
		"punctuation": punctuation, "whitespace": whitespace,
		"printable": digits + lowerLetters + upperLetters + punctuation + whitespace,
	} {
		m[name] = starlark.String(v)
	}
	return builtins(m, map[string]builtinFunc{
		"join": strJoin, "joinfields": strJoin,
		"split": strSplit, "splitfields": strSplit, "rsplit": strSplit,
		"lower": strMap, "upper": strMap, "swapcase": strMap, "capitalize": strMap,
		"capwords": strCapwords,
		"strip":    strStrip, "lstrip": strStrip, "rstrip": strStrip,
		"find": strFind, "rfind": strFind, "index": strFind, "rindex": strFind, "count": strFind,
		"replace": strReplace,
		"atoi":    strAtoi, "atol": strAtoi, "atof": strAtof,
		"zfill": strZfill,
		"ljust": strJustify, "rjust": strJustify, "center": strJustify,
		"expandtabs": strExpandtabs,
		"maketrans":  strMaketrans,
		"translate":  strTranslate,
	})
}

// byteStr is a byte string argument and whether it was bytes, so that the
// result can be the same type.
type byteStr struct {
	s       string
	isBytes bool
}

func (p byteStr) value(s string) starlark.Value {
	if p.isBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// self is the string a Python 2 string function calls method on.
func self(method string, v starlark.Value) (byteStr, error) {
	switch x := v.(type) {
	case starlark.String:
		return byteStr{string(x), false}, nil
	case starlark.Bytes:
		return byteStr{string(x), true}, nil
	}
	return byteStr{}, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", py2Type(v), method)
}

// py2Type is the name Python 2 gives v's type.
func py2Type(v starlark.Value) string {
	switch v.(type) {
	case starlark.String, starlark.Bytes:
		return "str"
	case starlark.Int:
		return "int"
	}
	return v.Type()
}

// strOperand is a string argument to a method: "expected a string or
// other character buffer object" otherwise.
func strOperand(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return string(x), nil
	}
	return "", pyerr.Errorf("TypeError", "expected a string or other character buffer object")
}

// py2Int is an int argument as Python 2's methods take it.
func py2Int(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok || n > math.MaxInt32 || n < math.MinInt32 {
			if x.Sign() < 0 {
				return math.MinInt32, nil
			}
			return 0, pyerr.Errorf("OverflowError", "Python int too large to convert to C ssize_t")
		}
		return int(n), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyerr.Errorf("TypeError", "an integer is required")
}

func isSpace(c byte) bool { return strings.IndexByte(whitespace, c) >= 0 }

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperByte(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// mapBytes is s with fn applied to each byte.
func mapBytes(s string, fn func(i int, c byte) byte) string {
	b := []byte(s)
	for i, c := range b {
		b[i] = fn(i, c)
	}
	return string(b)
}

func caseMap(method, s string) string {
	switch method {
	case "lower":
		return asciiLower(s)
	case "upper":
		return asciiUpper(s)
	case "swapcase":
		return mapBytes(s, func(_ int, c byte) byte {
			if l := lowerByte(c); l != c {
				return l
			}
			return upperByte(c)
		})
	}
	return mapBytes(s, func(i int, c byte) byte { // capitalize
		if i == 0 {
			return upperByte(c)
		}
		return lowerByte(c)
	})
}

// strMap is lower(s), upper(s), swapcase(s), capitalize(s).
func strMap(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v); err != nil {
		return nil, err
	}
	s, err := self(b.Name(), v)
	if err != nil {
		return nil, err
	}
	return s.value(caseMap(b.Name(), s.s)), nil
}

// strJoin is join(words, sep=" "): sep.join(words).
func strJoin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var words starlark.Value
	var sepv starlark.Value = starlark.String(" ")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "words", &words, "sep?", &sepv); err != nil {
		return nil, err
	}
	sep, err := self("join", sepv)
	if err != nil {
		return nil, err
	}
	items, err := py2Items(words)
	if err != nil {
		return nil, err
	}
	parts := make([]string, len(items))
	for i, x := range items {
		switch x := x.(type) {
		case starlark.String:
			parts[i] = string(x)
		case starlark.Bytes:
			parts[i] = string(x)
		default:
			return nil, pyerr.Errorf("TypeError", "sequence item %d: expected string, %s found", i, py2Type(x))
		}
	}
	return sep.value(strings.Join(parts, sep.s)), nil
}

// py2Items is the items of an iterable (a str's characters), or
// "can only join an iterable".
func py2Items(v starlark.Value) ([]starlark.Value, error) {
	if s, ok := v.(starlark.String); ok {
		out := make([]starlark.Value, len(s))
		for i := range out {
			out[i] = s[i : i+1]
		}
		return out, nil
	}
	if _, ok := v.(starlark.Iterable); !ok {
		return nil, pyerr.Errorf("TypeError", "can only join an iterable")
	}
	return iterItems(v)
}

// strSplit is split(s, sep=None, maxsplit=-1), splitfields, rsplit.
func strSplit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var sepv starlark.Value = starlark.None
	var maxv starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v, "sep?", &sepv, "maxsplit?", &maxv); err != nil {
		return nil, err
	}
	method := "split"
	if b.Name() == "rsplit" {
		method = "rsplit"
	}
	s, err := self(method, v)
	if err != nil {
		return nil, err
	}
	maxsplit, err := py2Int(maxv)
	if err != nil {
		return nil, err
	}
	var parts []string
	if sepv == starlark.None {
		parts = splitSpace(s.s, maxsplit, method == "rsplit")
	} else {
		sep, err := strOperand(sepv)
		if err != nil {
			return nil, err
		}
		if sep == "" {
			return nil, pyerr.Errorf("ValueError", "empty separator")
		}
		if maxsplit < 0 {
			parts = strings.Split(s.s, sep)
		} else if method == "split" {
			parts = strings.SplitN(s.s, sep, maxsplit+1)
		} else {
			parts = rsplitN(s.s, sep, maxsplit)
		}
	}
	out := make([]starlark.Value, len(parts))
	for i, p := range parts {
		out[i] = s.value(p)
	}
	return starlark.NewList(out), nil
}

// splitSpace is split() without a separator: runs of whitespace separate,
// and none is left at the ends, except beyond maxsplit splits (from the
// right for rsplit).
func splitSpace(s string, maxsplit int, fromRight bool) []string {
	var parts []string
	if !fromRight {
		i := 0
		for {
			for i < len(s) && isSpace(s[i]) {
				i++
			}
			if i == len(s) {
				return parts
			}
			if maxsplit >= 0 && len(parts) == maxsplit {
				return append(parts, s[i:])
			}
			j := i
			for j < len(s) && !isSpace(s[j]) {
				j++
			}
			parts = append(parts, s[i:j])
			i = j
		}
	}
	j := len(s)
	for {
		for j > 0 && isSpace(s[j-1]) {
			j--
		}
		if j == 0 {
			break
		}
		if maxsplit >= 0 && len(parts) == maxsplit {
			parts = append(parts, s[:j])
			break
		}
		i := j
		for i > 0 && !isSpace(s[i-1]) {
			i--
		}
		parts = append(parts, s[i:j])
		j = i
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return parts
}

// rsplitN splits s at its last n occurrences of sep.
func rsplitN(s, sep string, n int) []string {
	var parts []string
	for len(parts) < n {
		i := strings.LastIndex(s, sep)
		if i < 0 {
			break
		}
		parts = append(parts, s[i+len(sep):])
		s = s[:i]
	}
	parts = append(parts, s)
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return parts
}

// strCapwords is capwords(s, sep=None): (sep or " ").join of the
// capitalized words of s.split(sep).
func strCapwords(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var sepv starlark.Value = starlark.None
	if err := starlark.UnpackArgs("capwords", args, kwargs, "s", &v, "sep?", &sepv); err != nil {
		return nil, err
	}
	s, err := self("split", v)
	if err != nil {
		return nil, err
	}
	var words []string
	joiner := " "
	if sepv == starlark.None {
		words = splitSpace(s.s, -1, false)
	} else {
		sep, err := strOperand(sepv)
		if err != nil {
			return nil, err
		}
		if sep == "" {
			return nil, pyerr.Errorf("ValueError", "empty separator")
		}
		words, joiner = strings.Split(s.s, sep), sep
	}
	for i, w := range words {
		words[i] = caseMap("capitalize", w)
	}
	return s.value(strings.Join(words, joiner)), nil
}

// strStrip is strip(s, chars=None), lstrip, rstrip.
func strStrip(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var charsv starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v, "chars?", &charsv); err != nil {
		return nil, err
	}
	s, err := self(b.Name(), v)
	if err != nil {
		return nil, err
	}
	chars := whitespace
	if charsv != starlark.None {
		var ok bool
		if chars, ok = starlark.AsString(charsv); !ok {
			if by, isBytes := charsv.(starlark.Bytes); isBytes {
				chars = string(by)
			} else {
				return nil, pyerr.Errorf("TypeError", "%s arg must be None, str or unicode", b.Name())
			}
		}
	}
	in := func(c byte) bool { return strings.IndexByte(chars, c) >= 0 }
	i, j := 0, len(s.s)
	if b.Name() != "rstrip" {
		for i < j && in(s.s[i]) {
			i++
		}
	}
	if b.Name() != "lstrip" {
		for j > i && in(s.s[j-1]) {
			j--
		}
	}
	return s.value(s.s[i:j]), nil
}

// sliceArg is an optional start or end index: None, or an int.
func sliceArg(v starlark.Value, def int) (int, error) {
	if v == starlark.None {
		return def, nil
	}
	n, err := py2Int(v)
	if err != nil {
		return 0, pyerr.Errorf("TypeError", "slice indices must be integers or None or have an __index__ method")
	}
	return n, nil
}

// strFind is find(s, sub, start=None, end=None), rfind, index, rindex,
// count, with Python's slice arithmetic for start and end.
func strFind(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, subv starlark.Value
	var startv, endv starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v, "sub", &subv, "start?", &startv, "end?", &endv); err != nil {
		return nil, err
	}
	s, err := self(b.Name(), v)
	if err != nil {
		return nil, err
	}
	sub, err := strOperand(subv)
	if err != nil {
		return nil, err
	}
	n := len(s.s)
	start, err := sliceArg(startv, 0)
	if err != nil {
		return nil, err
	}
	end, err := sliceArg(endv, n)
	if err != nil {
		return nil, err
	}
	if end > n {
		end = n
	} else if end < 0 {
		end = max(end+n, 0)
	}
	if start < 0 {
		start = max(start+n, 0)
	}
	name := b.Name()
	if name == "count" {
		if start > n || end-start < len(sub) {
			return starlark.MakeInt(0), nil
		}
		if sub == "" {
			return starlark.MakeInt(end - start + 1), nil
		}
		return starlark.MakeInt(strings.Count(s.s[start:end], sub)), nil
	}
	i := -1
	if start <= n && end-start >= len(sub) {
		if name == "find" || name == "index" {
			i = strings.Index(s.s[start:end], sub)
		} else {
			i = strings.LastIndex(s.s[start:end], sub)
		}
		if i >= 0 {
			i += start
		}
	}
	if i < 0 && (name == "index" || name == "rindex") {
		return nil, pyerr.Errorf("ValueError", "substring not found")
	}
	return starlark.MakeInt(i), nil
}

// strReplace is replace(s, old, new, maxreplace=-1).
func strReplace(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, oldv, newv starlark.Value
	var maxv starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackArgs("replace", args, kwargs, "s", &v, "old", &oldv, "new", &newv, "maxreplace?", &maxv); err != nil {
		return nil, err
	}
	s, err := self("replace", v)
	if err != nil {
		return nil, err
	}
	old, err := strOperand(oldv)
	if err != nil {
		return nil, err
	}
	repl, err := strOperand(newv)
	if err != nil {
		return nil, err
	}
	n, err := py2Int(maxv)
	if err != nil {
		return nil, err
	}
	if n >= 0 && s.s == "" {
		return s.value(""), nil // Python 2 replaces in an empty string only without a count
	}
	return s.value(strings.Replace(s.s, old, repl, n)), nil
}

// strAtoi is atoi(s, base=10) and atol: Python 2's int(s, base) and
// long(s, base) of a string.
func strAtoi(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var basev starlark.Value = starlark.MakeInt(10)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "s", &v, "base?", &basev); err != nil {
		return nil, err
	}
	kind := "int"
	if b.Name() == "atol" {
		kind = "long"
	}
	base, err := py2Int(basev)
	if err != nil {
		return nil, err
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s() can't convert non-string with explicit base", kind)
	}
	if base != 0 && (base < 2 || base > 36) {
		return nil, pyerr.Errorf("ValueError", "%s() base must be >= 2 and <= 36, or 0", kind)
	}
	n, guessed, ok := parsePy2Int(s, base, kind == "long")
	if !ok {
		// int() names the text from its first non-space, long() all of it
		// and the base it guessed
		if kind == "int" {
			return nil, pyerr.Errorf("ValueError", "invalid literal for int() with base %d: %s", base, oserr.Quote(strings.TrimLeft(s, whitespace)))
		}
		return nil, pyerr.Errorf("ValueError", "invalid literal for long() with base %d: %s", guessed, oserr.Quote(s))
	}
	return starlark.MakeBigInt(n), nil
}

// parsePy2Int is Python 2's PyLong_FromString: whitespace, a sign, more
// whitespace, a base prefix (base 0 guesses it: 0x, 0o, 0b, or 0 for old
// octal), digits, then for long an optional L, and whitespace.
func parsePy2Int(s string, base int, allowL bool) (n *big.Int, guessed int, ok bool) {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	at := func(k int) byte {
		if k < len(s) {
			return s[k] | 0x20
		}
		return 0
	}
	if base == 0 {
		switch {
		case at(i) != '0':
			base = 10
		case at(i+1) == 'x':
			base = 16
		case at(i+1) == 'o':
			base = 8
		case at(i+1) == 'b':
			base = 2
		default:
			base = 8
		}
	}
	if at(i) == '0' && (base == 16 && at(i+1) == 'x' || base == 8 && at(i+1) == 'o' || base == 2 && at(i+1) == 'b') {
		i += 2
	}
	j := i
	for j < len(s) && digitValue(s[j]) < base {
		j++
	}
	if j == i {
		return nil, base, false
	}
	n, _ = new(big.Int).SetString(s[i:j], base)
	if neg {
		n.Neg(n)
	}
	if allowL && j < len(s) && (s[j] == 'L' || s[j] == 'l') {
		j++
	}
	for j < len(s) && isSpace(s[j]) {
		j++
	}
	return n, base, j == len(s)
}

func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c|0x20 && c|0x20 <= 'z':
		return int(c|0x20-'a') + 10
	}
	return 99
}

// strAtof is atof(s): Python 2's float(s).
func strAtof(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs("atof", args, kwargs, "s", &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case starlark.Int:
		f, _ := starlark.AsFloat(x)
		return starlark.Float(f), nil
	case starlark.Float:
		return x, nil
	}
	s, ok := starlark.AsString(v)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "float() argument must be a string or a number")
	}
	t := strings.Trim(s, whitespace)
	if f, ok := parseFloatText(t); ok {
		return starlark.Float(f), nil
	}
	for k := len(t) - 1; k > 0; k-- { // a number followed by more
		if _, ok := parseFloatText(t[:k]); ok {
			return nil, pyerr.Errorf("ValueError", "invalid literal for float(): %s", s)
		}
	}
	return nil, pyerr.Errorf("ValueError", "could not convert string to float: %s", s)
}

// parseFloatText parses C's strtod forms: decimal with an optional
// exponent, inf, infinity, nan, with a sign; not Go's hex or underscores.
func parseFloatText(t string) (float64, bool) {
	u := strings.ToLower(strings.TrimLeft(t, "+-"))
	if len(t)-len(u) > 1 {
		return 0, false
	}
	switch u {
	case "inf", "infinity", "nan":
	default:
		digits := false
		for i := 0; i < len(u); i++ {
			c := u[i]
			switch {
			case c >= '0' && c <= '9':
				digits = true
			case c == '.' || c == 'e' || c == '+' || c == '-':
			default:
				return 0, false
			}
		}
		if !digits {
			return 0, false
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil && !strings.Contains(err.Error(), "range") {
		return 0, false
	}
	return f, true
}

// strZfill is zfill(x, width): x (its repr if not a string) padded with
// zeros after its sign.
func strZfill(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, widthv starlark.Value
	if err := starlark.UnpackArgs("zfill", args, kwargs, "x", &v, "width", &widthv); err != nil {
		return nil, err
	}
	var s byteStr
	switch x := v.(type) {
	case starlark.String, starlark.Bytes:
		s, _ = self("zfill", x)
	case starlark.Int:
		s.s = x.String()
		if _, ok := x.Int64(); !ok {
			s.s += "L"
		}
	default:
		s.s = v.String()
	}
	width, err := py2Int(widthv)
	if err != nil {
		return nil, err
	}
	if err := padLimit("zfill", width); err != nil {
		return nil, err
	}
	if len(s.s) >= width {
		return s.value(s.s), nil
	}
	pad := strings.Repeat("0", width-len(s.s))
	if s.s != "" && (s.s[0] == '+' || s.s[0] == '-') {
		return s.value(s.s[:1] + pad + s.s[1:]), nil
	}
	return s.value(pad + s.s), nil
}

// strJustify is ljust(s, width, fillchar=" "), rjust, center.
func strJustify(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, widthv starlark.Value
	var fillv starlark.Value = starlark.String(" ")
	name := b.Name()
	if err := starlark.UnpackArgs(name, args, kwargs, "s", &v, "width", &widthv, "fillchar?", &fillv); err != nil {
		return nil, err
	}
	s, err := self(name, v)
	if err != nil {
		return nil, err
	}
	width, err := py2Int(widthv)
	if err != nil {
		return nil, err
	}
	fill, ok := starlark.AsString(fillv)
	if !ok || len(fill) != 1 {
		return nil, pyerr.Errorf("TypeError", "%s() argument 2 must be char, not %s", name, py2Type(fillv))
	}
	if err := padLimit(name, width); err != nil {
		return nil, err
	}
	marg := width - len(s.s)
	if marg <= 0 {
		return s.value(s.s), nil
	}
	left := 0
	switch name {
	case "rjust":
		left = marg
	case "center":
		left = marg/2 + (marg & width & 1)
	}
	return s.value(strings.Repeat(fill, left) + s.s + strings.Repeat(fill, marg-left)), nil
}

// padLimit refuses to pad to more than 64 MiB, which no program means
// (Python would try, and fail with MemoryError or exhaust the machine).
func padLimit(fn string, width int) error {
	if width > 1<<26 {
		return pyerr.Errorf("MemoryError", "%s: a string of %d characters is more than pyasync will make at once", fn, width)
	}
	return nil
}

// strExpandtabs is expandtabs(s, tabsize=8): each tab becomes spaces to
// the next multiple of tabsize, columns counted from the last newline or
// carriage return.
func strExpandtabs(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var sizev starlark.Value = starlark.MakeInt(8)
	if err := starlark.UnpackArgs("expandtabs", args, kwargs, "s", &v, "tabsize?", &sizev); err != nil {
		return nil, err
	}
	s, err := self("expandtabs", v)
	if err != nil {
		return nil, err
	}
	size, err := py2Int(sizev)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	col := 0
	for i := 0; i < len(s.s); i++ {
		switch c := s.s[i]; c {
		case '\t':
			if size > 0 {
				n := size - col%size
				if err := padLimit("expandtabs", out.Len()+n); err != nil {
					return nil, err
				}
				out.WriteString(strings.Repeat(" ", n))
				col += n
			}
		case '\n', '\r':
			out.WriteByte(c)
			col = 0
		default:
			out.WriteByte(c)
			col++
		}
	}
	return s.value(out.String()), nil
}

// strMaketrans is maketrans(frm, to): the 256-byte table that translate
// uses, mapping each byte of frm to the byte of to at the same place.
func strMaketrans(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fv, tv starlark.Value
	if err := starlark.UnpackArgs("maketrans", args, kwargs, "frm", &fv, "to", &tv); err != nil {
		return nil, err
	}
	var frm, to string
	for i, v := range []starlark.Value{fv, tv} {
		s, err := strOperand(v)
		if err != nil {
			return nil, pyerr.Errorf("TypeError", "maketrans() argument %d must be string or read-only character buffer, not %s", i+1, py2Type(v))
		}
		if i == 0 {
			frm = s
		} else {
			to = s
		}
	}
	if len(frm) != len(to) {
		return nil, pyerr.Errorf("ValueError", "maketrans arguments must have same length")
	}
	table := make([]byte, 256)
	for i := range table {
		table[i] = byte(i)
	}
	for i := 0; i < len(frm); i++ {
		table[frm[i]] = to[i]
	}
	return starlark.String(table), nil
}

// strTranslate is translate(s, table, deletions=""): s without the bytes
// in deletions, each other byte c replaced by table[c] (kept when table
// is None).
func strTranslate(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, tablev starlark.Value
	var delv starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("translate", args, kwargs, "s", &v, "table", &tablev, "deletions?", &delv); err != nil {
		return nil, err
	}
	s, err := self("translate", v)
	if err != nil {
		return nil, err
	}
	var table string
	if tablev != starlark.None {
		if table, err = strOperand(tablev); err != nil {
			return nil, err
		}
		if len(table) != 256 {
			return nil, pyerr.Errorf("ValueError", "translation table must be 256 characters long")
		}
	}
	del, err := strOperand(delv)
	if err != nil {
		return nil, err
	}
	var out strings.Builder
	for i := 0; i < len(s.s); i++ {
		c := s.s[i]
		if strings.IndexByte(del, c) >= 0 {
			continue
		}
		if table != "" {
			c = table[c]
		}
		out.WriteByte(c)
	}
	return s.value(out.String()), nil
}
