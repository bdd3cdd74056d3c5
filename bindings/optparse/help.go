package optparse

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// HelpFormatter lays out a parser's help as Python's optparse does:
// IndentedHelpFormatter ("Usage: prog [options]", "Options:" and the
// options indented, help text in a column at most 24 characters in) or
// TitledHelpFormatter (underlined headings). The width is $COLUMNS - 2,
// 78 when COLUMNS is unset.
type HelpFormatter struct {
	titled          bool
	indentIncrement int
	maxHelpPosition int
	width           int
	helpPosition    int
	helpWidth       int
	currentIndent   int
	level           int
	shortFirst      bool
	defaultTag      string
	shortOptFmt     string // "%s %s" or "%s%s"
	longOptFmt      string // "%s=%s" or "%s %s"
	optionStrings   map[*Option]string
	parser          starlark.Value // the parser whose defaults %default shows
}

var _ starlark.HasAttrs = (*HelpFormatter)(nil)

// helpFormatterBuiltin is IndentedHelpFormatter(indent_increment=2,
// max_help_position=24, width=None, short_first=1), or with titled
// TitledHelpFormatter(indent_increment=0, max_help_position=24,
// width=None, short_first=0).
func helpFormatterBuiltin(titled bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		indent, short := 2, 1
		if titled {
			indent, short = 0, 0
		}
		maxHelp := 24
		var width starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "indent_increment?", &indent, "max_help_position?", &maxHelp, "width?", &width, "short_first?", &short); err != nil {
			return nil, err
		}
		w := -1
		if width != starlark.None {
			n, err := starlark.AsInt32(width)
			if err != nil {
				return nil, pyerr.Errorf("TypeError", "%s: for parameter width: got %s, want int", b.Name(), width.Type())
			}
			w = n
		}
		return newHelpFormatter(titled, indent, maxHelp, w, short != 0), nil
	}
}

// newHelpFormatter makes a formatter; width < 0 means $COLUMNS - 2.
func newHelpFormatter(titled bool, indent, maxHelp, width int, shortFirst bool) *HelpFormatter {
	if width < 0 {
		width = 80
		if n, err := strconv.Atoi(os.Getenv("COLUMNS")); err == nil {
			width = n
		}
		width -= 2
	}
	f := &HelpFormatter{titled: titled, indentIncrement: indent, width: width, shortFirst: shortFirst,
		defaultTag: "%default", shortOptFmt: "%s %s", longOptFmt: "%s=%s", optionStrings: map[*Option]string{}}
	f.maxHelpPosition = min(maxHelp, max(width-20, indent*2))
	f.helpPosition = f.maxHelpPosition
	return f
}

func (f *HelpFormatter) String() string {
	if f.titled {
		return "<optparse.TitledHelpFormatter object>"
	}
	return "<optparse.IndentedHelpFormatter object>"
}
func (f *HelpFormatter) Type() string         { return "HelpFormatter" }
func (f *HelpFormatter) Freeze()              {}
func (f *HelpFormatter) Truth() starlark.Bool { return true }
func (f *HelpFormatter) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable type: 'HelpFormatter'")
}

func (f *HelpFormatter) AttrNames() []string {
	return []string{"current_indent", "default_tag", "dedent", "format_heading", "format_usage", "help_position",
		"indent", "indent_increment", "level", "max_help_position", "set_long_opt_delimiter", "set_parser",
		"set_short_opt_delimiter", "short_first", "width"}
}

func (f *HelpFormatter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "width":
		return starlark.MakeInt(f.width), nil
	case "indent_increment":
		return starlark.MakeInt(f.indentIncrement), nil
	case "max_help_position":
		return starlark.MakeInt(f.maxHelpPosition), nil
	case "help_position":
		return starlark.MakeInt(f.helpPosition), nil
	case "current_indent":
		return starlark.MakeInt(f.currentIndent), nil
	case "level":
		return starlark.MakeInt(f.level), nil
	case "short_first":
		return starlark.Bool(f.shortFirst), nil
	case "default_tag":
		return starlark.String(f.defaultTag), nil
	}
	method := func(params string, fn func(args []string) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var s string
			var pairs []any
			if params != "" {
				pairs = []any{params, &s}
			}
			if err := starlark.UnpackArgs(name, args, kwargs, pairs...); err != nil {
				return nil, err
			}
			return fn([]string{s})
		})
	}
	switch name {
	case "indent":
		return method("", func([]string) (starlark.Value, error) { f.indent(); return starlark.None, nil }), nil
	case "dedent":
		return method("", func([]string) (starlark.Value, error) { f.dedent(); return starlark.None, nil }), nil
	case "format_usage":
		return method("usage", func(a []string) (starlark.Value, error) { return starlark.String(f.formatUsage(a[0])), nil }), nil
	case "format_heading":
		return method("heading", func(a []string) (starlark.Value, error) { return starlark.String(f.formatHeading(a[0])), nil }), nil
	case "set_short_opt_delimiter":
		return method("delim", func(a []string) (starlark.Value, error) {
			if a[0] != "" && a[0] != " " {
				return nil, pyerr.Errorf("ValueError", "invalid metavar delimiter for short options: %s", modules.PyRepr(a[0]))
			}
			f.shortOptFmt = "%s" + a[0] + "%s"
			return starlark.None, nil
		}), nil
	case "set_long_opt_delimiter":
		return method("delim", func(a []string) (starlark.Value, error) {
			if a[0] != "=" && a[0] != " " {
				return nil, pyerr.Errorf("ValueError", "invalid metavar delimiter for long options: %s", modules.PyRepr(a[0]))
			}
			f.longOptFmt = "%s" + a[0] + "%s"
			return starlark.None, nil
		}), nil
	case "set_parser":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p starlark.Value
			if err := starlark.UnpackArgs(name, args, kwargs, "parser", &p); err != nil {
				return nil, err
			}
			f.parser = p
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func (f *HelpFormatter) indent() {
	f.currentIndent += f.indentIncrement
	f.level++
}

func (f *HelpFormatter) dedent() {
	if f.currentIndent-f.indentIncrement >= 0 {
		f.currentIndent -= f.indentIncrement
		f.level--
	}
}

func (f *HelpFormatter) formatUsage(usage string) string {
	if f.titled {
		return f.formatHeading("Usage") + "  " + usage + "\n"
	}
	return "Usage: " + usage + "\n"
}

func (f *HelpFormatter) formatHeading(heading string) string {
	if f.titled {
		under := "=-"[min(f.level, 1)]
		return heading + "\n" + strings.Repeat(string(under), utf8.RuneCountInString(heading)) + "\n"
	}
	return strings.Repeat(" ", f.currentIndent) + heading + ":\n"
}

// formatText fills a paragraph at the current indentation.
func (f *HelpFormatter) formatText(text string) string {
	indent := strings.Repeat(" ", f.currentIndent)
	return fill(text, max(f.width-f.currentIndent, 11), indent, indent)
}

func (f *HelpFormatter) formatDescription(description string) string {
	if description == "" {
		return ""
	}
	return f.formatText(description) + "\n"
}

func (f *HelpFormatter) formatEpilog(epilog string) string {
	if epilog == "" {
		return ""
	}
	return "\n" + f.formatText(epilog) + "\n"
}

// expandDefault replaces %default in an option's help with the default
// of its dest ("none" when there is none).
func (f *HelpFormatter) expandDefault(o *Option) string {
	help := o.get("help")
	if f.parser == nil || f.defaultTag == "" {
		return help
	}
	var def starlark.Value = starlark.None
	if defaults, err := modules.GetAttr(f.parser, "defaults"); err == nil {
		if d, ok := defaults.(starlark.Mapping); ok {
			if v, found, _ := d.Get(o.attrs["dest"]); found {
				def = v
			}
		}
	}
	shown := "none"
	if def != starlark.None {
		shown = pyStr(def)
	}
	return strings.ReplaceAll(help, f.defaultTag, shown)
}

// pyStr is Python's str() of a value.
func pyStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return modules.Repr(v)
}

// formatOption is one option's lines: its option strings, and its help
// beside them (or below, if they are too wide) wrapped to the help column.
func (f *HelpFormatter) formatOption(o *Option) string {
	var b strings.Builder
	opts := f.optionStrings[o]
	optWidth := f.helpPosition - f.currentIndent - 2
	indentFirst := 0
	if utf8.RuneCountInString(opts) > optWidth {
		b.WriteString(strings.Repeat(" ", f.currentIndent) + opts + "\n")
		indentFirst = f.helpPosition
	} else {
		b.WriteString(strings.Repeat(" ", f.currentIndent) + opts + strings.Repeat(" ", max(0, abs(optWidth)-utf8.RuneCountInString(opts))) + "  ")
	}
	if !o.isNone("help") && bool(o.attrs["help"].Truth()) {
		lines := wrap(f.expandDefault(o), f.helpWidth, "", "")
		if len(lines) == 0 {
			lines = []string{""}
		}
		b.WriteString(strings.Repeat(" ", indentFirst) + lines[0] + "\n")
		for _, l := range lines[1:] {
			b.WriteString(strings.Repeat(" ", f.helpPosition) + l + "\n")
		}
	} else if !strings.HasSuffix(b.String(), "\n") {
		b.WriteString("\n")
	}
	return b.String()
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// storeOptionStrings works out each option's strings and, from the
// widest, the help column.
func (f *HelpFormatter) storeOptionStrings(options []*Option, groups [][]*Option) {
	f.indent()
	maxLen := 0
	for _, o := range options {
		s := f.formatOptionStrings(o)
		f.optionStrings[o] = s
		maxLen = max(maxLen, utf8.RuneCountInString(s)+f.currentIndent)
	}
	f.indent()
	for _, g := range groups {
		for _, o := range g {
			s := f.formatOptionStrings(o)
			f.optionStrings[o] = s
			maxLen = max(maxLen, utf8.RuneCountInString(s)+f.currentIndent)
		}
	}
	f.dedent()
	f.dedent()
	f.helpPosition = min(maxLen+2, f.maxHelpPosition)
	f.helpWidth = max(f.width-f.helpPosition, 11)
}

// formatOptionStrings is "-f FILE, --file=FILE": the option strings with
// the metavar of an option that takes a value.
func (f *HelpFormatter) formatOptionStrings(o *Option) string {
	short, long := o.short, o.long
	if o.takesValue() {
		metavar := o.get("metavar")
		if metavar == "" {
			metavar = strings.ToUpper(o.get("dest"))
		}
		short = make([]string, len(o.short))
		for i, s := range o.short {
			short[i] = fmt.Sprintf(f.shortOptFmt, s, metavar)
		}
		long = make([]string, len(o.long))
		for i, l := range o.long {
			long[i] = fmt.Sprintf(f.longOptFmt, l, metavar)
		}
	}
	var all []string
	if f.shortFirst {
		all = append(append(all, short...), long...)
	} else {
		all = append(append(all, long...), short...)
	}
	return strings.Join(all, ", ")
}
