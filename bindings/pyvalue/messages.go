package pyvalue

import (
	"errors"
	"os"
	"regexp"
	"strings"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Error is one of go.starlark.net's own errors (a missing key, a bad
// operand, division by zero) as CPython raises it: the exception's class
// and message as CPython words them, and the original error.
type Error struct {
	Type string // "ZeroDivisionError"
	Msg  string // "division by zero"
	Orig error  // go.starlark.net's: "floating-point division by zero"
}

func (e *Error) Error() string    { return e.Type + ": " + e.Msg }
func (e *Error) TypeName() string { return e.Type }
func (e *Error) Message() string  { return e.Msg }
func (e *Error) Unwrap() error    { return e.Orig }

// A rewording turns a message of go.starlark.net that matches pattern
// into CPython's: the exception class, and the message, where $1... are
// the pattern's groups (see expandText).
type rewording struct {
	pattern *regexp.Regexp
	class   string
	message string
}

// Rewordings are go.starlark.net's messages (at the version in go.mod)
// and what CPython 3.11 says for the same failure. Where Starlark's
// message does not tell what CPython's shows (which of int or float was
// divided; the key a pop missed), the message is the likelier one's.
// testdata/messages.json, written by gen_messages.py running CPython,
// pins each against the interpreter.
var Rewordings = []rewording{
	// arithmetic
	{re(`floating-point division by zero`), "ZeroDivisionError", "division by zero"},
	{re(`floored division by zero`), "ZeroDivisionError", "integer division or modulo by zero"},
	{re(`integer modulo by zero`), "ZeroDivisionError", "integer modulo by zero"},
	{re(`floating-point modulo by zero`), "ZeroDivisionError", "float modulo"},
	{re(`negative shift count: .*`), "ValueError", "negative shift count"},
	{re(`shift count too large: .*`), "OverflowError", "too many digits in integer"},
	{re(`unknown binary op: (?P<t1>\S+) in (?P<t2>\S+)`), "TypeError", "argument of type '$t2' is not iterable"},
	{re(`unknown binary op: (?P<t1>string|list|tuple) \+ (?P<t2>\S+)`), "TypeError", `can only concatenate $t1 (not "$t2") to $t1`},
	{re(`unknown binary op: (string|list|tuple|bytes) \* (?P<t2>\S+)`), "TypeError", "can't multiply sequence by non-int of type '$t2'"},
	{re(`unknown binary op: (?P<t1>\S+) (\S+) (?P<t2>\S+)`), "TypeError", "unsupported operand type(s) for $2: '$t1' and '$t2'"},
	{re(`unknown unary op: (\S+) (?P<t1>\S+)`), "TypeError", "bad operand type for unary $1: '$t1'"},
	{re(`(?P<t1>\S+) (<|<=|>|>=) (?P<t2>\S+) not implemented`), "TypeError", "'$2' not supported between instances of '$t1' and '$t2'"},
	// indexing
	{re(`(list|tuple|string|bytes|range) index -?\d+ out of range \[.*\]`), "IndexError", "$1 index out of range"},
	{re(`index -?\d+ out of range: empty (list|tuple|string|bytes|range)`), "IndexError", "$1 index out of range"},
	{re(`key (.*) not in dict`), "KeyError", "$1"},
	{re(`(?P<t1>list|tuple|string|bytes|range) index: got (?P<t2>\S+), want int`), "TypeError", "$t1 indices must be integers or slices, not $t2"},
	{re(`unhandled index operation (?P<t1>\S+)\[.*\]`), "TypeError", "'$t1' object is not subscriptable"},
	{re(`invalid slice operand (?P<t1>\S+)`), "TypeError", "'$t1' object is not subscriptable"},
	{re(`zero is not a valid slice step`), "ValueError", "slice step cannot be zero"},
	// attributes and calls
	{re(`(getattr: )?(?P<t1>\S+) has no \.(\w+) field or method`), "AttributeError", "'$t1' object has no attribute '$3'"},
	{re(`(getattr: )?(?P<t1>\S+) has no \.(\w+) field or method \(did you mean \.(\w+)\?\)`), "AttributeError", "'$t1' object has no attribute '$3'. Did you mean: '$4'?"},
	{re(`('\S+' object has no attribute '\w+') \(did you mean \.(\w+)\?\)`), "AttributeError", "$1. Did you mean: '$2'?"},
	{re(`invalid call of non-function \((?P<t1>\S+)\)`), "TypeError", "'$t1' object is not callable"},
	{re(`function (\S+) accepts no arguments \((\d+) given\)`), "TypeError", "$1() takes 0 positional arguments but $2 $w2 given"},
	{re(`function (\S+) accepts (at most )?(\d+) positional arguments? \((\d+) given\)`), "TypeError", "$1() takes $2$3 positional argument$s3 but $4 $w4 given"},
	{re(`function (\S+) missing (\d+) arguments? \((.*)\)`), "TypeError", "$1() missing $2 required positional argument$s2: $l3"},
	{re(`function (\S+) got an unexpected keyword argument ["'](\w+)["']`), "TypeError", "$1() got an unexpected keyword argument '$2'"},
	{re(`function (\S+) got multiple values for parameter ["'](\w+)["']`), "TypeError", "$1() got multiple values for argument '$2'"},
	{re(`Starlark stack overflow`), "RecursionError", "maximum recursion depth exceeded"},
	{re(`local variable (\w+) referenced before assignment`), "UnboundLocalError", "cannot access local variable '$1' where it is not associated with a value"},
	{re(`global variable (\w+) referenced before assignment`), "NameError", "name '$1' is not defined"},
	// hashing, iteration, unpacking
	{re(`(\w+: )?unhashable type: (?P<t1>\S+)`), "TypeError", "unhashable type: '$t1'"},
	{re(`(?P<t1>\S+) value is not iterable`), "TypeError", "'$t1' object is not iterable"},
	{re(`(\w+): (?P<t1>\S+) value is not iterable`), "TypeError", "'$t1' object is not iterable"},
	{re(`(\w+): (for parameter \S+: )?got (?P<t1>\S+), want iterable`), "TypeError", "'$t1' object is not iterable"},
	{re(`too many values to unpack \(got \d+, want (\d+)\)`), "ValueError", "too many values to unpack (expected $1)"},
	{re(`too few values to unpack \(got (\d+), want (\d+)\)`), "ValueError", "not enough values to unpack (expected $2, got $1)"},
	{re(`got (?P<t1>\S+) in sequence assignment`), "TypeError", "cannot unpack non-iterable $t1 object"},
	{re(`cannot insert into hash table during iteration`), "RuntimeError", "dictionary changed size during iteration"},
	// conversions and formatting
	{re(`int: invalid literal with base (\d+): (.*)`), "ValueError", "invalid literal for int() with base $1: $q2"},
	{re(`invalid float literal: (.*)`), "ValueError", "could not convert string to float: $q1"},
	{re(`%(\w) format requires integer: cannot convert (?P<t1>\S+) to int`), "TypeError", "%$1 format: a real number is required, not $t1"},
	{re(`not enough arguments for format string`), "TypeError", "not enough arguments for format string"},
	{re(`too many arguments for format string`), "TypeError", "not all arguments converted during string formatting"},
	{re(`range: step argument must not be zero`), "ValueError", "range() arg 3 must not be zero"},
	// methods of the built-in types
	{re(`(max|min): argument is an empty sequence`), "ValueError", "$1() arg is an empty sequence"},
	{re(`index: value not in list`), "ValueError", "list.index(x): x not in list"},
	{re(`(index|rindex): substring not found`), "ValueError", "substring not found"},
	{re(`remove: element not found`), "ValueError", "list.remove(x): x not in list"},
	{re(`pop: index -?\d+ out of range: empty list`), "IndexError", "pop from empty list"},
	{re(`pop: (list )?index -?\d+ out of range \[.*\]`), "IndexError", "pop index out of range"},
	{re(`pop: missing key`), "KeyError", "pop: missing key"},
	{re(`remove: missing key`), "KeyError", "set.remove(x): x not in set"},
	{re(`pop: empty set`), "KeyError", "'pop from an empty set'"},
	{re(`popitem: empty dict`), "KeyError", "'popitem(): dictionary is empty'"},
	{re(`join: in list, want string, got (?P<t1>\S+)`), "TypeError", "sequence item: expected str instance, $t1 found"},
	{re(`(split|partition|rpartition): empty separator`), "ValueError", "empty separator"},
	{re(`(?P<t1>\S+) value does not support item assignment`), "TypeError", "'$t1' object does not support item assignment"},
	{re(`can't assign to \.(\w+) field of (?P<t1>\S+)`), "AttributeError", "'$t1' object has no attribute '$1'"},
	{re(`(int: )?cannot convert float infinity to integer`), "OverflowError", "cannot convert float infinity to integer"},
	{re(`(int: )?cannot convert float NaN to integer`), "ValueError", "cannot convert float NaN to integer"},
	{re(`int: base must be an integer >= 2 && <= 36`), "ValueError", "int() base must be >= 2 and <= 36, or 0"},
	{re(`unknown conversion %(.)`), "ValueError", "unsupported format character '$1'"},
	{re(`format requires a mapping`), "TypeError", "format requires a mapping"},
	{re(`key not found: (.*)`), "KeyError", "$q1"},
	{re(`%c format requires .*`), "TypeError", "%c requires int or char"},
	{re(`zip: argument #\d+ is not iterable: (?P<t1>\S+)`), "TypeError", "'$t1' object is not iterable"},
	{re(`format: tuple index out of range`), "IndexError", "Replacement index out of range for positional args tuple"},
	// a built-in that put its name before a Python exception's message
	{re(`\w+: ([A-Z]\w*(Error|Exception|Warning|Exit|Interrupt|Iteration)): (.*)`), "$1", "$3"},
}

// Pattern is the message a rewording recognises, as a regular expression.
func (r rewording) Pattern() string { return r.pattern.String() }

// RewordingIndex is the index in Rewordings of the rewording that applies
// to msg, or -1.
func RewordingIndex(msg string) int {
	for i, r := range Rewordings {
		if r.pattern.MatchString(msg) {
			return i
		}
	}
	return -1
}

// re compiles a pattern that must match a whole message.
func re(p string) *regexp.Regexp { return regexp.MustCompile(`^` + p + `$`) }

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
	m := r.pattern.FindStringSubmatchIndex(msg)
	return &Error{Type: r.expandText(r.class, msg, m), Msg: r.expandText(r.message, msg, m), Orig: err}
}

// expandText fills template from the match m of msg: $N or $name is a group,
// with a group named t... read as a Python type name; $sN is "s" unless
// group N is "1", $wN "was" or "were" as it is; $qN is group N in
// Python's quotes, $lN the comma-separated names of group N quoted and
// joined as Python lists them ('a', 'b' and 'c').
func (r rewording) expandText(template, msg string, m []int) string {
	group := func(name string) string {
		i, ok := groupIndex(r.pattern, name)
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
