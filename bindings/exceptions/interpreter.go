package exceptions

import (
	"errors"
	"regexp"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyvalue"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// go.starlark.net's own failures (a missing key, an index out of range,
// a bad operand) are reworded into the Python exceptions CPython raises
// for the same operation by one table, pyvalue.Rewordings, as the
// interpreter reports them (starlark.ErrorHook). What reaches Of without
// having gone through it (an error a Go caller made from a message) is
// reworded here by the same table; what the table does not know is
// classed by the shape of its message, as the errors of pyasync's own
// built-ins read ("push: got int, want string" is a TypeError).

// fallbacks class the messages pyvalue.Rewordings does not know.
var fallbacks = []struct {
	pattern func() *regexp.Regexp // compiled when first used
	class   string
}{
	{sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?s)\b(got \S+(?: for \w+)?, want|want \S+, got|for parameter|missing argument|unexpected keyword|takes no|accepts no|not callable|not iterable)\b`)
	}), "TypeError"},
	{sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(?s)\bout of range\b`) }), "IndexError"},
}

// interpreterError classifies a message: the class name, CPython's
// message, and the args when they are not (message,). Anything neither
// the table nor the fallbacks know is an Exception carrying the message
// as is.
func interpreterError(msg string) (string, string, starlark.Tuple) {
	var pe *pyvalue.Error
	if errors.As(pyvalue.Reword(errors.New(msg)), &pe) {
		return pe.Py.Type, pe.Py.Msg, pe.Py.Args
	}
	for _, f := range fallbacks {
		if f.pattern().MatchString(msg) {
			return f.class, msg, nil
		}
	}
	return "Exception", msg, nil
}

// pyQuote is a string's repr as CPython writes it.
func pyQuote(s string) string { return oserr.Quote(s) }
