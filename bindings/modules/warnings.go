package modules

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewWarnings makes the warnings module of one interpreter, CPython
// 3.11's:
//
//	warn(message, category=None, stacklevel=1, source=None)
//	warn_explicit(message, category, filename, lineno, module=None, registry=None, module_globals=None, source=None)
//	showwarning(message, category, filename, lineno, file=None, line=None)
//	formatwarning(message, category, filename, lineno, line=None)
//	filterwarnings(action, message="", category=Warning, module="", lineno=0, append=False)
//	simplefilter(action, category=Warning, lineno=0, append=False)
//	resetwarnings()
//	catch_warnings(record=False, action=None, category=Warning, lineno=0, append=False)
//	    .__enter__() .__exit__(*exc_info): saves the filters and restores them
//	_deprecated(name, message=_DEPRECATED_MSG, *, remove, _version=sys.version_info)
//	_DEPRECATED_MSG
//
// _deprecated is CPython's private helper that a deprecated standard
// module (smtpd, asyncore) calls as it loads: a DeprecationWarning
// naming the Python version that removes it, or RuntimeError once that
// version is reached (pyasync's sys.version_info is 3.11.0 final).
//
// A warning prints once per message, category and place (file and line)
// on stderr, as "file:line: UserWarning: message" followed by the source
// line, with Python's default filters (DeprecationWarning shown only when
// the main script issues it; PendingDeprecationWarning, ImportWarning and
// ResourceWarning ignored). The filters work as Python's: the actions
// error, ignore, always, default, module and once, message and module
// patterns (on Go's regexp), categories and line numbers. Not supported:
// replacing warnings.showwarning, reading warnings.filters, source=.
//
// A category is a warning class (UserWarning, DeprecationWarning..., or
// a subclass of Warning made with subclass()), or a class's name as a
// string ("DeprecationWarning"; an unknown name stands for a class of
// that name under Warning). The "error" action raises the warning as an
// instance of its category; catch_warnings(record=True) collects
// WarningMessages whose message is one.
func NewWarnings(stderr io.Writer) *Lazy {
	return NewLazy("warnings", func() starlark.StringDict {
		w := &warnings{stderr: stderr, registries: map[string]*registry{}, once: map[[2]string]bool{}}
		w.filters = defaultFilters()
		return starlark.StringDict{
			"warn":            starlark.NewBuiltin("warn", w.warn),
			"warn_explicit":   starlark.NewBuiltin("warn_explicit", w.warnExplicit),
			"showwarning":     starlark.NewBuiltin("showwarning", w.showwarning),
			"formatwarning":   starlark.NewBuiltin("formatwarning", w.formatwarning),
			"filterwarnings":  starlark.NewBuiltin("filterwarnings", w.filterwarnings),
			"simplefilter":    starlark.NewBuiltin("simplefilter", w.simplefilter),
			"resetwarnings":   starlark.NewBuiltin("resetwarnings", w.resetwarnings),
			"catch_warnings":  starlark.NewBuiltin("catch_warnings", w.catchWarnings),
			"_deprecated":     starlark.NewBuiltin("_deprecated", w.deprecated),
			"_DEPRECATED_MSG": starlark.String(deprecatedMsg),
		}
	})
}

// warnings is one interpreter's warnings state.
type warnings struct {
	stderr     io.Writer
	filters    []warnFilter
	version    int                  // bumped when the filters change; registries older than it are stale
	registries map[string]*registry // per file: what was already shown from there
	once       map[[2]string]bool   // (text, category) shown under the "once" action
	record     *starlark.List       // where catch_warnings(record=True) collects, if set
}

// registry is Python's __warningregistry__ of one module.
type registry struct {
	version int
	seen    map[regKey]bool
}

type regKey struct {
	text, category string
	lineno         int
}

// warnFilter is one entry of warnings.filters.
type warnFilter struct {
	action             string
	message, module    *regexp.Regexp // nil: matches everything
	messageSrc, modSrc string
	category           category
	lineno             int
}

func (f warnFilter) same(g warnFilter) bool {
	return f.action == g.action && f.messageSrc == g.messageSrc && f.modSrc == g.modSrc &&
		f.category.name == g.category.name && f.lineno == g.lineno
}

// category is a warning class: its name and the names of its classes
// (itself first), enough to answer issubclass.
type category struct {
	name  string
	names []string
	value starlark.Value // the class or name the program gave
}

func (c category) isSubclass(of category) bool {
	for _, n := range c.names {
		if n == of.name {
			return true
		}
	}
	return false
}

// namedCategory is the warning class called name: the predeclared one
// (UserWarning...), or a class of that name under Warning.
func namedCategory(name string) category {
	if c := exceptions.Class(name); c != nil && c.IsSubclass(exceptions.Class("Warning")) {
		return classCategory(c)
	}
	return category{name: name, names: []string{name, "Warning"}, value: starlark.String(name)}
}

// classCategory is the category of a class.
func classCategory(c *class.Class) category {
	var names []string
	for _, b := range c.MRO() {
		names = append(names, b.Name())
	}
	return category{name: c.Name(), names: names, value: c}
}

// categoryOf reads a category argument: a class whose bases include
// Warning, or a class name.
func categoryOf(v starlark.Value) (category, error) {
	switch v := v.(type) {
	case starlark.String:
		c := namedCategory(string(v))
		return c, nil
	case *class.Class:
		if v.IsSubclass(exceptions.Class("Warning")) {
			return classCategory(v), nil
		}
		return category{}, pyerr.Errorf("TypeError", "category must be a Warning subclass, not 'type'")
	}
	return category{}, pyerr.Errorf("TypeError", "category must be a Warning subclass, not '%s'", PyType(v))
}

// defaultFilters are CPython 3.11's.
func defaultFilters() []warnFilter {
	mainOnly := regexp.MustCompile(`^(?:__main__)`)
	return []warnFilter{
		{action: "default", category: namedCategory("DeprecationWarning"), module: mainOnly, modSrc: "__main__"},
		{action: "ignore", category: namedCategory("DeprecationWarning")},
		{action: "ignore", category: namedCategory("PendingDeprecationWarning")},
		{action: "ignore", category: namedCategory("ImportWarning")},
		{action: "ignore", category: namedCategory("ResourceWarning")},
	}
}

// warningText returns the text of a warning and its category: a Warning
// instance carries its own.
func warningText(message starlark.Value, cat category) (string, category) {
	if inst, ok := message.(*class.Instance); ok {
		if c, err := categoryOf(inst.Class()); err == nil {
			return inst.String(), c
		}
	}
	return str(message), cat
}

func str(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	return v.String()
}

func (w *warnings) warn(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var message, catArg, source starlark.Value = nil, starlark.None, starlark.None
	stacklevel := 1
	if err := starlark.UnpackArgs("warn", args, kwargs, "message", &message, "category?", &catArg, "stacklevel?", &stacklevel, "source?", &source); err != nil {
		return nil, err
	}
	cat := namedCategory("UserWarning")
	if catArg != starlark.None {
		var err error
		if cat, err = categoryOf(catArg); err != nil {
			return nil, err
		}
	}
	if stacklevel < 1 {
		stacklevel = 1
	}
	file, line, module := "sys", 1, "sys"
	if callers := Callers(th); stacklevel <= len(callers) {
		c := callers[stacklevel-1]
		file, line, module = c.File, c.Line, c.Module
	}
	return starlark.None, w.issue(th, message, cat, file, line, module, w.registryOf(file))
}

func (w *warnings) warnExplicit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var message, catArg, module, reg, globals, source starlark.Value = nil, nil, starlark.None, starlark.None, starlark.None, starlark.None
	var filename string
	var lineno int
	if err := starlark.UnpackArgs("warn_explicit", args, kwargs, "message", &message, "category", &catArg, "filename", &filename,
		"lineno", &lineno, "module?", &module, "registry?", &reg, "module_globals?", &globals, "source?", &source); err != nil {
		return nil, err
	}
	cat, err := categoryOf(catArg)
	if err != nil {
		return nil, err
	}
	mod := filename
	if module != starlark.None {
		mod = str(module)
	} else if mod == "" {
		mod = "<unknown>"
	} else if strings.HasSuffix(strings.ToLower(mod), ".py") {
		mod = mod[:len(mod)-3]
	}
	r := &registry{seen: map[regKey]bool{}} // a registry of its own, as registry=None gives
	if reg != starlark.None {
		r = w.registryOf(filename)
	}
	return starlark.None, w.issue(th, message, cat, filename, lineno, mod, r)
}

// registryOf returns the registry of a file, emptied if the filters
// changed since it was last used.
func (w *warnings) registryOf(file string) *registry {
	r := w.registries[file]
	if r == nil {
		r = &registry{seen: map[regKey]bool{}}
		w.registries[file] = r
	}
	if r.version != w.version {
		r.seen = map[regKey]bool{}
		r.version = w.version
	}
	return r
}

// issue is warn_explicit: find the filter that applies, and show the
// warning, raise it or drop it.
func (w *warnings) issue(th *starlark.Thread, message starlark.Value, cat category, file string, line int, module string, r *registry) error {
	text, cat := warningText(message, cat)
	key := regKey{text, cat.name, line}
	if r.seen[key] {
		return nil
	}
	action := "default"
	for _, f := range w.filters {
		if (f.message == nil || f.message.MatchString(text)) && cat.isSubclass(f.category) &&
			(f.module == nil || f.module.MatchString(module)) && (f.lineno == 0 || f.lineno == line) {
			action = f.action
			break
		}
	}
	switch action {
	case "ignore":
		return nil
	case "error":
		if e, ok := warningInstance(th, message, cat, text).(*class.Instance); ok {
			return exceptions.Err(e)
		}
		return pyerr.Errorf(cat.name, "%s", text)
	case "once":
		r.seen[key] = true
		k := [2]string{text, cat.name}
		if w.once[k] {
			return nil
		}
		w.once[k] = true
	case "module":
		r.seen[key] = true
		alt := regKey{text, cat.name, 0}
		if r.seen[alt] {
			return nil
		}
		r.seen[alt] = true
	case "default":
		r.seen[key] = true
	}
	if w.record != nil {
		return w.record.Append(warningMessage(warningInstance(th, message, cat, text), cat.value, file, line, starlark.None, starlark.None))
	}
	_, err := io.WriteString(w.stderr, w.format(text, cat.name, file, line, nil))
	if err != nil {
		return nil // the stream is gone: the warning is lost, as in Python
	}
	return nil
}

// warningInstance is the warning as an exception: message itself if it
// is one, else an instance of the category made with the text (the text
// itself for a category named by a string).
func warningInstance(th *starlark.Thread, message starlark.Value, cat category, text string) starlark.Value {
	if inst, ok := message.(*class.Instance); ok && exceptions.IsException(inst) {
		return inst
	}
	if c, ok := cat.value.(*class.Class); ok {
		if v, err := starlark.Call(th, c, starlark.Tuple{starlark.String(text)}, nil); err == nil {
			return v
		}
	}
	return starlark.String(text)
}

// warningMessage is Python's WarningMessage: what catch_warnings(record=True) collects.
func warningMessage(message, cat starlark.Value, file string, line int, fileArg, lineArg starlark.Value) starlark.Value {
	return starlarkstruct.FromStringDict(starlark.String("WarningMessage"), starlark.StringDict{
		"message":  message,
		"category": cat,
		"filename": starlark.String(file),
		"lineno":   starlark.MakeInt(line),
		"file":     fileArg,
		"line":     lineArg,
		"source":   starlark.None,
	})
}

// format is formatwarning: "file:line: Category: text\n" and the source
// line (given, or read from the file), stripped and indented.
func (w *warnings) format(text, cat, file string, line int, src *string) string {
	s := fmt.Sprintf("%s:%d: %s: %s\n", file, line, cat, text)
	var l string
	if src != nil {
		l = *src
	} else {
		l = SourceLine(file, line)
	}
	if l = strings.TrimSpace(l); l != "" {
		s += "  " + l + "\n"
	}
	return s
}

// showArgs reads (message, category, filename, lineno) and an optional
// line=, shared by showwarning and formatwarning.
func showArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple, file *starlark.Value) (text, cat, filename string, lineno int, line *string, err error) {
	var message, catArg, lineArg starlark.Value = nil, nil, starlark.None
	pairs := []any{"message", &message, "category", &catArg, "filename", &filename, "lineno", &lineno}
	if file != nil {
		pairs = append(pairs, "file?", file)
	}
	pairs = append(pairs, "line?", &lineArg)
	if err = starlark.UnpackArgs(fn, args, kwargs, pairs...); err != nil {
		return
	}
	c, cerr := categoryOf(catArg)
	if cerr != nil {
		err = cerr
		return
	}
	text, c = warningText(message, c)
	if lineArg != starlark.None {
		s := str(lineArg)
		line = &s
	}
	return text, c.name, filename, lineno, line, nil
}

func (w *warnings) formatwarning(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	text, cat, filename, lineno, line, err := showArgs("formatwarning", args, kwargs, nil)
	if err != nil {
		return nil, err
	}
	return starlark.String(w.format(text, cat, filename, lineno, line)), nil
}

func (w *warnings) showwarning(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	text, cat, filename, lineno, line, err := showArgs("showwarning", args, kwargs, &file)
	if err != nil {
		return nil, err
	}
	s := w.format(text, cat, filename, lineno, line)
	if file == starlark.None {
		io.WriteString(w.stderr, s)
		return starlark.None, nil
	}
	return starlark.None, WriteTo(th, "showwarning", file, s)
}

// WriteTo calls stream.write(text): a file, sys.stderr or any object
// with a write method.
func WriteTo(th *starlark.Thread, fn string, stream starlark.Value, text string) error {
	ha, ok := stream.(starlark.HasAttrs)
	var write starlark.Value
	if ok {
		write, _ = ha.Attr("write")
	}
	if write == nil {
		return pyerr.Errorf("AttributeError", "'%s' object has no attribute 'write'", PyType(stream))
	}
	_, err := starlark.Call(th, write, starlark.Tuple{starlark.String(text)}, nil)
	return err
}

var actions = []string{"error", "ignore", "always", "default", "module", "once"}

// newFilter checks a filter's fields as Python's asserts do.
func newFilter(action string, catArg starlark.Value, lineno int) (warnFilter, error) {
	known := false
	for _, a := range actions {
		known = known || a == action
	}
	if !known {
		return warnFilter{}, pyerr.Errorf("AssertionError", "invalid action: %s", PyRepr(action))
	}
	if lineno < 0 {
		return warnFilter{}, pyerr.Errorf("AssertionError", "lineno must be an int >= 0")
	}
	cat, err := categoryOf(catArg)
	if err != nil {
		return warnFilter{}, pyerr.Errorf("AssertionError", "category must be a Warning subclass")
	}
	return warnFilter{action: action, category: cat, lineno: lineno}, nil
}

// add puts f first (or last, with append), once.
func (w *warnings) add(f warnFilter, append_ bool) {
	kept := w.filters[:0:0]
	present := false
	for _, g := range w.filters {
		if g.same(f) {
			present = true
			if !append_ {
				continue
			}
		}
		kept = append(kept, g)
	}
	if !append_ {
		w.filters = append([]warnFilter{f}, kept...)
	} else if !present {
		w.filters = append(kept, f)
	}
	w.version++
}

func (w *warnings) filterwarnings(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var action, message, module string
	var catArg starlark.Value = starlark.String("Warning")
	lineno := 0
	var appendArg bool
	if err := starlark.UnpackArgs("filterwarnings", args, kwargs, "action", &action, "message?", &message, "category?", &catArg,
		"module?", &module, "lineno?", &lineno, "append?", &appendArg); err != nil {
		return nil, err
	}
	f, err := newFilter(action, catArg, lineno)
	if err != nil {
		return nil, err
	}
	if message != "" {
		if f.message, err = matchPattern("(?i)", message); err != nil {
			return nil, err
		}
	}
	if module != "" {
		if f.module, err = matchPattern("", module); err != nil {
			return nil, err
		}
	}
	f.messageSrc, f.modSrc = message, module
	w.add(f, appendArg)
	return starlark.None, nil
}

// matchPattern compiles a pattern that must match at the start of the
// text, as Python's re.match.
func matchPattern(flags, pattern string) (*regexp.Regexp, error) {
	re, err := regexp.Compile(flags + `^(?:` + pattern + `)`)
	if err != nil {
		return nil, pyerr.Errorf("re.error", "%s", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return re, nil
}

func (w *warnings) simplefilter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var action string
	var catArg starlark.Value = starlark.String("Warning")
	lineno := 0
	var appendArg bool
	if err := starlark.UnpackArgs("simplefilter", args, kwargs, "action", &action, "category?", &catArg, "lineno?", &lineno, "append?", &appendArg); err != nil {
		return nil, err
	}
	f, err := newFilter(action, catArg, lineno)
	if err != nil {
		return nil, err
	}
	w.add(f, appendArg)
	return starlark.None, nil
}

func (w *warnings) resetwarnings(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("resetwarnings", args, kwargs, 0); err != nil {
		return nil, err
	}
	w.filters = nil
	w.version++
	return starlark.None, nil
}

// catchWarnings is catch_warnings(*, record=False, action=None,
// category=Warning, lineno=0, append=False): an object whose __enter__
// saves the filters (and, with record, starts collecting warnings into
// the list it returns) and whose __exit__ restores them.
func (w *warnings) catchWarnings(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "catch_warnings.__init__() takes 1 positional argument but %d were given", len(args)+1)
	}
	var record bool
	var module, action starlark.Value = starlark.None, starlark.None
	var catArg starlark.Value = starlark.String("Warning")
	lineno := 0
	var appendArg bool
	if err := starlark.UnpackArgs("catch_warnings", args, kwargs, "record?", &record, "module?", &module, "action?", &action,
		"category?", &catArg, "lineno?", &lineno, "append?", &appendArg); err != nil {
		return nil, err
	}
	var filter *warnFilter
	if action != starlark.None {
		a, ok := starlark.AsString(action)
		if !ok {
			return nil, fmt.Errorf("catch_warnings: for parameter action: got %s, want str", action.Type())
		}
		f, err := newFilter(a, catArg, lineno)
		if err != nil {
			return nil, err
		}
		filter = &f
	}
	cw := &catcher{w: w, record: record, filter: filter, appendFilter: appendArg}
	return starlarkstruct.FromStringDict(starlark.String("catch_warnings"), starlark.StringDict{
		"__enter__": starlark.NewBuiltin("__enter__", cw.enter),
		"__exit__":  starlark.NewBuiltin("__exit__", cw.exit),
	}), nil
}

// catcher is the state of one catch_warnings.
type catcher struct {
	w            *warnings
	record       bool
	filter       *warnFilter
	appendFilter bool

	entered     bool
	savedFilter []warnFilter
	savedRecord *starlark.List
}

func (c *catcher) enter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("__enter__", args, kwargs, 0); err != nil {
		return nil, err
	}
	if c.entered {
		return nil, pyerr.Errorf("RuntimeError", "Cannot enter catch_warnings() twice")
	}
	c.entered = true
	c.savedFilter = c.w.filters
	c.w.filters = append([]warnFilter(nil), c.w.filters...)
	c.w.version++
	c.savedRecord = c.w.record
	if c.filter != nil {
		c.w.add(*c.filter, c.appendFilter)
	}
	if c.record {
		c.w.record = starlark.NewList(nil)
		return c.w.record, nil
	}
	return starlark.None, nil
}

func (c *catcher) exit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, fmt.Errorf("__exit__: unexpected keyword argument %s", kwargs[0][0])
	}
	if !c.entered {
		return nil, pyerr.Errorf("RuntimeError", "Cannot exit catch_warnings() without entering first")
	}
	c.w.filters = c.savedFilter
	c.w.version++
	c.w.record = c.savedRecord
	return starlark.None, nil
}
