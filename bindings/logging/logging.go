// Package logging is the Starlark module logging: CPython 3.11's
// logging package, in Go, for one interpreter.
//
// Members:
//
//	getLogger(name=None)        the logger of a dotted name (one per name), or the root logger
//	basicConfig(**kwargs)       filename, filemode, format, datefmt, style, level, stream, handlers, force
//	debug info warning warn error exception critical fatal log(level, ...)
//	                            log on the root logger (calling basicConfig() first if it has no handler)
//	CRITICAL FATAL ERROR WARNING WARN INFO DEBUG NOTSET
//	getLevelName(level) addLevelName(level, levelName) getLevelNamesMapping()
//	disable(level=CRITICAL) shutdown() makeLogRecord(dict) captureWarnings(capture)
//	root lastResort raiseExceptions BASIC_FORMAT
//	Logger RootLogger Handler StreamHandler FileHandler NullHandler Formatter Filter Filterer
//	LogRecord(name, level, pathname, lineno, msg, args, exc_info, func=None, sinfo=None)
//
// Classes (subclass them with subclass(), as in Python):
//
//	Logger(name, level=NOTSET): name level parent propagate handlers disabled filters;
//	    debug info warning warn error exception critical fatal log(level, msg, *args,
//	    exc_info=None, extra=None, stack_info=False, stacklevel=1), setLevel getEffectiveLevel
//	    isEnabledFor addHandler removeHandler hasHandlers getChild handle findCaller makeRecord
//	    addFilter removeFilter filter
//	Handler(level=NOTSET): level formatter filters name; setLevel setFormatter format emit
//	    handle handleError flush close acquire release createLock get_name set_name
//	StreamHandler(stream=None): stream terminator; setStream (writes to sys.stderr by default)
//	FileHandler(filename, mode='a', encoding=None, delay=False, errors=None): baseFilename mode
//	NullHandler()
//	Formatter(fmt=None, datefmt=None, style='%', validate=True, defaults=None): format
//	    formatTime formatException formatMessage formatStack usesTime converter
//	    default_time_format default_msec_format
//	Filter(name=''): filter(record)
//	handlers                    the module logging.handlers (handlers.go)
//
// Messages are formatted as Python's: "msg % args" with Python's
// printf-style formatting, and every %(field)s of a LogRecord in a
// format. Output goes to the interpreter's stderr (sys.stderr).
//
// logger.exception() and exc_info=True show the exception being handled
// (sys.exc_info(): the one a catch in a calling function caught) with
// its traceback.
//
// Differences from Python: the '{' style formats fields without format
// specs (Starlark's str.format); captureWarnings is accepted and does
// nothing; logging.handlers has the file handlers only (handlers.go);
// there is no logging.config or setLoggerClass; a record's thread is the
// OS thread id.
package logging

import (
	"io"
	"os"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Config is what the interpreter gives the module.
type Config struct {
	Stderr   io.Writer         // sys.stderr: the default stream and where errors are reported
	Warnings starlark.HasAttrs // the warnings module: warn() is deprecated, as in Python
}

// Levels, as Python's.
const (
	NOTSET   = 0
	DEBUG    = 10
	INFO     = 20
	WARNING  = 30
	ERROR    = 40
	CRITICAL = 50
)

// BasicFormat is logging.BASIC_FORMAT.
const BasicFormat = "%(levelname)s:%(name)s:%(message)s"

// state is one interpreter's logging: its loggers, level names and
// classes.
type state struct {
	cfg    Config
	module *modules.Lazy
	stderr starlark.Value // the default stream: sys.stderr
	start  time.Time

	levelToName map[int64]string
	nameToLevel map[string]int

	disable    int64
	root       *class.Instance
	loggers    map[string]*class.Instance
	lastResort *class.Instance
	handlers   []*class.Instance // open handlers, oldest first, for shutdown()
	noHandler  bool              // "No handlers could be found" was printed
	defaultFmt *class.Instance   // the formatter of a handler without one

	filterer, logger, rootLogger, handler, streamHandler, fileHandler, nullHandler, formatter, filter *class.Class

	// handling is the stack of errors handleError is reporting
	handling []error

	thread  starlark.Value      // a record's thread: the interpreter's OS thread
	process starlark.Value      // a record's process: os.getpid()
	fmtKeys map[string][]string // the %(key)s of each '%' format used
}

// New makes the logging module of one interpreter; its classes and root
// logger are made when the program first looks at it.
func New(cfg Config) *modules.Lazy {
	s := &state{cfg: cfg}
	s.module = modules.NewLazy("logging", s.members)
	return s.module
}

func (s *state) members() starlark.StringDict {
	s.start = time.Now()
	s.thread = starlark.MakeInt(unix.Gettid())
	s.process = starlark.MakeInt(os.Getpid())
	s.fmtKeys = map[string][]string{}
	s.stderr = modules.NewStream("stderr", s.cfg.Stderr)
	s.levelToName = map[int64]string{CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO", DEBUG: "DEBUG", NOTSET: "NOTSET"}
	s.nameToLevel = map[string]int{"CRITICAL": CRITICAL, "FATAL": CRITICAL, "ERROR": ERROR, "WARN": WARNING, "WARNING": WARNING, "INFO": INFO, "DEBUG": DEBUG, "NOTSET": NOTSET}
	s.loggers = map[string]*class.Instance{}
	s.makeFilterClasses()
	s.makeLoggerClasses()
	s.makeHandlerClasses()
	s.makeFormatterClass()

	s.root = s.newLogger(s.rootLogger, "root", WARNING)
	s.lastResort = class.NewInstance(s.streamHandler)
	s.initHandler(s.lastResort, starlark.MakeInt(WARNING))
	s.lastResort.SetAttr("stream", s.stderr)
	s.handlers = nil // lastResort is not closed by shutdown()
	s.defaultFmt = class.NewInstance(s.formatter)
	s.initFormatter(s.defaultFmt, "%(message)s", starlark.None, "%", starlark.None)

	m := starlark.StringDict{
		"CRITICAL": starlark.MakeInt(CRITICAL), "FATAL": starlark.MakeInt(CRITICAL),
		"ERROR": starlark.MakeInt(ERROR), "WARNING": starlark.MakeInt(WARNING), "WARN": starlark.MakeInt(WARNING),
		"INFO": starlark.MakeInt(INFO), "DEBUG": starlark.MakeInt(DEBUG), "NOTSET": starlark.MakeInt(NOTSET),
		"BASIC_FORMAT":    starlark.String(BasicFormat),
		"raiseExceptions": starlark.True,
		"root":            s.root,
		"lastResort":      s.lastResort,
		"Filterer":        s.filterer,
		"Logger":          s.logger,
		"RootLogger":      s.rootLogger,
		"Handler":         s.handler,
		"StreamHandler":   s.streamHandler,
		"FileHandler":     s.fileHandler,
		"NullHandler":     s.nullHandler,
		"Formatter":       s.formatter,
		"Filter":          s.filter,
		"handlers":        modules.NewLazy("logging.handlers", s.handlersModule),
	}
	for name, fn := range map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"getLogger":            s.getLogger,
		"basicConfig":          s.basicConfig,
		"getLevelName":         s.getLevelName,
		"addLevelName":         s.addLevelName,
		"getLevelNamesMapping": s.getLevelNamesMapping,
		"disable":              s.disableFn,
		"shutdown":             s.shutdown,
		"makeLogRecord":        s.makeLogRecord,
		"LogRecord":            s.logRecord,
		"captureWarnings":      captureWarnings,
		"getLoggerClass":       s.getLoggerClass,
	} {
		m[name] = starlark.NewBuiltin(name, fn)
	}
	for name, level := range map[string]int{"debug": DEBUG, "info": INFO, "warning": WARNING, "warn": WARNING,
		"error": ERROR, "exception": ERROR, "critical": CRITICAL, "fatal": CRITICAL, "log": -1} {
		m[name] = starlark.NewBuiltin(name, s.rootLog(name, level))
	}
	return m
}

// raiseExceptions is the module's raiseExceptions, which a program may set.
func (s *state) raiseExceptions() bool {
	v, _ := s.module.Attr("raiseExceptions")
	return v != nil && bool(v.Truth())
}

// levelName is getLevelName(level) for an int level.
func (s *state) levelName(level int) starlark.Value {
	if name, ok := s.levelToName[int64(level)]; ok {
		return starlark.String(name)
	}
	return starlark.String("Level " + starlark.MakeInt(level).String())
}

// getLevelName(level): the name of a level, the level of a name, or
// "Level %s" % level.
func (s *state) getLevelName(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level starlark.Value
	if err := starlark.UnpackArgs("getLevelName", args, kwargs, "level", &level); err != nil {
		return nil, err
	}
	return s.nameOf(level), nil
}

func (s *state) nameOf(level starlark.Value) starlark.Value {
	switch l := level.(type) {
	case starlark.Int:
		if n, ok := l.Int64(); ok {
			if name, ok := s.levelToName[n]; ok {
				return starlark.String(name)
			}
		}
	case starlark.String:
		if n, ok := s.nameToLevel[string(l)]; ok {
			return starlark.MakeInt(n)
		}
	}
	return starlark.String("Level " + str(level))
}

func (s *state) addLevelName(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level int
	var name string
	if err := starlark.UnpackArgs("addLevelName", args, kwargs, "level", &level, "levelName", &name); err != nil {
		return nil, err
	}
	s.levelToName[int64(level)] = name
	s.nameToLevel[name] = level
	return starlark.None, nil
}

func (s *state) getLevelNamesMapping(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("getLevelNamesMapping", args, kwargs); err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(s.nameToLevel))
	for _, name := range []string{"CRITICAL", "FATAL", "ERROR", "WARN", "WARNING", "INFO", "DEBUG", "NOTSET"} {
		d.SetKey(starlark.String(name), starlark.MakeInt(s.nameToLevel[name]))
	}
	for name, level := range s.nameToLevel {
		if _, found, _ := d.Get(starlark.String(name)); !found {
			d.SetKey(starlark.String(name), starlark.MakeInt(level))
		}
	}
	return d, nil
}

// disable(level=CRITICAL): no logger logs at level or below.
func (s *state) disableFn(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level starlark.Value = starlark.MakeInt(CRITICAL)
	if err := starlark.UnpackArgs("disable", args, kwargs, "level?", &level); err != nil {
		return nil, err
	}
	l, err := s.checkLevel(level)
	if err != nil {
		return nil, err
	}
	s.disable = levelOf(l)
	return starlark.None, nil
}

// shutdown() flushes and closes every handler, newest first.
func (s *state) shutdown(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("shutdown", args, kwargs); err != nil {
		return nil, err
	}
	hs := append([]*class.Instance(nil), s.handlers...)
	for i := len(hs) - 1; i >= 0; i-- {
		for _, m := range []string{"flush", "close"} {
			if _, err := modules.CallMethod(th, hs[i], m); err != nil && pyerr.Reraised(err) {
				return nil, err
			}
		}
	}
	return starlark.None, nil
}

// captureWarnings(capture) is accepted; warnings keep going to stderr.
func captureWarnings(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var capture bool
	if err := starlark.UnpackArgs("captureWarnings", args, kwargs, "capture", &capture); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (s *state) getLoggerClass(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("getLoggerClass", args, kwargs); err != nil {
		return nil, err
	}
	return s.logger, nil
}

// logRecord is LogRecord(name, level, pathname, lineno, msg, args,
// exc_info, func=None, sinfo=None).
func (s *state) logRecord(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name, pathname string
	var level, lineno int
	var msg, rargs, excInfo starlark.Value
	var fn, sinfo starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("LogRecord", args, kwargs, "name", &name, "level", &level, "pathname", &pathname, "lineno", &lineno,
		"msg", &msg, "args", &rargs, "exc_info", &excInfo, "func?", &fn, "sinfo?", &sinfo); err != nil {
		return nil, err
	}
	return s.newRecord(name, level, pathname, lineno, msg, rargs, excInfo, fn, sinfo), nil
}

// rootLog is a module-level logging function: debug(msg, *args,
// **kwargs) and the like, or log(level, msg, ...) when level is -1. They
// call basicConfig() first when the root logger has no handler.
func (s *state) rootLog(name string, level int) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if name == "warn" {
			if err := s.deprecated(th, "The 'warn' function is deprecated, use 'warning' instead"); err != nil {
				return nil, err
			}
		}
		hs, err := modules.GetAttr(s.root, "handlers")
		if err != nil {
			return nil, err
		}
		if l, ok := hs.(starlark.Sequence); ok && l.Len() == 0 {
			if _, err := s.basicConfig(th, b, nil, nil); err != nil {
				return nil, err
			}
		}
		if name == "exception" {
			kwargs = withDefault(kwargs, "exc_info", starlark.True)
		}
		if level < 0 {
			return s.logAt(th, "log", s.root, args, kwargs)
		}
		return s.logMethod(th, name, s.root, int64(level), args, kwargs)
	}
}

// withDefault adds name=v to kwargs unless it is there.
func withDefault(kwargs []starlark.Tuple, name string, v starlark.Value) []starlark.Tuple {
	for _, kv := range kwargs {
		if k, _ := starlark.AsString(kv[0]); k == name {
			return kwargs
		}
	}
	return append(append([]starlark.Tuple(nil), kwargs...), starlark.Tuple{starlark.String(name), v})
}

// deprecated issues a DeprecationWarning at the caller's line, as
// Python's warn() method and function do.
func (s *state) deprecated(th *starlark.Thread, msg string) error {
	if s.cfg.Warnings == nil {
		return nil
	}
	warn, err := s.cfg.Warnings.Attr("warn")
	if err != nil || warn == nil {
		return err
	}
	_, err = starlark.Call(th, warn, starlark.Tuple{starlark.String(msg), starlark.String("DeprecationWarning")}, nil)
	return err
}

// basicConfig(**kwargs) gives the root logger a handler, when it has
// none (or force=True): a StreamHandler on stream (sys.stderr) or a
// FileHandler on filename, with a Formatter of format (BASIC_FORMAT),
// datefmt and style; level sets the root logger's level.
func (s *state) basicConfig(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "basicConfig() takes 0 positional arguments but %d were given", len(args))
	}
	kw := map[string]starlark.Value{}
	var order []string
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		kw[k] = kv[1]
		order = append(order, k)
	}
	pop := func(name string, def starlark.Value) starlark.Value {
		if v, ok := kw[name]; ok {
			delete(kw, name)
			return v
		}
		return def
	}
	force := pop("force", starlark.False)
	pop("encoding", starlark.None)
	pop("errors", starlark.None)
	rootHandlers, err := s.handlerList(s.root)
	if err != nil {
		return nil, err
	}
	if force.Truth() {
		for _, h := range rootHandlers {
			if err := s.removeHandler(s.root, h); err != nil {
				return nil, err
			}
			if _, err := modules.CallMethod(th, h, "close"); err != nil {
				return nil, err
			}
		}
		rootHandlers = nil
	}
	if len(rootHandlers) > 0 {
		return starlark.None, nil
	}
	handlers := pop("handlers", starlark.None)
	_, hasStream := kw["stream"]
	_, hasFile := kw["filename"]
	if handlers == starlark.None && hasStream && hasFile {
		return nil, pyerr.Errorf("ValueError", "'stream' and 'filename' should not be specified together")
	}
	if handlers != starlark.None && (hasStream || hasFile) {
		return nil, pyerr.Errorf("ValueError", "'stream' or 'filename' should not be specified together with 'handlers'")
	}
	var hs []starlark.Value
	if handlers == starlark.None {
		filename := pop("filename", starlark.None)
		mode := pop("filemode", starlark.String("a"))
		var h starlark.Value
		if filename != starlark.None && filename.Truth() {
			h, err = starlark.Call(th, s.fileHandler, starlark.Tuple{filename, mode}, nil)
		} else {
			h, err = starlark.Call(th, s.streamHandler, starlark.Tuple{pop("stream", starlark.None)}, nil)
		}
		if err != nil {
			return nil, err
		}
		hs = []starlark.Value{h}
	} else {
		iter := starlark.Iterate(handlers)
		if iter == nil {
			return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", modules.PyType(handlers))
		}
		var h starlark.Value
		for iter.Next(&h) {
			hs = append(hs, h)
		}
		iter.Done()
	}
	dfs := pop("datefmt", starlark.None)
	style := pop("style", starlark.String("%"))
	styleName, _ := starlark.AsString(style)
	def, ok := styleDefaults[styleName]
	if !ok {
		return nil, pyerr.Errorf("ValueError", "Style must be one of: %%,{,$")
	}
	fs := pop("format", starlark.String(def.basic))
	fmtr, err := starlark.Call(th, s.formatter, starlark.Tuple{fs, dfs, style}, nil)
	if err != nil {
		return nil, err
	}
	for _, h := range hs {
		f, err := modules.GetAttr(h, "formatter")
		if err != nil {
			return nil, err
		}
		if f == starlark.None {
			if _, err := modules.CallMethod(th, h, "setFormatter", fmtr); err != nil {
				return nil, err
			}
		}
		if err := s.addHandler(s.root, h); err != nil {
			return nil, err
		}
	}
	if level := pop("level", starlark.None); level != starlark.None {
		l, err := s.checkLevel(level)
		if err != nil {
			return nil, err
		}
		s.root.SetAttr("level", l)
	}
	if len(kw) > 0 {
		var left []string
		for _, k := range order {
			if _, ok := kw[k]; ok {
				left = append(left, k)
			}
		}
		return nil, pyerr.Errorf("ValueError", "Unrecognised argument(s): %s", strings.Join(left, ", "))
	}
	return starlark.None, nil
}
