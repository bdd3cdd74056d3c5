package modules

import (
	"math/big"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewConfigparser makes configparser, CPython 3.11's INI-file parser:
//
//	RawConfigParser(defaults=None, dict_type=dict, allow_no_value=False, *,
//	    delimiters=("=", ":"), comment_prefixes=("#", ";"), inline_comment_prefixes=None,
//	    strict=True, empty_lines_in_values=True, default_section="DEFAULT",
//	    interpolation=Interpolation())
//	ConfigParser(...): the same with BasicInterpolation (%(name)s); SafeConfigParser
//	    read(filenames, encoding=None) -> the files read, read_file(f, source=None),
//	    read_string(string, source="<string>"), read_dict(dictionary, source="<dict>"),
//	    sections(), add_section(s), has_section(s), options(s), has_option(s, o),
//	    get(s, o, *, raw=False, vars=None, fallback), getint, getfloat, getboolean,
//	    items(section=None, raw=False, vars=None), set(s, o, value=None),
//	    remove_section(s), remove_option(s, o), defaults(), write(fp, space_around_delimiters=True),
//	    optionxform(optionstr) (lower case; a subclass may override it), BOOLEAN_STATES,
//	    parser[section] -> SectionProxy (proxy[option], .get(option, fallback=None),
//	    getint, getfloat, getboolean, option in proxy, iteration, name), section in parser
//	Interpolation, BasicInterpolation: what to give interpolation=
//	DEFAULTSECT, MAX_INTERPOLATION_DEPTH, and the exceptions (configparser_errors.go)
//
// Not there: ExtendedInterpolation and LegacyInterpolation, converters,
// dict_type other than dict. defaults() is a copy: changing it changes
// nothing.
func NewConfigparser() *Lazy {
	return NewLazy("configparser", func() starlark.StringDict {
		m := starlark.StringDict{
			"RawConfigParser":         rawConfigParserClass(),
			"ConfigParser":            configParserClass(),
			"SafeConfigParser":        configParserClass(),
			"SectionProxy":            starlark.NewBuiltin("SectionProxy", newSectionProxyBuiltin),
			"Interpolation":           interpolationClass(),
			"BasicInterpolation":      basicInterpolationClass(),
			"DEFAULTSECT":             starlark.String("DEFAULT"),
			"MAX_INTERPOLATION_DEPTH": starlark.MakeInt(maxInterpolationDepth),
		}
		for _, c := range cpErrors() {
			m[c.Name()] = c
		}
		return m
	})
}

var (
	interpolationClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Interpolation", "configparser", []*class.Class{class.Object}, nil)
	})
	basicInterpolationClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("BasicInterpolation", "configparser", []*class.Class{interpolationClass()}, nil)
	})
	rawConfigParserClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("RawConfigParser", "configparser", []*class.Class{class.Object}, configParserMethods())
	})
	configParserClass = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("ConfigParser", "configparser", []*class.Class{rawConfigParserClass()}, Methods(map[string]class.MethodFunc{
			"set":         configParserSet,
			"add_section": configParserAddSection,
		}))
	})
)

// cpSection is a section's options, in order; a nil value is an option
// without one (allow_no_value).
type cpSection struct {
	keys   []string
	values map[string]*string
}

func newSection() *cpSection { return &cpSection{values: map[string]*string{}} }

func (s *cpSection) set(k string, v *string) {
	if _, ok := s.values[k]; !ok {
		s.keys = append(s.keys, k)
	}
	s.values[k] = v
}

func (s *cpSection) remove(k string) bool {
	if _, ok := s.values[k]; !ok {
		return false
	}
	delete(s.values, k)
	for i, key := range s.keys {
		if key == k {
			s.keys = append(s.keys[:i], s.keys[i+1:]...)
			break
		}
	}
	return true
}

// cpState is a parser's configuration and contents.
type cpState struct {
	defaults       *cpSection
	sections       map[string]*cpSection
	order          []string
	delimiters     []string
	comments       []string
	inline         []string
	strict         bool
	emptyLines     bool
	defaultSection string
	allowNoValue   bool
	basic          bool // BasicInterpolation
}

func (c *cpState) section(name string) (*cpSection, bool) {
	s, ok := c.sections[name]
	return s, ok
}

// optionOf is where set() and remove_option() find an option: the
// section named (the defaults for a false or the default section's
// name; NoSectionError for one that does not exist) and the option's
// key as optionxform makes it.
func (c *cpState) optionOf(th *starlark.Thread, self, section starlark.Value, option string) (*cpSection, string, error) {
	target := c.defaults
	if name := pyStr(section); section.Truth() == starlark.True && name != c.defaultSection {
		s, ok := c.section(name)
		if !ok {
			return nil, "", cpRaise(th, cpNoSection(), section)
		}
		target = s
	}
	key, err := optionxform(th, self, option)
	return target, key, err
}

func (c *cpState) addSection(name string) {
	c.sections[name] = newSection()
	c.order = append(c.order, name)
}

func cpOf(fn string, self starlark.Value) (*class.Instance, *cpState, error) {
	inst, err := Instance(fn, self)
	if err != nil {
		return nil, nil, err
	}
	c, ok := inst.Native.(*cpState)
	if !ok {
		return nil, nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '_sections' (its __init__ did not run)", inst.Class().Name())
	}
	return inst, c, nil
}

func cpRaise(th *starlark.Thread, c *class.Class, args ...starlark.Value) error {
	return smtpRaise(th, c, args...)
}

// optionxform is self.optionxform(option), which a subclass may override.
func optionxform(th *starlark.Thread, self starlark.Value, option string) (string, error) {
	v, err := CallMethod(th, self, "optionxform", starlark.String(option))
	if err != nil {
		return "", err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return pyStr(v), nil
	}
	return string(s), nil
}

func strList(v starlark.Value, what string) ([]string, error) {
	if v == starlark.None {
		return nil, nil
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(v))
	}
	var out []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		s, ok := x.(starlark.String)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "%s must be str, not %s", what, PyType(x))
		}
		out = append(out, string(s))
	}
	return out, nil
}

func configParserMethods() starlark.StringDict {
	m := Methods(map[string]class.MethodFunc{
		"__init__":       cpInit,
		"optionxform":    cpOptionxform,
		"defaults":       cpDefaults,
		"sections":       cpSections,
		"add_section":    cpAddSection,
		"has_section":    cpHasSection,
		"options":        cpOptions,
		"has_option":     cpHasOption,
		"read":           cpRead,
		"read_file":      cpReadFile,
		"readfp":         cpReadFile,
		"read_string":    cpReadString,
		"read_dict":      cpReadDict,
		"get":            cpGetMethod("get"),
		"getint":         cpGetMethod("getint"),
		"getfloat":       cpGetMethod("getfloat"),
		"getboolean":     cpGetMethod("getboolean"),
		"items":          cpItems,
		"set":            cpSetMethod,
		"remove_section": cpRemoveSection,
		"remove_option":  cpRemoveOption,
		"write":          cpWrite,
		"__getitem__":    cpGetitem,
		"__contains__":   cpContains,
		"__len__":        cpLen,
		"__iter__":       cpIter,
	})
	states := starlark.NewDict(8)
	for k, v := range map[string]bool{"1": true, "yes": true, "true": true, "on": true, "0": false, "no": false, "false": false, "off": false} {
		states.SetKey(starlark.String(k), starlark.Bool(v))
	}
	m["BOOLEAN_STATES"] = states
	return m
}

func cpInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := Instance("RawConfigParser.__init__", self)
	if err != nil {
		return nil, err
	}
	var defaults, dictType, delims, comments, inline, interp, converters starlark.Value = starlark.None, starlark.None, nil, nil, starlark.None, nil, starlark.None
	var allowNoValue, strict, emptyLines starlark.Value = starlark.False, starlark.True, starlark.True
	defaultSection := "DEFAULT"
	if len(args) > 3 {
		return nil, pyerr.Errorf("TypeError", "RawConfigParser.__init__() takes from 1 to 4 positional arguments but %d were given", len(args)+1)
	}
	if err := starlark.UnpackArgs(inst.Class().Name(), args, kwargs, "defaults?", &defaults, "dict_type?", &dictType,
		"allow_no_value?", &allowNoValue, "delimiters?", &delims, "comment_prefixes?", &comments,
		"inline_comment_prefixes?", &inline, "strict?", &strict, "empty_lines_in_values?", &emptyLines,
		"default_section?", &defaultSection, "interpolation?", &interp, "converters?", &converters); err != nil {
		return nil, err
	}
	c := &cpState{defaults: newSection(), sections: map[string]*cpSection{}, strict: strict.Truth() == starlark.True,
		emptyLines: emptyLines.Truth() == starlark.True, defaultSection: defaultSection, allowNoValue: allowNoValue.Truth() == starlark.True,
		delimiters: []string{"=", ":"}, comments: []string{"#", ";"}}
	if delims != nil {
		if c.delimiters, err = strList(delims, "delimiters"); err != nil {
			return nil, err
		}
	}
	if comments != nil {
		if c.comments, err = strList(comments, "comment_prefixes"); err != nil {
			return nil, err
		}
	}
	if c.inline, err = strList(inline, "inline_comment_prefixes"); err != nil {
		return nil, err
	}
	switch i := interp.(type) {
	case nil:
		c.basic = basicByDefault(inst.Class())
	case starlark.NoneType:
	case *class.Instance:
		if !i.Class().IsSubclass(interpolationClass()) {
			return nil, pyerr.Errorf("TypeError", "interpolation= must be an Interpolation, not %s", i.Class().Name())
		}
		c.basic = i.Class().IsSubclass(basicInterpolationClass())
	default:
		return nil, pyerr.Errorf("TypeError", "interpolation= must be an Interpolation, not %s", PyType(interp))
	}
	inst.Native = c
	inst.SetAttr("default_section", starlark.String(defaultSection))
	if d, ok := defaults.(starlark.IterableMapping); ok {
		for _, kv := range d.Items() {
			key, err := optionxform(th, self, pyStr(kv[0]))
			if err != nil {
				return nil, err
			}
			v := pyStr(kv[1])
			c.defaults.set(key, &v)
		}
	} else if defaults != starlark.None {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'items'", PyType(defaults))
	}
	return starlark.None, nil
}

// basicByDefault reports whether a parser of class c interpolates when
// not told: ConfigParser and its subclasses do, RawConfigParser does not.
func basicByDefault(c *class.Class) bool {
	for _, k := range c.MRO() {
		if k.Module() == "configparser" {
			return k.Name() == "ConfigParser"
		}
	}
	return false
}

func cpOptionxform(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs("optionxform", args, kwargs, 1, &s); err != nil {
		return nil, err
	}
	return starlark.String(strings.ToLower(s)), nil
}

func valueOf(v *string) starlark.Value {
	if v == nil {
		return starlark.None
	}
	return starlark.String(*v)
}

func cpDefaults(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("defaults", self)
	if err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(c.defaults.keys))
	for _, k := range c.defaults.keys {
		d.SetKey(starlark.String(k), valueOf(c.defaults.values[k]))
	}
	return d, nil
}

func cpSections(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("sections", self)
	if err != nil {
		return nil, err
	}
	return strs(c.order), nil
}

func cpAddSection(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("add_section", self)
	if err != nil {
		return nil, err
	}
	var section starlark.Value
	if err := starlark.UnpackPositionalArgs("add_section", args, kwargs, 1, &section); err != nil {
		return nil, err
	}
	name := pyStr(section)
	if name == c.defaultSection {
		return nil, pyerr.Errorf("ValueError", "Invalid section name: %s", pyReprValue(section))
	}
	if _, ok := c.section(name); ok {
		return nil, cpRaise(th, cpDuplicateSection(), section)
	}
	c.addSection(name)
	return starlark.None, nil
}

// configParserAddSection is ConfigParser.add_section: the name must be a str.
func configParserAddSection(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 {
		if _, ok := args[0].(starlark.String); !ok {
			return nil, pyerr.Errorf("TypeError", "section names must be strings")
		}
	}
	return cpAddSection(th, self, args, kwargs)
}

func cpHasSection(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("has_section", self)
	if err != nil {
		return nil, err
	}
	var section string
	if err := starlark.UnpackPositionalArgs("has_section", args, kwargs, 1, &section); err != nil {
		return nil, err
	}
	_, ok := c.section(section)
	return starlark.Bool(ok), nil
}

func cpOptions(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("options", self)
	if err != nil {
		return nil, err
	}
	var section starlark.Value
	if err := starlark.UnpackPositionalArgs("options", args, kwargs, 1, &section); err != nil {
		return nil, err
	}
	s, ok := c.section(pyStr(section))
	if !ok {
		return nil, cpRaise(th, cpNoSection(), section)
	}
	keys := append([]string(nil), s.keys...)
	for _, k := range c.defaults.keys {
		if _, in := s.values[k]; !in {
			keys = append(keys, k)
		}
	}
	return strs(keys), nil
}

func cpHasOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("has_option", self)
	if err != nil {
		return nil, err
	}
	var section starlark.Value
	var option string
	if err := starlark.UnpackPositionalArgs("has_option", args, kwargs, 2, &section, &option); err != nil {
		return nil, err
	}
	key, err := optionxform(th, self, option)
	if err != nil {
		return nil, err
	}
	name := pyStr(section)
	_, inDefaults := c.defaults.values[key]
	if !section.Truth() || name == c.defaultSection {
		return starlark.Bool(inDefaults), nil
	}
	s, ok := c.section(name)
	if !ok {
		return starlark.False, nil
	}
	_, in := s.values[key]
	return starlark.Bool(in || inDefaults), nil
}

// parse is _read: the lines of one source (each with its line end).
func (c *cpState) parse(th *starlark.Thread, self starlark.Value, lines []string, source string) error {
	added := map[string]bool{}
	var cur *cpSection
	var sectName string
	var optName string
	hasOpt := false
	multi := map[*cpSection]map[string][]string{} // the lines of each value read here
	indent := 0
	var parseErr starlark.Value
	handle := func(lineno int, line string) error {
		if parseErr == nil {
			v, err := starlark.Call(th, cpParsing(), starlark.Tuple{starlark.String(source)}, nil)
			if err != nil {
				return err
			}
			parseErr = v
		}
		_, err := CallMethod(th, parseErr, "append", starlark.MakeInt(lineno), starlark.String(pyReprStr(line)))
		return err
	}
	for i, line := range lines {
		lineno := i + 1
		commentStart := -1
		for _, p := range c.inline {
			for idx := strings.Index(line, p); idx >= 0; {
				if idx == 0 || unicode.IsSpace(rune(line[idx-1])) {
					if commentStart < 0 || idx < commentStart {
						commentStart = idx
					}
					break
				}
				next := strings.Index(line[idx+1:], p)
				if next < 0 {
					break
				}
				idx += 1 + next
			}
		}
		for _, p := range c.comments {
			if strings.HasPrefix(strings.TrimFunc(line, reSpace), p) {
				commentStart = 0
				break
			}
		}
		value := line
		if commentStart >= 0 {
			value = line[:commentStart]
		}
		value = strings.TrimFunc(value, reSpace)
		if value == "" {
			if c.emptyLines {
				if commentStart < 0 && cur != nil && hasOpt && multi[cur][optName] != nil {
					multi[cur][optName] = append(multi[cur][optName], "")
				}
			} else {
				indent = int(^uint(0) >> 1)
			}
			continue
		}
		curIndent := strings.IndexFunc(line, func(r rune) bool { return !reSpace(r) })
		if curIndent < 0 {
			curIndent = 0
		}
		if cur != nil && hasOpt && curIndent > indent {
			if multi[cur][optName] == nil { // an option without a value: Python fails here too
				return pyerr.Errorf("AttributeError", "'NoneType' object has no attribute 'append'")
			}
			multi[cur][optName] = append(multi[cur][optName], value)
			continue
		}
		indent = curIndent
		if header, ok := sectionHeader(value); ok {
			sectName = header
			switch s, exists := c.section(header); {
			case exists:
				if c.strict && added[header] {
					return cpRaise(th, cpDuplicateSection(), starlark.String(header), starlark.String(source), starlark.MakeInt(lineno))
				}
				cur = s
				added[header] = true
			case header == c.defaultSection:
				cur = c.defaults
			default:
				c.addSection(header)
				cur = c.sections[header]
				added[header] = true
			}
			if multi[cur] == nil {
				multi[cur] = map[string][]string{}
			}
			hasOpt = false
			continue
		}
		if cur == nil {
			return cpRaise(th, cpMissingHeader(), starlark.String(source), starlark.MakeInt(lineno), starlark.String(line))
		}
		name, val, hasValue, ok := c.option(value)
		if !ok {
			if err := handle(lineno, line); err != nil {
				return err
			}
			continue
		}
		if name == "" {
			if err := handle(lineno, line); err != nil {
				return err
			}
		}
		key, err := optionxform(th, self, strings.TrimRightFunc(name, reSpace))
		if err != nil {
			return err
		}
		optName, hasOpt = key, true
		if c.strict && added[sectName+"\x00"+key] {
			return cpRaise(th, cpDuplicateOption(), starlark.String(sectName), starlark.String(key), starlark.String(source), starlark.MakeInt(lineno))
		}
		added[sectName+"\x00"+key] = true
		if hasValue {
			v := strings.TrimFunc(val, reSpace)
			multi[cur][key] = []string{v}
			cur.set(key, &v)
		} else {
			multi[cur][key] = nil
			cur.set(key, nil)
		}
	}
	for s, opts := range multi { // join the lines of the values read here
		for k, ls := range opts {
			if ls != nil {
				v := strings.TrimRightFunc(strings.Join(ls, "\n"), reSpace)
				s.set(k, &v)
			}
		}
	}
	if parseErr != nil {
		return exceptions.Err(parseErr.(*class.Instance))
	}
	return nil
}

// sectionHeader is SECTCRE, \[(?P<header>.+)\] matched at the start of
// a line: the name up to the last "]".
func sectionHeader(value string) (string, bool) {
	if !strings.HasPrefix(value, "[") {
		return "", false
	}
	end := strings.LastIndexByte(value, ']')
	if end <= 1 {
		return "", false
	}
	header := value[1:end]
	if strings.ContainsAny(header, "\n") {
		return "", false
	}
	return header, true
}

// option is OPTCRE (OPTCRE_NV when options may have no value): the
// option's name before the first delimiter and its value after.
func (c *cpState) option(value string) (name, val string, hasValue, ok bool) {
	at, d := -1, ""
	for _, delim := range c.delimiters {
		if delim == "" {
			continue
		}
		if i := strings.Index(value, delim); i >= 0 && (at < 0 || i < at) {
			at, d = i, delim
		}
	}
	if at < 0 {
		if c.allowNoValue {
			return value, "", false, true
		}
		return "", "", false, false
	}
	return strings.TrimRightFunc(value[:at], reSpace), strings.TrimLeftFunc(value[at+len(d):], reSpace), true, true
}

// splitLines is a text's lines, each with its line end, as a text file
// gives them.
func splitLines(text string) []string {
	var lines []string
	for text != "" {
		i := strings.IndexByte(text, '\n')
		if i < 0 {
			lines = append(lines, text)
			break
		}
		lines = append(lines, text[:i+1])
		text = text[i+1:]
	}
	return lines
}

func cpRead(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("read", self)
	if err != nil {
		return nil, err
	}
	var filenames, encoding starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("read", args, kwargs, "filenames", &filenames, "encoding?", &encoding); err != nil {
		return nil, err
	}
	var names []starlark.Value
	switch f := filenames.(type) {
	case starlark.String, starlark.Bytes:
		names = []starlark.Value{f}
	case starlark.Iterable:
		iter := f.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			names = append(names, x)
		}
		iter.Done()
	default:
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(filenames))
	}
	var ok []starlark.Value
	for _, n := range names {
		data, err := os.ReadFile(rawText(n))
		if err != nil {
			continue // a file that cannot be read is passed over
		}
		text := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n", "\n"), "\r", "\n")
		if err := c.parse(th, self, splitLines(text), rawText(n)); err != nil {
			return nil, err
		}
		ok = append(ok, n)
	}
	return starlark.NewList(ok), nil
}

func cpReadFile(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("read_file", self)
	if err != nil {
		return nil, err
	}
	var f, source starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("read_file", args, kwargs, "f", &f, "source?", &source); err != nil {
		return nil, err
	}
	name := "<???>"
	if source != starlark.None {
		name = pyStr(source)
	} else if n, err := GetAttr(f, "name"); err == nil {
		name = pyStr(n)
	}
	it, ok := f.(starlark.Iterable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not iterable", PyType(f))
	}
	var lines []string
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		lines = append(lines, rawText(x))
	}
	return starlark.None, c.parse(th, self, lines, name)
}

func cpReadString(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("read_string", self)
	if err != nil {
		return nil, err
	}
	var text string
	source := "<string>"
	if err := starlark.UnpackArgs("read_string", args, kwargs, "string", &text, "source?", &source); err != nil {
		return nil, err
	}
	return starlark.None, c.parse(th, self, splitLines(text), source)
}

func cpReadDict(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("read_dict", self)
	if err != nil {
		return nil, err
	}
	var dict starlark.Value
	source := "<dict>"
	if err := starlark.UnpackArgs("read_dict", args, kwargs, "dictionary", &dict, "source?", &source); err != nil {
		return nil, err
	}
	d, ok := dict.(starlark.IterableMapping)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'items'", PyType(dict))
	}
	added := map[string]bool{}
	for _, kv := range d.Items() {
		section := pyStr(kv[0])
		if _, err := CallMethod(th, self, "add_section", starlark.String(section)); err != nil {
			if !(isInstanceErr(err, cpDuplicateSection()) || isValueError(err)) || c.strict && added[section] {
				return nil, err
			}
		}
		added[section] = true
		keys, ok := kv[1].(starlark.IterableMapping)
		if !ok {
			return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'items'", PyType(kv[1]))
		}
		for _, o := range keys.Items() {
			key, err := optionxform(th, self, pyStr(o[0]))
			if err != nil {
				return nil, err
			}
			var value starlark.Value = starlark.None
			if o[1] != starlark.None {
				value = starlark.String(pyStr(o[1]))
			}
			if c.strict && added[section+"\x00"+key] {
				return nil, cpRaise(th, cpDuplicateOption(), starlark.String(section), starlark.String(key), starlark.String(source))
			}
			added[section+"\x00"+key] = true
			if _, err := CallMethod(th, self, "set", starlark.String(section), starlark.String(key), value); err != nil {
				return nil, err
			}
		}
	}
	return starlark.None, nil
}

func isValueError(err error) bool {
	return exceptions.Of(err).Class().IsSubclass(exceptions.Class("ValueError"))
}

// lookup is _unify_values and the lookup of get: the option's value in
// vars, the section, then the defaults; the map that interpolation
// reads. ok is false when there is no such option.
func (c *cpState) lookup(th *starlark.Thread, self starlark.Value, section starlark.Value, option string, vars starlark.Value) (*string, map[string]*string, bool, error) {
	chain := map[string]*string{}
	for _, k := range c.defaults.keys {
		chain[k] = c.defaults.values[k]
	}
	name := pyStr(section)
	if s, ok := c.section(name); ok {
		for _, k := range s.keys {
			chain[k] = s.values[k]
		}
	} else if name != c.defaultSection {
		return nil, nil, false, cpRaise(th, cpNoSection(), section)
	}
	if d, ok := vars.(starlark.IterableMapping); ok {
		for _, kv := range d.Items() {
			key, err := optionxform(th, self, pyStr(kv[0]))
			if err != nil {
				return nil, nil, false, err
			}
			if kv[1] == starlark.None {
				chain[key] = nil
			} else {
				v := pyStr(kv[1])
				chain[key] = &v
			}
		}
	}
	key, err := optionxform(th, self, option)
	if err != nil {
		return nil, nil, false, err
	}
	v, ok := chain[key]
	return v, chain, ok, nil
}

// interpolate is BasicInterpolation's before_get: %(name)s replaced by
// the option's value (itself interpolated), %% by %.
func (c *cpState) interpolate(th *starlark.Thread, self starlark.Value, section starlark.Value, option, value string, chain map[string]*string) (string, error) {
	var out strings.Builder
	var some func(rest string, depth int) error
	some = func(rest string, depth int) error {
		raw := value
		if depth > maxInterpolationDepth {
			return cpRaise(th, cpInterpolationDepth(), starlark.String(option), section, starlark.String(raw))
		}
		for rest != "" {
			p := strings.IndexByte(rest, '%')
			if p < 0 {
				out.WriteString(rest)
				return nil
			}
			out.WriteString(rest[:p])
			rest = rest[p:]
			switch {
			case strings.HasPrefix(rest, "%%"):
				out.WriteByte('%')
				rest = rest[2:]
			case strings.HasPrefix(rest, "%("):
				end := strings.IndexByte(rest, ')')
				if end <= 2 || end+1 >= len(rest) || rest[end+1] != 's' {
					return cpRaise(th, cpInterpolationSyntax(), starlark.String(option), section,
						starlark.String("bad interpolation variable reference "+pyReprStr(rest)))
				}
				ref, err := optionxform(th, self, rest[2:end])
				if err != nil {
					return err
				}
				rest = rest[end+2:]
				v, ok := chain[ref]
				if !ok || v == nil {
					return cpRaise(th, cpInterpolationMissing(), starlark.String(option), section, starlark.String(raw), starlark.String(ref))
				}
				if strings.Contains(*v, "%") {
					if err := some(*v, depth+1); err != nil {
						return err
					}
				} else {
					out.WriteString(*v)
				}
			default:
				return cpRaise(th, cpInterpolationSyntax(), starlark.String(option), section,
					starlark.String("'%' must be followed by '%' or '(', found: "+pyReprStr(rest)))
			}
		}
		return nil
	}
	if err := some(value, 1); err != nil {
		return "", err
	}
	return out.String(), nil
}

// get is get(section, option, raw=False, vars=None): the value, or
// found false.
func (c *cpState) get(th *starlark.Thread, self starlark.Value, section starlark.Value, option string, raw bool, vars starlark.Value) (starlark.Value, error) {
	v, chain, ok, err := c.lookup(th, self, section, option, vars)
	if err != nil {
		return nil, err
	}
	if !ok {
		key, _ := optionxform(th, self, option)
		return nil, cpRaise(th, cpNoOption(), starlark.String(key), section)
	}
	if v == nil {
		return starlark.None, nil
	}
	if raw || !c.basic {
		return starlark.String(*v), nil
	}
	key, _ := optionxform(th, self, option)
	s, err := c.interpolate(th, self, section, key, *v, chain)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// convert turns a value read by getint, getfloat or getboolean.
func convert(th *starlark.Thread, self starlark.Value, kind string, v starlark.Value) (starlark.Value, error) {
	s, ok := v.(starlark.String)
	if kind == "get" {
		return v, nil
	}
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s() argument must be a string or a real number, not '%s'", map[string]string{"getint": "int", "getfloat": "float", "getboolean": "str"}[kind], PyType(v))
	}
	text := strings.TrimFunc(string(s), reSpace)
	switch kind {
	case "getint":
		n, ok := new(big.Int).SetString(strings.ReplaceAll(text, "_", ""), 10)
		if !ok || strings.HasPrefix(text, "_") || strings.HasSuffix(text, "_") || strings.Contains(text, "__") {
			return nil, pyerr.Errorf("ValueError", "invalid literal for int() with base 10: %s", pyReprStr(string(s)))
		}
		return starlark.MakeBigInt(n), nil
	case "getfloat":
		f, err := strconv.ParseFloat(text, 64)
		if err != nil {
			return nil, pyerr.Errorf("ValueError", "could not convert string to float: %s", pyReprStr(string(s)))
		}
		return starlark.Float(f), nil
	}
	states, err := GetAttr(self, "BOOLEAN_STATES")
	if err != nil {
		return nil, err
	}
	m, ok := states.(starlark.Mapping)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "BOOLEAN_STATES must be a dict")
	}
	b, found, err := m.Get(starlark.String(strings.ToLower(string(s))))
	if err != nil || !found {
		return nil, pyerr.Errorf("ValueError", "Not a boolean: %s", string(s))
	}
	return b, nil
}

func cpGetMethod(kind string) class.MethodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		_, c, err := cpOf(kind, self)
		if err != nil {
			return nil, err
		}
		var section starlark.Value
		var option string
		var raw starlark.Value = starlark.False
		var vars, fallback starlark.Value = starlark.None, nil
		if len(args) > 2 {
			return nil, pyerr.Errorf("TypeError", "%s() takes 3 positional arguments but %d were given", kind, len(args)+1)
		}
		if err := starlark.UnpackArgs(kind, args, kwargs, "section", &section, "option", &option, "raw?", &raw, "vars?", &vars, "fallback?", &fallback); err != nil {
			return nil, err
		}
		v, err := c.get(th, self, section, option, raw.Truth() == starlark.True, vars)
		if err != nil {
			if fallback != nil && (isInstanceErr(err, cpNoSection()) || isInstanceErr(err, cpNoOption())) {
				return fallback, nil
			}
			return nil, err
		}
		return convert(th, self, kind, v)
	}
}

func cpItems(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("items", self)
	if err != nil {
		return nil, err
	}
	var section, vars starlark.Value = nil, starlark.None
	var raw starlark.Value = starlark.False
	if err := starlark.UnpackArgs("items", args, kwargs, "section?", &section, "raw?", &raw, "vars?", &vars); err != nil {
		return nil, err
	}
	if section == nil {
		out := []starlark.Value{starlark.Tuple{starlark.String(c.defaultSection), &sectionProxy{parser: self, name: c.defaultSection}}}
		for _, name := range c.order {
			out = append(out, starlark.Tuple{starlark.String(name), &sectionProxy{parser: self, name: name}})
		}
		return starlark.NewList(out), nil
	}
	name := pyStr(section)
	d := map[string]*string{}
	var keys []string
	add := func(s *cpSection) {
		for _, k := range s.keys {
			if _, ok := d[k]; !ok {
				keys = append(keys, k)
			}
			d[k] = s.values[k]
		}
	}
	add(c.defaults)
	if s, ok := c.section(name); ok {
		add(s)
	} else if name != c.defaultSection {
		return nil, cpRaise(th, cpNoSection(), section)
	}
	if vm, ok := vars.(starlark.IterableMapping); ok {
		for _, kv := range vm.Items() {
			key, err := optionxform(th, self, pyStr(kv[0]))
			if err != nil {
				return nil, err
			}
			v := pyStr(kv[1])
			d[key] = &v
		}
	}
	var out []starlark.Value
	for _, k := range keys {
		v := valueOf(d[k])
		if d[k] != nil && c.basic && raw.Truth() != starlark.True {
			s, err := c.interpolate(th, self, section, k, *d[k], d)
			if err != nil {
				return nil, err
			}
			v = starlark.String(s)
		}
		out = append(out, starlark.Tuple{starlark.String(k), v})
	}
	return starlark.NewList(out), nil
}

// checkSet is BasicInterpolation's before_set: a value whose % are not
// all %% or %(name)s is refused.
func checkSet(value string) error {
	tmp := strings.ReplaceAll(value, "%%", "")
	for {
		i := strings.Index(tmp, "%(")
		if i < 0 {
			break
		}
		end := strings.IndexByte(tmp[i:], ')')
		if end < 3 || i+end+1 >= len(tmp) || tmp[i+end+1] != 's' {
			break
		}
		tmp = tmp[:i] + tmp[i+end+2:]
	}
	if i := strings.IndexByte(tmp, '%'); i >= 0 {
		return pyerr.Errorf("ValueError", "invalid interpolation syntax in %s at position %d", pyReprStr(value), i)
	}
	return nil
}

func cpSetMethod(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("set", self)
	if err != nil {
		return nil, err
	}
	var section, value starlark.Value = nil, starlark.None
	var option string
	if err := starlark.UnpackArgs("set", args, kwargs, "section", &section, "option", &option, "value?", &value); err != nil {
		return nil, err
	}
	if value.Truth() == starlark.True && c.basic {
		if s, ok := value.(starlark.String); ok {
			if err := checkSet(string(s)); err != nil {
				return nil, err
			}
		}
	}
	target, key, err := c.optionOf(th, self, section, option)
	if err != nil {
		return nil, err
	}
	if value == starlark.None {
		target.set(key, nil)
	} else {
		v := pyStr(value)
		target.set(key, &v)
	}
	return starlark.None, nil
}

// configParserSet is ConfigParser.set: names and values must be str
// (a value may be None when options may have none).
func configParserSet(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("set", self)
	if err != nil {
		return nil, err
	}
	var section, option, value starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackArgs("set", args, kwargs, "section", &section, "option", &option, "value?", &value); err != nil {
		return nil, err
	}
	if _, ok := section.(starlark.String); !ok {
		return nil, pyerr.Errorf("TypeError", "section names must be strings")
	}
	if _, ok := option.(starlark.String); !ok {
		return nil, pyerr.Errorf("TypeError", "option keys must be strings")
	}
	if _, ok := value.(starlark.String); !ok && (!c.allowNoValue || value.Truth() == starlark.True) {
		return nil, pyerr.Errorf("TypeError", "option values must be strings")
	}
	return cpSetMethod(th, self, args, kwargs)
}

func cpRemoveSection(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("remove_section", self)
	if err != nil {
		return nil, err
	}
	var section string
	if err := starlark.UnpackPositionalArgs("remove_section", args, kwargs, 1, &section); err != nil {
		return nil, err
	}
	if _, ok := c.sections[section]; !ok {
		return starlark.False, nil
	}
	delete(c.sections, section)
	for i, n := range c.order {
		if n == section {
			c.order = append(c.order[:i], c.order[i+1:]...)
			break
		}
	}
	return starlark.True, nil
}

func cpRemoveOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("remove_option", self)
	if err != nil {
		return nil, err
	}
	var section starlark.Value
	var option string
	if err := starlark.UnpackPositionalArgs("remove_option", args, kwargs, 2, &section, &option); err != nil {
		return nil, err
	}
	target, key, err := c.optionOf(th, self, section, option)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(target.remove(key)), nil
}

func cpWrite(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("write", self)
	if err != nil {
		return nil, err
	}
	var fp starlark.Value
	var spaces starlark.Value = starlark.True
	if err := starlark.UnpackArgs("write", args, kwargs, "fp", &fp, "space_around_delimiters?", &spaces); err != nil {
		return nil, err
	}
	d := c.delimiters[0]
	if spaces.Truth() == starlark.True {
		d = " " + d + " "
	}
	section := func(name string, s *cpSection) error {
		if err := WriteTo(th, "write", fp, "["+name+"]\n"); err != nil {
			return err
		}
		for _, k := range s.keys {
			line := k
			if v := s.values[k]; v != nil || !c.allowNoValue {
				text := "None"
				if v != nil {
					text = *v
				}
				line += d + strings.ReplaceAll(text, "\n", "\n\t")
			}
			if err := WriteTo(th, "write", fp, line+"\n"); err != nil {
				return err
			}
		}
		return WriteTo(th, "write", fp, "\n")
	}
	if len(c.defaults.keys) > 0 {
		if err := section(c.defaultSection, c.defaults); err != nil {
			return nil, err
		}
	}
	for _, name := range c.order {
		if err := section(name, c.sections[name]); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func cpGetitem(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("__getitem__", self)
	if err != nil {
		return nil, err
	}
	var key starlark.Value
	if err := starlark.UnpackPositionalArgs("__getitem__", args, kwargs, 1, &key); err != nil {
		return nil, err
	}
	name := pyStr(key)
	if _, ok := c.section(name); !ok && name != c.defaultSection {
		return nil, pyerr.KeyError(key)
	}
	return &sectionProxy{parser: self, name: name}, nil
}

func cpContains(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("__contains__", self)
	if err != nil {
		return nil, err
	}
	var key starlark.Value
	if err := starlark.UnpackPositionalArgs("__contains__", args, kwargs, 1, &key); err != nil {
		return nil, err
	}
	name := pyStr(key)
	_, ok := c.section(name)
	return starlark.Bool(ok || name == c.defaultSection), nil
}

func cpLen(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("__len__", self)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(len(c.order) + 1), nil
}

func cpIter(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := cpOf("__iter__", self)
	if err != nil {
		return nil, err
	}
	return strs(append([]string{c.defaultSection}, c.order...)), nil
}

// sectionProxy is parser[section]: the section's options as a mapping.
type sectionProxy struct {
	parser starlark.Value
	name   string
}

var (
	_ starlark.HasAttrs  = (*sectionProxy)(nil)
	_ starlark.Mapping   = (*sectionProxy)(nil)
	_ starlark.Iterable  = (*sectionProxy)(nil)
	_ starlark.HasSetKey = (*sectionProxy)(nil)
)

func newSectionProxyBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var parser starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("SectionProxy", args, kwargs, 2, &parser, &name); err != nil {
		return nil, err
	}
	return &sectionProxy{parser: parser, name: name}, nil
}

func (p *sectionProxy) String() string       { return "<Section: " + p.name + ">" }
func (p *sectionProxy) Type() string         { return "SectionProxy" }
func (p *sectionProxy) Freeze()              {}
func (p *sectionProxy) Truth() starlark.Bool { return true }
func (p *sectionProxy) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: 'SectionProxy'")
}

// keys are the options of the section (the defaults too), as
// SectionProxy's iteration gives them.
func (p *sectionProxy) keys() []string {
	_, c, err := cpOf("SectionProxy", p.parser)
	if err != nil {
		return nil
	}
	keys := append([]string(nil), c.defaults.keys...)
	if s, ok := c.section(p.name); ok && p.name != c.defaultSection {
		keys = append([]string(nil), s.keys...)
		for _, k := range c.defaults.keys {
			if _, in := s.values[k]; !in {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// Get is proxy[option]: KeyError when the option is not there.
func (p *sectionProxy) Get(k starlark.Value) (starlark.Value, bool, error) {
	th := &starlark.Thread{Name: "SectionProxy"}
	has, err := CallMethod(th, p.parser, "has_option", starlark.String(p.name), k)
	if err != nil {
		return nil, false, err
	}
	if has.Truth() != starlark.True {
		return nil, false, pyerr.KeyError(k)
	}
	v, err := CallMethod(th, p.parser, "get", starlark.String(p.name), k)
	return v, err == nil, err
}

func (p *sectionProxy) SetKey(k, v starlark.Value) error {
	_, err := CallMethod(&starlark.Thread{Name: "SectionProxy"}, p.parser, "set", starlark.String(p.name), k, v)
	return err
}

func (p *sectionProxy) Iterate() starlark.Iterator {
	keys := p.keys()
	t := make(starlark.Tuple, len(keys))
	for i, k := range keys {
		t[i] = starlark.String(k)
	}
	return t.Iterate()
}

func (p *sectionProxy) Len() int { return len(p.keys()) }

func (p *sectionProxy) AttrNames() []string {
	names := []string{"get", "getboolean", "getfloat", "getint", "keys", "name", "parser"}
	sort.Strings(names)
	return names
}

func (p *sectionProxy) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(p.name), nil
	case "parser":
		return p.parser, nil
	case "keys":
		return starlark.NewBuiltin("keys", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return strs(p.keys()), nil
		}), nil
	case "get", "getint", "getfloat", "getboolean":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var option string
			var fallback starlark.Value = starlark.None
			var raw starlark.Value = starlark.False
			var vars starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "option", &option, "fallback?", &fallback, "raw?", &raw, "vars?", &vars); err != nil {
				return nil, err
			}
			fn, err := GetAttr(p.parser, name)
			if err != nil {
				return nil, err
			}
			return starlark.Call(th, fn, starlark.Tuple{starlark.String(p.name), starlark.String(option)},
				[]starlark.Tuple{{starlark.String("raw"), raw}, {starlark.String("vars"), vars}, {starlark.String("fallback"), fallback}})
		}), nil
	}
	return nil, nil
}
