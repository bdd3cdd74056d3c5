package logging

import (
	"fmt"
	"math"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/modules"
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
	fields [len(recordFields)]starlark.Value // Python's attributes, nil when unset
	extra  map[string]starlark.Value         // the others, in a map made when needed
}

var (
	_ starlark.HasAttrs    = (*Record)(nil)
	_ starlark.HasSetField = (*Record)(nil)
)

// recordFields are the attributes every record has, and the two a
// Formatter adds; fieldIndex finds them.
var recordFields = [...]string{"name", "msg", "args", "levelname", "levelno", "pathname", "filename", "module",
	"exc_info", "exc_text", "stack_info", "lineno", "funcName", "created", "msecs", "relativeCreated",
	"thread", "threadName", "processName", "process", "message", "asctime"}

var fieldIndex = func() map[string]int {
	m := make(map[string]int, len(recordFields))
	for i, f := range recordFields {
		m[f] = i
	}
	return m
}()

// the standard attributes set at creation: those before "message"
var standardFields = fieldIndex["message"]

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
	return &Record{fields: [len(recordFields)]starlark.Value{
		starlark.String(name), msg, args, s.levelName(level), starlark.MakeInt(level), starlark.String(pathname),
		starlark.String(filename), starlark.String(module), excInfo, starlark.None, sinfo, starlark.MakeInt(lineno),
		funcName, starlark.Float(ct), starlark.Float(math.Floor((ct - math.Floor(ct)) * 1000)),
		starlark.Float(float64(now.Sub(s.start).Nanoseconds()) / 1e6), s.thread, starlark.String("MainThread"),
		starlark.String("MainProcess"), s.process, nil, nil,
	}}
}

func (r *Record) String() string {
	return fmt.Sprintf("<LogRecord: %s, %s, %s, %s, \"%s\">", str(r.get("name")), r.get("levelno"), str(r.get("pathname")), r.get("lineno"), str(r.get("msg")))
}
func (r *Record) Type() string          { return "LogRecord" }
func (r *Record) Freeze()               {}
func (r *Record) Truth() starlark.Bool  { return true }
func (r *Record) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'LogRecord'") }

// lookup returns an attribute, if the record has it.
func (r *Record) lookup(name string) (starlark.Value, bool) {
	if i, ok := fieldIndex[name]; ok {
		return r.fields[i], r.fields[i] != nil
	}
	v, ok := r.extra[name]
	return v, ok
}

// get returns an attribute, None when it is missing.
func (r *Record) get(name string) starlark.Value {
	if v, ok := r.lookup(name); ok {
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
		keys := r.keys()
		d := starlark.NewDict(len(keys))
		for _, k := range keys {
			v, _ := r.lookup(k)
			d.SetKey(starlark.String(k), v)
		}
		return d, nil
	}
	if v, ok := r.lookup(name); ok {
		return v, nil
	}
	return nil, starlark.NoSuchAttrError(fmt.Sprintf("'LogRecord' object has no attribute '%s'", name))
}

// keys lists the record's attributes: the standard ones in Python's
// order, then the others sorted.
func (r *Record) keys() []string {
	var names []string
	for i, f := range recordFields {
		if r.fields[i] != nil {
			names = append(names, f)
		}
	}
	var more []string
	for k := range r.extra {
		more = append(more, k)
	}
	sort.Strings(more)
	return append(names, more...)
}

func (r *Record) AttrNames() []string { return append(r.keys(), "getMessage") }

func (r *Record) SetField(name string, v starlark.Value) error {
	if i, ok := fieldIndex[name]; ok {
		r.fields[i] = v
		return nil
	}
	if r.extra == nil {
		r.extra = map[string]starlark.Value{}
	}
	r.extra[name] = v
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
	r.SetField("name", starlark.None)
	r.SetField("levelno", starlark.None)
	r.SetField("levelname", starlark.String("Level None"))
	for _, kv := range d.Items() {
		k, ok := starlark.AsString(kv[0])
		if !ok {
			return nil, pyerr.Errorf("TypeError", "makeLogRecord: keys must be strings, not %s", modules.PyType(kv[0]))
		}
		r.SetField(k, kv[1])
	}
	return r, nil
}
