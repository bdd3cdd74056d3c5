package modules

import (
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
)

// configparser's exceptions, as Python's: each has a message (its str
// and repr) and the attributes of what it is about. A message is one
// line: where Python's runs over several (MissingSectionHeaderError,
// ParsingError's list of errors), its lines are joined with spaces.
//
//	Error(msg="")
//	    NoSectionError(section), DuplicateSectionError(section, source=None, lineno=None),
//	    DuplicateOptionError(section, option, source=None, lineno=None),
//	    NoOptionError(option, section), ParsingError(source),
//	    MissingSectionHeaderError(filename, lineno, line) (a ParsingError),
//	    InterpolationError(option, section, msg): InterpolationMissingOptionError(option,
//	    section, rawval, reference), InterpolationSyntaxError, InterpolationDepthError(option,
//	    section, rawval)
var (
	cpError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Error", "configparser", []*class.Class{exceptions.Class("Exception")}, Methods(map[string]class.MethodFunc{
			"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var msg starlark.Value = starlark.String("")
				if err := starlark.UnpackArgs("Error", args, kwargs, "msg?", &msg); err != nil {
					return nil, err
				}
				return starlark.None, cpSet(self, msg, starlark.Tuple{msg})
			},
			"__repr__": cpMessage,
			"__str__":  cpMessage,
		}))
	})
	cpNoSection = sync.OnceValue(func() *class.Class {
		return cpClass("NoSectionError", cpError(), []string{"section"}, func(a []starlark.Value) string {
			return "No section: " + pyReprValue(a[0])
		})
	})
	cpDuplicateSection = sync.OnceValue(func() *class.Class {
		return cpClass("DuplicateSectionError", cpError(), []string{"section", "source?", "lineno?"}, func(a []starlark.Value) string {
			return whileReading(a[1], a[2], "section", pyReprValue(a[0])+" already exists")
		})
	})
	cpDuplicateOption = sync.OnceValue(func() *class.Class {
		return cpClass("DuplicateOptionError", cpError(), []string{"section", "option", "source?", "lineno?"}, func(a []starlark.Value) string {
			return whileReading(a[2], a[3], "option", pyReprValue(a[1])+" in section "+pyReprValue(a[0])+" already exists")
		})
	})
	cpNoOption = sync.OnceValue(func() *class.Class {
		return cpClass("NoOptionError", cpError(), []string{"option", "section"}, func(a []starlark.Value) string {
			return "No option " + pyReprValue(a[0]) + " in section: " + pyReprValue(a[1])
		})
	})
	cpInterpolation = sync.OnceValue(func() *class.Class {
		return cpClass("InterpolationError", cpError(), []string{"option", "section", "msg"}, func(a []starlark.Value) string {
			return pyStr(a[2])
		})
	})
	cpInterpolationMissing = sync.OnceValue(func() *class.Class {
		return cpClass("InterpolationMissingOptionError", cpInterpolation(), []string{"option", "section", "rawval", "reference"}, func(a []starlark.Value) string {
			return fmt.Sprintf("Bad value substitution: option %s in section %s contains an interpolation key %s which is not a valid option name. Raw value: %s",
				pyReprValue(a[0]), pyReprValue(a[1]), pyReprValue(a[3]), pyReprValue(a[2]))
		})
	})
	cpInterpolationSyntax = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("InterpolationSyntaxError", "configparser", []*class.Class{cpInterpolation()}, nil)
	})
	cpInterpolationDepth = sync.OnceValue(func() *class.Class {
		return cpClass("InterpolationDepthError", cpInterpolation(), []string{"option", "section", "rawval"}, func(a []starlark.Value) string {
			return fmt.Sprintf("Recursion limit exceeded in value substitution: option %s in section %s contains an interpolation key which cannot be substituted in %d steps. Raw value: %s",
				pyReprValue(a[0]), pyReprValue(a[1]), maxInterpolationDepth, pyReprValue(a[2]))
		})
	})
	cpParsing = sync.OnceValue(func() *class.Class {
		return cpClass("ParsingError", cpError(), []string{"source"}, func(a []starlark.Value) string {
			return "Source contains parsing errors: " + pyReprValue(a[0])
		})
	})
	cpMissingHeader = sync.OnceValue(func() *class.Class {
		return cpClass("MissingSectionHeaderError", cpParsing(), []string{"filename", "lineno", "line"}, func(a []starlark.Value) string {
			return fmt.Sprintf("File contains no section headers. file: %s, line: %s %s", pyReprValue(a[0]), pyStr(a[1]), pyReprValue(a[2]))
		})
	})

	cpErrors = sync.OnceValue(func() []*class.Class {
		return []*class.Class{cpError(), cpNoSection(), cpDuplicateSection(), cpDuplicateOption(), cpNoOption(), cpInterpolation(),
			cpInterpolationMissing(), cpInterpolationSyntax(), cpInterpolationDepth(), cpParsing(), cpMissingHeader()}
	})
)

// maxInterpolationDepth is MAX_INTERPOLATION_DEPTH.
const maxInterpolationDepth = 10

// cpSet sets an exception's message and args.
func cpSet(self starlark.Value, msg starlark.Value, args starlark.Tuple) error {
	e, err := Instance("configparser.Error", self)
	if err != nil {
		return err
	}
	e.SetAttr("message", msg)
	e.SetAttr("args", args)
	return nil
}

func cpMessage(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return GetAttr(self, "message")
}

// cpClass makes an exception class whose __init__ takes params (a "?"
// one is optional, None by default), keeps each as an attribute and as
// args, and says message(args).
func cpClass(name string, base *class.Class, params []string, message func([]starlark.Value) string) *class.Class {
	init := func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		vals := make([]starlark.Value, len(params))
		pairs := make([]any, 0, 2*len(params))
		for i, p := range params {
			vals[i] = starlark.None
			pairs = append(pairs, p, &vals[i])
		}
		if err := starlark.UnpackArgs(name, args, kwargs, pairs...); err != nil {
			return nil, err
		}
		inst := self.(*class.Instance)
		for i, p := range params {
			if p[len(p)-1] == '?' {
				p = p[:len(p)-1]
			}
			inst.SetAttr(p, vals[i])
		}
		if name == "MissingSectionHeaderError" {
			inst.SetAttr("source", vals[0])
			inst.SetAttr("errors", starlark.NewList(nil))
		}
		if name == "ParsingError" {
			inst.SetAttr("errors", starlark.NewList(nil))
		}
		return starlark.None, cpSet(self, starlark.String(message(vals)), starlark.Tuple(vals))
	}
	members := Methods(map[string]class.MethodFunc{"__init__": init})
	if name == "ParsingError" {
		members["append"] = class.NewMethod("append", parsingErrorAppend)
	}
	return class.MustNewBuiltin(name, "configparser", []*class.Class{base}, members)
}

// whileReading is the message of a duplicate: "While reading from 'f'
// [line  2]: section 's' already exists", or without a source "Section
// 's' already exists".
func whileReading(source, lineno starlark.Value, kind, what string) string {
	if source == starlark.None {
		return strings.ToUpper(kind[:1]) + kind[1:] + " " + what
	}
	s := "While reading from " + pyReprValue(source)
	if lineno != starlark.None {
		s += fmt.Sprintf(" [line %2s]", pyStr(lineno))
	}
	return s + ": " + kind + " " + what
}

// parsingErrorAppend is ParsingError.append(lineno, line): one more
// error, in the list and the message.
func parsingErrorAppend(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var lineno, line starlark.Value
	if err := starlark.UnpackPositionalArgs("append", args, kwargs, 2, &lineno, &line); err != nil {
		return nil, err
	}
	e, err := Instance("ParsingError.append", self)
	if err != nil {
		return nil, err
	}
	if errs, ok := attr(e, "errors", starlark.None).(*starlark.List); ok {
		errs.Append(starlark.Tuple{lineno, line})
	}
	msg := pyStr(attr(e, "message", starlark.String("")))
	e.SetAttr("message", starlark.String(msg+fmt.Sprintf(" [line %2s]: %s", pyStr(lineno), pyStr(line))))
	return starlark.None, nil
}
