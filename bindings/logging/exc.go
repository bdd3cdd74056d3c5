package logging

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
)

// This file is how records carry exceptions: logger.exception(msg) and
// exc_info= add (type, value, traceback) to the record, and the
// formatter appends its traceback to the message.

// excInfoOf is what a record's exc_info becomes: a tuple as given, an
// exception instance as (its class, it, None), anything else true as
// sys.exc_info(): the exception being handled, (None, None, None) when
// there is none.
func excInfoOf(th *starlark.Thread, v starlark.Value) starlark.Value {
	switch v := v.(type) {
	case starlark.Tuple:
		return v
	case *class.Instance:
		if exceptions.IsException(v) {
			return starlark.Tuple{v.Class(), v, starlark.None}
		}
	}
	if e := exceptions.Handling(th); e != nil {
		return starlark.Tuple{e.Class(), e, starlark.None}
	}
	return starlark.Tuple{starlark.None, starlark.None, starlark.None}
}

// formatException is the text of ei = (type, value, traceback), as
// traceback.print_exception writes it, without the last newline.
func formatException(ei starlark.Tuple) string {
	if e, ok := ei[1].(*class.Instance); ok && exceptions.IsException(e) {
		return strings.TrimSuffix(modules.FormatException(e), "\n")
	}
	if ei[0] == starlark.None {
		return "NoneType: None"
	}
	name := str(ei[0])
	if c, ok := ei[0].(*class.Class); ok {
		name = c.Name()
	}
	if msg := str(ei[1]); msg != "" && ei[1] != starlark.None {
		return name + ": " + msg
	}
	return name
}
