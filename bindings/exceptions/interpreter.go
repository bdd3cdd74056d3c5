package exceptions

import (
	"regexp"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is the one place where go.starlark.net's own failures (a
// missing key, an index out of range, a bad operand) become the Python
// exceptions CPython raises for the same operation, worded as CPython
// words them. interpreter_test.go runs an operation for every rule and
// checks that the interpreter of go.mod still says what the rule
// expects, so that an upgrade that rewords a message fails loudly.

// rule maps the messages its pattern matches to a class and CPython's
// message; make, when set, builds both from the pattern's groups.
type rule struct {
	pattern string
	class   string
	message string // CPython's text; "" keeps the interpreter's
	make    func(m []string) (msg string, args starlark.Tuple)
}

// rules are tried in order; a pattern matches the whole message, after
// any "name: " prefix a built-in function adds.
var rules = []rule{
	{pattern: `fail: (?s)(.*)`, class: "Exception", make: group(1)},
	{pattern: `floored division by zero`, class: "ZeroDivisionError", message: "integer division or modulo by zero"},
	{pattern: `floating-point division by zero`, class: "ZeroDivisionError", message: "division by zero"},
	{pattern: `integer modulo by zero`, class: "ZeroDivisionError", message: "integer modulo by zero"},
	{pattern: `floating-point modulo by zero`, class: "ZeroDivisionError", message: "float modulo"},
	{pattern: `key (.*) not in dict`, class: "KeyError", make: keyError},
	{pattern: `pop: missing key`, class: "KeyError"},
	{pattern: `popitem: empty dict`, class: "KeyError", message: "popitem(): dictionary is empty"},
	{pattern: `pop: (?:list )?index -?\d+ out of range.*`, class: "IndexError", message: "pop index out of range"},
	{pattern: `index -?\d+ out of range: empty (list|tuple)`, class: "IndexError", make: indexError},
	{pattern: `(list|tuple|string|bytes|range)(?:\.\w+)? index -?\d+ out of range.*`, class: "IndexError", make: indexError},
	{pattern: `format: tuple index out of range`, class: "IndexError", message: "Replacement index out of range for positional args tuple"},
	{pattern: `int: invalid literal with base (\d+): (?s)(.*)`, class: "ValueError", make: func(m []string) (string, starlark.Tuple) {
		return "invalid literal for int() with base " + m[1] + ": " + pyQuote(m[2]), nil
	}},
	{pattern: `int: can't convert non-string with explicit base`, class: "TypeError", message: "int() can't convert non-string with explicit base"},
	{pattern: `int: cannot convert (\S+) to int`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "int() argument must be a string, a bytes-like object or a real number, not " + pyType(m[1]), nil
	}},
	{pattern: `invalid float literal: (?s)(.*)`, class: "ValueError", make: func(m []string) (string, starlark.Tuple) {
		return "could not convert string to float: " + pyQuote(m[1]), nil
	}},
	{pattern: `float got (\S+), want number or string`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "float() argument must be a string or a real number, not " + pyType(m[1]), nil
	}},
	{pattern: `floating-point number too large`, class: "OverflowError"},
	{pattern: `unknown binary op: (\S+) (not in|in) (\S+)`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "argument of type " + pyType(m[3]) + " is not iterable", nil
	}},
	{pattern: `unknown binary op: (\S+) (\S+) (\S+)`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "unsupported operand type(s) for " + m[2] + ": " + pyType(m[1]) + " and " + pyType(m[3]), nil
	}},
	{pattern: `(\S+) (<|<=|>|>=) (\S+) not implemented`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "'" + m[2] + "' not supported between instances of " + pyType(m[1]) + " and " + pyType(m[3]), nil
	}},
	{pattern: `unknown unary op: (\S+) (\S+)`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "bad operand type for unary " + m[1] + ": " + pyType(m[2]), nil
	}},
	{pattern: `'in <string>' requires string as left operand, not \S+`, class: "TypeError"},
	{pattern: `(\S+) has no \.(\w+) field or method.*`, class: "AttributeError", make: func(m []string) (string, starlark.Tuple) {
		return pyType(m[1]) + " object has no attribute '" + m[2] + "'", nil
	}},
	{pattern: `(?:type object |)'\S+' object has no attribute '\w+'.*`, class: "AttributeError"},
	{pattern: `can't assign to \.(\w+) field of (\S+)`, class: "AttributeError", make: func(m []string) (string, starlark.Tuple) {
		return pyType(m[2]) + " object has no attribute '" + m[1] + "'", nil
	}},
	{pattern: `invalid call of non-function \((.*)\)`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return pyType(m[1]) + " object is not callable", nil
	}},
	{pattern: `unhashable type: (\S+)`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "unhashable type: " + pyType(m[1]), nil
	}},
	{pattern: `remove: element not found`, class: "ValueError", message: "list.remove(x): x not in list"},
	{pattern: `index: value not in list`, class: "ValueError", message: "value is not in list"},
	{pattern: `r?index: substring not found`, class: "ValueError", message: "substring not found"},
	{pattern: `local variable (\w+) referenced before assignment`, class: "UnboundLocalError", make: func(m []string) (string, starlark.Tuple) {
		return "cannot access local variable '" + m[1] + "' where it is not associated with a value", nil
	}},
	{pattern: `global variable (\w+) referenced before assignment`, class: "NameError", make: func(m []string) (string, starlark.Tuple) {
		return "name '" + m[1] + "' is not defined", nil
	}},
	{pattern: `Starlark stack overflow`, class: "RecursionError", message: "maximum recursion depth exceeded"},
	{pattern: `len: value of type (\S+) has no len`, class: "TypeError", make: func(m []string) (string, starlark.Tuple) {
		return "object of type " + pyType(m[1]) + " has no len()", nil
	}},
	{pattern: `chr: .* out of range.*`, class: "ValueError", message: "chr() arg not in range(0x110000)"},
	{pattern: `zero is not a valid slice step`, class: "ValueError", message: "slice step cannot be zero"},
	{pattern: `range: step argument must not be zero`, class: "ValueError", message: "range() arg 3 must not be zero"},
	{pattern: `negative shift count: .*`, class: "ValueError", message: "negative shift count"},
	{pattern: `shift count too large: .*`, class: "OverflowError"},
	{pattern: `(max|min): argument is an empty sequence`, class: "ValueError", make: func(m []string) (string, starlark.Tuple) {
		return m[1] + "() arg is an empty sequence", nil
	}},
	{pattern: `too many arguments for format string`, class: "TypeError", message: "not all arguments converted during string formatting"},
	{pattern: `not enough arguments for format string`, class: "TypeError"},
	{pattern: `%. format requires .*`, class: "TypeError"},
	{pattern: `\w+: cannot \w+ (?:\w+ )?(?:to|into|from) (?:list|dict|set) during iteration`, class: "RuntimeError"},
	{pattern: `function \w+ (missing|accepts|got|takes|requires) .*`, class: "TypeError"},
	{pattern: `(?s).*\b(got \S+(?: for \w+)?, want|want \S+, got|for parameter|missing argument|unexpected keyword|takes no|accepts no|not callable|not iterable)\b.*`, class: "TypeError"},
	{pattern: `(?s).*\bout of range\b.*`, class: "IndexError"},
}

// compiled holds the rules' patterns, compiled on first use.
var compiled = sync.OnceValue(func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(rules))
	for i, r := range rules {
		out[i] = regexp.MustCompile(`^(?:` + r.pattern + `)$`)
	}
	return out
})

// builtinPrefix matches the "name: " a built-in function puts before
// its message ("pop: ", "string.index: ").
var builtinPrefix = regexp.MustCompile(`^[A-Za-z_][\w.]*: `)

// interpreterError classifies a message of go.starlark.net (or of a
// built-in function that says only what went wrong): the class name,
// CPython's message, and the args when they are not (message,).
// Anything no rule knows is an Exception carrying the message as is.
func interpreterError(msg string) (string, string, starlark.Tuple) {
	res := compiled()
	try := func(s string) (string, string, starlark.Tuple, bool) {
		for i, re := range res {
			m := re.FindStringSubmatch(s)
			if m == nil {
				continue
			}
			r := rules[i]
			switch {
			case r.make != nil:
				text, args := r.make(m)
				return r.class, text, args, true
			case r.message != "":
				return r.class, r.message, nil, true
			}
			return r.class, s, nil, true
		}
		return "", "", nil, false
	}
	if c, text, args, ok := try(msg); ok {
		return c, text, args
	}
	if loc := builtinPrefix.FindStringIndex(msg); loc != nil {
		if c, text, args, ok := try(msg[loc[1]:]); ok {
			return c, text, args
		}
	}
	return "Exception", msg, nil
}

func group(i int) func(m []string) (string, starlark.Tuple) {
	return func(m []string) (string, starlark.Tuple) { return m[i], nil }
}

// keyError makes KeyError's args the missing key itself, read back from
// the repr the interpreter printed (a string or a number; anything else
// stays as its text).
func keyError(m []string) (string, starlark.Tuple) {
	var key starlark.Value = starlark.String(m[1])
	if expr, err := syntax.ParseExpr("key", m[1], 0); err == nil {
		if lit, ok := expr.(*syntax.Literal); ok {
			switch v := lit.Value.(type) {
			case string:
				key = starlark.String(v)
			case int64:
				key = starlark.MakeInt64(v)
			}
		}
	}
	return pyRepr(key), starlark.Tuple{key}
}

// indexError is CPython's "list index out of range" for the type.
func indexError(m []string) (string, starlark.Tuple) {
	switch m[1] {
	case "bytes":
		return "index out of range", nil
	case "range":
		return "range object index out of range", nil
	}
	return m[1] + " index out of range", nil
}

// pyTypes are the names CPython gives the types go.starlark.net names
// otherwise.
var pyTypes = map[string]string{
	"string":  "str",
	"builtin": "builtin_function_or_method",
}

// pyType is a type as CPython's messages quote it: 'str'.
func pyType(name string) string {
	if p, ok := pyTypes[name]; ok {
		name = p
	}
	return "'" + name + "'"
}

// pyRepr is repr(v) as CPython writes strings, in single quotes.
func pyRepr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return pyQuote(string(s))
	}
	return v.String()
}

// pyQuote is a string's repr as CPython writes it.
func pyQuote(s string) string { return oserr.Quote(s) }
