package modules

import (
	"math/big"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// The split helpers of urllib.parse: Python 2's urllib had them, and
// Python 3.11's urllib.parse keeps them (deprecated since 3.8), so that
// programs written for either reach them:
//
//	splittype(url) -> (scheme, rest)       "http", "//host/p"; (None, url)
//	splithost(url) -> (host, path)         from "//host/path"; (None, url)
//	splituser(host) -> (user, host)        "user:pw", "host"; (None, host)
//	splitpasswd(user) -> (user, passwd)    (user, None) without ":"
//	splitport(host) -> (host, port)        port a str of digits, or None
//	splitnport(host, defport=-1) -> (host, port)   port an int, None if not one
//	splitquery(url) -> (path, query)       at the last "?"; (url, None)
//	splittag(url) -> (path, tag)           at the last "#"; (url, None)
//	splitattr(url) -> (path, [attrs])      at each ";"
//	splitvalue(attr) -> (name, value)      at the first "="; (attr, None)
//	unwrap(url)                            "<URL:x>" -> "x"
//	to_bytes(url)                          url, checked to be ASCII
//
// Python 3 warns (DeprecationWarning) when the main script calls one of
// them; pyasync does not.
func urlSplitters() map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	pair := func(a, b starlark.Value) starlark.Tuple { return starlark.Tuple{a, b} }
	str := func(s string) starlark.Value { return starlark.String(s) }
	orNone := func(s string, ok bool) starlark.Value {
		if ok {
			return starlark.String(s)
		}
		return starlark.None
	}
	one := func(name, method string, fn func(s string) starlark.Value) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			s, ok := v.(starlark.String)
			if !ok {
				if _, isBytes := v.(starlark.Bytes); isBytes {
					return nil, pyerr.Errorf("TypeError", "a bytes-like object is required, not 'str'")
				}
				if method == "re" {
					return nil, pyerr.Errorf("TypeError", "expected string or bytes-like object, got '%s'", PyType(v))
				}
				return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute '%s'", PyType(v), method)
			}
			return fn(string(s)), nil
		}
	}
	return map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
		"splittype": one("splittype", "re", func(url string) starlark.Value {
			// ([^/:]+):(.*)
			i := strings.IndexAny(url, "/:")
			if i > 0 && url[i] == ':' {
				return pair(str(asciiLower(url[:i])), str(url[i+1:]))
			}
			return pair(starlark.None, str(url))
		}),
		"splithost": one("splithost", "re", func(url string) starlark.Value {
			// //([^/#?]*)(.*)
			if !strings.HasPrefix(url, "//") {
				return pair(starlark.None, str(url))
			}
			rest := url[2:]
			i := strings.IndexAny(rest, "/#?")
			if i < 0 {
				i = len(rest)
			}
			host, path := rest[:i], rest[i:]
			if path != "" && path[0] != '/' {
				path = "/" + path
			}
			return pair(str(host), str(path))
		}),
		"splituser": one("splituser", "rpartition", func(host string) starlark.Value {
			i := strings.LastIndexByte(host, '@')
			if i < 0 {
				return pair(starlark.None, str(host))
			}
			return pair(str(host[:i]), str(host[i+1:]))
		}),
		"splitpasswd": one("splitpasswd", "partition", func(user string) starlark.Value {
			u, p, ok := strings.Cut(user, ":")
			return pair(str(u), orNone(p, ok))
		}),
		"splitport": one("splitport", "re", func(host string) starlark.Value {
			// (.*):([0-9]*) in full; with no digits, Python still
			// gives the host without its ":"
			i := strings.LastIndexByte(host, ':')
			if i >= 0 && strings.Trim(host[i+1:], "0123456789") == "" {
				if i+1 < len(host) {
					return pair(str(host[:i]), str(host[i+1:]))
				}
				host = host[:i]
			}
			return pair(str(host), starlark.None)
		}),
		"splitquery": one("splitquery", "rpartition", func(url string) starlark.Value {
			i := strings.LastIndexByte(url, '?')
			if i < 0 {
				return pair(str(url), starlark.None)
			}
			return pair(str(url[:i]), str(url[i+1:]))
		}),
		"splittag": one("splittag", "rpartition", func(url string) starlark.Value {
			i := strings.LastIndexByte(url, '#')
			if i < 0 {
				return pair(str(url), starlark.None)
			}
			return pair(str(url[:i]), str(url[i+1:]))
		}),
		"splitattr": one("splitattr", "split", func(url string) starlark.Value {
			words := strings.Split(url, ";")
			var attrs []starlark.Value
			for _, w := range words[1:] {
				attrs = append(attrs, str(w))
			}
			return pair(str(words[0]), starlark.NewList(attrs))
		}),
		"splitvalue": one("splitvalue", "partition", func(attr string) starlark.Value {
			a, v, ok := strings.Cut(attr, "=")
			return pair(str(a), orNone(v, ok))
		}),
		"splitnport": splitnport,
		"unwrap":     unwrap,
		"to_bytes":   toBytes,
	}
}

// splitnport(host, defport=-1): the port after the last ":" as an int
// (None when it is not digits), defport when there is no ":" or no port.
func splitnport(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var defport starlark.Value = starlark.MakeInt(-1)
	if err := starlark.UnpackArgs("splitnport", args, kwargs, "host", &v, "defport?", &defport); err != nil {
		return nil, err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'rpartition'", PyType(v))
	}
	host := string(s)
	i := strings.LastIndexByte(host, ':')
	if i < 0 {
		return starlark.Tuple{s, defport}, nil
	}
	port := host[i+1:]
	if port == "" {
		return starlark.Tuple{starlark.String(host[:i]), defport}, nil
	}
	if strings.Trim(port, "0123456789") != "" {
		return starlark.Tuple{starlark.String(host[:i]), starlark.None}, nil
	}
	n, _ := new(big.Int).SetString(port, 10)
	return starlark.Tuple{starlark.String(host[:i]), starlark.MakeBigInt(n)}, nil
}

// to_bytes(url): a str must be ASCII (UnicodeError otherwise); any
// other value comes back as it is.
func toBytes(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("to_bytes", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	if s, ok := v.(starlark.String); ok {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return nil, pyerr.Errorf("UnicodeError", "URL %s contains non-ASCII characters", pyReprStr(string(s)))
			}
		}
	}
	return v, nil
}

// unwrap(url): "<URL:scheme://host/path>" is "scheme://host/path"; any
// other string comes back stripped.
func unwrap(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("unwrap", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	url := strings.TrimFunc(pyStr(v), pyIsSpace)
	if strings.HasPrefix(url, "<") && strings.HasSuffix(url, ">") && len(url) >= 2 {
		url = strings.TrimFunc(url[1:len(url)-1], pyIsSpace)
	}
	if strings.HasPrefix(url, "URL:") {
		url = strings.TrimFunc(url[4:], pyIsSpace)
	}
	return starlark.String(url), nil
}
