package exceptions

import (
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// hierarchy lists every exception class pyasync knows, each after its
// bases, as "name base" (several bases: "base1,base2"): Python's built-in hierarchy (3.11), then the
// exceptions of modules ("socket.gaierror"). A module's class is named
// with its module, as Python prints it.
var hierarchy = [...][2]string{
	{"BaseException", ""},
	{"SystemExit", "BaseException"},
	{"KeyboardInterrupt", "BaseException"},
	{"GeneratorExit", "BaseException"},
	{"Exception", "BaseException"},
	{"StopIteration", "Exception"},
	{"ArithmeticError", "Exception"},
	{"FloatingPointError", "ArithmeticError"},
	{"OverflowError", "ArithmeticError"},
	{"ZeroDivisionError", "ArithmeticError"},
	{"AssertionError", "Exception"},
	{"AttributeError", "Exception"},
	{"BufferError", "Exception"},
	{"EOFError", "Exception"},
	{"ImportError", "Exception"},
	{"ModuleNotFoundError", "ImportError"},
	{"LookupError", "Exception"},
	{"IndexError", "LookupError"},
	{"KeyError", "LookupError"},
	{"MemoryError", "Exception"},
	{"NameError", "Exception"},
	{"UnboundLocalError", "NameError"},
	{"OSError", "Exception"},
	{"BlockingIOError", "OSError"},
	{"ChildProcessError", "OSError"},
	{"ConnectionError", "OSError"},
	{"BrokenPipeError", "ConnectionError"},
	{"ConnectionAbortedError", "ConnectionError"},
	{"ConnectionRefusedError", "ConnectionError"},
	{"ConnectionResetError", "ConnectionError"},
	{"FileExistsError", "OSError"},
	{"FileNotFoundError", "OSError"},
	{"InterruptedError", "OSError"},
	{"IsADirectoryError", "OSError"},
	{"NotADirectoryError", "OSError"},
	{"PermissionError", "OSError"},
	{"ProcessLookupError", "OSError"},
	{"TimeoutError", "OSError"},
	{"ReferenceError", "Exception"},
	{"RuntimeError", "Exception"},
	{"NotImplementedError", "RuntimeError"},
	{"RecursionError", "RuntimeError"},
	{"SyntaxError", "Exception"},
	{"SystemError", "Exception"},
	{"TypeError", "Exception"},
	{"ValueError", "Exception"},
	{"UnicodeError", "ValueError"},
	{"UnicodeDecodeError", "UnicodeError"},
	{"UnicodeEncodeError", "UnicodeError"},
	{"Warning", "Exception"},
	{"UserWarning", "Warning"},
	{"DeprecationWarning", "Warning"},
	{"PendingDeprecationWarning", "Warning"},
	{"RuntimeWarning", "Warning"},
	{"SyntaxWarning", "Warning"},
	{"FutureWarning", "Warning"},
	{"ImportWarning", "Warning"},
	{"UnicodeWarning", "Warning"},
	{"BytesWarning", "Warning"},
	{"ResourceWarning", "Warning"},

	// modules' exceptions
	{"asyncore.ExitNow", "Exception"},
	{"socket.herror", "OSError"},
	{"socket.gaierror", "OSError"},
	{"ssl.SSLError", "OSError"},
	{"ssl.SSLZeroReturnError", "ssl.SSLError"},
	{"ssl.SSLWantReadError", "ssl.SSLError"},
	{"ssl.SSLWantWriteError", "ssl.SSLError"},
	{"ssl.SSLSyscallError", "ssl.SSLError"},
	{"ssl.SSLEOFError", "ssl.SSLError"},
	{"ssl.SSLCertVerificationError", "ssl.SSLError"},
	{"re.error", "Exception"},
	{"struct.error", "Exception"},
	{"binascii.Error", "ValueError"},
	{"binascii.Incomplete", "Exception"},
	{"getopt.GetoptError", "Exception"},
	{"optparse.OptParseError", "Exception"},
	{"optparse.OptionError", "optparse.OptParseError"},
	{"optparse.OptionConflictError", "optparse.OptionError"},
	{"optparse.OptionValueError", "optparse.OptParseError"},
	{"optparse.BadOptionError", "optparse.OptParseError"},
	{"optparse.AmbiguousOptionError", "optparse.BadOptionError"},
	{"io.UnsupportedOperation", "OSError,ValueError"},
}

// aliases are other names Python gives the same class.
var aliases = map[string]string{
	"IOError":              "OSError",
	"EnvironmentError":     "OSError",
	"socket.error":         "OSError",
	"socket.timeout":       "TimeoutError",
	"select.error":         "OSError",
	"getopt.error":         "getopt.GetoptError",
	"ssl.CertificateError": "ssl.SSLCertVerificationError",
}

// classes holds every class of hierarchy by its name. The classes are
// shared by the interpreters of pyasync -j, which only read them (a
// built-in exception class refuses new attributes).
var classes map[string]*class.Class

func init() {
	// an iteration ends at a StopIteration raised as a subclass of it
	// too: the class system asks this package, which knows the hierarchy
	class.ErrorIs = errorIs
	classes = make(map[string]*class.Class, len(hierarchy))
	for _, e := range hierarchy {
		var bases []*class.Class
		if e[1] != "" {
			for _, b := range strings.Split(e[1], ",") {
				bases = append(bases, classes[b])
			}
		}
		module, name := "", e[0]
		if i := strings.IndexByte(name, '.'); i >= 0 {
			module, name = name[:i], name[i+1:]
		}
		c := class.MustNewBuiltin(name, module, bases, members(e[0]))
		if e[0] == "BaseException" {
			// every instance has its args from the start, as from
			// Python's BaseException.__new__, whatever a subclass's
			// __init__ does; the classes made from it inherit this
			c.SetNew(func(inst *class.Instance, args starlark.Tuple) {
				inst.SetAttr("args", append(starlark.Tuple(nil), args...))
			})
		}
		classes[e[0]] = c
	}
}

// errorIs reports whether err is an exception of the class Python calls
// name, or of a subclass of it.
func errorIs(err error, name string) bool {
	c := Class(name)
	if c == nil {
		return false
	}
	return Of(err).Class().IsSubclass(c)
}

// Class returns the exception class Python calls name: "ValueError",
// "IOError" (OSError), "socket.gaierror", "re.error"; nil if there is
// none.
func Class(name string) *class.Class {
	if a, ok := aliases[name]; ok {
		name = a
	}
	return classes[name]
}

// mustClass is Class for the names this package itself uses.
func mustClass(name string) *class.Class {
	c := Class(name)
	if c == nil {
		panic("exceptions: no class " + name) // a typo in this package
	}
	return c
}

// Builtins are the predeclared names of this package: every built-in
// exception class (and alias) that is not a module's, throw, catch and
// catch_base.
func Builtins() starlark.StringDict {
	env := make(starlark.StringDict, 3+len(hierarchy)+len(aliases)) // made at its size, not grown
	env["throw"] = starlark.NewBuiltin("throw", throw)
	env["catch"] = starlark.NewBuiltin("catch", catchBuiltin(false))
	env["catch_base"] = starlark.NewBuiltin("catch_base", catchBuiltin(true))
	for _, e := range hierarchy {
		if !isModuleName(e[0]) {
			env[e[0]] = classes[e[0]]
		}
	}
	for a, n := range aliases {
		if !isModuleName(a) {
			env[a] = Class(n)
		}
	}
	return env
}

// ModuleMembers returns the exception classes of module ("socket":
// error, timeout, gaierror, herror), by their names in the module.
func ModuleMembers(module string) starlark.StringDict {
	out := starlark.StringDict{}
	add := func(full, cls string) {
		if len(full) > len(module)+1 && full[:len(module)] == module && full[len(module)] == '.' {
			out[full[len(module)+1:]] = Class(cls)
		}
	}
	for _, e := range hierarchy {
		add(e[0], e[0])
	}
	for a, n := range aliases {
		add(a, n)
	}
	return out
}

func isModuleName(name string) bool { return strings.Contains(name, ".") }
