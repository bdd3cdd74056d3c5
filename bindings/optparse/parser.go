package optparse

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// This file is OptionParser: its construction, help, usage, version,
// error() and exit(); parse.go has parse_args.

func (s *state) makeParserClass(container *class.Class) *class.Class {
	m := modules.Methods(map[string]class.MethodFunc{
		"__init__":                   s.parserInit,
		"set_usage":                  setUsage,
		"enable_interspersed_args":   setBool("enable_interspersed_args", "allow_interspersed_args", true),
		"disable_interspersed_args":  setBool("disable_interspersed_args", "allow_interspersed_args", false),
		"set_process_default_values": setter("set_process_default_values", "process_default_values"),
		"set_default":                setDefault,
		"set_defaults":               setDefaults,
		"get_default_values":         s.getDefaultValues,
		"add_option_group":           s.addOptionGroup,
		"get_option_group":           getOptionGroup,
		"parse_args":                 s.parseArgs,
		"check_values":               checkValues,
		"get_prog_name":              s.getProgName,
		"expand_prog_name":           s.expandProgNameMethod,
		"get_description":            s.parserGetDescription,
		"exit":                       s.exit,
		"error":                      s.error,
		"get_usage":                  s.getUsage,
		"print_usage":                s.printUsage,
		"get_version":                s.getVersion,
		"print_version":              s.printVersion,
		"format_option_help":         s.parserFormatOptionHelp,
		"format_epilog":              s.formatEpilog,
		"format_help":                s.parserFormatHelp,
		"print_help":                 s.printHelp,
	})
	m["standard_option_list"] = starlark.NewList(nil)
	return class.MustNew("OptionParser", "optparse", []*class.Class{container}, m)
}

// OptionParser(usage=None, option_list=None, option_class=Option,
// version=None, conflict_handler="error", description=None,
// formatter=None, add_help_option=True, prog=None, epilog=None)
func (s *state) parserInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("OptionParser.__init__", self)
	if err != nil {
		return nil, err
	}
	var usage, optionList, version, description, formatter, prog, epilog starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	var optionClass starlark.Value = s.optionClass
	conflictHandler := "error"
	addHelp := true
	if err := starlark.UnpackArgs("OptionParser", args, kwargs, "usage?", &usage, "option_list?", &optionList, "option_class?", &optionClass,
		"version?", &version, "conflict_handler?", &conflictHandler, "description?", &description, "formatter?", &formatter,
		"add_help_option?", &addHelp, "prog?", &prog, "epilog?", &epilog); err != nil {
		return nil, err
	}
	inst.SetAttr("option_list", starlark.NewList(nil))
	inst.SetAttr("option_groups", starlark.NewList(nil))
	inst.SetAttr("_short_opt", starlark.NewDict(0))
	inst.SetAttr("_long_opt", starlark.NewDict(0))
	inst.SetAttr("defaults", starlark.NewDict(0))
	inst.SetAttr("option_class", optionClass)
	if err := initContainer(inst, conflictHandler, description); err != nil {
		return nil, err
	}
	if err := applyUsage(inst, usage); err != nil {
		return nil, err
	}
	inst.SetAttr("prog", prog)
	inst.SetAttr("version", version)
	inst.SetAttr("allow_interspersed_args", starlark.True)
	inst.SetAttr("process_default_values", starlark.True)
	if formatter == starlark.None {
		formatter = newHelpFormatter(false, 2, 24, -1, true)
	}
	if f, ok := formatter.(*HelpFormatter); ok {
		f.parser = inst
	}
	inst.SetAttr("formatter", formatter)
	inst.SetAttr("epilog", epilog)
	// the options: the class's standard ones, option_list, --version, -h
	if std, err := modules.GetAttr(inst, "standard_option_list"); err == nil && std.Truth() {
		if _, err := s.addOptions(th, inst, starlark.Tuple{std}, nil); err != nil {
			return nil, err
		}
	}
	if optionList != starlark.None && optionList.Truth() {
		if _, err := s.addOptions(th, inst, starlark.Tuple{optionList}, nil); err != nil {
			return nil, err
		}
	}
	if version.Truth() {
		if _, err := s.addOption(th, inst, starlark.Tuple{starlark.String("--version")}, []starlark.Tuple{
			{starlark.String("action"), starlark.String("version")},
			{starlark.String("help"), starlark.String("show program's version number and exit")}}); err != nil {
			return nil, err
		}
	}
	if addHelp {
		if _, err := s.addOption(th, inst, starlark.Tuple{starlark.String("-h"), starlark.String("--help")}, []starlark.Tuple{
			{starlark.String("action"), starlark.String("help")},
			{starlark.String("help"), starlark.String("show this help message and exit")}}); err != nil {
			return nil, err
		}
	}
	inst.SetAttr("rargs", starlark.None)
	inst.SetAttr("largs", starlark.None)
	inst.SetAttr("values", starlark.None)
	return starlark.None, nil
}

// applyUsage is set_usage: None gives "%prog [options]", SUPPRESS_USAGE
// none, and a leading "usage: " is dropped.
func applyUsage(inst *class.Instance, usage starlark.Value) error {
	switch {
	case usage == starlark.None:
		usage = starlark.String("%prog [options]")
	case usage == suppressUsage:
		usage = starlark.None
	default:
		u, ok := starlark.AsString(usage)
		if !ok {
			return pyerr.Errorf("TypeError", "usage must be a str, not %s", usage.Type())
		}
		if strings.HasPrefix(strings.ToLower(u), "usage: ") {
			usage = starlark.String(u[7:])
		}
	}
	inst.SetAttr("usage", usage)
	return nil
}

func setUsage(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	inst, err := modules.Instance("set_usage", self)
	if err != nil {
		return nil, err
	}
	var usage starlark.Value
	if err := starlark.UnpackArgs("set_usage", args, kwargs, "usage", &usage); err != nil {
		return nil, err
	}
	return starlark.None, applyUsage(inst, usage)
}

func setBool(fn, attr string, v bool) class.MethodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		inst, err := modules.Instance(fn, self)
		if err != nil {
			return nil, err
		}
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
			return nil, err
		}
		inst.SetAttr(attr, starlark.Bool(v))
		return starlark.None, nil
	}
}

func setDefault(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var dest string
	var value starlark.Value
	if err := starlark.UnpackArgs("set_default", args, kwargs, "dest", &dest, "value", &value); err != nil {
		return nil, err
	}
	d, err := dictAttr(self, "defaults")
	if err != nil {
		return nil, err
	}
	return starlark.None, d.SetKey(starlark.String(dest), value)
}

// set_defaults(**kwargs)
func setDefaults(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "OptionParser.set_defaults() takes 1 positional argument but %d were given", len(args)+1)
	}
	d, err := dictAttr(self, "defaults")
	if err != nil {
		return nil, err
	}
	for _, kv := range kwargs {
		if err := d.SetKey(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// allOptions lists the parser's options and its groups'.
func allOptions(self starlark.Value) ([]*Option, [][]*Option, error) {
	_, opts, err := optionList(self)
	if err != nil {
		return nil, nil, err
	}
	gs, err := modules.GetAttr(self, "option_groups")
	if err != nil {
		return nil, nil, err
	}
	var groups [][]*Option
	if l, ok := gs.(*starlark.List); ok {
		for i := 0; i < l.Len(); i++ {
			_, g, err := optionList(l.Index(i))
			if err != nil {
				return nil, nil, err
			}
			groups = append(groups, g)
		}
	}
	return opts, groups, nil
}

// getDefaultValues is get_default_values(): a Values of the defaults,
// string defaults converted by their option's type.
func (s *state) getDefaultValues(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_default_values", args, kwargs, 0); err != nil {
		return nil, err
	}
	d, err := dictAttr(self, "defaults")
	if err != nil {
		return nil, err
	}
	process, err := modules.GetAttr(self, "process_default_values")
	if err != nil {
		return nil, err
	}
	if !process.Truth() {
		return newValues(d)
	}
	defaults := starlark.NewDict(d.Len())
	for _, kv := range d.Items() {
		defaults.SetKey(kv[0], kv[1])
	}
	opts, groups, err := allOptions(self)
	if err != nil {
		return nil, err
	}
	for _, g := range groups {
		opts = append(opts, g...)
	}
	for _, o := range opts {
		def, found, _ := defaults.Get(o.attrs["dest"])
		if _, isStr := def.(starlark.String); found && isStr {
			v, err := o.checkValue(o.optString(), def)
			if err != nil {
				return nil, err
			}
			defaults.SetKey(o.attrs["dest"], v)
		}
	}
	return newValues(defaults)
}

// add_option_group(title, description=None) or add_option_group(group)
func (s *state) addOptionGroup(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyerr.Errorf("IndexError", "tuple index out of range")
	}
	var group starlark.Value
	if _, isStr := args[0].(starlark.String); isStr {
		var err error
		if group, err = starlark.Call(th, s.group, append(starlark.Tuple{self}, args...), kwargs); err != nil {
			return nil, err
		}
	} else if len(args) == 1 && len(kwargs) == 0 {
		inst, ok := args[0].(*class.Instance)
		if !ok || !inst.Class().IsSubclass(s.group) {
			return nil, pyerr.Errorf("TypeError", "not an OptionGroup instance: %s", modules.Repr(args[0]))
		}
		if p, _ := inst.GetAttr("parser"); p != self {
			return nil, pyerr.Errorf("ValueError", "invalid OptionGroup (wrong parser)")
		}
		group = inst
	} else {
		return nil, pyerr.Errorf("TypeError", "invalid arguments")
	}
	gs, err := modules.GetAttr(self, "option_groups")
	if err != nil {
		return nil, err
	}
	l, ok := gs.(*starlark.List)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "option_groups must be a list, not %s", gs.Type())
	}
	return group, l.Append(group)
}

func getOptionGroup(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var opt string
	if err := starlark.UnpackArgs("get_option_group", args, kwargs, "opt_str", &opt); err != nil {
		return nil, err
	}
	o, err := lookup(self, opt)
	if err != nil || o == nil {
		return starlark.None, err
	}
	if c := o.attrs["container"]; c != nil && c != self {
		return c, nil
	}
	return starlark.None, nil
}

func checkValues(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var values, rest starlark.Value
	if err := starlark.UnpackArgs("check_values", args, kwargs, "values", &values, "args", &rest); err != nil {
		return nil, err
	}
	return starlark.Tuple{values, rest}, nil
}

// progName is get_prog_name(): prog, or the base name of sys.argv[0].
func (s *state) progName(self starlark.Value) (string, error) {
	prog, err := modules.GetAttr(self, "prog")
	if err != nil {
		return "", err
	}
	if prog != starlark.None {
		return pyStr(prog), nil
	}
	if s.cfg.Sys != nil {
		if argv, err := s.cfg.Sys.Attr("argv"); err == nil {
			if l, ok := argv.(starlark.Indexable); ok && l.Len() > 0 {
				return filepath.Base(pyStr(l.Index(0))), nil
			}
		}
	}
	return "", nil
}

func (s *state) getProgName(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_prog_name", args, kwargs, 0); err != nil {
		return nil, err
	}
	p, err := s.progName(self)
	return starlark.String(p), err
}

// expandProgName replaces %prog with the program's name, asking the
// parser for it (get_prog_name may be overridden).
func (s *state) expandProgName(th *starlark.Thread, self starlark.Value, text string) (string, error) {
	if !strings.Contains(text, "%prog") {
		return text, nil
	}
	p, err := modules.CallMethod(th, self, "get_prog_name")
	if err != nil {
		return "", err
	}
	return strings.ReplaceAll(text, "%prog", pyStr(p)), nil
}

func (s *state) expandProgNameMethod(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	if err := starlark.UnpackArgs("expand_prog_name", args, kwargs, "s", &text); err != nil {
		return nil, err
	}
	out, err := s.expandProgName(th, self, text)
	return starlark.String(out), err
}

func (s *state) parserGetDescription(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_description", args, kwargs, 0); err != nil {
		return nil, err
	}
	d, err := modules.GetAttr(self, "description")
	if err != nil || d == starlark.None {
		return d, err
	}
	out, err := s.expandProgName(th, self, pyStr(d))
	return starlark.String(out), err
}

// exit(status=0, msg=None) writes msg to stderr and ends the program.
func (s *state) exit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var status, msg starlark.Value = starlark.MakeInt(0), starlark.None
	if err := starlark.UnpackArgs("exit", args, kwargs, "status?", &status, "msg?", &msg); err != nil {
		return nil, err
	}
	if msg.Truth() {
		io.WriteString(s.cfg.Stderr, pyStr(msg))
	}
	code := 0
	switch st := status.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, err := starlark.AsInt32(st)
		if err != nil {
			return nil, fmt.Errorf("exit: %v", err)
		}
		code = n & 0xff
	default:
		fmt.Fprintln(s.cfg.Stderr, pyStr(status))
		code = 1
	}
	return nil, &pyerr.SystemExit{Code: code}
}

// error(msg) prints the usage and "prog: error: msg" on stderr and
// exits with status 2.
func (s *state) error(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var msg string
	if err := starlark.UnpackArgs("error", args, kwargs, "msg", &msg); err != nil {
		return nil, err
	}
	if _, err := modules.CallMethod(th, self, "print_usage", s.stderr); err != nil {
		return nil, err
	}
	prog, err := modules.CallMethod(th, self, "get_prog_name")
	if err != nil {
		return nil, err
	}
	return modules.CallMethod(th, self, "exit", starlark.MakeInt(2), starlark.String(fmt.Sprintf("%s: error: %s\n", pyStr(prog), msg)))
}

// usageText is get_usage(): "Usage: " and the usage, or "" with none.
func (s *state) usageText(th *starlark.Thread, self starlark.Value) (string, error) {
	usage, err := modules.GetAttr(self, "usage")
	if err != nil || !usage.Truth() {
		return "", err
	}
	f, err := formatterArg("get_usage", self, nil)
	if err != nil {
		return "", err
	}
	u, err := s.expandProgName(th, self, pyStr(usage))
	if err != nil {
		return "", err
	}
	return f.formatUsage(u), nil
}

func (s *state) getUsage(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_usage", args, kwargs, 0); err != nil {
		return nil, err
	}
	u, err := s.usageText(th, self)
	return starlark.String(u), err
}

// write writes text to file (sys.stdout when None).
func (s *state) write(th *starlark.Thread, fn string, file starlark.Value, text string) error {
	switch file {
	case starlark.None, s.stdout:
		_, err := io.WriteString(s.cfg.Stdout, text)
		return err
	case s.stderr:
		_, err := io.WriteString(s.cfg.Stderr, text)
		return err
	}
	return modules.WriteTo(th, fn, file, text)
}

// printUsage is print_usage(file=None): print(self.get_usage(), file=file).
func (s *state) printUsage(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	if err := starlark.UnpackArgs("print_usage", args, kwargs, "file?", &file); err != nil {
		return nil, err
	}
	usage, err := modules.GetAttr(self, "usage")
	if err != nil || !usage.Truth() {
		return starlark.None, err
	}
	u, err := modules.CallMethod(th, self, "get_usage")
	if err != nil {
		return nil, err
	}
	return starlark.None, s.write(th, "print_usage", file, pyStr(u)+"\n")
}

func (s *state) getVersion(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("get_version", args, kwargs, 0); err != nil {
		return nil, err
	}
	version, err := modules.GetAttr(self, "version")
	if err != nil || !version.Truth() {
		return starlark.String(""), err
	}
	v, err := s.expandProgName(th, self, pyStr(version))
	return starlark.String(v), err
}

func (s *state) printVersion(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	if err := starlark.UnpackArgs("print_version", args, kwargs, "file?", &file); err != nil {
		return nil, err
	}
	version, err := modules.GetAttr(self, "version")
	if err != nil || !version.Truth() {
		return starlark.None, err
	}
	v, err := modules.CallMethod(th, self, "get_version")
	if err != nil {
		return nil, err
	}
	return starlark.None, s.write(th, "print_version", file, pyStr(v)+"\n")
}

// parserFormatOptionHelp is "Options:" and every option's help, then
// each group's.
func (s *state) parserFormatOptionHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_option_help", "formatter?", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	opts, groupOpts, err := allOptions(self)
	if err != nil {
		return nil, err
	}
	f.storeOptionStrings(opts, groupOpts)
	parts := []string{f.formatHeading("Options")}
	f.indent()
	defer f.dedent()
	if len(opts) > 0 {
		h, err := optionsHelp(self, f)
		if err != nil {
			return nil, err
		}
		parts = append(parts, h, "\n")
	}
	gs, _ := modules.GetAttr(self, "option_groups")
	if l, ok := gs.(*starlark.List); ok {
		for i := 0; i < l.Len(); i++ {
			h, err := modules.CallMethod(th, l.Index(i), "format_help", f)
			if err != nil {
				return nil, err
			}
			parts = append(parts, pyStr(h), "\n")
		}
	}
	return starlark.String(strings.Join(parts[:len(parts)-1], "")), nil
}

func (s *state) formatEpilog(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_epilog", "formatter", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	epilog, err := modules.GetAttr(self, "epilog")
	if err != nil {
		return nil, err
	}
	return starlark.String(f.formatEpilog(pyStrOrEmpty(epilog))), nil
}

// parserFormatHelp is the usage, the description, the options' help and
// the epilog.
func (s *state) parserFormatHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f, err := formatterParam("format_help", "formatter?", self, args, kwargs)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if usage, err := modules.GetAttr(self, "usage"); err != nil {
		return nil, err
	} else if usage.Truth() {
		u, err := modules.CallMethod(th, self, "get_usage")
		if err != nil {
			return nil, err
		}
		b.WriteString(pyStr(u) + "\n")
	}
	if d, err := modules.GetAttr(self, "description"); err != nil {
		return nil, err
	} else if d.Truth() {
		fd, err := modules.CallMethod(th, self, "format_description", f)
		if err != nil {
			return nil, err
		}
		b.WriteString(pyStr(fd) + "\n")
	}
	for _, m := range []string{"format_option_help", "format_epilog"} {
		h, err := modules.CallMethod(th, self, m, f)
		if err != nil {
			return nil, err
		}
		b.WriteString(pyStr(h))
	}
	return starlark.String(b.String()), nil
}

// printHelp is print_help(file=None): the help on file (sys.stdout).
func (s *state) printHelp(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var file starlark.Value = starlark.None
	if err := starlark.UnpackArgs("print_help", args, kwargs, "file?", &file); err != nil {
		return nil, err
	}
	h, err := modules.CallMethod(th, self, "format_help")
	if err != nil {
		return nil, err
	}
	return starlark.None, s.write(th, "print_help", file, pyStr(h))
}
