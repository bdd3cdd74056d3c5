package pybuiltins

import (
	"io"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyvalue"
)

// A pyasync str holds bytes, as Python 2's str: chr(i) below 256 is the
// one byte i, so that chr(ord(c)) == c for every byte a socket gives;
// from 256 on it is the UTF-8 encoding of the code point i, as a literal
// spells it. ord(c) of a one-byte str is that byte; of a str holding one
// UTF-8 encoded character, its code point.

// chr(i)
func chr(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	n, err := index(x)
	if err != nil {
		return nil, err
	}
	i, ok := n.Int64()
	if !ok || i < 0 || i > utf8.MaxRune {
		return nil, pyerr.Errorf("ValueError", "chr() arg not in range(0x110000)")
	}
	if i < 256 {
		return starlark.String([]byte{byte(i)}), nil
	}
	return starlark.String(string(rune(i))), nil
}

// ord(c)
func ord(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	var s string
	switch x := x.(type) {
	case starlark.String:
		s = string(x)
	case starlark.Bytes:
		s = string(x)
		if len(s) != 1 {
			return nil, pyerr.Errorf("TypeError", "ord() expected a character, but string of length %d found", len(s))
		}
	default:
		return nil, pyerr.Errorf("TypeError", "ord() expected string of length 1, but %s found", class.TypeName(x))
	}
	if len(s) == 1 {
		return starlark.MakeInt(int(s[0])), nil
	}
	if r, size := utf8.DecodeRuneInString(s); size == len(s) && r != utf8.RuneError {
		return starlark.MakeInt(int(r)), nil
	}
	n := len(s)
	if utf8.ValidString(s) {
		n = utf8.RuneCountInString(s)
	}
	return nil, pyerr.Errorf("TypeError", "ord() expected a character, but string of length %d found", n)
}

// str(object="") or str(object, encoding, errors): object as Python
// shows it, or, given an encoding, the bytes of a bytes value (decoding
// is the identity: pyasync's str holds bytes).
func str(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value = starlark.String("")
	var encoding, errors starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("str", args, kwargs, "object?", &x, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, err
	}
	if encoding != starlark.None || errors != starlark.None {
		switch x := x.(type) {
		case starlark.Bytes:
			return starlark.String(x), nil
		case starlark.String:
			return nil, pyerr.Errorf("TypeError", "decoding str is not supported")
		}
		return nil, pyerr.Errorf("TypeError", "decoding to str: need a bytes-like object, %s found", class.TypeName(x))
	}
	s, err := pyvalue.Str(x)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// repr(x), as Python shows x, with the error of an object's __repr__.
func repr(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	s, err := pyvalue.Repr(x)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// printer makes print(*objects, sep=' ', end='\n', file=None,
// flush=False): the objects' str() joined with sep and followed by end,
// written to stdout, or with file.write().
func printer(stdout io.Writer) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var sep, end, file, flush starlark.Value = starlark.None, starlark.None, starlark.None, starlark.False
		if err := starlark.UnpackArgs("print", nil, kwargs, "sep?", &sep, "end?", &end, "file?", &file, "flush?", &flush); err != nil {
			return nil, err
		}
		sepText, err := textOr("sep", sep, " ")
		if err != nil {
			return nil, err
		}
		endText, err := textOr("end", end, "\n")
		if err != nil {
			return nil, err
		}
		var line strings.Builder
		for i, v := range args {
			if i > 0 {
				line.WriteString(sepText)
			}
			s, err := pyvalue.Str(v)
			if err != nil {
				return nil, err
			}
			line.WriteString(s)
		}
		line.WriteString(endText)
		if file == starlark.None {
			if stdout == nil {
				th.Print(th, strings.TrimSuffix(line.String(), "\n"))
				return starlark.None, nil
			}
			if _, err := io.WriteString(stdout, line.String()); err != nil {
				return nil, pyerr.Errorf("OSError", "%v", err)
			}
			return starlark.None, nil
		}
		if err := callMethod(th, file, "write", starlark.String(line.String())); err != nil {
			return nil, err
		}
		if flush.Truth() {
			if ha, ok := file.(starlark.HasAttrs); ok {
				if f, _ := ha.Attr("flush"); f != nil {
					_, err := starlark.Call(th, f, nil, nil)
					return starlark.None, err
				}
			}
		}
		return starlark.None, nil
	}
}

// textOr is a str argument of print, dflt when it is None.
func textOr(name string, v starlark.Value, dflt string) (string, error) {
	if v == starlark.None {
		return dflt, nil
	}
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.Errorf("TypeError", "%s must be None or a string, not %s", name, class.TypeName(v))
	}
	return string(s), nil
}

// callMethod is x.name(*args), the result dropped.
func callMethod(th *starlark.Thread, x starlark.Value, name string, args ...starlark.Value) error {
	ha, ok := x.(starlark.HasAttrs)
	var fn starlark.Value
	if ok {
		fn, _ = ha.Attr(name)
	}
	if fn == nil {
		return pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", class.TypeName(x), name)
	}
	_, err := starlark.Call(th, fn, args, nil)
	return err
}

// type(x): the name of x's type as Python calls it ('str', 'int',
// 'NoneType', a class's name for its instances).
func typeOf(th *starlark.Thread, x starlark.Value) (starlark.Value, error) {
	return starlark.String(class.TypeName(x)), nil
}
