package asyncore

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is asyncore's error path: handle_error(), compact_traceback()
// and ExitNow.

// frame is one entry of compact_traceback's info.
type frame struct{ file, function, line string }

// frames returns the Starlark frames of err, outermost first; built-in
// functions are not frames, as C functions are not in CPython.
func frames(err error, fallback starlark.CallStack) []frame {
	stack := fallback
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		stack = ee.CallStack
	}
	var out []frame
	for _, f := range stack {
		file := f.Pos.Filename()
		if file == "<builtin>" || file == "" {
			continue
		}
		name := f.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		out = append(out, frame{file, name, strconv.Itoa(int(f.Pos.Line))})
	}
	return out
}

// traceback computes compact_traceback()'s parts for err: the innermost
// frame, the exception (its class and str() are compact_traceback's type
// and value) and the frames as one line.
func traceback(h handled) (last frame, exc *class.Instance, info string) {
	fs := frames(h.err, h.stack)
	exc = exceptions.Of(h.err)
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprintf("[%s|%s|%s]", f.file, f.function, f.line)
	}
	if len(fs) > 0 {
		last = fs[len(fs)-1]
	} else {
		last = frame{"<unknown>", "<unknown>", "0"}
	}
	parts = pyerr.FoldRepeats(parts, func(n int) string { return fmt.Sprintf("[repeated %d more times]", n) })
	return last, exc, strings.Join(parts, " ")
}

// compact_traceback() -> ((file, function, line), type, message, info) of
// the error being handled.
func (m *Module) compactTraceback(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if len(m.handling) == 0 {
		return nil, fmt.Errorf("compact_traceback: traceback does not exist (no error is being handled)")
	}
	last, exc, info := traceback(m.handling[len(m.handling)-1])
	return starlark.Tuple{
		starlark.Tuple{starlark.String(last.file), starlark.String(last.function), starlark.String(last.line)},
		exc.Class(), starlark.String(strOn(th, exc)), starlark.String(info),
	}, nil
}

// handle_error(): log the error being handled and close the channel.
func dispatcher_handle_error(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	typ, msg, info := "RuntimeError", "no error is being handled", ""
	if len(m.handling) > 0 {
		var exc *class.Instance
		_, exc, info = traceback(m.handling[len(m.handling)-1])
		typ, msg = exc.Class().QualName(), strOn(th, exc)
	}
	selfRepr := reprOn(th, self) // repr(self), as CPython logs it
	line := fmt.Sprintf("uncaptured python exception, closing channel %s (%s:%s %s)", selfRepr, typ, msg, info)
	if _, err := callMethod(th, self, "log_info", starlark.String(line), starlark.String("error")); err != nil {
		return nil, err
	}
	return callMethod(th, self, "handle_close")
}

// handle routes a handler's error as CPython's read()/write() do: errors
// that must escape the loop are returned; anything else goes to
// obj.handle_error(). A handle_error that itself fails is reported once
// and its channel closed, instead of looping (gh-53895). (Small, to be
// inlined where every event's error passes: most are nil.)
func (m *Module) handle(th *starlark.Thread, obj starlark.Value, err error) error {
	if err == nil {
		return nil
	}
	return m.handleError(th, obj, err)
}

// handleError is handle for an error.
func (m *Module) handleError(th *starlark.Thread, obj starlark.Value, err error) error {
	if pyerr.Reraised(err) || m.interrupted.Load() != nil {
		return err
	}
	m.handling = append(m.handling, handled{err: err, stack: th.CallStack()})
	prev := exceptions.SetHandling(th, exceptions.Of(err), 0) // sys.exc_info() in handle_error
	_, herr := callMethod(th, obj, "handle_error")
	exceptions.RestoreHandling(th, prev)
	m.handling = m.handling[:len(m.handling)-1]
	if herr == nil {
		return nil
	}
	if pyerr.Reraised(herr) || m.interrupted.Load() != nil {
		return herr
	}
	typ, msg := exceptions.TypeAndMessage(herr)
	fmt.Fprintf(m.cfg.Stderr, "error: handle_error of %s failed, closing channel (%s:%s)\n", reprOn(th, obj), typ, msg)
	if _, cerr := own(m.dispatcher, "close").Call(th, obj, nil, nil); cerr != nil && (pyerr.Reraised(cerr)) {
		return cerr
	}
	return nil
}
