package modules

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// deprecatedMsg is warnings._DEPRECATED_MSG, the default message of
// _deprecated.
const deprecatedMsg = "{name!r} is deprecated and slated for removal in Python {remove}"

// pyasyncVersion is the sys.version_info that _deprecated compares with
// by default: the Python pyasync's library follows.
var pyasyncVersion = starlark.Tuple{starlark.MakeInt(3), starlark.MakeInt(11), starlark.MakeInt(0), starlark.String("final"), starlark.MakeInt(0)}

// deprecated is warnings._deprecated(name, message=_DEPRECATED_MSG, *,
// remove, _version=sys.version_info): a DeprecationWarning whose text
// is message.format(name=name, remove="X.Y"), issued for the code that
// imported the caller (stacklevel=3 in Python: past _deprecated and
// the module that calls it); RuntimeError when _version has reached
// remove (a final release of that version, or later).
func (w *warnings) deprecated(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 2 {
		return nil, pyerr.Errorf("TypeError", "_deprecated() takes from 1 to 2 positional arguments but %d were given", len(args))
	}
	var name, message, remove, version starlark.Value = nil, starlark.String(deprecatedMsg), nil, pyasyncVersion
	if err := starlark.UnpackArgs("_deprecated", args, kwargs, "name", &name, "message?", &message, "remove?", &remove, "_version?", &version); err != nil {
		return nil, err
	}
	if remove == nil {
		return nil, pyerr.Errorf("TypeError", "_deprecated() missing 1 required keyword-only argument: 'remove'")
	}
	item := func(v starlark.Value, i int) (starlark.Value, error) {
		x, ok := v.(starlark.Indexable)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "'%s' object is not subscriptable", PyType(v))
		}
		if i >= x.Len() {
			return nil, pyerr.Errorf("IndexError", "tuple index out of range")
		}
		return x.Index(i), nil
	}
	major, err := item(remove, 0)
	if err != nil {
		return nil, err
	}
	minor, err := item(remove, 1)
	if err != nil {
		return nil, err
	}
	formatted := starlark.String(str(major) + "." + str(minor))
	sliceable, ok := version.(starlark.Sliceable)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object is not subscriptable", PyType(version))
	}
	head := sliceable.Slice(0, min(2, sliceable.Len()), 1)
	past, err := starlark.Compare(syntax.GT, head, remove)
	if err != nil {
		return nil, pyerr.Errorf("TypeError", "'>' not supported between instances of '%s' and '%s'", PyType(head), PyType(remove))
	}
	same, _ := starlark.Compare(syntax.EQL, head, remove)
	if !past && same {
		level, err := item(version, 3)
		if err != nil {
			return nil, err
		}
		past = level != starlark.String("alpha")
	}
	if past {
		return nil, pyerr.Errorf("RuntimeError", "%s was slated for removal after Python %s alpha", pyReprValue(name), string(formatted))
	}
	msg, ok := message.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'format'", PyType(message))
	}
	formatMethod, _ := msg.Attr("format")
	text, err := starlark.Call(th, formatMethod, nil, []starlark.Tuple{{starlark.String("name"), name}, {starlark.String("remove"), formatted}})
	if err != nil {
		return nil, err
	}
	file, line, module := "sys", 1, "sys"
	if callers := Callers(th); len(callers) >= 2 {
		c := callers[1]
		file, line, module = c.File, c.Line, c.Module
	}
	return starlark.None, w.issue(th, text, namedCategory("DeprecationWarning"), file, line, module, w.registryOf(file))
}
