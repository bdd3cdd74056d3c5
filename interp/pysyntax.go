package interp

import (
	"errors"
	"regexp"
	"strings"
	"sync"

	"go.starlark.net/syntax"
)

// A script written in Python rather than Starlark stops at its first
// class, try, import or with, where go.starlark.net says only "got class,
// want primary expression". pythonHint says instead what to write in
// Starlark, or that pyasync port translates the file.

// pythonHints are the Python constructs Starlark lacks, by the message
// the parser gives at them, and what to write instead.
var pythonHints = []struct {
	msg  func() *regexp.Regexp // compiled when first used
	hint string
}{
	{hintRE(`got class, want .*`), `Python's class statement is not Starlark: write Name = subclass(Base, "Name", method = function, ...) (pyasync port translates a Python file)`},
	{hintRE(`got (try|except|finally), want .*`), `Python's try statement is not Starlark: call catch(fn, *args), which returns (exception, result), and throw() to raise again (pyasync port translates try blocks)`},
	{hintRE(`got raise, want .*`), `Python's raise statement is not Starlark: call throw(exc) or throw(ExceptionClass, message)`},
	{hintRE(`got (import|from), want .*`), `Python's import is not Starlark: asyncore, asynchat, socket, sys, os, time... are already there, and load("file.star", "name") loads a file of your own (pyasync port translates imports)`},
	{hintRE(`got with, want .*`), `Python's with statement is not Starlark: open, use and close explicitly (f = open(path) ... f.close())`},
	{hintRE(`got (global|nonlocal), want .*`), `Python's global statement is not Starlark: keep state that functions change in a dict or on an object (state["n"] += 1, self.n += 1)`},
	{hintRE(`got yield, want .*`), `Python's yield is not Starlark: build a list and return it`},
	{hintRE(`got del, want .*`), `Python's del statement is not Starlark: write delitem(x, key) for del x[key], delattr(obj, "name") for del obj.name`},
	{hintRE(`got assert, want .*`), `Python's assert statement is not Starlark: write if not condition: fail("message")`},
	{hintRE(`got (async|await), want .*`), `async and await are not Starlark: pyasync runs asyncore handlers, called by the loop`},
	{hintRE(`got is, want .*`), `Python's is operator is not Starlark: compare with == (or id(a) == id(b))`},
	{hintRE(`got '\*\*', want .*`), `Python's ** operator is not Starlark: multiply, or shift for powers of two (1 << n)`},
	{hintRE(`unexpected input character '@'`), `Python's decorators are not Starlark: after the def, write f = decorator(f) (a property: name = property(getter))`},
	{hintRE("unexpected input character '`'"), "Python 2's backquotes are not Starlark: write repr(x)"},
	{hintRE(`got '>', want .*`), `Python 2's <> is not Starlark: write !=`},
}

// hintRE is the pattern of a whole message, compiled the first time a
// script fails to parse, not at every start.
func hintRE(p string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^` + p + `$`) })
}

// pythonHint returns err, a failure to parse src, with what to write in
// Starlark instead when the failure is at a Python construct Starlark
// lacks; any other error comes back as it is.
func pythonHint(err error, src any) error {
	var se syntax.Error
	if !errors.As(err, &se) {
		return err
	}
	for _, h := range pythonHints {
		if h.msg().MatchString(se.Msg) {
			return syntax.Error{Pos: se.Pos, Msg: h.hint}
		}
	}
	if se.Msg == "got string literal, want newline" || se.Msg == "got identifier, want newline" {
		switch word := firstWord(src, se.Pos.Line); word {
		case "print":
			return syntax.Error{Pos: se.Pos, Msg: `Python 2's print statement is not Starlark: call print(...)`}
		case "exec":
			return syntax.Error{Pos: se.Pos, Msg: `Python 2's exec statement is not Starlark`}
		case "assert":
			return syntax.Error{Pos: se.Pos, Msg: `Python's assert statement is not Starlark: write if not condition: fail("message")`}
		}
	}
	return err
}

// firstWord is the first word of line n (from 1) of src, when src is
// text.
func firstWord(src any, n int32) string {
	var text string
	switch src := src.(type) {
	case string:
		text = src
	case []byte:
		text = string(src)
	default:
		return ""
	}
	lines := strings.Split(text, "\n")
	if n < 1 || int(n) > len(lines) {
		return ""
	}
	fields := strings.Fields(lines[n-1])
	if len(fields) == 0 {
		return ""
	}
	return fields[0]
}
