package logging

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is the Logger class and the hierarchy of named loggers
// (Python's Manager): getLogger("a.b") is the one logger of that name,
// whose parent is the nearest existing ancestor ("a", else the root), and
// a logger made later between a logger and its parent becomes the parent.

// makeLoggerClasses makes Logger and RootLogger.
func (s *state) makeLoggerClasses() {
	m := modules.Methods(map[string]class.MethodFunc{
		"__init__":          s.loggerInit,
		"__repr__":          s.loggerRepr,
		"setLevel":          s.loggerSetLevel,
		"getEffectiveLevel": s.loggerGetEffectiveLevel,
		"isEnabledFor":      s.loggerIsEnabledFor,
		"addHandler":        s.loggerAddHandler,
		"removeHandler":     s.loggerRemoveHandler,
		"hasHandlers":       s.loggerHasHandlers,
		"getChild":          s.loggerGetChild,
		"handle":            s.loggerHandle,
		"findCaller":        s.loggerFindCaller,
		"makeRecord":        s.loggerMakeRecord,
		"callHandlers":      s.loggerCallHandlers,
	})
	levels := map[string]int64{"debug": DEBUG, "info": INFO, "warning": WARNING, "warn": WARNING,
		"error": ERROR, "exception": ERROR, "critical": CRITICAL, "fatal": CRITICAL}
	for name, level := range levels {
		name, level := name, level
		m[name] = class.NewMethod(name, func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if name == "warn" {
				if err := s.deprecated(th, "The 'warn' method is deprecated, use 'warning' instead"); err != nil {
					return nil, err
				}
			}
			if name == "exception" {
				kwargs = withDefault(kwargs, "exc_info", starlark.True)
			}
			return s.logMethod(th, name, self, level, args, kwargs)
		})
	}
	m["log"] = class.NewMethod("log", func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return s.logAt(th, "log", self, args, kwargs)
	})
	s.logger = class.MustNew("Logger", "logging", []*class.Class{s.filterer}, m)
	s.rootLogger = class.MustNew("RootLogger", "logging", []*class.Class{s.logger}, nil)
}

// newLogger makes a logger without calling __init__.
func (s *state) newLogger(c *class.Class, name string, level int) *class.Instance {
	l := class.NewInstance(c)
	s.initLogger(l, starlark.String(name), starlark.MakeInt(level))
	return l
}

func (s *state) initLogger(l *class.Instance, name, level starlark.Value) {
	l.SetAttr("name", name)
	l.SetAttr("level", level)
	l.SetAttr("parent", starlark.None)
	l.SetAttr("propagate", starlark.True)
	l.SetAttr("handlers", starlark.NewList(nil))
	l.SetAttr("disabled", starlark.False)
	l.SetAttr("filters", starlark.NewList(nil))
}

// Logger(name, level=NOTSET) makes a logger outside the hierarchy, as
// Python's constructor does; getLogger(name) is the usual way.
func (s *state) loggerInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("Logger.__init__", self)
	if err != nil {
		return nil, err
	}
	var name, level starlark.Value = nil, starlark.MakeInt(NOTSET)
	if err := starlark.UnpackArgs("Logger", args, kwargs, "name", &name, "level?", &level); err != nil {
		return nil, err
	}
	if level, err = s.checkLevel(level); err != nil {
		return nil, err
	}
	s.initLogger(inst, name, level)
	return starlark.None, nil
}

// getLogger(name=None): the root logger for no name (or "root"), else
// the logger of that dotted name, made on first use.
func (s *state) getLogger(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value = starlark.None
	if err := starlark.UnpackArgs("getLogger", args, kwargs, "name?", &name); err != nil {
		return nil, err
	}
	if !name.Truth() || name == starlark.String("root") {
		return s.root, nil
	}
	n, ok := name.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "A logger name must be a string")
	}
	return s.loggerNamed(string(n)), nil
}

// loggerNamed returns the logger called name, making it and linking it
// into the hierarchy if it is new.
func (s *state) loggerNamed(name string) *class.Instance {
	if l, ok := s.loggers[name]; ok {
		return l
	}
	l := s.newLogger(s.logger, name, NOTSET)
	s.loggers[name] = l
	// the parent: the nearest existing ancestor
	var parent starlark.Value = s.root
	for i := strings.LastIndexByte(name, '.'); i > 0; i = strings.LastIndexByte(name[:i], '.') {
		if p, ok := s.loggers[name[:i]]; ok {
			parent = p
			break
		}
	}
	l.SetAttr("parent", parent)
	// the children: loggers below name whose parent is above it
	for childName, c := range s.loggers {
		if !strings.HasPrefix(childName, name+".") {
			continue
		}
		cp, _ := c.GetAttrOwn("parent")
		pname := ""
		if cp != nil && cp != starlark.None {
			if v, err := modules.GetAttr(cp, "name"); err == nil {
				pname = str(v)
			}
		}
		if cp == starlark.Value(s.root) || !strings.HasPrefix(pname, name) {
			c.SetAttr("parent", l)
		}
	}
	return l
}

func (s *state) loggerRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("__repr__", args, kwargs); err != nil {
		return nil, err
	}
	name, err := modules.GetAttr(self, "name")
	if err != nil {
		return nil, err
	}
	level, err := effectiveLevel(self)
	if err != nil {
		return nil, err
	}
	return starlark.String(fmt.Sprintf("<%s %s (%s)>", typeName(self), str(name), str(s.nameOf(starlark.MakeInt64(level))))), nil
}

func (s *state) loggerSetLevel(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.setLevel("setLevel", self, args, kwargs)
}

// setLevel is Logger.setLevel and Handler.setLevel.
func (s *state) setLevel(fn string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance(fn, self)
	if err != nil {
		return nil, err
	}
	var level starlark.Value
	if err := starlark.UnpackArgs(fn, args, kwargs, "level", &level); err != nil {
		return nil, err
	}
	l, err := s.checkLevel(level)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("level", l)
	return starlark.None, nil
}

// effectiveLevel is the first level that is not NOTSET on the way from
// logger to the root.
func effectiveLevel(logger starlark.Value) (int64, error) {
	for depth := 0; logger != starlark.None && depth < 10000; depth++ {
		level, err := levelAttr(logger)
		if err != nil {
			return 0, err
		}
		if level != NOTSET {
			return level, nil
		}
		if logger, err = modules.GetAttr(logger, "parent"); err != nil {
			return 0, err
		}
	}
	return NOTSET, nil
}

func (s *state) loggerGetEffectiveLevel(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("getEffectiveLevel", args, kwargs); err != nil {
		return nil, err
	}
	level, err := effectiveLevel(self)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt64(level), nil
}

// isEnabledFor: not disabled, not below logging.disable(), and at or
// above the effective level.
func (s *state) isEnabledFor(logger starlark.Value, level int64) (bool, error) {
	disabled, err := modules.GetAttr(logger, "disabled")
	if err != nil {
		return false, err
	}
	if disabled.Truth() || s.disable >= level {
		return false, nil
	}
	eff, err := effectiveLevel(logger)
	return level >= eff, err
}

func (s *state) loggerIsEnabledFor(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level starlark.Int
	if err := starlark.UnpackArgs("isEnabledFor", args, kwargs, "level", &level); err != nil {
		return nil, err
	}
	ok, err := s.isEnabledFor(self, levelOf(level))
	if err != nil {
		return nil, err
	}
	return starlark.Bool(ok), nil
}

// handlerList returns logger.handlers.
func (s *state) handlerList(logger starlark.Value) ([]starlark.Value, error) {
	hs, err := modules.GetAttr(logger, "handlers")
	if err != nil {
		return nil, err
	}
	seq, ok := hs.(starlark.Indexable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", modules.PyType(hs))
	}
	out := make([]starlark.Value, seq.Len())
	for i := range out {
		out[i] = seq.Index(i)
	}
	return out, nil
}

// addHandler appends h to logger.handlers, unless it is there.
func (s *state) addHandler(logger, h starlark.Value) error {
	l, err := modules.ListAttr(logger, "handlers")
	if err != nil {
		return err
	}
	return modules.AddOnce(l, h)
}

// removeHandler removes h from logger.handlers, if it is there.
func (s *state) removeHandler(logger, h starlark.Value) error {
	l, err := modules.ListAttr(logger, "handlers")
	if err != nil {
		return err
	}
	return modules.Remove(l, h)
}

func (s *state) loggerAddHandler(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var h starlark.Value
	if err := starlark.UnpackArgs("addHandler", args, kwargs, "hdlr", &h); err != nil {
		return nil, err
	}
	if !modules.HasAttr(h, "handle") || !modules.HasAttr(h, "level") {
		return nil, pyerr.Errorf("TypeError", "addHandler: got %s, want a Handler", h.Type())
	}
	return starlark.None, s.addHandler(self, h)
}

func (s *state) loggerRemoveHandler(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var h starlark.Value
	if err := starlark.UnpackArgs("removeHandler", args, kwargs, "hdlr", &h); err != nil {
		return nil, err
	}
	return starlark.None, s.removeHandler(self, h)
}

// hasHandlers: does this logger or one it propagates to have a handler?
func (s *state) loggerHasHandlers(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("hasHandlers", args, kwargs); err != nil {
		return nil, err
	}
	for c, depth := self, 0; c != starlark.None && depth < 10000; depth++ {
		hs, err := s.handlerList(c)
		if err != nil {
			return nil, err
		}
		if len(hs) > 0 {
			return starlark.True, nil
		}
		prop, err := modules.GetAttr(c, "propagate")
		if err != nil {
			return nil, err
		}
		if !prop.Truth() {
			break
		}
		if c, err = modules.GetAttr(c, "parent"); err != nil {
			return nil, err
		}
	}
	return starlark.False, nil
}

func (s *state) loggerGetChild(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var suffix string
	if err := starlark.UnpackArgs("getChild", args, kwargs, "suffix", &suffix); err != nil {
		return nil, err
	}
	if self != starlark.Value(s.root) {
		name, err := modules.GetAttr(self, "name")
		if err != nil {
			return nil, err
		}
		suffix = str(name) + "." + suffix
	}
	if suffix == "" || suffix == "root" {
		return s.root, nil
	}
	return s.loggerNamed(suffix), nil
}

// logMethod is logger.debug(msg, *args, **kwargs) and its kin at level.
func (s *state) logMethod(th *starlark.Thread, fn string, self starlark.Value, level int64, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.Errorf("TypeError", "Logger.%s() missing 1 required positional argument: 'msg'", fn)
	}
	on, err := s.isEnabledFor(self, level)
	if err != nil || !on {
		return starlark.None, err
	}
	return starlark.None, s.log(th, fn, self, level, args[0], args[1:], kwargs)
}

// logAt is logger.log(level, msg, *args, **kwargs).
func (s *state) logAt(th *starlark.Thread, fn string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 {
		missing := "'level' and 'msg'"
		if len(args) == 1 {
			missing = "'msg'"
		}
		return nil, pyerr.Errorf("TypeError", "Logger.log() missing %d required positional argument%s: %s", 2-len(args), map[bool]string{true: "s", false: ""}[len(args) == 0], missing)
	}
	level, ok := args[0].(starlark.Int)
	if !ok {
		if s.raiseExceptions() {
			return nil, pyerr.Errorf("TypeError", "level must be an integer")
		}
		return starlark.None, nil
	}
	return s.logMethod(th, fn, self, levelOf(level), args[1:], kwargs)
}

// log is Logger._log: make a record at the caller's place and handle it.
func (s *state) log(th *starlark.Thread, fn string, self starlark.Value, level int64, msg starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	var excInfo, extra starlark.Value = starlark.None, starlark.None
	var stackInfo bool
	stacklevel := 1
	if err := starlark.UnpackArgs(fn, nil, kwargs, "exc_info?", &excInfo, "extra?", &extra, "stack_info?", &stackInfo, "stacklevel?", &stacklevel); err != nil {
		return err
	}
	place := findCaller(th, stacklevel)
	sinfo := starlark.Value(starlark.None)
	if stackInfo {
		sinfo = starlark.String(stackText(th, stacklevel))
	}
	if excInfo.Truth() {
		excInfo = excInfoOf(th, excInfo)
	}
	name, err := modules.GetAttr(self, "name")
	if err != nil {
		return err
	}
	r := s.newRecord(str(name), int(level), place.File, place.Line, msg, args, excInfo, starlark.String(place.Function), sinfo)
	if extra != starlark.None {
		if err := addExtra(r, extra); err != nil {
			return err
		}
	}
	return s.handle(th, self, r)
}

// findCaller is the place of the logging call: the innermost Starlark
// frame, or stacklevel-1 frames further out (the outermost if there are
// not that many).
func findCaller(th *starlark.Thread, stacklevel int) modules.Caller {
	callers := modules.Callers(th)
	if len(callers) == 0 {
		return modules.Caller{File: "(unknown file)", Function: "(unknown function)"}
	}
	i := stacklevel - 1
	if i < 0 {
		i = 0
	}
	if i >= len(callers) {
		i = len(callers) - 1
	}
	return callers[i]
}

// stackText is the stack_info of a record: "Stack (most recent call
// last):" and the frames from the outermost to the place of the call.
func stackText(th *starlark.Thread, stacklevel int) string {
	callers := modules.Callers(th)
	if i := stacklevel - 1; i > 0 && i < len(callers) {
		callers = callers[i:]
	}
	return "Stack (most recent call last):\n" + strings.TrimSuffix(formatStack(callers), "\n")
}

// formatStack is traceback.format_stack of callers (innermost first),
// outermost first: '  File "f", line n, in fn' and the source line.
func formatStack(callers []modules.Caller) string {
	var b strings.Builder
	for i := len(callers) - 1; i >= 0; i-- {
		c := callers[i]
		fmt.Fprintf(&b, "  File \"%s\", line %d, in %s\n", c.File, c.Line, c.Function)
		if line := strings.TrimSpace(modules.SourceLine(c.File, c.Line)); line != "" {
			fmt.Fprintf(&b, "    %s\n", line)
		}
	}
	return b.String()
}

// addExtra copies extra's items into the record, refusing to overwrite.
func addExtra(r *Record, extra starlark.Value) error {
	d, ok := extra.(starlark.IterableMapping)
	if !ok {
		return pyerr.Errorf("TypeError", "'%s' object is not a mapping", modules.PyType(extra))
	}
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return pyerr.Errorf("TypeError", "extra: keys must be strings, not %s", kv[0].Type())
		}
		if _, taken := r.lookup(k); taken || k == "message" || k == "asctime" {
			msg := fmt.Sprintf("Attempt to overwrite %s in LogRecord", modules.PyRepr(k))
			return &pyerr.Error{Type: "KeyError", Msg: modules.PyRepr(msg), Args: starlark.Tuple{starlark.String(msg)}}
		}
		r.SetField(k, kv[1])
	}
	return nil
}

// handle is Logger.handle: unless the logger is disabled or a filter
// drops the record, every handler from the logger up to the root (while
// propagate holds) whose level allows it handles the record; with no
// handler at all, lastResort does.
func (s *state) handle(th *starlark.Thread, logger starlark.Value, r starlark.Value) error {
	disabled, err := modules.GetAttr(logger, "disabled")
	if err != nil {
		return err
	}
	if disabled.Truth() {
		return nil
	}
	if ok, err := s.filterRecord(th, logger, r); err != nil || !ok {
		return err
	}
	return s.callHandlers(th, logger, r)
}

func (s *state) callHandlers(th *starlark.Thread, logger starlark.Value, r starlark.Value) error {
	levelno, err := modules.GetAttr(r, "levelno")
	if err != nil {
		return err
	}
	level := levelOf(levelno)
	found := 0
	for c, depth := logger, 0; c != starlark.None && depth < 10000; depth++ {
		hs, err := modules.GetAttr(c, "handlers")
		if err != nil {
			return err
		}
		seq, ok := hs.(starlark.Indexable)
		if !ok {
			return pyerr.Errorf("TypeError", "'%s' object is not iterable", modules.PyType(hs))
		}
		for i := 0; i < seq.Len(); i++ {
			h := seq.Index(i)
			found++
			hl, err := levelAttr(h)
			if err != nil {
				return err
			}
			if level >= hl {
				if _, err := modules.CallMethod(th, h, "handle", r); err != nil {
					return err
				}
			}
		}
		prop, err := modules.GetAttr(c, "propagate")
		if err != nil {
			return err
		}
		if !prop.Truth() {
			break
		}
		if c, err = modules.GetAttr(c, "parent"); err != nil {
			return err
		}
	}
	if found > 0 {
		return nil
	}
	last, _ := s.module.Attr("lastResort")
	if last != nil && last != starlark.None && last.Truth() {
		ll, err := levelAttr(last)
		if err != nil {
			return err
		}
		if level >= ll {
			_, err = modules.CallMethod(th, last, "handle", r)
		}
		return err
	}
	if s.raiseExceptions() && !s.noHandler {
		name, _ := modules.GetAttr(logger, "name")
		fmt.Fprintf(s.cfg.Stderr, "No handlers could be found for logger \"%s\"\n", str(name))
		s.noHandler = true
	}
	return nil
}

func (s *state) loggerHandle(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("handle", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	return starlark.None, s.handle(th, self, r)
}

func (s *state) loggerCallHandlers(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("callHandlers", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	return starlark.None, s.callHandlers(th, self, r)
}

// findCaller(stack_info=False, stacklevel=1) -> (filename, lineno, funcName, sinfo)
func (s *state) loggerFindCaller(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var stackInfo bool
	stacklevel := 1
	if err := starlark.UnpackArgs("findCaller", args, kwargs, "stack_info?", &stackInfo, "stacklevel?", &stacklevel); err != nil {
		return nil, err
	}
	c := findCaller(th, stacklevel)
	sinfo := starlark.Value(starlark.None)
	if stackInfo {
		sinfo = starlark.String(stackText(th, stacklevel))
	}
	return starlark.Tuple{starlark.String(c.File), starlark.MakeInt(c.Line), starlark.String(c.Function), sinfo}, nil
}

// makeRecord(name, level, fn, lno, msg, args, exc_info, func=None, extra=None, sinfo=None)
func (s *state) loggerMakeRecord(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name, fn string
	var level, lno int
	var msg, rargs, excInfo starlark.Value
	var funcName, extra, sinfo starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs("makeRecord", args, kwargs, "name", &name, "level", &level, "fn", &fn, "lno", &lno,
		"msg", &msg, "args", &rargs, "exc_info", &excInfo, "func?", &funcName, "extra?", &extra, "sinfo?", &sinfo); err != nil {
		return nil, err
	}
	r := s.newRecord(name, level, fn, lno, msg, rargs, excInfo, funcName, sinfo)
	if extra != starlark.None {
		if err := addExtra(r, extra); err != nil {
			return nil, err
		}
	}
	return r, nil
}
