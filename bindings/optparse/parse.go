package optparse

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is parse_args: the command line, option by option, into a
// Values. While it runs, the parser's rargs (what is left), largs (the
// arguments set aside) and values are attributes, for callbacks.

// parseArgs is parse_args(args=None, values=None) -> (values, args).
func (s *state) parseArgs(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("parse_args", self)
	if err != nil {
		return nil, err
	}
	var argv, values starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("parse_args", args, kwargs, "args?", &argv, "values?", &values); err != nil {
		return nil, err
	}
	var words []starlark.Value
	if argv == starlark.None {
		if s.cfg.Sys != nil {
			if a, err := s.cfg.Sys.Attr("argv"); err == nil {
				if l, ok := a.(starlark.Indexable); ok {
					for i := 1; i < l.Len(); i++ {
						words = append(words, l.Index(i))
					}
				}
			}
		}
	} else {
		seq, ok := argv.(starlark.Indexable)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "parse_args: for parameter args: got %s, want list", argv.Type())
		}
		for i := 0; i < seq.Len(); i++ {
			words = append(words, seq.Index(i))
		}
	}
	if values == starlark.None {
		if values, err = modules.CallMethod(th, self, "get_default_values"); err != nil {
			return nil, err
		}
	}
	rargs := starlark.NewList(words)
	largs := starlark.NewList(nil)
	inst.SetAttr("rargs", rargs)
	inst.SetAttr("largs", largs)
	inst.SetAttr("values", values)
	p := &parse{s: s, th: th, parser: self, rargs: rargs, largs: largs, values: values}
	if err := p.processArgs(); err != nil {
		if !isUsageError(err) {
			return nil, err
		}
		msg := exceptions.Of(err).String()
		if _, err := modules.CallMethod(th, self, "error", starlark.String(msg)); err != nil {
			return nil, err
		}
	}
	rest := starlark.NewList(nil)
	for _, l := range []*starlark.List{largs, rargs} {
		for i := 0; i < l.Len(); i++ {
			rest.Append(l.Index(i))
		}
	}
	return modules.CallMethod(th, self, "check_values", values, rest)
}

// isUsageError reports whether an error is one parse_args turns into
// self.error(msg): a bad option or a bad value (BadOptionError,
// OptionValueError and their subclasses), from optparse or thrown by a
// callback.
func isUsageError(err error) bool {
	var pe *pyerr.Error
	var r *exceptions.Raised
	if !errors.As(err, &pe) && !errors.As(err, &r) {
		return false
	}
	c := exceptions.Of(err).Class()
	return c.IsSubclass(exceptions.Class("optparse.BadOptionError")) || c.IsSubclass(exceptions.Class("optparse.OptionValueError"))
}

// parse is one run of parse_args.
type parse struct {
	s      *state
	th     *starlark.Thread
	parser starlark.Value
	rargs  *starlark.List
	largs  *starlark.List
	values starlark.Value
}

// errStop is returned when self.error() returned instead of exiting:
// parsing stops there.
var errStop = errors.New("stop")

// usage calls self.error(msg).
func (p *parse) usage(format string, args ...any) error {
	if _, err := modules.CallMethod(p.th, p.parser, "error", starlark.String(fmt.Sprintf(format, args...))); err != nil {
		return err
	}
	return errStop
}

// pop removes and returns rargs[0].
func (p *parse) pop() starlark.Value {
	v := p.rargs.Index(0)
	rest := make([]starlark.Value, p.rargs.Len()-1)
	for i := range rest {
		rest[i] = p.rargs.Index(i + 1)
	}
	p.rargs.Clear()
	for _, x := range rest {
		p.rargs.Append(x)
	}
	return v
}

// push puts v at the front of rargs.
func (p *parse) push(v starlark.Value) {
	all := []starlark.Value{v}
	for i := 0; i < p.rargs.Len(); i++ {
		all = append(all, p.rargs.Index(i))
	}
	p.rargs.Clear()
	for _, x := range all {
		p.rargs.Append(x)
	}
}

func (p *parse) processArgs() error {
	for p.rargs.Len() > 0 {
		a, ok := p.rargs.Index(0).(starlark.String)
		if !ok {
			return pyerr.Errorf("TypeError", "parse_args: arguments must be str, not %s", p.rargs.Index(0).Type())
		}
		arg := string(a)
		var err error
		switch {
		case arg == "--":
			p.pop()
			return nil
		case strings.HasPrefix(arg, "--"):
			err = p.longOpt()
		case strings.HasPrefix(arg, "-") && len(arg) > 1:
			err = p.shortOpts()
		default:
			interspersed, err := modules.GetAttr(p.parser, "allow_interspersed_args")
			if err != nil {
				return err
			}
			if !interspersed.Truth() {
				return nil
			}
			p.largs.Append(p.pop())
		}
		if err == errStop {
			return nil
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// matchLong finds the long option opt names, or abbreviates unambiguously.
func (p *parse) matchLong(opt string) (*Option, string, error) {
	longMap, err := dictAttr(p.parser, "_long_opt")
	if err != nil {
		return nil, "", err
	}
	if v, found, _ := longMap.Get(starlark.String(opt)); found {
		o, _ := v.(*Option)
		return o, opt, nil
	}
	var possible []string
	for _, k := range longMap.Keys() {
		if ks, ok := k.(starlark.String); ok && strings.HasPrefix(string(ks), opt) {
			possible = append(possible, string(ks))
		}
	}
	switch len(possible) {
	case 0:
		return nil, "", pyerr.Errorf("optparse.BadOptionError", "no such option: %s", opt)
	case 1:
		v, _, _ := longMap.Get(starlark.String(possible[0]))
		o, _ := v.(*Option)
		return o, possible[0], nil
	}
	sort.Strings(possible)
	return nil, "", pyerr.Errorf("optparse.AmbiguousOptionError", "ambiguous option: %s (%s?)", opt, strings.Join(possible, ", "))
}

// takeValue takes an option's nargs values from rargs: one string, or a
// tuple of them.
func (p *parse) takeValue(o *Option, opt string) (starlark.Value, error) {
	nargs := o.nargs()
	if p.rargs.Len() < nargs {
		plural := "s"
		if nargs == 1 {
			plural = ""
		}
		return nil, p.usage("%s option requires %d argument%s", opt, nargs, plural)
	}
	if nargs == 1 {
		return p.pop(), nil
	}
	t := make(starlark.Tuple, nargs)
	for i := range t {
		t[i] = p.pop()
	}
	return t, nil
}

func (p *parse) longOpt() error {
	arg := string(p.pop().(starlark.String))
	opt, explicit := arg, false
	if i := strings.IndexByte(arg, '='); i >= 0 {
		opt, explicit = arg[:i], true
		p.push(starlark.String(arg[i+1:]))
	}
	o, opt, err := p.matchLong(opt)
	if err != nil {
		return err
	}
	var value starlark.Value = starlark.None
	if o.takesValue() {
		if value, err = p.takeValue(o, opt); err != nil {
			return err
		}
	} else if explicit {
		return p.usage("%s option does not take a value", opt)
	}
	return p.process(o, opt, value)
}

func (p *parse) shortOpts() error {
	arg := string(p.pop().(starlark.String))
	shortMap, err := dictAttr(p.parser, "_short_opt")
	if err != nil {
		return err
	}
	for i := 1; i < len(arg); {
		_, size := utf8.DecodeRuneInString(arg[i:])
		opt := "-" + arg[i:i+size]
		i += size
		v, found, _ := shortMap.Get(starlark.String(opt))
		o, _ := v.(*Option)
		if !found || o == nil {
			return pyerr.Errorf("optparse.BadOptionError", "no such option: %s", opt)
		}
		var value starlark.Value = starlark.None
		stop := false
		if o.takesValue() {
			if i < len(arg) {
				p.push(starlark.String(arg[i:]))
				stop = true
			}
			if value, err = p.takeValue(o, opt); err != nil {
				return err
			}
		}
		if err := p.process(o, opt, value); err != nil {
			return err
		}
		if stop {
			break
		}
	}
	return nil
}

// process is Option.process: convert the value and take the action.
func (p *parse) process(o *Option, opt string, value starlark.Value) error {
	value, err := o.convertValue(opt, value)
	if err != nil {
		return err
	}
	dest := o.get("dest")
	set := func(v starlark.Value) error {
		hs, ok := p.values.(starlark.HasSetField)
		if !ok {
			return pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", modules.PyType(p.values), dest)
		}
		return hs.SetField(dest, v)
	}
	ensure := func(def starlark.Value) (starlark.Value, error) {
		if v, ok := p.values.(*Values); ok {
			return v.ensure(dest, def), nil
		}
		return modules.CallMethod(p.th, p.values, "ensure_value", starlark.String(dest), def)
	}
	switch action := o.get("action"); action {
	case "store":
		return set(value)
	case "store_const":
		return set(o.attrs["const"])
	case "store_true":
		return set(starlark.True)
	case "store_false":
		return set(starlark.False)
	case "append", "append_const":
		l, err := ensure(starlark.NewList(nil))
		if err != nil {
			return err
		}
		list, ok := l.(*starlark.List)
		if !ok {
			return pyerr.Errorf("AttributeError", "'%s' object has no attribute 'append'", modules.PyType(l))
		}
		if action == "append_const" {
			value = o.attrs["const"]
		}
		return list.Append(value)
	case "count":
		n, err := ensure(starlark.MakeInt(0))
		if err != nil {
			return err
		}
		sum, err := starlark.Binary(syntax.PLUS, n, starlark.MakeInt(1))
		if err != nil {
			return err
		}
		return set(sum)
	case "callback":
		args := starlark.Tuple{o, starlark.String(opt), value, p.parser}
		if extra, ok := o.attrs["callback_args"].(starlark.Tuple); ok {
			args = append(args, extra...)
		}
		var kwargs []starlark.Tuple
		if d, ok := o.attrs["callback_kwargs"].(*starlark.Dict); ok {
			kwargs = d.Items()
		}
		_, err := starlark.Call(p.th, o.attrs["callback"], args, kwargs)
		return err
	case "help", "version":
		m := "print_help"
		if action == "version" {
			m = "print_version"
		}
		if _, err := modules.CallMethod(p.th, p.parser, m); err != nil {
			return err
		}
		_, err := modules.CallMethod(p.th, p.parser, "exit")
		return err
	}
	return pyerr.Errorf("ValueError", "unknown action %s", o.get("action"))
}
