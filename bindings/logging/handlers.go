package logging

import (
	"fmt"
	"os"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is the module logging.handlers: the file handlers a server
// keeps its logs with, as CPython 3.11's.
//
//	BaseRotatingHandler(filename, mode, encoding=None, delay=False, errors=None)
//	    a FileHandler that asks shouldRollover(record) before each emit and
//	    calls doRollover() when it says so; namer rotator (None: a rotated
//	    file keeps its default name and is renamed); rotation_filename(default_name)
//	    rotate(source, dest)
//	RotatingFileHandler(filename, mode='a', maxBytes=0, backupCount=0, encoding=None,
//	    delay=False, errors=None): maxBytes backupCount; shouldRollover(record)
//	    (the record would take the file to maxBytes) doRollover() (app.log is
//	    renamed app.log.1, app.log.1 app.log.2... up to backupCount)
//	WatchedFileHandler(filename, mode='a', encoding=None, delay=False, errors=None):
//	    dev ino; reopenIfNeeded() (the file was moved or removed, by logrotate
//	    say: open it anew) _statstream()
//
// Not here: the handlers that send records over the network or hold them
// (SocketHandler, SysLogHandler, SMTPHandler, HTTPHandler, QueueHandler,
// MemoryHandler) and TimedRotatingFileHandler.

// handlersModule makes logging.handlers, with its classes subclasses of
// this interpreter's FileHandler.
func (s *state) handlersModule() starlark.StringDict {
	base := class.MustNew("BaseRotatingHandler", "logging.handlers", []*class.Class{s.fileHandler}, withAttrs(modules.Methods(map[string]class.MethodFunc{
		"__init__":          s.baseRotatingInit,
		"emit":              s.baseRotatingEmit,
		"rotation_filename": rotationFilename,
		"rotate":            rotate,
	}), starlark.StringDict{"namer": starlark.None, "rotator": starlark.None}))
	rotating := class.MustNew("RotatingFileHandler", "logging.handlers", []*class.Class{base}, modules.Methods(map[string]class.MethodFunc{
		"__init__":       s.rotatingInit,
		"shouldRollover": shouldRollover,
		"doRollover":     doRollover,
	}))
	watched := class.MustNew("WatchedFileHandler", "logging.handlers", []*class.Class{s.fileHandler}, modules.Methods(map[string]class.MethodFunc{
		"__init__":       s.watchedInit,
		"_statstream":    statStream,
		"reopenIfNeeded": reopenIfNeeded,
		"emit":           s.watchedEmit,
	}))
	return starlark.StringDict{
		"BaseRotatingHandler": base,
		"RotatingFileHandler": rotating,
		"WatchedFileHandler":  watched,
		// the ports Python's network handlers default to
		"DEFAULT_TCP_LOGGING_PORT":  starlark.MakeInt(9020),
		"DEFAULT_UDP_LOGGING_PORT":  starlark.MakeInt(9021),
		"DEFAULT_HTTP_LOGGING_PORT": starlark.MakeInt(9022),
		"DEFAULT_SOAP_LOGGING_PORT": starlark.MakeInt(9023),
		"SYSLOG_UDP_PORT":           starlark.MakeInt(514),
		"SYSLOG_TCP_PORT":           starlark.MakeInt(514),
	}
}

// withAttrs adds plain class attributes to a class's methods.
func withAttrs(m, attrs starlark.StringDict) starlark.StringDict {
	for k, v := range attrs {
		m[k] = v
	}
	return m
}

// streamMethod reads the receiver of a handler method that takes no
// arguments, and its stream.
func streamMethod(fn string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*class.Instance, starlark.Value, error) {
	inst, err := modules.Instance(fn, self)
	if err != nil {
		return nil, nil, err
	}
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, nil, err
	}
	stream, err := modules.GetAttr(self, "stream")
	return inst, stream, err
}

// recordMethod reads the receiver of a handler method that takes a
// record (emit, shouldRollover), and the record.
func recordMethod(fn string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*class.Instance, starlark.Value, error) {
	inst, err := modules.Instance(fn, self)
	if err != nil {
		return nil, nil, err
	}
	var r starlark.Value
	err = starlark.UnpackArgs(fn, args, kwargs, "record", &r)
	return inst, r, err
}

// reopen sets the handler's stream to what its _open() gives.
func reopen(th *starlark.Thread, inst *class.Instance) (starlark.Value, error) {
	stream, err := modules.CallMethod(th, inst, "_open")
	if err != nil {
		return nil, err
	}
	inst.SetAttr("stream", stream)
	return stream, nil
}

// BaseRotatingHandler(filename, mode, encoding=None, delay=False, errors=None)
func (s *state) baseRotatingInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, err := s.fileHandlerArgs("BaseRotatingHandler", "", self, args, kwargs)
	return starlark.None, err
}

// RotatingFileHandler(filename, mode='a', maxBytes=0, backupCount=0,
// encoding=None, delay=False, errors=None): with maxBytes the mode is
// always 'a' (a 'w' would empty the log of the last run).
func (s *state) rotatingInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("RotatingFileHandler.__init__", self)
	if err != nil {
		return nil, err
	}
	var filename, mode string = "", "a"
	var maxBytes, backupCount starlark.Value = starlark.MakeInt(0), starlark.MakeInt(0)
	var encoding, errs starlark.Value = starlark.None, starlark.None
	var delay bool
	if err := starlark.UnpackArgs("RotatingFileHandler", args, kwargs, "filename", &filename, "mode?", &mode,
		"maxBytes?", &maxBytes, "backupCount?", &backupCount, "encoding?", &encoding, "delay?", &delay, "errors?", &errs); err != nil {
		return nil, err
	}
	max, err := intAttr("maxBytes", maxBytes)
	if err != nil {
		return nil, err
	}
	if _, err := intAttr("backupCount", backupCount); err != nil {
		return nil, err
	}
	if max > 0 {
		mode = "a"
	}
	if err := s.initFileHandler(inst, filename, mode, encoding, errs, delay); err != nil {
		return nil, err
	}
	inst.SetAttr("maxBytes", maxBytes)
	inst.SetAttr("backupCount", backupCount)
	return starlark.None, nil
}

// intAttr reads an int setting of a handler (maxBytes, backupCount), as
// Python's comparison with 0 would: a TypeError for anything else.
func intAttr(name string, v starlark.Value) (int64, error) {
	i, ok := v.(starlark.Int)
	if !ok {
		if b, isBool := v.(starlark.Bool); isBool {
			if b {
				return 1, nil
			}
			return 0, nil
		}
		return 0, pyerr.Errorf("TypeError", "'>' not supported between instances of '%s' and 'int'", modules.PyType(v))
	}
	n, ok := i.Int64()
	if !ok {
		if i.Sign() > 0 {
			return 1<<63 - 1, nil
		}
		return -1 << 63, nil
	}
	return n, nil
}

// emit asks shouldRollover(record), calls doRollover() when it says so,
// then emits as FileHandler does; a failure goes to handleError.
func (s *state) baseRotatingEmit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("emit", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	roll, err := modules.CallMethod(th, self, "shouldRollover", r)
	if err == nil && roll.Truth() {
		_, err = modules.CallMethod(th, self, "doRollover")
	}
	if err != nil {
		return starlark.None, s.failed(th, self, r, err)
	}
	return s.fileHandlerEmit(th, self, args, kwargs)
}

// rotation_filename(default_name): namer(default_name) when the handler
// has a callable namer, else default_name.
func rotationFilename(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name starlark.Value
	if err := starlark.UnpackArgs("rotation_filename", args, kwargs, "default_name", &name); err != nil {
		return nil, err
	}
	namer, err := modules.GetAttr(self, "namer")
	if err != nil {
		return nil, err
	}
	if c, ok := namer.(starlark.Callable); ok {
		return starlark.Call(th, c, starlark.Tuple{name}, nil)
	}
	return name, nil
}

// rotate(source, dest): rotator(source, dest) when the handler has a
// callable rotator, else source renamed dest if it exists (with delay
// it may never have been made).
func rotate(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var source, dest starlark.Value
	if err := starlark.UnpackArgs("rotate", args, kwargs, "source", &source, "dest", &dest); err != nil {
		return nil, err
	}
	rotator, err := modules.GetAttr(self, "rotator")
	if err != nil {
		return nil, err
	}
	if c, ok := rotator.(starlark.Callable); ok {
		return starlark.Call(th, c, starlark.Tuple{source, dest}, nil)
	}
	src, ok1 := starlark.AsString(source)
	dst, ok2 := starlark.AsString(dest)
	if !ok1 || !ok2 {
		return nil, pyerr.Errorf("TypeError", "rotate: got %s and %s, want str", modules.PyType(source), modules.PyType(dest))
	}
	if exists(src) {
		if err := os.Rename(src, dst); err != nil {
			return nil, oserr.WithPaths(err, src, dst)
		}
	}
	return starlark.None, nil
}

// exists is os.path.exists.
func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// shouldRollover(record): whether writing the record would take the file
// to maxBytes (never for a file that is not a regular file: /dev/null).
func shouldRollover(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, r, err := recordMethod("shouldRollover", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	name, err := modules.GetAttr(self, "baseFilename")
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(str(name)); err == nil && !st.Mode().IsRegular() {
		return starlark.False, nil
	}
	stream, err := modules.GetAttr(self, "stream")
	if err != nil {
		return nil, err
	}
	if stream == starlark.None {
		if stream, err = reopen(th, inst); err != nil {
			return nil, err
		}
	}
	maxv, err := modules.GetAttr(self, "maxBytes")
	if err != nil {
		return nil, err
	}
	max, err := intAttr("maxBytes", maxv)
	if err != nil || max <= 0 {
		return starlark.False, err
	}
	msg, err := modules.CallMethod(th, self, "format", r)
	if err != nil {
		return nil, err
	}
	size, err := streamSize(th, stream)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(size+int64(len(str(msg)))+1 >= max), nil
}

// streamSize is the size of the stream's file: stream.seek(0, 2) and
// stream.tell() for a stream of the program's own.
func streamSize(th *starlark.Thread, stream starlark.Value) (int64, error) {
	if fs, ok := stream.(*fileStream); ok && fs.f != nil {
		st, err := fs.f.Stat()
		if err != nil {
			return 0, oserr.FromErr(err)
		}
		return st.Size(), nil
	}
	if _, err := modules.CallMethod(th, stream, "seek", starlark.MakeInt(0), starlark.MakeInt(2)); err != nil {
		return 0, err
	}
	pos, err := modules.CallMethod(th, stream, "tell")
	if err != nil {
		return 0, err
	}
	n, err := starlark.AsInt32(pos)
	return int64(n), err
}

// doRollover(): the file closed, app.log.N-1 renamed app.log.N down to
// app.log renamed app.log.1 (through rotation_filename and rotate), and
// a new app.log opened unless delay.
func doRollover(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, stream, err := streamMethod("doRollover", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	if stream.Truth() && stream != starlark.None {
		if _, err := modules.CallMethod(th, stream, "close"); err != nil {
			return nil, err
		}
		inst.SetAttr("stream", starlark.None)
	}
	bv, err := modules.GetAttr(self, "backupCount")
	if err != nil {
		return nil, err
	}
	backups, err := intAttr("backupCount", bv)
	if err != nil {
		return nil, err
	}
	nv, err := modules.GetAttr(self, "baseFilename")
	if err != nil {
		return nil, err
	}
	base := str(nv)
	rotated := func(suffix string) (string, error) {
		v, err := modules.CallMethod(th, self, "rotation_filename", starlark.String(base+suffix))
		if err != nil {
			return "", err
		}
		return str(v), nil
	}
	if backups > 0 {
		for i := backups - 1; i > 0; i-- {
			sfn, err := rotated(fmt.Sprintf(".%d", i))
			if err != nil {
				return nil, err
			}
			dfn, err := rotated(fmt.Sprintf(".%d", i+1))
			if err != nil {
				return nil, err
			}
			if exists(sfn) {
				if exists(dfn) {
					if err := os.Remove(dfn); err != nil {
						return nil, oserr.WithPaths(err, dfn)
					}
				}
				if err := os.Rename(sfn, dfn); err != nil {
					return nil, oserr.WithPaths(err, sfn, dfn)
				}
			}
		}
		dfn, err := rotated(".1")
		if err != nil {
			return nil, err
		}
		if exists(dfn) {
			if err := os.Remove(dfn); err != nil {
				return nil, oserr.WithPaths(err, dfn)
			}
		}
		if _, err := modules.CallMethod(th, self, "rotate", starlark.String(base), starlark.String(dfn)); err != nil {
			return nil, err
		}
	}
	if delay, _ := modules.GetAttr(self, "delay"); delay == nil || !delay.Truth() {
		if _, err := reopen(th, inst); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// WatchedFileHandler(filename, mode='a', encoding=None, delay=False, errors=None)
func (s *state) watchedInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := s.fileHandlerArgs("WatchedFileHandler", "a", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	inst.SetAttr("dev", starlark.MakeInt(-1))
	inst.SetAttr("ino", starlark.MakeInt(-1))
	return statStream(th, self, nil, nil)
}

// _statstream(): dev and ino of the open stream's file.
func statStream(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, stream, err := streamMethod("_statstream", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	if stream == starlark.None || !stream.Truth() {
		return starlark.None, nil
	}
	fdv, err := modules.CallMethod(th, stream, "fileno")
	if err != nil {
		return nil, err
	}
	fd, err := starlark.AsInt32(fdv)
	if err != nil {
		return nil, err
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, oserr.FromErr(err)
	}
	inst.SetAttr("dev", starlark.MakeUint64(st.Dev))
	inst.SetAttr("ino", starlark.MakeUint64(st.Ino))
	return starlark.None, nil
}

// reopenIfNeeded(): when the file at baseFilename is gone or is another
// file than the one open (logrotate moved it), the stream is closed and
// the file opened anew.
func reopenIfNeeded(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, stream, err := streamMethod("reopenIfNeeded", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	name, err := modules.GetAttr(self, "baseFilename")
	if err != nil {
		return nil, err
	}
	dev, _ := modules.GetAttr(self, "dev")
	ino, _ := modules.GetAttr(self, "ino")
	var st unix.Stat_t
	err = unix.Stat(str(name), &st)
	if err != nil && err != unix.ENOENT {
		return nil, oserr.WithPaths(err, str(name))
	}
	if err == nil && same(starlark.MakeUint64(st.Dev), dev) && same(starlark.MakeUint64(st.Ino), ino) {
		return starlark.None, nil
	}
	if stream == starlark.None {
		return starlark.None, nil
	}
	for _, m := range []string{"flush", "close"} {
		if _, err := modules.CallMethod(th, stream, m); err != nil {
			return nil, err
		}
	}
	inst.SetAttr("stream", starlark.None)
	if _, err := reopen(th, inst); err != nil {
		return nil, err
	}
	return modules.CallMethod(th, self, "_statstream")
}

// same reports whether x == y (False when they cannot be compared).
func same(x, y starlark.Value) bool {
	eq, err := starlark.Equal(x, y)
	return err == nil && eq
}

// emit reopens the file if it was moved, then emits as FileHandler does.
func (s *state) watchedEmit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if _, err := modules.CallMethod(th, self, "reopenIfNeeded"); err != nil {
		return nil, err
	}
	return s.fileHandlerEmit(th, self, args, kwargs)
}
