package optparse

import (
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Option is one option of a parser: Option("-f", "--file", dest="file",
// ...), or make_option. Its attributes are Python's (action type dest
// default nargs const choices callback callback_args callback_kwargs
// help metavar _short_opts _long_opts container), readable and settable;
// its methods takes_value() and get_opt_string().
type Option struct {
	short, long []string
	attrs       map[string]starlark.Value
	hasDefault  bool // default= was given (Python's default is not NO_DEFAULT)
}

var (
	_ starlark.HasAttrs    = (*Option)(nil)
	_ starlark.HasSetField = (*Option)(nil)
)

// optionAttrs are Python's Option.ATTRS.
var optionAttrs = []string{"action", "type", "dest", "default", "nargs", "const", "choices", "callback", "callback_args", "callback_kwargs", "help", "metavar"}

var (
	actions       = []string{"store", "store_const", "store_true", "store_false", "append", "append_const", "count", "callback", "help", "version"}
	storeActions  = []string{"store", "store_const", "store_true", "store_false", "append", "append_const", "count"}
	typedActions  = []string{"store", "append", "callback"}
	alwaysTyped   = []string{"store", "append"}
	constActions  = []string{"store_const", "append_const"}
	optionTypes   = []string{"string", "int", "long", "float", "complex", "choice"}
	noDefault     = starlark.Tuple{starlark.String("NO"), starlark.String("DEFAULT")}
	suppressHelp  = starlark.String("SUPPRESSHELP")
	suppressUsage = starlark.String("SUPPRESSUSAGE")
)

func in(s string, list []string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// optionError is optparse.OptionError: "option -x: msg".
func optionError(o *Option, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if id := o.String(); id != "" {
		msg = "option " + id + ": " + msg
	}
	return pyerr.Errorf("optparse.OptionError", "%s", msg)
}

// makeOption is Option(*opts, **attrs) = make_option.
func makeOption(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return newOption(args, kwargs)
}

func newOption(args starlark.Tuple, kwargs []starlark.Tuple) (*Option, error) {
	o := &Option{attrs: map[string]starlark.Value{}}
	var opts []string
	for _, a := range args {
		s, ok := a.(starlark.String)
		if !ok {
			if a.Truth() {
				return nil, pyerr.Errorf("TypeError", "Option: option strings must be str, not %s", a.Type())
			}
			continue
		}
		if s != "" {
			opts = append(opts, string(s))
		}
	}
	if len(opts) == 0 {
		return nil, pyerr.Errorf("TypeError", "at least one option string must be supplied")
	}
	for _, opt := range opts {
		r := []rune(opt)
		switch {
		case len(r) < 2:
			return nil, optionError(o, "invalid option string %s: must be at least two characters long", modules.PyRepr(opt))
		case len(r) == 2:
			if !(r[0] == '-' && r[1] != '-') {
				return nil, optionError(o, "invalid short option string %s: must be of the form -x, (x any non-dash char)", modules.PyRepr(opt))
			}
			o.short = append(o.short, opt)
		default:
			if !(r[0] == '-' && r[1] == '-' && r[2] != '-') {
				return nil, optionError(o, "invalid long option string %s: must start with --, followed by non-dash", modules.PyRepr(opt))
			}
			o.long = append(o.long, opt)
		}
	}
	given := map[string]starlark.Value{}
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		given[k] = kv[1]
	}
	for _, a := range optionAttrs {
		if v, ok := given[a]; ok {
			o.attrs[a] = v
			delete(given, a)
			if a == "default" {
				o.hasDefault = true
			}
		} else {
			o.attrs[a] = starlark.None
		}
	}
	if len(given) > 0 {
		var bad []string
		for k := range given {
			bad = append(bad, k)
		}
		sort.Strings(bad)
		return nil, optionError(o, "invalid keyword arguments: %s", strings.Join(bad, ", "))
	}
	return o, o.check()
}

// get returns an attribute as a string ("" for None).
func (o *Option) get(name string) string {
	if s, ok := o.attrs[name].(starlark.String); ok {
		return string(s)
	}
	return ""
}

func (o *Option) isNone(name string) bool {
	return o.attrs[name] == nil || o.attrs[name] == starlark.None
}

// check is Python's CHECK_METHODS: it fills in action, type, dest and
// nargs, and refuses attributes that do not go together.
func (o *Option) check() error {
	// action
	if o.isNone("action") {
		o.attrs["action"] = starlark.String("store")
	} else if a, ok := o.attrs["action"].(starlark.String); !ok || !in(string(a), actions) {
		return optionError(o, "invalid action: %s", modules.Repr(o.attrs["action"]))
	}
	action := o.get("action")
	// type
	if o.isNone("type") {
		if in(action, alwaysTyped) {
			if !o.isNone("choices") {
				o.attrs["type"] = starlark.String("choice")
			} else {
				o.attrs["type"] = starlark.String("string")
			}
		}
	} else {
		t, ok := o.attrs["type"].(starlark.String)
		if !ok {
			if b, isBuiltin := o.attrs["type"].(*starlark.Builtin); isBuiltin {
				t, ok = starlark.String(b.Name()), true // type=int, type=str, type=float
			}
		}
		if ok && t == "str" {
			t = "string"
		}
		if !ok || !in(string(t), optionTypes) {
			return optionError(o, "invalid option type: %s", modules.Repr(o.attrs["type"]))
		}
		o.attrs["type"] = t
		if !in(action, typedActions) {
			return optionError(o, "must not supply a type for action %s", modules.PyRepr(action))
		}
	}
	// choices
	if o.get("type") == "choice" {
		switch c := o.attrs["choices"].(type) {
		case starlark.NoneType:
			return optionError(o, "must supply a list of choices for type 'choice'")
		case starlark.Tuple, *starlark.List:
		default:
			return optionError(o, "choices must be a list of strings ('%s' supplied)", modules.PyType(c))
		}
	} else if !o.isNone("choices") {
		return optionError(o, "must not supply choices for type %s", modules.Repr(o.attrs["type"]))
	}
	// dest
	takesValue := in(action, storeActions) || !o.isNone("type")
	if o.isNone("dest") && takesValue {
		if len(o.long) > 0 {
			o.attrs["dest"] = starlark.String(strings.ReplaceAll(o.long[0][2:], "-", "_"))
		} else {
			o.attrs["dest"] = starlark.String(o.short[0][1:])
		}
	}
	// const
	if !in(action, constActions) && !o.isNone("const") {
		return optionError(o, "'const' must not be supplied for action %s", modules.PyRepr(action))
	}
	// nargs
	if in(action, typedActions) {
		if o.isNone("nargs") {
			o.attrs["nargs"] = starlark.MakeInt(1)
		} else if _, ok := o.attrs["nargs"].(starlark.Int); !ok {
			return optionError(o, "nargs: got %s, want int", o.attrs["nargs"].Type())
		}
	} else if !o.isNone("nargs") {
		return optionError(o, "'nargs' must not be supplied for action %s", modules.PyRepr(action))
	}
	// callback
	if action == "callback" {
		if _, ok := o.attrs["callback"].(starlark.Callable); !ok {
			return optionError(o, "callback not callable: %s", modules.Repr(o.attrs["callback"]))
		}
		if _, ok := o.attrs["callback_args"].(starlark.Tuple); !ok && !o.isNone("callback_args") {
			return optionError(o, "callback_args, if supplied, must be a tuple: not %s", modules.Repr(o.attrs["callback_args"]))
		}
		if _, ok := o.attrs["callback_kwargs"].(*starlark.Dict); !ok && !o.isNone("callback_kwargs") {
			return optionError(o, "callback_kwargs, if supplied, must be a dict: not %s", modules.Repr(o.attrs["callback_kwargs"]))
		}
	} else {
		if !o.isNone("callback") {
			return optionError(o, "callback supplied (%s) for non-callback option", modules.Repr(o.attrs["callback"]))
		}
		if !o.isNone("callback_args") {
			return optionError(o, "callback_args supplied for non-callback option")
		}
		if !o.isNone("callback_kwargs") {
			return optionError(o, "callback_kwargs supplied for non-callback option")
		}
	}
	return nil
}

// String is str(option): its option strings joined by "/".
func (o *Option) String() string {
	return strings.Join(append(append([]string(nil), o.short...), o.long...), "/")
}
func (o *Option) Type() string          { return "Option" }
func (o *Option) Freeze()               {}
func (o *Option) Truth() starlark.Bool  { return true }
func (o *Option) Hash() (uint32, error) { return hashString(o.String()), nil }

func hashString(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func strList(ss []string) *starlark.List {
	l := make([]starlark.Value, len(ss))
	for i, s := range ss {
		l[i] = starlark.String(s)
	}
	return starlark.NewList(l)
}

func (o *Option) AttrNames() []string {
	return append(append([]string(nil), optionAttrs...), "_long_opts", "_short_opts", "container", "get_opt_string", "takes_value")
}

func (o *Option) Attr(name string) (starlark.Value, error) {
	switch name {
	case "_short_opts":
		return strList(o.short), nil
	case "_long_opts":
		return strList(o.long), nil
	case "default":
		if !o.hasDefault {
			return noDefault, nil
		}
	case "takes_value":
		return starlark.NewBuiltin("takes_value", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("takes_value", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Bool(o.takesValue()), nil
		}), nil
	case "get_opt_string":
		return starlark.NewBuiltin("get_opt_string", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("get_opt_string", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.String(o.optString()), nil
		}), nil
	}
	if v, ok := o.attrs[name]; ok {
		return v, nil
	}
	return nil, nil
}

func (o *Option) SetField(name string, v starlark.Value) error {
	switch name {
	case "_short_opts", "_long_opts", "takes_value", "get_opt_string":
		return fmt.Errorf("cannot set Option.%s", name)
	case "default":
		o.hasDefault = v != starlark.Value(noDefault)
	}
	o.attrs[name] = v
	return nil
}

func (o *Option) takesValue() bool { return !o.isNone("type") }

// optString is get_opt_string(): the first long option, else the first short.
func (o *Option) optString() string {
	if len(o.long) > 0 {
		return o.long[0]
	}
	return o.short[0]
}

// nargs is the option's nargs (1 unless set).
func (o *Option) nargs() int {
	if n, ok := o.attrs["nargs"].(starlark.Int); ok {
		if k, ok := n.Int64(); ok && k >= 0 && k < 1<<20 {
			return int(k)
		}
	}
	return 1
}

// checkValue converts one command-line value by the option's type:
// int ("0x1f", "017", "0b101" too), float, or one of the choices.
func (o *Option) checkValue(opt string, value starlark.Value) (starlark.Value, error) {
	s, isStr := value.(starlark.String)
	switch typ := o.get("type"); typ {
	case "int", "long", "float":
		what := "integer"
		var v starlark.Value
		ok := false
		if isStr {
			if typ == "float" {
				what = "floating-point"
				v, ok = parseFloat(string(s))
			} else {
				v, ok = parseNum(string(s))
			}
		}
		if !ok {
			return nil, pyerr.Errorf("optparse.OptionValueError", "option %s: invalid %s value: %s", opt, what, modules.Repr(value))
		}
		return v, nil
	case "complex":
		return nil, pyerr.Errorf("optparse.OptionValueError", "option %s: invalid complex value: %s", opt, modules.Repr(value))
	case "choice":
		if seq, ok := o.attrs["choices"].(starlark.Indexable); ok {
			var reprs []string
			for i := 0; i < seq.Len(); i++ {
				if eq, _ := starlark.Equal(seq.Index(i), value); eq {
					return value, nil
				}
				reprs = append(reprs, modules.Repr(seq.Index(i)))
			}
			return nil, pyerr.Errorf("optparse.OptionValueError", "option %s: invalid choice: %s (choose from %s)", opt, modules.Repr(value), strings.Join(reprs, ", "))
		}
	}
	return value, nil
}

// parseNum is optparse's _parse_num(val, int): the base from the prefix
// (0x hexadecimal, 0b binary, 0 octal), then Python's int(val, base).
func parseNum(val string) (starlark.Value, bool) {
	low := strings.ToLower(val)
	base := 10
	switch {
	case strings.HasPrefix(low, "0x"):
		base = 16
	case strings.HasPrefix(low, "0b"):
		base = 2
		if val = val[2:]; val == "" {
			val = "0"
		}
	case strings.HasPrefix(val, "0"):
		base = 8
	}
	return pyInt(val, base)
}

// pyInt is Python's int(s, base) for base 2, 8, 10 or 16: surrounding
// whitespace, a sign, the base's prefix, and underscores between digits.
func pyInt(s string, base int) (starlark.Value, bool) {
	s = strings.TrimSpace(s)
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	prefix := map[int]string{2: "0b", 8: "0o", 16: "0x"}[base]
	if prefix != "" && len(s) >= 2 && strings.ToLower(s[:2]) == prefix {
		s = s[2:]
		if strings.HasPrefix(s, "_") {
			s = s[1:]
		}
	}
	if s == "" || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return nil, false
	}
	n, ok := new(big.Int).SetString(strings.ReplaceAll(s, "_", ""), base)
	if !ok {
		return nil, false
	}
	if neg {
		n.Neg(n)
	}
	return starlark.MakeBigInt(n), true
}

// parseFloat is Python's float(s).
func parseFloat(s string) (starlark.Value, bool) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(strings.TrimLeft(s, "+-"))
	if low == "infinity" || low == "inf" || low == "nan" {
		f, err := strconv.ParseFloat(s, 64)
		return starlark.Float(f), err == nil
	}
	if strings.ContainsAny(low, "xpn") || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") || strings.Contains(s, "__") {
		return nil, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return nil, false
		}
	}
	return starlark.Float(f), true
}

// convertValue is Option.convert_value: one value, or a tuple of nargs.
func (o *Option) convertValue(opt string, value starlark.Value) (starlark.Value, error) {
	if value == starlark.None {
		return value, nil
	}
	if o.nargs() == 1 {
		return o.checkValue(opt, value)
	}
	t, _ := value.(starlark.Tuple)
	out := make(starlark.Tuple, len(t))
	for i, v := range t {
		c, err := o.checkValue(opt, v)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}
