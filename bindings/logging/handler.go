package logging

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is Handler and its subclasses StreamHandler (a record per
// line on a stream, sys.stderr by default), FileHandler (a file opened
// for appending) and NullHandler (nothing).

func (s *state) makeHandlerClasses() {
	nameProp := &class.Property{
		Get: func(self *class.Instance) (starlark.Value, error) {
			if v, ok := self.GetAttrOwn("_name"); ok {
				return v, nil
			}
			return starlark.None, nil
		},
		Set: func(self *class.Instance, v starlark.Value) error { self.SetAttr("_name", v); return nil },
	}
	m := modules.Methods(map[string]class.MethodFunc{
		"__init__": s.handlerInit,
		"__repr__": s.handlerRepr,
		"setLevel": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return s.setLevel("setLevel", self, args, kwargs)
		},
		"setFormatter": handlerSetFormatter,
		"format":       s.handlerFormat,
		"emit":         handlerEmit,
		"handle":       s.handlerHandle,
		"handleError":  s.handlerHandleError,
		"flush":        nothing("flush"),
		"close":        s.handlerClose,
		"acquire":      nothing("acquire"),
		"release":      nothing("release"),
		"createLock":   nothing("createLock"),
		"get_name":     handlerGetName,
		"set_name":     handlerSetName,
	})
	m["name"] = nameProp
	s.handler = class.MustNew("Handler", "logging", []*class.Class{s.filterer}, m)

	m = modules.Methods(map[string]class.MethodFunc{
		"__init__":  s.streamHandlerInit,
		"__repr__":  s.streamHandlerRepr,
		"flush":     streamHandlerFlush,
		"emit":      s.streamHandlerEmit,
		"setStream": streamHandlerSetStream,
	})
	m["terminator"] = starlark.String("\n")
	s.streamHandler = class.MustNew("StreamHandler", "logging", []*class.Class{s.handler}, m)

	s.fileHandler = class.MustNew("FileHandler", "logging", []*class.Class{s.streamHandler}, modules.Methods(map[string]class.MethodFunc{
		"__init__": s.fileHandlerInit,
		"__repr__": s.fileHandlerRepr,
		"close":    s.fileHandlerClose,
		"emit":     s.fileHandlerEmit,
		"_open":    fileHandlerOpen,
	}))

	s.nullHandler = class.MustNew("NullHandler", "logging", []*class.Class{s.handler}, modules.Methods(map[string]class.MethodFunc{
		"handle":     nothing("handle"),
		"emit":       nothing("emit"),
		"createLock": nothing("createLock"),
	}))
}

// nothing is a method that takes any arguments and does nothing: the
// locks of a single-threaded program, NullHandler's emit.
func nothing(name string) class.MethodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	}
}

// initHandler sets what Handler.__init__ sets, and remembers the handler
// for shutdown().
func (s *state) initHandler(h *class.Instance, level starlark.Value) {
	h.SetAttr("_name", starlark.None)
	h.SetAttr("level", level)
	h.SetAttr("formatter", starlark.None)
	h.SetAttr("filters", starlark.NewList(nil))
	h.SetAttr("_closed", starlark.False)
	h.SetAttr("lock", starlark.None)
	s.handlers = append(s.handlers, h)
}

// Handler(level=NOTSET)
func (s *state) handlerInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("Handler.__init__", self)
	if err != nil {
		return nil, err
	}
	var level starlark.Value = starlark.MakeInt(NOTSET)
	if err := starlark.UnpackArgs("Handler", args, kwargs, "level?", &level); err != nil {
		return nil, err
	}
	if level, err = s.checkLevel(level); err != nil {
		return nil, err
	}
	s.initHandler(inst, level)
	return starlark.None, nil
}

func (s *state) handlerRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	level, err := modules.GetAttr(self, "level")
	if err != nil {
		return nil, err
	}
	return starlark.String(fmt.Sprintf("<%s (%s)>", typeName(self), str(s.nameOf(level)))), nil
}

func handlerSetFormatter(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("setFormatter", self)
	if err != nil {
		return nil, err
	}
	var f starlark.Value
	if err := starlark.UnpackArgs("setFormatter", args, kwargs, "fmt", &f); err != nil {
		return nil, err
	}
	inst.SetAttr("formatter", f)
	return starlark.None, nil
}

func handlerGetName(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("get_name", args, kwargs); err != nil {
		return nil, err
	}
	return modules.GetAttr(self, "_name")
}

func handlerSetName(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("set_name", self)
	if err != nil {
		return nil, err
	}
	var name starlark.Value
	if err := starlark.UnpackArgs("set_name", args, kwargs, "name", &name); err != nil {
		return nil, err
	}
	inst.SetAttr("_name", name)
	return starlark.None, nil
}

// format formats a record with the handler's formatter, or the default
// one ("%(message)s").
func (s *state) handlerFormat(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("format", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	f, err := modules.GetAttr(self, "formatter")
	if err != nil {
		return nil, err
	}
	if f == starlark.None {
		f = s.defaultFmt
	}
	return modules.CallMethod(th, f, "format", r)
}

func handlerEmit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return nil, pyerr.Errorf("NotImplementedError", "emit must be implemented by Handler subclasses")
}

// handle: if the filters let the record through, emit it.
func (s *state) handlerHandle(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("handle", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	ok, err := s.filterRecord(th, self, r)
	if err != nil || !ok {
		return starlark.Bool(ok), err
	}
	if _, err := modules.CallMethod(th, self, "emit", r); err != nil {
		return nil, err
	}
	return starlark.True, nil
}

func (s *state) handlerClose(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("close", self)
	if err != nil {
		return nil, err
	}
	if err := noArgs("close", args, kwargs); err != nil {
		return nil, err
	}
	inst.SetAttr("_closed", starlark.True)
	for i, h := range s.handlers {
		if h == inst {
			s.handlers = append(s.handlers[:i], s.handlers[i+1:]...)
			break
		}
	}
	return starlark.None, nil
}

// failed reports an error raised while emitting r through handler h's
// handleError, which a subclass may override. SystemExit, ExitNow and
// interrupts go on up, as in Python.
func (s *state) failed(th *starlark.Thread, h, r starlark.Value, err error) error {
	if pyerr.Reraised(err) {
		return err
	}
	s.handling = append(s.handling, err)
	defer func() { s.handling = s.handling[:len(s.handling)-1] }()
	_, herr := modules.CallMethod(th, h, "handleError", r)
	return herr
}

// handleError prints, when logging.raiseExceptions is true, what Python
// prints for an error raised while emitting: "--- Logging error ---",
// the error, the call stack of the logging call, the message and its
// arguments.
func (s *state) handlerHandleError(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("handleError", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	if !s.raiseExceptions() || len(s.handling) == 0 {
		return starlark.None, nil
	}
	typ, msg := pyerr.TypeAndMessage(s.handling[len(s.handling)-1])
	var b strings.Builder
	b.WriteString("--- Logging error ---\nTraceback (most recent call last):\n")
	callers := modules.Callers(th)
	var ee *starlark.EvalError
	if errors.As(s.handling[len(s.handling)-1], &ee) {
		// the frames of the error below the logging call: a handler's
		// or formatter's methods written in Starlark
		if inner := evalCallers(ee); len(inner) > len(callers) {
			b.WriteString(formatStack(inner[:len(inner)-len(callers)]))
		}
	}
	if msg != "" {
		fmt.Fprintf(&b, "%s: %s\n", typ, msg)
	} else {
		fmt.Fprintf(&b, "%s\n", typ)
	}
	if len(callers) > 0 {
		b.WriteString("Call stack:\n" + formatStack(callers))
	} else {
		lineno, _ := modules.GetAttr(r, "lineno")
		filename, _ := modules.GetAttr(r, "filename")
		if lineno != nil && filename != nil {
			fmt.Fprintf(&b, "Logged from file %s, line %s\n", str(filename), str(lineno))
		}
	}
	m, _ := modules.GetAttr(r, "msg")
	a, _ := modules.GetAttr(r, "args")
	if m != nil && a != nil {
		fmt.Fprintf(&b, "Message: %s\nArguments: %s\n", modules.Repr(m), modules.Repr(a))
	}
	io.WriteString(s.cfg.Stderr, b.String())
	return starlark.None, nil
}

// evalCallers are the Starlark frames of an error, innermost first.
func evalCallers(ee *starlark.EvalError) []modules.Caller {
	var out []modules.Caller
	for i := len(ee.CallStack) - 1; i >= 0; i-- {
		fr := ee.CallStack[i]
		if f := fr.Pos.Filename(); f != "<builtin>" && f != "" {
			name := fr.Name
			if name == "<toplevel>" {
				name = "<module>"
			}
			out = append(out, modules.Caller{File: f, Line: int(fr.Pos.Line), Function: name})
		}
	}
	return out
}

// StreamHandler(stream=None)
func (s *state) streamHandlerInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("StreamHandler.__init__", self)
	if err != nil {
		return nil, err
	}
	var stream starlark.Value = starlark.None
	if err := starlark.UnpackArgs("StreamHandler", args, kwargs, "stream?", &stream); err != nil {
		return nil, err
	}
	if stream == starlark.None {
		stream = s.stderr
	}
	s.initHandler(inst, starlark.MakeInt(NOTSET))
	inst.SetAttr("stream", stream)
	return starlark.None, nil
}

func (s *state) streamHandlerRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	level, err := modules.GetAttr(self, "level")
	if err != nil {
		return nil, err
	}
	stream, err := modules.GetAttr(self, "stream")
	if err != nil {
		return nil, err
	}
	name := ""
	if m, ok := stream.(*starlarkstruct.Module); ok && (m.Name == "stdout" || m.Name == "stderr") {
		name = "<" + m.Name + ">" // sys.stdout, sys.stderr
	} else if n, err := modules.GetAttr(stream, "name"); err == nil {
		name = str(n)
	}
	if name != "" {
		name += " "
	}
	return starlark.String(fmt.Sprintf("<%s %s(%s)>", typeName(self), name, str(s.nameOf(level)))), nil
}

func streamHandlerFlush(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("flush", args, kwargs); err != nil {
		return nil, err
	}
	stream, err := modules.GetAttr(self, "stream")
	if err != nil {
		return nil, err
	}
	if bool(stream.Truth()) && modules.HasAttr(stream, "flush") {
		if _, err := modules.CallMethod(th, stream, "flush"); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// emit writes the formatted record and the terminator to the stream;
// an error goes to handleError.
func (s *state) streamHandlerEmit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("emit", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	if err := s.emit(th, self, r); err != nil {
		return starlark.None, s.failed(th, self, r, err)
	}
	return starlark.None, nil
}

func (s *state) emit(th *starlark.Thread, self, r starlark.Value) error {
	msg, err := modules.CallMethod(th, self, "format", r)
	if err != nil {
		return err
	}
	term, err := modules.GetAttr(self, "terminator")
	if err != nil {
		return err
	}
	stream, err := modules.GetAttr(self, "stream")
	if err != nil {
		return err
	}
	text := str(msg) + str(term)
	switch stream := stream.(type) {
	case *fileStream:
		return stream.write(text)
	default:
		if stream == s.stderr {
			_, err := io.WriteString(s.cfg.Stderr, text)
			return err
		}
		if err := modules.WriteTo(th, "emit", stream, text); err != nil {
			return err
		}
	}
	_, err = modules.CallMethod(th, self, "flush")
	return err
}

// setStream(stream) changes the stream, returning the old one (None if
// it is the same).
func streamHandlerSetStream(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("setStream", self)
	if err != nil {
		return nil, err
	}
	var stream starlark.Value
	if err := starlark.UnpackArgs("setStream", args, kwargs, "stream", &stream); err != nil {
		return nil, err
	}
	old, err := modules.GetAttr(self, "stream")
	if err != nil {
		return nil, err
	}
	if old == stream {
		return starlark.None, nil
	}
	if _, err := modules.CallMethod(th, self, "flush"); err != nil {
		return nil, err
	}
	inst.SetAttr("stream", stream)
	return old, nil
}
