// Package optparse is the Starlark module optparse: CPython 3.11's
// optparse.py, in Go, for one interpreter.
//
// Members:
//
//	OptionParser(usage=None, option_list=None, option_class=Option, version=None,
//	    conflict_handler="error", description=None, formatter=None,
//	    add_help_option=True, prog=None, epilog=None)
//	    add_option(opt_str, ..., action=, type=, dest=, default=, nargs=, const=,
//	        choices=, callback=, callback_args=, callback_kwargs=, help=, metavar=)
//	        or add_option(Option)    add_options(list)
//	    parse_args(args=None, values=None) -> (values, args)
//	    set_defaults(**kwargs) set_default(dest, value) get_default_values()
//	    add_option_group(title, description=None) or add_option_group(group)
//	    get_option(opt_str) has_option(opt_str) remove_option(opt_str) get_option_group(opt_str)
//	    print_help(file=None) format_help(formatter=None) print_usage(file=None)
//	    get_usage() print_version(file=None) get_version() error(msg) exit(status=0, msg=None)
//	    set_usage(usage) enable_interspersed_args() disable_interspersed_args()
//	    get_prog_name() expand_prog_name(s) check_values(values, args)
//	    format_option_help(formatter=None) format_description(formatter) format_epilog(formatter)
//	OptionGroup(parser, title, description=None): add_option ... set_title format_help
//	Option(*opts, **attrs) = make_option: takes_value() get_opt_string() and the attributes
//	Values(defaults=None): ensure_value(attr, value), the dests as attributes
//	IndentedHelpFormatter(indent_increment=2, max_help_position=24, width=None, short_first=1)
//	TitledHelpFormatter(indent_increment=0, max_help_position=24, width=None, short_first=0)
//	SUPPRESS_HELP SUPPRESS_USAGE NO_DEFAULT
//	OptParseError OptionError OptionConflictError OptionValueError
//	    BadOptionError AmbiguousOptionError (the exception classes)
//
// Actions: store store_const store_true store_false append append_const
// count callback help version; types: string int (long) float choice.
// Help is laid out as Python's, wrapped as textwrap does, $COLUMNS wide.
// error() prints the usage and "prog: error: msg" on stderr and exits
// with status 2; --help and --version print and exit 0.
//
// A bad option definition raises optparse.OptionError (or
// OptionConflictError) with Python's message; a callback may throw
// OptionValueError, which parse_args turns into error(msg) as Python's
// does. Differences from Python: Option, Values and the help formatters
// cannot be subclassed (the parser and OptionGroup can); the complex
// type is refused.
package optparse

import (
	"io"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
)

// Config is what the interpreter gives the module.
type Config struct {
	Stdout, Stderr io.Writer         // sys.stdout (help) and sys.stderr (usage errors)
	Sys            starlark.HasAttrs // the sys module: argv is parsed and names the program
}

// state is one interpreter's optparse.
type state struct {
	cfg            Config
	stdout, stderr starlark.Value // sys.stdout and sys.stderr as streams
	optionClass    starlark.Value // Option
	group          *class.Class   // OptionGroup
}

// New makes the optparse module of one interpreter, built when the
// program first looks at it.
func New(cfg Config) *modules.Lazy {
	s := &state{cfg: cfg}
	return modules.NewLazy("optparse", s.members)
}

func (s *state) members() starlark.StringDict {
	s.stdout = modules.NewStream("stdout", s.cfg.Stdout)
	s.stderr = modules.NewStream("stderr", s.cfg.Stderr)
	s.optionClass = starlark.NewBuiltin("Option", makeOption)
	container := class.MustNew("OptionContainer", "optparse", []*class.Class{class.Object}, s.containerMethods())
	s.group = s.makeGroupClass(container)
	members := starlark.StringDict{
		"OptionParser":          s.makeParserClass(container),
		"OptionGroup":           s.group,
		"OptionContainer":       container,
		"Option":                s.optionClass,
		"make_option":           s.optionClass,
		"Values":                starlark.NewBuiltin("Values", valuesBuiltin),
		"IndentedHelpFormatter": starlark.NewBuiltin("IndentedHelpFormatter", helpFormatterBuiltin(false)),
		"TitledHelpFormatter":   starlark.NewBuiltin("TitledHelpFormatter", helpFormatterBuiltin(true)),
		"SUPPRESS_HELP":         suppressHelp,
		"SUPPRESS_USAGE":        suppressUsage,
		"NO_DEFAULT":            noDefault,
	}
	for name, c := range exceptions.ModuleMembers("optparse") {
		members[name] = c // OptionError, OptionValueError...
	}
	return members
}
