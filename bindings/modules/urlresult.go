package modules

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// urlResultKind is one of urllib.parse's named tuples.
type urlResultKind struct {
	name   string
	fields []string
	netloc bool // has username, password, hostname, port
}

var (
	splitResult  = &urlResultKind{"SplitResult", []string{"scheme", "netloc", "path", "query", "fragment"}, true}
	parseResult  = &urlResultKind{"ParseResult", []string{"scheme", "netloc", "path", "params", "query", "fragment"}, true}
	defragResult = &urlResultKind{"DefragResult", []string{"url", "fragment"}, false}
)

// urlResult is what urlsplit, urlparse and urldefrag return: a tuple of
// strings (of bytes, when the URL was bytes) whose items are also
// attributes, with username, password, hostname and port read from the
// netloc, geturl() and _replace(**fields), as Python's named tuples.
type urlResult struct {
	kind    *urlResultKind
	values  []string
	isBytes bool
}

var (
	_ starlark.Indexable  = (*urlResult)(nil)
	_ starlark.Sequence   = (*urlResult)(nil)
	_ starlark.HasAttrs   = (*urlResult)(nil)
	_ starlark.Comparable = (*urlResult)(nil)
)

func newURLResult(kind *urlResultKind, values []string, isBytes bool) *urlResult {
	return &urlResult{kind: kind, values: values, isBytes: isBytes}
}

func (r *urlResult) Type() string {
	if r.isBytes {
		return r.kind.name + "Bytes"
	}
	return r.kind.name
}

func (r *urlResult) String() string {
	var b strings.Builder
	b.WriteString(r.Type() + "(")
	for i, f := range r.kind.fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f + "=" + pyReprValue(r.Index(i)))
	}
	b.WriteString(")")
	return b.String()
}

func (r *urlResult) Freeze()              {}
func (r *urlResult) Truth() starlark.Bool { return true }
func (r *urlResult) Len() int             { return len(r.values) }
func (r *urlResult) Index(i int) starlark.Value {
	return urlValue(r.values[i], r.isBytes)
}

func (r *urlResult) tuple() starlark.Tuple {
	t := make(starlark.Tuple, len(r.values))
	for i := range t {
		t[i] = r.Index(i)
	}
	return t
}

func (r *urlResult) Hash() (uint32, error)      { return r.tuple().Hash() }
func (r *urlResult) Iterate() starlark.Iterator { return r.tuple().Iterate() }

func (r *urlResult) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, r.tuple(), y.(*urlResult).tuple(), depth)
}

func (r *urlResult) AttrNames() []string {
	names := append([]string{"_fields", "_replace", "geturl"}, r.kind.fields...)
	if r.kind.netloc {
		names = append(names, "hostname", "password", "port", "username")
	}
	sort.Strings(names)
	return names
}

func (r *urlResult) Attr(name string) (starlark.Value, error) {
	for i, f := range r.kind.fields {
		if f == name {
			return r.Index(i), nil
		}
	}
	switch name {
	case "_fields":
		t := make(starlark.Tuple, len(r.kind.fields))
		for i, f := range r.kind.fields {
			t[i] = starlark.String(f)
		}
		return t, nil
	case "geturl":
		return starlark.NewBuiltin("geturl", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("geturl", args, kwargs, 0); err != nil {
				return nil, err
			}
			return urlValue(r.geturl(), r.isBytes), nil
		}).BindReceiver(r), nil
	case "_replace":
		return starlark.NewBuiltin("_replace", r.replace).BindReceiver(r), nil
	}
	if !r.kind.netloc {
		return nil, nil
	}
	switch name {
	case "username", "password":
		user, pass, hasUser, hasPass := r.userinfo()
		if name == "username" && hasUser {
			return urlValue(user, r.isBytes), nil
		}
		if name == "password" && hasPass {
			return urlValue(pass, r.isBytes), nil
		}
		return starlark.None, nil
	case "hostname":
		host, _, _ := r.hostinfo()
		if host == "" {
			return starlark.None, nil
		}
		host, zone, hasZone := strings.Cut(host, "%")
		if r.isBytes || !utf8.ValidString(host) {
			host = asciiLower(host) // as bytes.lower()
		} else {
			host = strings.ToLower(host)
		}
		if hasZone {
			host += "%" + zone
		}
		return urlValue(host, r.isBytes), nil
	case "port":
		_, port, ok := r.hostinfo()
		if !ok {
			return starlark.None, nil
		}
		n := 0
		for i := 0; i < len(port); i++ {
			if port[i] < '0' || port[i] > '9' {
				return nil, pyerr.Errorf("ValueError", "Port could not be cast to integer value as %s", pyReprValue(urlValue(port, r.isBytes)))
			}
			if n <= 65535 {
				n = n*10 + int(port[i]-'0')
			}
		}
		if n > 65535 {
			return nil, pyerr.Errorf("ValueError", "Port out of range 0-65535")
		}
		return starlark.MakeInt(n), nil
	}
	return nil, nil
}

// netloc is the result's network location.
func (r *urlResult) netloc() string { return r.values[1] }

// userinfo is the user name and password of the netloc, and whether
// each is there.
func (r *urlResult) userinfo() (user, pass string, hasUser, hasPass bool) {
	netloc := r.netloc()
	i := strings.LastIndexByte(netloc, '@')
	if i < 0 {
		return "", "", false, false
	}
	user, pass, hasPass = strings.Cut(netloc[:i], ":")
	return user, pass, true, hasPass
}

// hostinfo is the host and port of the netloc; false when there is no
// port.
func (r *urlResult) hostinfo() (host, port string, hasPort bool) {
	hostinfo := r.netloc()
	if i := strings.LastIndexByte(hostinfo, '@'); i >= 0 {
		hostinfo = hostinfo[i+1:]
	}
	if _, bracketed, open := strings.Cut(hostinfo, "["); open {
		var rest string
		host, rest, _ = strings.Cut(bracketed, "]")
		_, port, _ = strings.Cut(rest, ":")
	} else {
		host, port, _ = strings.Cut(hostinfo, ":")
	}
	return host, port, port != ""
}

// geturl is the URL the parts make again.
func (r *urlResult) geturl() string {
	switch r.kind {
	case splitResult:
		return urlunsplit(r.values)
	case parseResult:
		return urlunparse(r.values)
	}
	if r.values[1] != "" {
		return r.values[0] + "#" + r.values[1]
	}
	return r.values[0]
}

// replace is _replace(**fields): a copy with some fields changed.
func (r *urlResult) replace(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyerr.Errorf("TypeError", "%s._replace() takes 1 positional argument but %d were given", r.kind.name, len(args)+1)
	}
	values := append([]string(nil), r.values...)
	var unknown []string
	for _, kv := range kwargs {
		name := string(kv[0].(starlark.String))
		i := -1
		for j, f := range r.kind.fields {
			if f == name {
				i = j
			}
		}
		if i < 0 {
			unknown = append(unknown, pyReprStr(name))
			continue
		}
		s, isBytes, err := urlStrings(kv[1])
		if err != nil || isBytes != r.isBytes {
			return nil, fmt.Errorf("_replace: %s: got %s, want %s", name, pyType(kv[1]), pyType(r.Index(0)))
		}
		values[i] = s[0]
	}
	if unknown != nil {
		return nil, pyerr.Errorf("ValueError", "Got unexpected field names: [%s]", strings.Join(unknown, ", "))
	}
	return newURLResult(r.kind, values, r.isBytes), nil
}
