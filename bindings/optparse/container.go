package optparse

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is OptionContainer, what OptionParser and OptionGroup share:
// the options (option_list), the maps from option strings to options
// (_short_opt, _long_opt, shared by a parser and its groups) and the
// defaults of their dests. Their state is in attributes under Python's
// names, so that a subclass or a callback sees what Python's would.

func (s *state) containerMethods() starlark.StringDict {
	return modules.Methods(map[string]class.MethodFunc{
		"add_option":           s.addOption,
		"add_options":          s.addOptions,
		"get_option":           getOption,
		"has_option":           hasOption,
		"remove_option":        removeOption,
		"set_conflict_handler": setConflictHandler,
		"set_description":      setter("set_description", "description"),
		"get_description":      getDescription,
		"format_option_help":   s.containerFormatOptionHelp,
		"format_description":   s.containerFormatDescription,
		"format_help":          s.containerFormatHelp,
		"destroy": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		},
	})
}

// strAttr reads a str attribute ("" for None).
func strAttr(v starlark.Value, name string) (string, error) {
	a, err := modules.GetAttr(v, name)
	if err != nil {
		return "", err
	}
	if a == starlark.None {
		return "", nil
	}
	s, ok := starlark.AsString(a)
	if !ok {
		return "", pyerr.Errorf("TypeError", "%s must be a str, not %s", name, a.Type())
	}
	return s, nil
}

// dictAttr reads a dict attribute.
func dictAttr(v starlark.Value, name string) (*starlark.Dict, error) {
	a, err := modules.GetAttr(v, name)
	if err != nil {
		return nil, err
	}
	d, ok := a.(*starlark.Dict)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s must be a dict, not %s", name, a.Type())
	}
	return d, nil
}

// optionList reads self.option_list.
func optionList(v starlark.Value) (*starlark.List, []*Option, error) {
	a, err := modules.GetAttr(v, "option_list")
	if err != nil {
		return nil, nil, err
	}
	l, ok := a.(*starlark.List)
	if !ok {
		return nil, nil, pyerr.Errorf("TypeError", "option_list must be a list, not %s", a.Type())
	}
	opts := make([]*Option, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		if o, ok := l.Index(i).(*Option); ok {
			opts = append(opts, o)
		}
	}
	return l, opts, nil
}

// setter is a method that sets one attribute.
func setter(fn, attr string) class.MethodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		inst, err := modules.Instance(fn, self)
		if err != nil {
			return nil, err
		}
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		inst.SetAttr(attr, v)
		return starlark.None, nil
	}
}

// initContainer sets what OptionContainer.__init__ sets.
func initContainer(inst *class.Instance, conflictHandler string, description starlark.Value) error {
	if conflictHandler != "error" && conflictHandler != "resolve" {
		return pyerr.Errorf("ValueError", "invalid conflict_resolution value %s", modules.PyRepr(conflictHandler))
	}
	inst.SetAttr("conflict_handler", starlark.String(conflictHandler))
	inst.SetAttr("description", description)
	return nil
}

func setConflictHandler(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("set_conflict_handler", self)
	if err != nil {
		return nil, err
	}
	var handler string
	if err := starlark.UnpackPositionalArgs("set_conflict_handler", args, kwargs, 1, &handler); err != nil {
		return nil, err
	}
	description, _ := inst.GetAttr("description")
	if description == nil {
		description = starlark.None
	}
	return starlark.None, initContainer(inst, handler, description)
}

func getDescription(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_description", args, kwargs, 0); err != nil {
		return nil, err
	}
	return modules.GetAttr(self, "description")
}

// addOption is add_option(Option) or add_option(opt_str, ..., attr=value, ...).
func (s *state) addOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.Errorf("IndexError", "tuple index out of range")
	}
	var o *Option
	if _, isStr := args[0].(starlark.String); isStr {
		optionClass, err := modules.GetAttr(self, "option_class")
		if err != nil {
			return nil, err
		}
		v, err := starlark.Call(th, optionClass, args, kwargs)
		if err != nil {
			return nil, err
		}
		if o, isStr = v.(*Option); !isStr {
			return nil, pyerr.Errorf("TypeError", "not an Option instance: %s", modules.Repr(v))
		}
	} else if len(args) == 1 && len(kwargs) == 0 {
		var ok bool
		if o, ok = args[0].(*Option); !ok {
			return nil, pyerr.Errorf("TypeError", "not an Option instance: %s", modules.Repr(args[0]))
		}
	} else {
		return nil, pyerr.Errorf("TypeError", "invalid arguments")
	}
	if err := s.add(self, o); err != nil {
		return nil, err
	}
	return o, nil
}

// add puts o in the container: its option strings in the maps, its
// default in defaults.
func (s *state) add(self starlark.Value, o *Option) error {
	shortMap, err := dictAttr(self, "_short_opt")
	if err != nil {
		return err
	}
	longMap, err := dictAttr(self, "_long_opt")
	if err != nil {
		return err
	}
	defaults, err := dictAttr(self, "defaults")
	if err != nil {
		return err
	}
	list, _, err := optionList(self)
	if err != nil {
		return err
	}
	if err := checkConflict(self, o, shortMap, longMap); err != nil {
		return err
	}
	if err := list.Append(o); err != nil {
		return err
	}
	o.attrs["container"] = self
	for _, opt := range o.short {
		shortMap.SetKey(starlark.String(opt), o)
	}
	for _, opt := range o.long {
		longMap.SetKey(starlark.String(opt), o)
	}
	if dest := o.attrs["dest"]; dest != starlark.None {
		if o.hasDefault {
			return defaults.SetKey(dest, o.attrs["default"])
		}
		if _, found, _ := defaults.Get(dest); !found {
			return defaults.SetKey(dest, starlark.None)
		}
	}
	return nil
}

// checkConflict refuses an option string already taken, or (with
// conflict_handler "resolve") takes it from the option that had it.
func checkConflict(self starlark.Value, o *Option, shortMap, longMap *starlark.Dict) error {
	type conflict struct {
		opt   string
		other *Option
	}
	var conflicts []conflict
	for _, opt := range o.short {
		if v, found, _ := shortMap.Get(starlark.String(opt)); found {
			other, _ := v.(*Option)
			conflicts = append(conflicts, conflict{opt, other})
		}
	}
	for _, opt := range o.long {
		if v, found, _ := longMap.Get(starlark.String(opt)); found {
			other, _ := v.(*Option)
			conflicts = append(conflicts, conflict{opt, other})
		}
	}
	if len(conflicts) == 0 {
		return nil
	}
	handler, err := strAttr(self, "conflict_handler")
	if err != nil {
		return err
	}
	if handler != "resolve" {
		var opts []string
		for _, c := range conflicts {
			opts = append(opts, c.opt)
		}
		return pyerr.Errorf("optparse.OptionConflictError", "option %s: conflicting option string(s): %s", o, strings.Join(opts, ", "))
	}
	for _, c := range conflicts {
		if c.other == nil {
			continue
		}
		if strings.HasPrefix(c.opt, "--") {
			c.other.long = without(c.other.long, c.opt)
			longMap.Delete(starlark.String(c.opt))
		} else {
			c.other.short = without(c.other.short, c.opt)
			shortMap.Delete(starlark.String(c.opt))
		}
		if len(c.other.short) == 0 && len(c.other.long) == 0 {
			if container, ok := c.other.attrs["container"]; ok {
				if l, _, err := optionList(container); err == nil {
					modules.Remove(l, c.other)
				}
			}
		}
	}
	return nil
}

func without(list []string, s string) []string {
	var out []string
	for _, x := range list {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}

func (s *state) addOptions(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var list starlark.Iterable
	if err := starlark.UnpackArgs("add_options", args, kwargs, "option_list", &list); err != nil {
		return nil, err
	}
	iter := list.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if _, err := s.addOption(th, self, starlark.Tuple{x}, nil); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// lookup finds the option of an option string.
func lookup(self starlark.Value, opt string) (*Option, error) {
	for _, m := range []string{"_short_opt", "_long_opt"} {
		d, err := dictAttr(self, m)
		if err != nil {
			return nil, err
		}
		if v, found, _ := d.Get(starlark.String(opt)); found {
			if o, ok := v.(*Option); ok {
				return o, nil
			}
		}
	}
	return nil, nil
}

func getOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var opt string
	if err := starlark.UnpackArgs("get_option", args, kwargs, "opt_str", &opt); err != nil {
		return nil, err
	}
	o, err := lookup(self, opt)
	if err != nil || o == nil {
		return starlark.None, err
	}
	return o, nil
}

func hasOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var opt string
	if err := starlark.UnpackArgs("has_option", args, kwargs, "opt_str", &opt); err != nil {
		return nil, err
	}
	o, err := lookup(self, opt)
	return starlark.Bool(o != nil), err
}

func removeOption(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var opt string
	if err := starlark.UnpackArgs("remove_option", args, kwargs, "opt_str", &opt); err != nil {
		return nil, err
	}
	o, err := lookup(self, opt)
	if err != nil {
		return nil, err
	}
	if o == nil {
		return nil, pyerr.Errorf("ValueError", "no such option %s", modules.PyRepr(opt))
	}
	shortMap, _ := dictAttr(self, "_short_opt")
	longMap, _ := dictAttr(self, "_long_opt")
	for _, s := range o.short {
		shortMap.Delete(starlark.String(s))
	}
	for _, l := range o.long {
		longMap.Delete(starlark.String(l))
	}
	if container, ok := o.attrs["container"]; ok {
		if l, _, err := optionList(container); err == nil {
			modules.Remove(l, o)
		}
	}
	return starlark.None, nil
}

// formatterParam reads the formatter argument of a format_* method
// (param is "formatter", or "formatter?" when it may be left out).
func formatterParam(fn, param string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (*HelpFormatter, error) {
	var fv starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, param, &fv); err != nil {
		return nil, err
	}
	return formatterArg(fn, self, fv)
}

// formatterArg is the formatter argument of the format_* methods: a
// HelpFormatter (the parser's when None).
func formatterArg(fn string, self, f starlark.Value) (*HelpFormatter, error) {
	if f == nil || f == starlark.None {
		var err error
		if f, err = modules.GetAttr(self, "formatter"); err != nil {
			return nil, err
		}
	}
	hf, ok := f.(*HelpFormatter)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "%s: got %s, want an IndentedHelpFormatter or TitledHelpFormatter", fn, f.Type())
	}
	return hf, nil
}

// containerFormatOptionHelp is OptionContainer.format_option_help: the
// help of each option not marked SUPPRESS_HELP.
func (s *state) containerFormatOptionHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_option_help", "formatter?", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	text, err := optionsHelp(self, f)
	return starlark.String(text), err
}

func optionsHelp(self starlark.Value, f *HelpFormatter) (string, error) {
	_, opts, err := optionList(self)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, o := range opts {
		if o.attrs["help"] != suppressHelp {
			b.WriteString(f.formatOption(o))
		}
	}
	return b.String(), nil
}

func (s *state) containerFormatDescription(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_description", "formatter", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	d, err := modules.CallMethod(th, self, "get_description")
	if err != nil {
		return nil, err
	}
	return starlark.String(f.formatDescription(pyStrOrEmpty(d))), nil
}

func pyStrOrEmpty(v starlark.Value) string {
	if v == starlark.None || !bool(v.Truth()) {
		return ""
	}
	return pyStr(v)
}

// containerFormatHelp is OptionContainer.format_help: the description
// and the options' help, a blank line between.
func (s *state) containerFormatHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_help", "formatter", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	text, err := s.containerHelp(th, self, f)
	return starlark.String(text), err
}

func (s *state) containerHelp(th *starlark.Thread, self starlark.Value, f *HelpFormatter) (string, error) {
	var parts []string
	description, err := modules.GetAttr(self, "description")
	if err != nil {
		return "", err
	}
	if description.Truth() {
		d, err := modules.CallMethod(th, self, "format_description", f)
		if err != nil {
			return "", err
		}
		parts = append(parts, pyStr(d))
	}
	if _, opts, err := optionList(self); err != nil {
		return "", err
	} else if len(opts) > 0 {
		h, err := modules.CallMethod(th, self, "format_option_help", f)
		if err != nil {
			return "", err
		}
		parts = append(parts, pyStr(h))
	}
	return strings.Join(parts, "\n"), nil
}

// OptionGroup(parser, title, description=None): options listed under a
// heading of their own in the help.
func (s *state) makeGroupClass(container *class.Class) *class.Class {
	return class.MustNew("OptionGroup", "optparse", []*class.Class{container}, modules.Methods(map[string]class.MethodFunc{
		"__init__":    s.groupInit,
		"set_title":   setter("set_title", "title"),
		"format_help": s.groupFormatHelp,
	}))
}

func (s *state) groupInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("OptionGroup.__init__", self)
	if err != nil {
		return nil, err
	}
	var parser, title, description starlark.Value = nil, nil, starlark.None
	if err := starlark.UnpackArgs("OptionGroup", args, kwargs, "parser", &parser, "title", &title, "description?", &description); err != nil {
		return nil, err
	}
	for _, a := range []string{"_short_opt", "_long_opt", "defaults", "option_class"} {
		v, err := modules.GetAttr(parser, a)
		if err != nil {
			return nil, err
		}
		inst.SetAttr(a, v)
	}
	handler, err := strAttr(parser, "conflict_handler")
	if err != nil {
		return nil, err
	}
	inst.SetAttr("parser", parser)
	inst.SetAttr("option_list", starlark.NewList(nil))
	inst.SetAttr("title", title)
	return starlark.None, initContainer(inst, handler, description)
}

// groupFormatHelp is the group's heading, then its description and
// options one level in.
func (s *state) groupFormatHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_help", "formatter", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	title, err := modules.GetAttr(self, "title")
	if err != nil {
		return nil, err
	}
	text := f.formatHeading(pyStr(title))
	f.indent()
	body, err := s.containerHelp(th, self, f)
	f.dedent()
	if err != nil {
		return nil, err
	}
	return starlark.String(text + body), nil
}
