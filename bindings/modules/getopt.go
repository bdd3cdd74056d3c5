package modules

import (
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewGetopt makes the getopt module, CPython 3.11's getopt.py:
//
//	getopt(args, shortopts, longopts=[]) -> (opts, args)
//	gnu_getopt(args, shortopts, longopts=[]) -> (opts, args)
//	GetoptError, error (the same class)
//
// opts is a list of (option, value) pairs such as ("-a", "") or
// ("--alpha", "1"); args what is left. gnu_getopt lets options and
// arguments mix unless shortopts starts with "+" or POSIXLY_CORRECT is
// set in the environment. A bad command line raises getopt.GetoptError
// (also getopt.error) with CPython's message ("option -x not
// recognized").
func NewGetopt() *Lazy {
	return NewLazy("getopt", func() starlark.StringDict {
		m := exceptions.ModuleMembers("getopt") // GetoptError, error
		m["getopt"] = starlark.NewBuiltin("getopt", getoptBuiltin(false))
		m["gnu_getopt"] = starlark.NewBuiltin("gnu_getopt", getoptBuiltin(true))
		return m
	})
}

// getoptBuiltin is getopt (gnu false) or gnu_getopt (gnu true).
func getoptBuiltin(gnu bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var argv starlark.Value
		var shortopts string
		var longopts starlark.Value = starlark.NewList(nil)
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "args", &argv, "shortopts", &shortopts, "longopts?", &longopts); err != nil {
			return nil, err
		}
		words, err := stringList(b.Name(), "args", argv)
		if err != nil {
			return nil, err
		}
		var long []string
		if s, ok := longopts.(starlark.String); ok {
			long = []string{string(s)}
		} else if long, err = stringList(b.Name(), "longopts", longopts); err != nil {
			return nil, err
		}
		var opts [][2]string
		var rest []string
		if gnu {
			opts, rest, err = gnuGetopt(words, shortopts, long)
		} else {
			opts, rest, err = getopt(words, shortopts, long)
		}
		if err != nil {
			return nil, err
		}
		pairs := make([]starlark.Value, len(opts))
		for i, o := range opts {
			pairs[i] = starlark.Tuple{starlark.String(o[0]), starlark.String(o[1])}
		}
		left := make([]starlark.Value, len(rest))
		for i, a := range rest {
			left[i] = starlark.String(a)
		}
		var leftValue starlark.Value = starlark.NewList(left)
		if _, isTuple := argv.(starlark.Tuple); isTuple && !gnu {
			leftValue = starlark.Tuple(left) // a slice of args, as Python's
		}
		return starlark.Tuple{starlark.NewList(pairs), leftValue}, nil
	}
}

// stringList reads a list or tuple of strings.
func stringList(fn, param string, v starlark.Value) ([]string, error) {
	seq, ok := v.(starlark.Indexable)
	if !ok {
		return nil, fmt.Errorf("%s: for parameter %s: got %s, want list of str", fn, param, v.Type())
	}
	if _, isStr := v.(starlark.String); isStr {
		return nil, fmt.Errorf("%s: for parameter %s: got str, want list of str", fn, param)
	}
	out := make([]string, seq.Len())
	for i := range out {
		s, ok := seq.Index(i).(starlark.String)
		if !ok {
			return nil, fmt.Errorf("%s: for parameter %s: item %d is %s, want str", fn, param, i, seq.Index(i).Type())
		}
		out[i] = string(s)
	}
	return out, nil
}

// getoptError is getopt.GetoptError(msg).
func getoptError(format string, args ...any) error {
	return pyerr.Errorf("getopt.GetoptError", format, args...)
}

// getopt stops at the first argument that is not an option.
func getopt(args []string, shortopts string, longopts []string) ([][2]string, []string, error) {
	var opts [][2]string
	var err error
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		if args[0] == "--" {
			args = args[1:]
			break
		}
		if strings.HasPrefix(args[0], "--") {
			opts, args, err = doLongs(opts, args[0][2:], longopts, args[1:])
		} else {
			opts, args, err = doShorts(opts, args[0][1:], shortopts, args[1:])
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return opts, args, nil
}

// gnuGetopt lets options follow arguments.
func gnuGetopt(args []string, shortopts string, longopts []string) ([][2]string, []string, error) {
	var opts [][2]string
	progArgs := []string{}
	allOptionsFirst := false
	if strings.HasPrefix(shortopts, "+") {
		shortopts = shortopts[1:]
		allOptionsFirst = true
	} else if os.Getenv("POSIXLY_CORRECT") != "" {
		allOptionsFirst = true
	}
	var err error
	for len(args) > 0 {
		switch {
		case args[0] == "--":
			return opts, append(progArgs, args[1:]...), nil
		case strings.HasPrefix(args[0], "--"):
			opts, args, err = doLongs(opts, args[0][2:], longopts, args[1:])
		case strings.HasPrefix(args[0], "-") && args[0] != "-":
			opts, args, err = doShorts(opts, args[0][1:], shortopts, args[1:])
		case allOptionsFirst:
			return opts, append(progArgs, args...), nil
		default:
			progArgs = append(progArgs, args[0])
			args = args[1:]
		}
		if err != nil {
			return nil, nil, err
		}
	}
	return opts, progArgs, nil
}

func doLongs(opts [][2]string, opt string, longopts, args []string) ([][2]string, []string, error) {
	optarg, hasValue := "", false
	if i := strings.IndexByte(opt, '='); i >= 0 {
		opt, optarg, hasValue = opt[:i], opt[i+1:], true
	}
	hasArg, opt, err := longHasArgs(opt, longopts)
	if err != nil {
		return nil, nil, err
	}
	if hasArg {
		if !hasValue {
			if len(args) == 0 {
				return nil, nil, getoptError("option --%s requires argument", opt)
			}
			optarg, args = args[0], args[1:]
		}
	} else if hasValue {
		return nil, nil, getoptError("option --%s must not have an argument", opt)
	}
	return append(opts, [2]string{"--" + opt, optarg}), args, nil
}

// longHasArgs finds opt, or the one long option it abbreviates.
func longHasArgs(opt string, longopts []string) (bool, string, error) {
	var possibilities []string
	for _, o := range longopts {
		if strings.HasPrefix(o, opt) {
			possibilities = append(possibilities, o)
		}
	}
	if len(possibilities) == 0 {
		return false, "", getoptError("option --%s not recognized", opt)
	}
	for _, p := range possibilities {
		if p == opt {
			return false, opt, nil
		}
	}
	for _, p := range possibilities {
		if p == opt+"=" {
			return true, opt, nil
		}
	}
	if len(possibilities) > 1 {
		return false, "", getoptError("option --%s not a unique prefix", opt)
	}
	match := possibilities[0]
	if strings.HasSuffix(match, "=") {
		return true, match[:len(match)-1], nil
	}
	return false, match, nil
}

func doShorts(opts [][2]string, optstring, shortopts string, args []string) ([][2]string, []string, error) {
	for optstring != "" {
		_, size := utf8.DecodeRuneInString(optstring)
		opt := optstring[:size]
		optstring = optstring[size:]
		hasArg, err := shortHasArg(opt, shortopts)
		if err != nil {
			return nil, nil, err
		}
		optarg := ""
		if hasArg {
			if optstring == "" {
				if len(args) == 0 {
					return nil, nil, getoptError("option -%s requires argument", opt)
				}
				optstring, args = args[0], args[1:]
			}
			optarg, optstring = optstring, ""
		}
		opts = append(opts, [2]string{"-" + opt, optarg})
	}
	return opts, args, nil
}

// shortHasArg reports whether the short option opt (one character) is
// followed by ":" in shortopts.
func shortHasArg(opt, shortopts string) (bool, error) {
	for i := 0; i < len(shortopts); {
		_, size := utf8.DecodeRuneInString(shortopts[i:])
		if c := shortopts[i : i+size]; c == opt && c != ":" {
			return strings.HasPrefix(shortopts[i+size:], ":"), nil
		}
		i += size
	}
	return false, getoptError("option -%s not recognized", opt)
}
