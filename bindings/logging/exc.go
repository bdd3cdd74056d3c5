package logging

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// This file is how records carry exceptions: logger.exception(msg) and
// exc_info= add (type, value, traceback) to the record, and the
// formatter appends its text to the message.

// ExcInfo, when set, is sys.exc_info() of th: the exception being
// handled, as (type, value, traceback), or (None, None, None). Without
// it, exc_info=True finds no exception, as Python outside an except
// block.
var ExcInfo func(th *starlark.Thread) starlark.Tuple

// FormatException, when set, is traceback.format_exception(*ei) joined:
// the traceback and "Type: message". Without it, a record shows
// "Type: message".
var FormatException func(th *starlark.Thread, ei starlark.Tuple) string

// excInfoOf is what a record's exc_info becomes: a tuple as given, an
// exception instance as (its class, it, None), anything else true as
// sys.exc_info().
func excInfoOf(th *starlark.Thread, v starlark.Value) starlark.Value {
	switch v := v.(type) {
	case starlark.Tuple:
		return v
	case *class.Instance:
		return starlark.Tuple{v.Class(), v, starlark.None}
	}
	if ExcInfo != nil {
		return ExcInfo(th)
	}
	return starlark.Tuple{starlark.None, starlark.None, starlark.None}
}

// formatException is the text of ei = (type, value, traceback).
func formatException(th *starlark.Thread, ei starlark.Tuple) string {
	if FormatException != nil {
		return FormatException(th, ei)
	}
	if ei[0] == starlark.None {
		return "NoneType: None"
	}
	name := str(ei[0])
	if c, ok := ei[0].(*class.Class); ok {
		name = c.Name()
	}
	msg := str(ei[1])
	if msg == "" || ei[1] == starlark.None {
		return name
	}
	return name + ": " + msg
}
