package modules

import (
	"fmt"
	"io"
	"os"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
)

// NewTraceback makes the traceback module of one interpreter, whose
// print functions write to stderr unless given a file:
//
//	format_exc(limit=None) print_exc(limit=None, file=None)
//	format_exception(exc, value=None, tb=None, limit=None)
//	print_exception(exc, value=None, tb=None, limit=None, file=None)
//	format_exception_only(exc, value=None)
//	format_stack(limit=None) print_stack(limit=None, file=None)
//
// The exception is the one being handled (sys.exc_info()) or the one
// given; a traceback lists the Starlark frames it was raised through,
// as Python's do, without the source lines. Python's tb argument is
// accepted and ignored: an exception carries its own frames here.
func NewTraceback(stderr io.Writer) *Lazy {
	return NewLazy("traceback", func() starlark.StringDict {
		tb := &tracebackModule{stderr: stderr}
		return starlark.StringDict{
			"format_exc":            starlark.NewBuiltin("format_exc", tb.formatExc),
			"print_exc":             starlark.NewBuiltin("print_exc", tb.printExc),
			"format_exception":      starlark.NewBuiltin("format_exception", tb.formatException),
			"print_exception":       starlark.NewBuiltin("print_exception", tb.printException),
			"format_exception_only": starlark.NewBuiltin("format_exception_only", tb.formatExceptionOnly),
			"format_stack":          starlark.NewBuiltin("format_stack", tb.formatStack),
			"print_stack":           starlark.NewBuiltin("print_stack", tb.printStack),
		}
	})
}

type tracebackModule struct{ stderr io.Writer }

// formatFrames writes frames as Python's traceback does, the last limit
// of them (all for a negative limit).
func formatFrames(stack starlark.CallStack, limit int) []string {
	if limit >= 0 && limit < len(stack) {
		stack = stack[len(stack)-limit:]
	}
	var out []string
	for _, f := range stack {
		file := f.Pos.Filename()
		if file == "<builtin>" {
			continue
		}
		name := f.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		out = append(out, fmt.Sprintf("  File \"%s\", line %d, in %s\n", file, f.Pos.Line, name))
		if line := sourceLine(file, int(f.Pos.Line)); line != "" {
			out = append(out, "    "+line+"\n")
		}
	}
	return out
}

// sourceLine is line n of file, stripped, as Python's traceback shows
// it under each frame; "" when the file cannot be read (a -c program).
func sourceLine(file string, n int) string {
	if strings.HasPrefix(file, "<") {
		return ""
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[n-1])
}

// exceptionLines is format_exception's list for e (nil: "NoneType: None").
func exceptionLines(e *class.Instance, limit int) []string {
	if e == nil {
		return []string{"NoneType: None\n"}
	}
	var out []string
	if stack := exceptions.Stack(e); len(stack) > 0 && limit != 0 {
		out = append(out, "Traceback (most recent call last):\n")
		out = append(out, formatFrames(stack, limit)...)
	}
	return append(out, onlyLine(e))
}

// onlyLine is format_exception_only's line: "ValueError: bad\n".
func onlyLine(e *class.Instance) string {
	msg := e.String()
	if msg == "" {
		return e.Class().QualName() + "\n"
	}
	return e.Class().QualName() + ": " + msg + "\n"
}

// limitArg reads Python's limit=None.
func limitArg(v starlark.Value) (int, error) {
	if v == nil || v == starlark.None {
		return -1, nil
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, fmt.Errorf("limit: got %s, want int or None", v.Type())
	}
	if n < 0 {
		n = 0
	}
	return n, nil
}

// exceptionArg reads format_exception's first arguments: an exception
// (Python 3.10's form), or a class and a value (the old form).
func exceptionArg(fn string, exc, value starlark.Value) (*class.Instance, error) {
	for _, v := range []starlark.Value{value, exc} {
		if e, ok := v.(*class.Instance); ok && exceptions.IsException(e) {
			return e, nil
		}
	}
	if exc == starlark.None && (value == nil || value == starlark.None) {
		return nil, nil
	}
	return nil, fmt.Errorf("%s: got %s, want an exception", fn, exc.Type())
}

func list(lines []string) *starlark.List {
	vs := make([]starlark.Value, len(lines))
	for i, l := range lines {
		vs[i] = starlark.String(l)
	}
	return starlark.NewList(vs)
}

// write sends s to file (an object with write(s)) or to stderr.
func (tb *tracebackModule) write(th *starlark.Thread, file starlark.Value, s string) (starlark.Value, error) {
	if file == nil || file == starlark.None {
		io.WriteString(tb.stderr, s)
		return starlark.None, nil
	}
	h, ok := file.(starlark.HasAttrs)
	if !ok {
		return nil, fmt.Errorf("file: '%s' object has no attribute 'write'", file.Type())
	}
	w, err := h.Attr("write")
	if err != nil || w == nil {
		return nil, fmt.Errorf("file: '%s' object has no attribute 'write'", file.Type())
	}
	if _, err := starlark.Call(th, w, starlark.Tuple{starlark.String(s)}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (tb *tracebackModule) formatExc(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "limit?", &limit); err != nil {
		return nil, err
	}
	n, err := limitArg(limit)
	if err != nil {
		return nil, err
	}
	return starlark.String(strings.Join(exceptionLines(exceptions.Handling(th), n), "")), nil
}

func (tb *tracebackModule) printExc(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit, file starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "limit?", &limit, "file?", &file); err != nil {
		return nil, err
	}
	n, err := limitArg(limit)
	if err != nil {
		return nil, err
	}
	return tb.write(th, file, strings.Join(exceptionLines(exceptions.Handling(th), n), ""))
}

func (tb *tracebackModule) exceptionArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple, file *starlark.Value) (*class.Instance, int, error) {
	var exc, value, tbv, limit starlark.Value = nil, starlark.None, starlark.None, starlark.None
	pairs := []any{"exc", &exc, "value?", &value, "tb?", &tbv, "limit?", &limit}
	if file != nil {
		pairs = append(pairs, "file?", file)
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, pairs...); err != nil {
		return nil, 0, err
	}
	n, err := limitArg(limit)
	if err != nil {
		return nil, 0, err
	}
	e, err := exceptionArg(b.Name(), exc, value)
	if value != starlark.None && tbv == starlark.None {
		n = 0 // the old form with tb=None: no frames, as in Python
	}
	return e, n, err
}

func (tb *tracebackModule) formatException(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, n, err := tb.exceptionArgs(b, args, kwargs, nil)
	if err != nil {
		return nil, err
	}
	return list(exceptionLines(e, n)), nil
}

func (tb *tracebackModule) printException(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	e, n, err := tb.exceptionArgs(b, args, kwargs, &file)
	if err != nil {
		return nil, err
	}
	return tb.write(th, file, strings.Join(exceptionLines(e, n), ""))
}

func (tb *tracebackModule) formatExceptionOnly(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var exc, value starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "exc", &exc, "value?", &value); err != nil {
		return nil, err
	}
	e, err := exceptionArg(b.Name(), exc, value)
	if err != nil {
		return nil, err
	}
	if e == nil {
		return list([]string{"NoneType: None\n"}), nil
	}
	return list([]string{onlyLine(e)}), nil
}

// stackHere is the calling script's frames, the built-in's own left out.
func stackHere(th *starlark.Thread, limit int) []string {
	return formatFrames(th.CallStack(), limit)
}

func (tb *tracebackModule) formatStack(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "f?", new(starlark.Value), "limit?", &limit); err != nil {
		return nil, err
	}
	n, err := limitArg(limit)
	if err != nil {
		return nil, err
	}
	return list(stackHere(th, n)), nil
}

func (tb *tracebackModule) printStack(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var limit, file starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "f?", new(starlark.Value), "limit?", &limit, "file?", &file); err != nil {
		return nil, err
	}
	n, err := limitArg(limit)
	if err != nil {
		return nil, err
	}
	return tb.write(th, file, strings.Join(stackHere(th, n), ""))
}
