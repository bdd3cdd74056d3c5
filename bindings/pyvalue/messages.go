package pyvalue

import (
	"errors"
	"os"
	"regexp"
	resyntax "regexp/syntax"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Error is one of go.starlark.net's own errors (a missing key, a bad
// operand, division by zero) as CPython raises it: a pyerr.Error with the
// exception's class, its message as CPython words it and its args (a
// KeyError's is the key), which the exceptions package turns into the
// instance a script catches; and the original error.
type Error struct {
	Py   *pyerr.Error
	Orig error // go.starlark.net's: "floating-point division by zero"
}

func (e *Error) Error() string    { return e.Py.Error() }
func (e *Error) TypeName() string { return e.Py.Type }
func (e *Error) Message() string  { return e.Py.Msg }

// Unwrap gives both the Python exception and the original error.
func (e *Error) Unwrap() []error { return []error{e.Py, e.Orig} }

// A rewording turns a message of go.starlark.net that matches pattern
// into CPython's: the exception class, and the message, where $1... are
// the pattern's groups (see expandText).
//
// A rewording compiles its pattern the first time a message is tried
// against it (and works out its literal the first time any message is),
// so that a program that raises nothing pays nothing at start-up for the
// table: compiling all of it took most of the binary's start.
type rewording struct {
	source  string // the pattern, anchored
	class   string
	message string

	literalOnce sync.Once
	literal     string // a piece of text every matching message holds
	patternOnce sync.Once
	pattern     *regexp.Regexp
}

// Rewordings are go.starlark.net's messages (at the version in go.mod)
// and what CPython 3.11 says for the same failure. Where Starlark's
// message does not tell what CPython's shows (which of int or float was
// divided; the key a pop missed), the message is the likelier one's.
// testdata/messages.json, written by gen_messages.py running CPython,
// pins each against the interpreter.
var Rewordings = []*rewording{
	// arithmetic
	rw(`floating-point division by zero`, "ZeroDivisionError", "division by zero"),
	rw(`floored division by zero`, "ZeroDivisionError", "integer division or modulo by zero"),
	rw(`integer modulo by zero`, "ZeroDivisionError", "integer modulo by zero"),
	rw(`floating-point modulo by zero`, "ZeroDivisionError", "float modulo"),
	rw(`negative shift count: .*`, "ValueError", "negative shift count"),
	rw(`shift count too large: .*`, "OverflowError", "too many digits in integer"),
	rw(`unknown binary op: (?P<t1>\S+) in (?P<t2>\S+)`, "TypeError", "argument of type '$t2' is not iterable"),
	rw(`unknown binary op: (?P<t1>string|list|tuple) \+ (?P<t2>\S+)`, "TypeError", `can only concatenate $t1 (not "$t2") to $t1`),
	rw(`unknown binary op: (string|list|tuple|bytes) \* (?P<t2>\S+)`, "TypeError", "can't multiply sequence by non-int of type '$t2'"),
	rw(`unknown binary op: (?P<t1>\S+) (\S+) (?P<t2>\S+)`, "TypeError", "unsupported operand type(s) for $2: '$t1' and '$t2'"),
	rw(`unknown unary op: (\S+) (?P<t1>\S+)`, "TypeError", "bad operand type for unary $1: '$t1'"),
	rw(`(?P<t1>\S+) (<|<=|>|>=) (?P<t2>\S+) not implemented`, "TypeError", "'$2' not supported between instances of '$t1' and '$t2'"),
	// indexing
	rw(`(list|tuple|string|bytes|range|bytearray) index -?\d+ out of range \[.*\]`, "IndexError", "$1 index out of range"),
	rw(`index -?\d+ out of range: empty (list|tuple|string|bytes|range|bytearray)`, "IndexError", "$1 index out of range"),
	rw(`key (.*) not in dict`, "KeyError", "$1"),
	rw(`(?P<t1>list|tuple|string|bytes|range) index: got (?P<t2>\S+), want int`, "TypeError", "$t1 indices must be integers or slices, not $t2"),
	rw(`unhandled index operation (?P<t1>\S+)\[.*\]`, "TypeError", "'$t1' object is not subscriptable"),
	rw(`invalid slice operand (?P<t1>\S+)`, "TypeError", "'$t1' object is not subscriptable"),
	rw(`zero is not a valid slice step`, "ValueError", "slice step cannot be zero"),
	// attributes and calls
	rw(`(getattr: )?(?P<t1>\S+) has no \.(\w+) field or method`, "AttributeError", "'$t1' object has no attribute '$3'"),
	rw(`(getattr: )?(?P<t1>\S+) has no \.(\w+) field or method \(did you mean \.(\w+)\?\)`, "AttributeError", "'$t1' object has no attribute '$3'. Did you mean: '$4'?"),
	rw(`('\S+' object has no attribute '\w+') \(did you mean \.(\w+)\?\)`, "AttributeError", "$1. Did you mean: '$2'?"),
	rw(`invalid call of non-function \((?P<t1>\S+)\)`, "TypeError", "'$t1' object is not callable"),
	rw(`function (\S+) accepts no arguments \((\d+) given\)`, "TypeError", "$1() takes 0 positional arguments but $2 $w2 given"),
	rw(`function (\S+) accepts (at most )?(\d+) positional arguments? \((\d+) given\)`, "TypeError", "$1() takes $2$3 positional argument$s3 but $4 $w4 given"),
	rw(`function (\S+) missing (\d+) arguments? \((.*)\)`, "TypeError", "$1() missing $2 required positional argument$s2: $l3"),
	rw(`function (\S+) got an unexpected keyword argument ["'](\w+)["']`, "TypeError", "$1() got an unexpected keyword argument '$2'"),
	rw(`function (\S+) got multiple values for parameter ["'](\w+)["']`, "TypeError", "$1() got multiple values for argument '$2'"),
	rw(`Starlark stack overflow`, "RecursionError", "maximum recursion depth exceeded"),
	rw(`local variable (\w+) referenced before assignment`, "UnboundLocalError", "cannot access local variable '$1' where it is not associated with a value"),
	rw(`global variable (\w+) referenced before assignment`, "NameError", "name '$1' is not defined"),
	// hashing, iteration, unpacking
	rw(`(\w+: )?unhashable type: (?P<t1>\S+)`, "TypeError", "unhashable type: '$t1'"),
	rw(`(?P<t1>\S+) value is not iterable`, "TypeError", "'$t1' object is not iterable"),
	rw(`(\w+): (?P<t1>\S+) value is not iterable`, "TypeError", "'$t1' object is not iterable"),
	rw(`(\w+): (for parameter \S+: )?got (?P<t1>\S+), want iterable`, "TypeError", "'$t1' object is not iterable"),
	rw(`too many values to unpack \(got \d+, want (\d+)\)`, "ValueError", "too many values to unpack (expected $1)"),
	rw(`too few values to unpack \(got (\d+), want (\d+)\)`, "ValueError", "not enough values to unpack (expected $2, got $1)"),
	rw(`got (?P<t1>\S+) in sequence assignment`, "TypeError", "cannot unpack non-iterable $t1 object"),
	rw(`cannot insert into hash table during iteration`, "RuntimeError", "dictionary changed size during iteration"),
	// conversions and formatting
	rw(`int: invalid literal with base (\d+): (.*)`, "ValueError", "invalid literal for int() with base $1: $q2"),
	rw(`invalid float literal: (.*)`, "ValueError", "could not convert string to float: $q1"),
	rw(`%(\w) format requires integer: cannot convert (?P<t1>\S+) to int`, "TypeError", "%$1 format: a real number is required, not $t1"),
	rw(`not enough arguments for format string`, "TypeError", "not enough arguments for format string"),
	rw(`too many arguments for format string`, "TypeError", "not all arguments converted during string formatting"),
	rw(`range: step argument must not be zero`, "ValueError", "range() arg 3 must not be zero"),
	// methods of the built-in types
	rw(`(max|min): argument is an empty sequence`, "ValueError", "$1() arg is an empty sequence"),
	rw(`index: value not in list`, "ValueError", "list.index(x): x not in list"),
	rw(`(index|rindex): substring not found`, "ValueError", "substring not found"),
	rw(`remove: element not found`, "ValueError", "list.remove(x): x not in list"),
	rw(`pop: index -?\d+ out of range: empty list`, "IndexError", "pop from empty list"),
	rw(`pop: (list )?index -?\d+ out of range \[.*\]`, "IndexError", "pop index out of range"),
	rw(`pop: missing key`, "KeyError", "pop: missing key"),
	rw(`remove: missing key`, "KeyError", "set.remove(x): x not in set"),
	rw(`pop: empty set`, "KeyError", "'pop from an empty set'"),
	rw(`popitem: empty dict`, "KeyError", "'popitem(): dictionary is empty'"),
	rw(`join: in list, want string, got (?P<t1>\S+)`, "TypeError", "sequence item: expected str instance, $t1 found"),
	rw(`(split|partition|rpartition): empty separator`, "ValueError", "empty separator"),
	rw(`(?P<t1>\S+) value does not support item assignment`, "TypeError", "'$t1' object does not support item assignment"),
	rw(`can't assign to \.(\w+) field of (?P<t1>\S+)`, "AttributeError", "'$t1' object has no attribute '$1'"),
	rw(`(int: )?cannot convert float infinity to integer`, "OverflowError", "cannot convert float infinity to integer"),
	rw(`(int: )?cannot convert float NaN to integer`, "ValueError", "cannot convert float NaN to integer"),
	rw(`int: base must be an integer >= 2 && <= 36`, "ValueError", "int() base must be >= 2 and <= 36, or 0"),
	rw(`unknown conversion %(.)`, "ValueError", "unsupported format character '$1'"),
	rw(`format requires a mapping`, "TypeError", "format requires a mapping"),
	rw(`key not found: (.*)`, "KeyError", "$q1"),
	rw(`%c format requires .*`, "TypeError", "%c requires int or char"),
	rw(`zip: argument #\d+ is not iterable: (?P<t1>\S+)`, "TypeError", "'$t1' object is not iterable"),
	rw(`format: tuple index out of range`, "IndexError", "Replacement index out of range for positional args tuple"),
	rw(`int: can't convert non-string with explicit base`, "TypeError", "int() can't convert non-string with explicit base"),
	rw(`int: cannot convert (?P<t1>\S+) to int`, "TypeError", "int() argument must be a string, a bytes-like object or a real number, not '$t1'"),
	rw(`float got (?P<t1>\S+), want number or string`, "TypeError", "float() argument must be a string or a real number, not '$t1'"),
	rw(`floating-point number too large`, "OverflowError", "floating-point number too large"),
	rw(`len: value of type (?P<t1>\S+) has no len`, "TypeError", "object of type '$t1' has no len()"),
	rw(`chr: .* out of range.*`, "ValueError", "chr() arg not in range(0x110000)"),
	rw(`\w+: cannot \w+ (?:\w+ )?(?:to|into|from) (?:list|dict|set) during iteration`, "RuntimeError", "$0"),
	rw(`'in <string>' requires string as left operand, not \S+`, "TypeError", "$0"),
	// the class system's, and fail()
	rw(`(?:type object )?'\S+' object has no attribute '\w+'`, "AttributeError", "$0"),
	rw(`(type object '\S+' has no attribute '\w+') \(did you mean \.(\w+)\?\)`, "AttributeError", "$1. Did you mean: '$2'?"),
	rw(`type object '\S+' has no attribute '\w+'`, "AttributeError", "$0"),
	rw(`fail: ((?s).*)`, "Exception", "$1"),
	// a built-in that put its name before a Python exception's message
	rw(`\w+: ([A-Z]\w*(Error|Exception|Warning|Exit|Interrupt|Iteration)): (.*)`, "$1", "$3"),
}

// Pattern is the message a rewording recognises, as a regular expression.
func (r *rewording) Pattern() string { return r.source }

// Literal is the text every message the rewording recognises holds.
func (r *rewording) Literal() string {
	r.literalOnce.Do(func() { r.literal = longestLiteral(r.source) })
	return r.literal
}

// regexp is the rewording's pattern, compiled.
func (r *rewording) regexp() *regexp.Regexp {
	r.patternOnce.Do(func() { r.pattern = regexp.MustCompile(r.source) })
	return r.pattern
}

// RewordingIndex is the index in Rewordings of the rewording that applies
// to msg, or -1. A message that lacks a rewording's literal text is not
// tried against its pattern, so that a failure costs a few string
// searches, not dozens of regular expressions.
func RewordingIndex(msg string) int {
	for i, r := range Rewordings {
		if strings.Contains(msg, r.Literal()) && r.regexp().MatchString(msg) {
			return i
		}
	}
	return -1
}

// longestLiteral is the longest run of literal text that every match of
// the regular expression p contains.
func longestLiteral(p string) string {
	re, err := resyntax.Parse(p, resyntax.Perl)
	if err != nil {
		return ""
	}
	re = re.Simplify()
	best := ""
	if re.Op == resyntax.OpConcat {
		for _, sub := range re.Sub {
			if sub.Op == resyntax.OpLiteral && sub.Flags&resyntax.FoldCase == 0 && len(string(sub.Rune)) > len(best) {
				best = string(sub.Rune)
			}
		}
	}
	return best
}

// rw makes a rewording of the messages that match pattern (as a whole).
func rw(pattern, class, message string) *rewording {
	return &rewording{source: `^` + pattern + `$`, class: class, message: message}
}

// Reword returns err as CPython would raise it when it is one of
// go.starlark.net's messages that Rewordings knows, else err itself.
// Errors that already name their Python class pass unchanged.
func Reword(err error) error {
	var t pyerr.Typed
	if errors.As(err, &t) {
		return err
	}
	msg := err.Error()
	i := RewordingIndex(msg)
	if i < 0 {
		return err
	}
	r := Rewordings[i]
	m := r.regexp().FindStringSubmatchIndex(msg)
	py := &pyerr.Error{Type: r.expandText(r.class, msg, m), Msg: r.expandText(r.message, msg, m)}
	if py.Type == "KeyError" {
		py.Args = starlark.Tuple{literal(py.Msg)} // str() of a KeyError is repr(key)
	}
	return &Error{Py: py, Orig: err}
}

// literal is the value a str or number literal (a repr) spells, or s
// itself when it spells none.
func literal(s string) starlark.Value {
	if e, err := syntax.ParseExpr("key", s, 0); err == nil {
		if lit, ok := e.(*syntax.Literal); ok {
			switch v := lit.Value.(type) {
			case string:
				return starlark.String(v)
			case int64:
				return starlark.MakeInt64(v)
			}
		}
	}
	return starlark.String(s)
}

// expandText fills template from the match m of msg: $N or $name is a group,
// with a group named t... read as a Python type name; $sN is "s" unless
// group N is "1", $wN "was" or "were" as it is; $qN is group N in
// Python's quotes, $lN the comma-separated names of group N quoted and
// joined as Python lists them ('a', 'b' and 'c').
func (r *rewording) expandText(template, msg string, m []int) string {
	group := func(name string) string {
		i, ok := groupIndex(r.regexp(), name)
		if !ok || m[2*i] < 0 {
			return ""
		}
		g := msg[m[2*i]:m[2*i+1]]
		if strings.HasPrefix(name, "t") {
			g = pythonTypeName(g)
		}
		return g
	}
	return os.Expand(template, func(name string) string {
		if len(name) > 1 && isDigits(name[1:]) {
			g := group(name[1:])
			switch name[0] {
			case 's':
				if g == "1" {
					return ""
				}
				return "s"
			case 'w':
				if g == "1" {
					return "was"
				}
				return "were"
			case 'q':
				return Quote(unquote(g))
			case 'l':
				return nameList(strings.Split(g, ", "))
			}
		}
		return group(name)
	})
}

// nameList is 'a', 'a' and 'b', or 'a', 'b' and 'c', as Python lists
// missing arguments.
func nameList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	if len(q) == 2 {
		return q[0] + " and " + q[1]
	}
	return strings.Join(q[:len(q)-1], ", ") + ", and " + q[len(q)-1]
}

// groupIndex finds a group by number or name.
func groupIndex(p *regexp.Regexp, name string) (int, bool) {
	if isDigits(name) {
		n := 0
		for _, c := range name {
			n = n*10 + int(c-'0')
		}
		return n, n <= p.NumSubexp()
	}
	i := p.SubexpIndex(name)
	return i, i > 0
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// unquote undoes the quotes a Starlark message put around a string
// (a key 'x'), leaving other text as it is.
func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// pythonTypeName is Python's wording of a Starlark type name, or of a
// phrase of them ("string or tuple of string"): "str" for "string".
func pythonTypeName(t string) string {
	words := strings.Split(t, " ")
	for i, w := range words {
		if w == "string" {
			words[i] = "str"
		}
	}
	return strings.Join(words, " ")
}
