package modules

import (
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// httpMessage is the state of http.client's HTTPMessage: the header
// fields of a response, in order, as Python's email parser reads them (compat32):
// a field's value is what follows its colon, leading white space
// removed, continuation lines kept with their line ends; a line that is
// neither a field nor a continuation ends the fields, and it and what
// follows are the message's payload.
//
//	get(name, failobj=None), get_all(name, failobj=None), items(),
//	keys(), values(), msg[name] (None when absent), name in msg, len(msg),
//	for name in msg, str(msg)
type httpMessage struct {
	fields  [][2]string
	payload string
}

// parseHTTPHeaders reads the lines of a response's header block (each
// with its line end; the last is the empty line or the end of input).
func parseHTTPHeaders(lines []string) *httpMessage {
	m := &httpMessage{}
	var name string
	var value []string
	flush := func() {
		if name != "" || value != nil {
			v := strings.Join(value, "")
			v = strings.TrimRight(v, "\r\n")
			m.fields = append(m.fields, [2]string{name, v})
		}
		name, value = "", nil
	}
	for i, line := range lines {
		if line == "\r\n" || line == "\n" || line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if value != nil {
				value = append(value, line)
			}
			continue // a continuation with no field before it is dropped
		}
		colon := strings.IndexByte(line, ':')
		if colon < 0 || !isFieldName(line[:colon]) {
			flush()
			m.payload = strings.Join(lines[i:], "")
			return m
		}
		flush()
		if colon == 0 {
			continue // no name: dropped
		}
		name, value = line[:colon], []string{strings.TrimLeft(line[colon+1:], " \t")}
	}
	flush()
	return m
}

// isFieldName reports whether s is made of printable ASCII other than
// space and ":".
func isFieldName(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e || s[i] == ':' {
			return false
		}
	}
	return true
}

func (m *httpMessage) all(name string) []starlark.Value {
	var out []starlark.Value
	for _, f := range m.fields {
		if strings.EqualFold(f[0], name) {
			out = append(out, starlark.String(f[1]))
		}
	}
	return out
}

func (m *httpMessage) String() string {
	var b strings.Builder
	for _, f := range m.fields {
		fmt.Fprintf(&b, "%s: %s\n", f[0], strings.ReplaceAll(f[1], "\r\n", "\n"))
	}
	b.WriteString("\n")
	b.WriteString(strings.ReplaceAll(m.payload, "\r\n", "\n"))
	return b.String()
}

// newHTTPMessage is an HTTPMessage instance holding m.
func newHTTPMessage(m *httpMessage) *class.Instance {
	inst := class.NewInstance(httpMessageClass())
	inst.Native = m
	return inst
}

func messageOf(fn string, self starlark.Value) (*httpMessage, error) {
	inst, err := Instance("HTTPMessage."+fn, self)
	if err != nil {
		return nil, err
	}
	m, ok := inst.Native.(*httpMessage)
	if !ok {
		m = &httpMessage{}
		inst.Native = m
	}
	return m, nil
}

func strs(xs []string) starlark.Value {
	out := make([]starlark.Value, len(xs))
	for i, x := range xs {
		out[i] = starlark.String(x)
	}
	return starlark.NewList(out)
}

// httpMessageClass() is HTTPMessage, a class (so that isinstance and
// subclasses work) whose instances made here hold a parsed header block.
var httpMessageClass = sync.OnceValue(func() *class.Class {
	return class.MustNewBuiltin("HTTPMessage", "http.client", []*class.Class{class.Object}, httpMessageMethods())
})

func httpMessageMethods() starlark.StringDict {
	with := func(name string, fn func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) class.MethodFunc {
		return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			m, err := messageOf(name, self)
			if err != nil {
				return nil, err
			}
			return fn(m, args, kwargs)
		}
	}
	lookup := func(name string) func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var field string
			var failobj starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kwargs, "name", &field, "failobj?", &failobj); err != nil {
				return nil, err
			}
			vs := m.all(field)
			switch {
			case len(vs) == 0:
				return failobj, nil
			case name == "get":
				return vs[0], nil
			}
			return starlark.NewList(vs), nil
		}
	}
	column := func(name string, i int) func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
				return nil, err
			}
			var xs []string
			for _, f := range m.fields {
				xs = append(xs, f[i])
			}
			return strs(xs), nil
		}
	}
	text := func(f func(m *httpMessage) string) func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(f(m)), nil
		}
	}
	return Methods(map[string]class.MethodFunc{
		"get":     with("get", lookup("get")),
		"get_all": with("get_all", lookup("get_all")),
		"keys":    with("keys", column("keys", 0)),
		"values":  with("values", column("values", 1)),
		"items": with("items", func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("items", args, kwargs, 0); err != nil {
				return nil, err
			}
			out := make([]starlark.Value, len(m.fields))
			for i, f := range m.fields {
				out[i] = starlark.Tuple{starlark.String(f[0]), starlark.String(f[1])}
			}
			return starlark.NewList(out), nil
		}),
		"__getitem__": with("__getitem__", func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := starlark.UnpackPositionalArgs("__getitem__", args, kwargs, 1, &name); err != nil {
				return nil, err
			}
			if vs := m.all(name); len(vs) > 0 {
				return vs[0], nil
			}
			return starlark.None, nil
		}),
		"__contains__": with("__contains__", func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name string
			if err := starlark.UnpackPositionalArgs("__contains__", args, kwargs, 1, &name); err != nil {
				return nil, err
			}
			return starlark.Bool(len(m.all(name)) > 0), nil
		}),
		"__len__": with("__len__", func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(len(m.fields)), nil
		}),
		"__iter__": with("__iter__", func(m *httpMessage, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var xs []string
			for _, f := range m.fields {
				xs = append(xs, f[0])
			}
			return strs(xs), nil
		}),
		"__str__":     with("__str__", text((*httpMessage).String)),
		"as_string":   with("as_string", text((*httpMessage).String)),
		"get_payload": with("get_payload", text(func(m *httpMessage) string { return m.payload })),
	})
}
