package logging

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyfmt"
)

// This file is Formatter: a record to text with a format whose fields are
// the record's attributes, in one of three styles: '%' (Python's
// printf-style, "%(levelname)s:%(message)s"), '{' ("{levelname}") and
// '$' ("${levelname}").

// style is what a format style needs.
type style struct {
	def, basic string                // the default format; basicConfig's
	asctime    string                // what usesTime looks for
	valid      func() *regexp.Regexp // a format must contain a match (the '%' style)
}

var styleDefaults = map[string]style{
	"%": {def: "%(message)s", basic: BasicFormat, asctime: "%(asctime)",
		valid: sync.OnceValue(func() *regexp.Regexp {
			return regexp.MustCompile(`(?i)%\(\w+\)[#0+ -]*(\*|\d+)?(\.(\*|\d+))?[diouxefgcrsa%]`)
		})},
	"{": {def: "{message}", basic: "{levelname}:{name}:{message}", asctime: "{asctime"},
	"$": {def: "${message}", basic: "${levelname}:${name}:${message}", asctime: "${asctime}"},
}

// percentKey finds the %(key) fields of a '%' format.
var percentKey = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`%\(([^)]*)\)`) })

func (s *state) makeFormatterClass() {
	m := modules.Methods(map[string]class.MethodFunc{
		"__init__":        s.formatterInit,
		"format":          s.formatterFormat,
		"formatTime":      s.formatterFormatTime,
		"formatException": formatterFormatException,
		"formatMessage":   s.formatterFormatMessage,
		"formatStack":     formatterFormatStack,
		"usesTime":        formatterUsesTime,
	})
	m["converter"] = modules.Time.Members["localtime"]
	m["default_time_format"] = starlark.String("%Y-%m-%d %H:%M:%S")
	m["default_msec_format"] = starlark.String("%s,%03d")
	s.formatter = class.MustNew("Formatter", "logging", []*class.Class{class.Object}, m)
}

// Formatter(fmt=None, datefmt=None, style='%', validate=True, *, defaults=None)
func (s *state) formatterInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("Formatter.__init__", self)
	if err != nil {
		return nil, err
	}
	var fmtArg, datefmt, defaults starlark.Value = starlark.None, starlark.None, starlark.None
	styleName := "%"
	validate := true
	if err := starlark.UnpackArgs("Formatter", args, kwargs, "fmt?", &fmtArg, "datefmt?", &datefmt, "style?", &styleName, "validate?", &validate, "defaults?", &defaults); err != nil {
		return nil, err
	}
	st, ok := styleDefaults[styleName]
	if !ok {
		return nil, pyerr.Errorf("ValueError", "Style must be one of: %%,{,$")
	}
	f := st.def
	if fmtArg != starlark.None && fmtArg.Truth() {
		s, ok := starlark.AsString(fmtArg)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "Formatter: for parameter fmt: got %s, want str", fmtArg.Type())
		}
		f = s
	}
	if defaults != starlark.None {
		if _, ok := defaults.(starlark.IterableMapping); !ok {
			return nil, pyerr.Errorf("TypeError", "Formatter: for parameter defaults: got %s, want dict", defaults.Type())
		}
	}
	if validate {
		if err := validateFormat(f, styleName); err != nil {
			return nil, err
		}
	}
	s.initFormatter(inst, f, datefmt, styleName, defaults)
	return starlark.None, nil
}

func (s *state) initFormatter(inst *class.Instance, f string, datefmt starlark.Value, styleName string, defaults starlark.Value) {
	inst.SetAttr("_fmt", starlark.String(f))
	inst.SetAttr("datefmt", datefmt)
	inst.SetAttr("_style", starlark.String(styleName))
	inst.SetAttr("_defaults", defaults)
}

// validateFormat checks a format as Python's styles do.
func validateFormat(f, styleName string) error {
	switch styleName {
	case "%":
		if !styleDefaults["%"].valid().MatchString(f) {
			return pyerr.Errorf("ValueError", "Invalid format '%s' for '%%' style", f)
		}
	case "{":
		if !braceName().MatchString(f) {
			return pyerr.Errorf("ValueError", "invalid format: no fields")
		}
	case "$":
		fields, err := templateFields(f)
		if err != nil {
			return err
		}
		if len(fields) == 0 {
			return pyerr.Errorf("ValueError", "invalid format: no fields")
		}
	}
	return nil
}

// usesTime: does the format show asctime?
func usesTime(f, styleName string) bool {
	if styleName == "$" && strings.Contains(f, "$asctime") {
		return true
	}
	return strings.Contains(f, styleDefaults[styleName].asctime)
}

// formatterFields reads self._fmt and self._style.
func formatterFields(self starlark.Value) (string, string, error) {
	f, err := modules.GetAttr(self, "_fmt")
	if err != nil {
		return "", "", err
	}
	st, err := modules.GetAttr(self, "_style")
	if err != nil {
		return "", "", err
	}
	styleName := str(st)
	if _, ok := styleDefaults[styleName]; !ok {
		styleName = "%"
	}
	return str(f), styleName, nil
}

func formatterUsesTime(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs("usesTime", args, kwargs); err != nil {
		return nil, err
	}
	f, styleName, err := formatterFields(self)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(usesTime(f, styleName)), nil
}

// format: record.message = record.getMessage(); record.asctime =
// self.formatTime(...) if the format uses it; the formatted message,
// then the exception and stack, if any, on lines of their own.
func (s *state) formatterFormat(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("format", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	rs, ok := r.(starlark.HasSetField)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "format: got %s, want a LogRecord", r.Type())
	}
	msg, err := modules.CallMethod(th, r, "getMessage")
	if err != nil {
		return nil, err
	}
	if err := rs.SetField("message", msg); err != nil {
		return nil, err
	}
	ut, err := modules.CallMethod(th, self, "usesTime")
	if err != nil {
		return nil, err
	}
	if ut.Truth() {
		datefmt, err := modules.GetAttr(self, "datefmt")
		if err != nil {
			return nil, err
		}
		asctime, err := modules.CallMethod(th, self, "formatTime", r, datefmt)
		if err != nil {
			return nil, err
		}
		if err := rs.SetField("asctime", asctime); err != nil {
			return nil, err
		}
	}
	out, err := modules.CallMethod(th, self, "formatMessage", r)
	if err != nil {
		return nil, err
	}
	text := str(out)
	excInfo, _ := modules.GetAttr(r, "exc_info")
	excText, _ := modules.GetAttr(r, "exc_text")
	if excInfo != nil && excInfo.Truth() && (excText == nil || !excText.Truth()) {
		if excText, err = modules.CallMethod(th, self, "formatException", excInfo); err != nil {
			return nil, err
		}
		if err := rs.SetField("exc_text", excText); err != nil {
			return nil, err
		}
	}
	if excText != nil && excText.Truth() {
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		text += str(excText)
	}
	if sinfo, _ := modules.GetAttr(r, "stack_info"); sinfo != nil && sinfo.Truth() {
		if !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		st, err := modules.CallMethod(th, self, "formatStack", sinfo)
		if err != nil {
			return nil, err
		}
		text += str(st)
	}
	return starlark.String(text), nil
}

// formatMessage formats the record's attributes with the format.
func (s *state) formatterFormatMessage(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	if err := starlark.UnpackArgs("formatMessage", args, kwargs, "record", &r); err != nil {
		return nil, err
	}
	f, styleName, err := formatterFields(self)
	if err != nil {
		return nil, err
	}
	defaults, _ := modules.GetAttr(self, "_defaults")
	field := func(name string) (starlark.Value, bool) {
		if rec, ok := r.(*Record); ok {
			if v, ok := rec.lookup(name); ok {
				return v, true
			}
		} else if v, err := modules.GetAttr(r, name); err == nil {
			return v, true
		}
		if d, ok := defaults.(starlark.Mapping); ok {
			if v, found, _ := d.Get(starlark.String(name)); found {
				return v, true
			}
		}
		return nil, false
	}
	missing := func(name string) error {
		return pyerr.Errorf("ValueError", "Formatting field not found in record: %s", modules.PyRepr(name))
	}
	var out string
	switch styleName {
	case "%":
		keys, ok := s.fmtKeys[f]
		if !ok {
			for _, m := range percentKey().FindAllStringSubmatch(f, -1) {
				keys = append(keys, m[1])
			}
			if len(s.fmtKeys) < 1000 {
				s.fmtKeys[f] = keys
			}
		}
		values := starlark.NewDict(len(keys))
		for _, k := range keys {
			v, ok := field(k)
			if !ok {
				return nil, missing(k)
			}
			values.SetKey(starlark.String(k), v)
		}
		if out, err = pyfmt.Sprintf(f, starlark.Tuple{values}); err != nil {
			return nil, pyerr.Errorf("TypeError", "%s", strings.TrimPrefix(err.Error(), "sprintf: "))
		}
	case "$":
		if out, err = substitute(f, field, missing); err != nil {
			return nil, err
		}
	case "{":
		if out, err = braceFormat(th, f, field, missing); err != nil {
			return nil, err
		}
	}
	return starlark.String(out), nil
}

// substitute is string.Template(f).substitute(fields): $name, ${name}
// and $$.
func substitute(f string, field func(string) (starlark.Value, bool), missing func(string) error) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] != '$' {
			b.WriteByte(f[i])
			continue
		}
		name, n, err := templateField(f, i)
		if err != nil {
			return "", err
		}
		if name == "$" {
			b.WriteByte('$')
		} else {
			v, ok := field(name)
			if !ok {
				return "", missing(name)
			}
			b.WriteString(str(v))
		}
		i += n - 1
	}
	return b.String(), nil
}

// templateField reads the placeholder at f[i] ('$'): its name ("$" for
// "$$") and length.
func templateField(f string, i int) (string, int, error) {
	rest := f[i+1:]
	if strings.HasPrefix(rest, "$") {
		return "$", 2, nil
	}
	braced := strings.HasPrefix(rest, "{")
	if braced {
		rest = rest[1:]
	}
	n := 0
	for n < len(rest) && (rest[n] == '_' || rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z' || n > 0 && rest[n] >= '0' && rest[n] <= '9') {
		n++
	}
	if n == 0 || braced && (n >= len(rest) || rest[n] != '}') {
		return "", 0, pyerr.Errorf("ValueError", "Invalid placeholder in string: line 1, col %d", i+1)
	}
	if braced {
		return rest[:n], n + 3, nil
	}
	return rest[:n], n + 1, nil
}

// templateFields lists the placeholders of a '$' format.
func templateFields(f string) ([]string, error) {
	var names []string
	for i := 0; i < len(f); i++ {
		if f[i] != '$' {
			continue
		}
		name, n, err := templateField(f, i)
		if err != nil {
			return nil, pyerr.Errorf("ValueError", "invalid format: bare '$' not allowed")
		}
		if name != "$" {
			names = append(names, name)
		}
		i += n - 1
	}
	return names, nil
}

// braceName finds a named or numbered field of a '{' format.
var braceName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{\w+`) })

// braceField finds the {name...} fields of a '{' format.
var braceField = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\{([A-Za-z_]\w*)[^{}]*\}`) })

// braceFormat is f.format(**fields), with Starlark's str.format (no
// format specs).
func braceFormat(th *starlark.Thread, f string, field func(string) (starlark.Value, bool), missing func(string) error) (string, error) {
	var kwargs []starlark.Tuple
	seen := map[string]bool{}
	for _, m := range braceField().FindAllStringSubmatch(f, -1) {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		v, ok := field(m[1])
		if !ok {
			return "", missing(m[1])
		}
		kwargs = append(kwargs, starlark.Tuple{starlark.String(m[1]), v})
	}
	format, _ := starlark.String(f).Attr("format")
	v, err := starlark.Call(th, format, nil, kwargs)
	if err != nil {
		return "", pyerr.Errorf("ValueError", "%v", err)
	}
	return str(v), nil
}

// formatTime(record, datefmt=None): the record's time through
// self.converter (time.localtime), with time.strftime and datefmt, or
// default_time_format and default_msec_format ("2024-01-02
// 03:04:05,678").
func (s *state) formatterFormatTime(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var r starlark.Value
	var datefmt starlark.Value = starlark.None
	if err := starlark.UnpackArgs("formatTime", args, kwargs, "record", &r, "datefmt?", &datefmt); err != nil {
		return nil, err
	}
	created, err := modules.GetAttr(r, "created")
	if err != nil {
		return nil, err
	}
	converter, err := modules.GetAttr(self, "converter")
	if err != nil {
		return nil, err
	}
	timeFormat, err := modules.GetAttr(self, "default_time_format")
	if err != nil {
		return nil, err
	}
	msecFormat, err := modules.GetAttr(self, "default_msec_format")
	if err != nil {
		return nil, err
	}
	msecs, _ := modules.GetAttr(r, "msecs")
	if msecs == nil {
		msecs = starlark.MakeInt(0)
	}
	// the usual case, without calling into the time module
	if ct, ok := starlark.AsFloat(created); ok && converter == modules.Time.Members["localtime"] && !bool(datefmt.Truth()) &&
		timeFormat == starlark.String("%Y-%m-%d %H:%M:%S") && msecFormat == starlark.String("%s,%03d") && !math.IsNaN(ct) && math.Abs(ct) < 1e14 {
		if ms, ok := starlark.AsFloat(msecs); ok {
			t := time.Unix(int64(math.Floor(ct)), 0).Local()
			return starlark.String(fmt.Sprintf("%s,%03d", t.Format("2006-01-02 15:04:05"), int64(ms))), nil
		}
	}
	tuple, err := starlark.Call(th, converter, starlark.Tuple{created}, nil)
	if err != nil {
		return nil, err
	}
	strftime := modules.Time.Members["strftime"]
	if datefmt.Truth() {
		return starlark.Call(th, strftime, starlark.Tuple{datefmt, tuple}, nil)
	}
	st, err := starlark.Call(th, strftime, starlark.Tuple{timeFormat, tuple}, nil)
	if err != nil {
		return nil, err
	}
	if !msecFormat.Truth() {
		return st, nil
	}
	out, err := pyfmt.Sprintf(str(msecFormat), starlark.Tuple{st, msecs})
	if err != nil {
		return nil, pyerr.Errorf("TypeError", "%s", strings.TrimPrefix(err.Error(), "sprintf: "))
	}
	return starlark.String(out), nil
}

// formatException(ei): the text of exc_info (type, value, traceback).
func formatterFormatException(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var ei starlark.Value
	if err := starlark.UnpackArgs("formatException", args, kwargs, "ei", &ei); err != nil {
		return nil, err
	}
	t, ok := ei.(starlark.Tuple)
	if !ok || len(t) != 3 {
		return nil, pyerr.Errorf("TypeError", "formatException: got %s, want a (type, value, traceback) tuple", ei.Type())
	}
	return starlark.String(formatException(t)), nil
}

func formatterFormatStack(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sinfo starlark.Value
	if err := starlark.UnpackArgs("formatStack", args, kwargs, "stack_info", &sinfo); err != nil {
		return nil, err
	}
	return sinfo, nil
}
