package logging

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyfmt"
)

// Record is a LogRecord: one event being logged, with Python's
// attributes (name, msg, args, levelname, levelno, pathname, filename,
// module, exc_info, exc_text, stack_info, lineno, funcName, created,
// msecs, relativeCreated, thread, threadName, processName, process) and
// whatever extra= or a filter adds; message and asctime once a
// Formatter has formatted it. Its one method is getMessage().
type Record struct {
	attrs map[string]starlark.Value
}

var (
	_ starlark.HasAttrs    = (*Record)(nil)
	_ starlark.HasSetField = (*Record)(nil)
)

// newRecord is LogRecord(name, level, pathname, lineno, msg, args,
// exc_info, func, sinfo), stamped with the time now.
func (s *state) newRecord(name string, level int, pathname string, lineno int, msg starlark.Value, args starlark.Value, excInfo starlark.Value, funcName starlark.Value, sinfo starlark.Value) *Record {
	now := time.Now()
	ct := float64(now.UnixNano()) / 1e9
	// a single non-empty dict argument serves %(key)s
	if t, ok := args.(starlark.Tuple); ok && len(t) == 1 {
		if d, ok := t[0].(*starlark.Dict); ok && d.Len() > 0 {
			args = d
		}
	}
	filename := filepath.Base(pathname)
	module := strings.TrimSuffix(filename, filepath.Ext(filename))
	return &Record{attrs: map[string]starlark.Value{
		"name":            starlark.String(name),
		"msg":             msg,
		"args":            args,
		"levelname":       s.levelName(level),
		"levelno":         starlark.MakeInt(level),
		"pathname":        starlark.String(pathname),
		"filename":        starlark.String(filename),
		"module":          starlark.String(module),
		"exc_info":        excInfo,
		"exc_text":        starlark.None,
		"stack_info":      sinfo,
		"lineno":          starlark.MakeInt(lineno),
		"funcName":        funcName,
		"created":         starlark.Float(ct),
		"msecs":           starlark.Float(math.Floor((ct - math.Floor(ct)) * 1000)),
		"relativeCreated": starlark.Float(float64(now.Sub(s.start).Nanoseconds()) / 1e6),
		"thread":          starlark.MakeInt(unix.Gettid()),
		"threadName":      starlark.String("MainThread"),
		"processName":     starlark.String("MainProcess"),
		"process":         starlark.MakeInt(os.Getpid()),
	}}
}

func (r *Record) String() string {
	return fmt.Sprintf("<LogRecord: %s, %s, %s, %s, \"%s\">", str(r.attrs["name"]), r.get("levelno"), str(r.get("pathname")), r.get("lineno"), str(r.get("msg")))
}
func (r *Record) Type() string          { return "LogRecord" }
func (r *Record) Freeze()               {}
func (r *Record) Truth() starlark.Bool  { return true }
func (r *Record) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'LogRecord'") }

// get returns an attribute, None when it is missing.
func (r *Record) get(name string) starlark.Value {
	if v, ok := r.attrs[name]; ok {
		return v
	}
	return starlark.None
}

func (r *Record) Attr(name string) (starlark.Value, error) {
	if name == "getMessage" {
		return starlark.NewBuiltin("getMessage", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("getMessage", args, kwargs, 0); err != nil {
				return nil, err
			}
			s, err := r.message()
			if err != nil {
				return nil, err
			}
			return starlark.String(s), nil
		}), nil
	}
	if name == "__dict__" {
		d := starlark.NewDict(len(r.attrs))
		for _, k := range r.keys() {
			d.SetKey(starlark.String(k), r.attrs[k])
		}
		return d, nil
	}
	if v, ok := r.attrs[name]; ok {
		return v, nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("'LogRecord' object has no attribute '%s'", name))
}

func (r *Record) keys() []string {
	names := make([]string, 0, len(r.attrs))
	for k := range r.attrs {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func (r *Record) AttrNames() []string { return append(r.keys(), "getMessage") }

func (r *Record) SetField(name string, v starlark.Value) error {
	r.attrs[name] = v
	return nil
}

// message is getMessage(): str(msg) % args, when there are args.
func (r *Record) message() (string, error) {
	msg := str(r.get("msg"))
	args := r.get("args")
	if args == starlark.None || !bool(args.Truth()) {
		return msg, nil
	}
	t, ok := args.(starlark.Tuple)
	if !ok {
		t = starlark.Tuple{args}
	}
	s, err := pyfmt.Sprintf(msg, t)
	if err != nil {
		return "", pyerr.Errorf("TypeError", "%s", strings.TrimPrefix(err.Error(), "sprintf: "))
	}
	return s, nil
}

// str is Python's str(): a string's text, anything else as printed.
func str(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return v.String()
}

// makeLogRecord(dict) is a record whose attributes are the dict's, over
// those of an empty record.
func (s *state) makeLogRecord(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d *starlark.Dict
	if err := starlark.UnpackPositionalArgs("makeLogRecord", args, kwargs, 1, &d); err != nil {
		return nil, err
	}
	r := s.newRecord("", 0, "", 0, starlark.String(""), starlark.Tuple{}, starlark.None, starlark.None, starlark.None)
	r.attrs["name"] = starlark.None
	r.attrs["levelno"] = starlark.None
	r.attrs["levelname"] = starlark.String("Level None")
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, pyerr.Errorf("TypeError", "makeLogRecord: keys must be strings, not %s", kv[0].Type())
		}
		r.attrs[k] = kv[1]
	}
	return r, nil
}
