package exceptions

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// members returns the methods a class of hierarchy defines itself:
// BaseException's __init__, __str__, __repr__ and Python 2's indexing of
// args; OSError's errno, strerror and filename; KeyError's str();
// SystemExit's code; StopIteration's value; asyncore.ExitNow, which
// raises as soon as it is made (see exitNowInit).
func members(name string) starlark.StringDict {
	switch name {
	case "BaseException":
		return starlark.StringDict{
			"__init__":    class.NewMethod("__init__", baseInit),
			"__str__":     class.NewMethod("__str__", baseStr),
			"__repr__":    class.NewMethod("__repr__", baseRepr),
			"__getitem__": class.NewMethod("__getitem__", baseGetItem),
		}
	case "OSError":
		return starlark.StringDict{
			"__init__": class.NewMethod("__init__", osInit),
			"__str__":  class.NewMethod("__str__", osStr),
		}
	case "KeyError":
		return starlark.StringDict{"__str__": class.NewMethod("__str__", keyStr)}
	case "ssl.SSLError":
		return starlark.StringDict{"__str__": class.NewMethod("__str__", sslStr)}
	case "SystemExit":
		return starlark.StringDict{"__init__": class.NewMethod("__init__", systemExitInit)}
	case "StopIteration":
		return starlark.StringDict{"__init__": class.NewMethod("__init__", stopIterationInit)}
	case "asyncore.ExitNow":
		return starlark.StringDict{"__init__": class.NewMethod("__init__", exitNowInit)}
	}
	return nil
}

// Args returns the exception's args (an empty tuple if a script replaced
// them with something else).
func Args(e *class.Instance) starlark.Tuple {
	if v, ok := e.GetAttrOwn("args"); ok {
		if t, ok := v.(starlark.Tuple); ok {
			return t
		}
	}
	return nil
}

func instance(fn string, self starlark.Value) (*class.Instance, error) {
	if i, ok := self.(*class.Instance); ok && i.Class().IsSubclass(classes["BaseException"]) {
		return i, nil
	}
	return nil, pyerr.Errorf("TypeError", "descriptor '%s' requires a 'BaseException' object but received a '%s'", fn, self.Type())
}

func noKeywords(name string, kwargs []starlark.Tuple) error {
	if len(kwargs) > 0 {
		return pyerr.Errorf("TypeError", "%s() takes no keyword arguments", name)
	}
	return nil
}

// baseInit is BaseException.__init__(self, *args).
func baseInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__init__", self)
	if err != nil {
		return nil, err
	}
	if err := noKeywords(e.Class().Name(), kwargs); err != nil {
		return nil, err
	}
	e.SetAttr("args", append(starlark.Tuple(nil), args...))
	return starlark.None, nil
}

// baseStr is str(e): "" for no args, str(arg) for one, str(args) else.
func baseStr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__str__", self)
	if err != nil {
		return nil, err
	}
	return starlark.String(strOfArgs(Args(e))), nil
}

func strOfArgs(args starlark.Tuple) string {
	switch len(args) {
	case 0:
		return ""
	case 1:
		return str(args[0])
	}
	return reprOf(args)
}

// str is str(v): a string's own text, anything else's repr.
func str(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	return v.String()
}

// reprOf is repr(v) as Python writes it, strings in single quotes.
func reprOf(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return pyQuote(string(v))
	case starlark.Tuple:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = reprOf(x)
		}
		if len(v) == 1 {
			return "(" + parts[0] + ",)"
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return class.Repr(v)
}

// baseRepr is repr(e): "ValueError('bad')", "OSError(2, 'x')".
func baseRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__repr__", self)
	if err != nil {
		return nil, err
	}
	a := Args(e)
	var b strings.Builder
	b.WriteString(e.Class().Name())
	if len(a) == 1 {
		b.WriteString("(" + reprOf(a[0]) + ")")
	} else {
		b.WriteString(reprOf(a))
	}
	return starlark.String(b.String()), nil
}

// baseGetItem is Python 2's e[i], args[i].
func baseGetItem(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__getitem__", self)
	if err != nil {
		return nil, err
	}
	var i int
	if err := starlark.UnpackPositionalArgs("__getitem__", args, kwargs, 1, &i); err != nil {
		return nil, err
	}
	a := Args(e)
	if i < 0 {
		i += len(a)
	}
	if i < 0 || i >= len(a) {
		return nil, pyerr.Errorf("IndexError", "tuple index out of range")
	}
	return a[i], nil
}

// osInit is OSError.__init__(self, *args): with two to five arguments,
// errno, strerror and filename are the first, second and third, and
// args keeps only the first two, as in Python.
func osInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__init__", self)
	if err != nil {
		return nil, err
	}
	if err := noKeywords(e.Class().Name(), kwargs); err != nil {
		return nil, err
	}
	setOSFields(e, args)
	return starlark.None, nil
}

func setOSFields(e *class.Instance, args starlark.Tuple) {
	errno, strerror, filename := starlark.Value(starlark.None), starlark.Value(starlark.None), starlark.Value(starlark.None)
	kept := args
	if len(args) >= 2 && len(args) <= 5 {
		errno, strerror = args[0], args[1]
		if len(args) >= 3 {
			filename = args[2]
			kept = args[:2]
		}
	}
	e.SetAttr("args", append(starlark.Tuple(nil), kept...))
	e.SetAttr("errno", errno)
	e.SetAttr("strerror", strerror)
	e.SetAttr("filename", filename)
}

// osStr is str() of an OSError: "[Errno 2] No such file or directory:
// 'x'" when it has errno and strerror.
func osStr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__str__", self)
	if err != nil {
		return nil, err
	}
	errno, _ := e.GetAttr("errno")
	strerror, _ := e.GetAttr("strerror")
	filename, _ := e.GetAttr("filename")
	if filename != nil && filename != starlark.None {
		if filename2, _ := e.GetAttr("filename2"); filename2 != nil && filename2 != starlark.None {
			return starlark.String(fmt.Sprintf("[Errno %s] %s: %s -> %s", str(errno), str(strerror), reprOf(filename), reprOf(filename2))), nil
		}
		return starlark.String(fmt.Sprintf("[Errno %s] %s: %s", str(errno), str(strerror), reprOf(filename))), nil
	}
	if errno != nil && errno != starlark.None && strerror != nil && strerror != starlark.None {
		return starlark.String(fmt.Sprintf("[Errno %s] %s", str(errno), str(strerror))), nil
	}
	return starlark.String(strOfArgs(Args(e))), nil
}

// keyStr is str() of a KeyError: the repr of its key.
func keyStr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__str__", self)
	if err != nil {
		return nil, err
	}
	if a := Args(e); len(a) == 1 {
		return starlark.String(reprOf(a[0])), nil
	}
	return baseStr(th, self, args, kwargs)
}

// sslStr is str() of an ssl.SSLError: its strerror when that is a str
// ("[SSL: WRONG_VERSION_NUMBER] wrong version number"), else str(args)
// (the tuple, even of one argument), as CPython's SSLError_str.
func sslStr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := instance("__str__", self)
	if err != nil {
		return nil, err
	}
	if s, ok := e.GetAttrOwn("strerror"); ok {
		if s, ok := s.(starlark.String); ok {
			return s, nil
		}
	}
	return starlark.String(reprOf(Args(e))), nil
}

// systemExitInit sets code: None, the one argument, or the args.
func systemExitInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if _, err := baseInit(th, self, args, kwargs); err != nil {
		return nil, err
	}
	e := self.(*class.Instance)
	var code starlark.Value = starlark.None
	switch len(args) {
	case 0:
	case 1:
		code = args[0]
	default:
		code = append(starlark.Tuple(nil), args...)
	}
	e.SetAttr("code", code)
	return starlark.None, nil
}

// stopIterationInit sets value, the first argument or None.
func stopIterationInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if _, err := baseInit(th, self, args, kwargs); err != nil {
		return nil, err
	}
	var value starlark.Value = starlark.None
	if len(args) > 0 {
		value = args[0]
	}
	self.(*class.Instance).SetAttr("value", value)
	return starlark.None, nil
}

// exitNowInit makes asyncore.ExitNow(msg) what SPEC section 4 says:
// calling it raises at once, ending the running handler, so that both
// asyncore.ExitNow("bye") and throw(asyncore.ExitNow, "bye") leave loop().
func exitNowInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var msg starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("ExitNow", args, kwargs, "msg?", &msg); err != nil {
		return nil, err
	}
	return nil, &pyerr.ExitNow{Msg: str(msg)}
}
