package modules

import (
	"compress/gzip"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"math/big"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyvalue"
)

// NewXMLRPC makes the xmlrpc package, whose client module is
// xmlrpc.client.
func NewXMLRPC() *Lazy {
	return NewLazy("xmlrpc", func() starlark.StringDict {
		return starlark.StringDict{"client": NewXMLRPCClient()}
	})
}

// NewXMLRPCClient makes xmlrpc.client (Python 2's xmlrpclib), CPython
// 3.11's XML-RPC marshalling and client:
//
//	dumps(params, methodname=None, methodresponse=None, encoding=None, allow_none=False)
//	loads(data, use_datetime=False, use_builtin_types=False) -> (params, methodname)
//	ServerProxy(uri, transport=None, encoding=None, verbose=False, allow_none=False,
//	            use_datetime=False, use_builtin_types=False) (Server): proxy.method(*args)
//	Fault(faultCode, faultString), ProtocolError(url, errcode, errmsg, headers),
//	ResponseError, Error
//	Binary(data=b""), DateTime(value=0), Boolean and boolean (bool), escape(s)
//	MAXINT, MININT, PARSE_ERROR, SERVER_ERROR, APPLICATION_ERROR, SYSTEM_ERROR,
//	TRANSPORT_ERROR, NOT_WELLFORMED_ERROR, UNSUPPORTED_ENCODING,
//	INVALID_ENCODING_CHAR, INVALID_XMLRPC, METHOD_NOT_FOUND,
//	INVALID_METHOD_PARAMS, INTERNAL_ERROR
//
// A pyasync str is marshalled as <string>, bytes as <base64>. Malformed
// XML is a ResponseError (Python raises expat's ExpatError). ServerProxy
// speaks HTTP (not HTTPS), on a blocking connection; the objects of a
// program's classes are not marshalled as structs.
func NewXMLRPCClient() *Lazy {
	return NewLazy("xmlrpc.client", func() starlark.StringDict {
		m := starlark.StringDict{
			"dumps":         starlark.NewBuiltin("dumps", xmlrpcDumps),
			"loads":         starlark.NewBuiltin("loads", xmlrpcLoads),
			"escape":        starlark.NewBuiltin("escape", xmlrpcEscape),
			"ServerProxy":   starlark.NewBuiltin("ServerProxy", newServerProxy),
			"Server":        starlark.NewBuiltin("Server", newServerProxy),
			"Error":         xmlrpcError(),
			"Fault":         xmlrpcFault(),
			"ProtocolError": xmlrpcProtocolError(),
			"ResponseError": xmlrpcResponseError(),
			"Binary":        xmlrpcBinary,
			"DateTime":      xmlrpcDateTime,
			"MAXINT":        starlark.MakeInt64(math.MaxInt32),
			"MININT":        starlark.MakeInt64(math.MinInt32),
		}
		for name, code := range map[string]int{
			"PARSE_ERROR": -32700, "SERVER_ERROR": -32600, "APPLICATION_ERROR": -32500, "SYSTEM_ERROR": -32400,
			"TRANSPORT_ERROR": -32300, "NOT_WELLFORMED_ERROR": -32700, "UNSUPPORTED_ENCODING": -32701,
			"INVALID_ENCODING_CHAR": -32702, "INVALID_XMLRPC": -32600, "METHOD_NOT_FOUND": -32601,
			"INVALID_METHOD_PARAMS": -32602, "INTERNAL_ERROR": -32603,
		} {
			m[name] = starlark.MakeInt(code)
		}
		m["Boolean"], m["boolean"] = boolBuiltin, boolBuiltin
		return m
	})
}

var boolBuiltin = starlark.Universe["bool"]

var (
	xmlrpcError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Error", "xmlrpc.client", []*class.Class{exceptions.Class("Exception")}, Methods(map[string]class.MethodFunc{
			"__str__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return starlark.String(Repr(self)), nil
			},
		}))
	})
	xmlrpcResponseError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("ResponseError", "xmlrpc.client", []*class.Class{xmlrpcError()}, nil)
	})
	xmlrpcFault = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("Fault", "xmlrpc.client", []*class.Class{xmlrpcError()}, Methods(map[string]class.MethodFunc{
			"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				e, err := Instance("Fault.__init__", self)
				if err != nil {
					return nil, err
				}
				var code, text starlark.Value
				var known []starlark.Tuple
				for _, kv := range kwargs { // **extra is taken and dropped
					if k := string(kv[0].(starlark.String)); k == "faultCode" || k == "faultString" {
						known = append(known, kv)
					}
				}
				if err := starlark.UnpackArgs("Fault", args, known, "faultCode", &code, "faultString", &text); err != nil {
					return nil, err
				}
				e.SetAttr("args", starlark.Tuple{})
				e.SetAttr("faultCode", code)
				e.SetAttr("faultString", text)
				return starlark.None, nil
			},
			"__repr__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				e, err := Instance("Fault.__repr__", self)
				if err != nil {
					return nil, err
				}
				code, text := attr(e, "faultCode", starlark.None), attr(e, "faultString", starlark.None)
				return starlark.String(fmt.Sprintf("<%s %s: %s>", e.Class().Name(), pyStr(code), pyReprValue(text))), nil
			},
		}))
	})
	xmlrpcProtocolError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("ProtocolError", "xmlrpc.client", []*class.Class{xmlrpcError()}, Methods(map[string]class.MethodFunc{
			"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				e, err := Instance("ProtocolError.__init__", self)
				if err != nil {
					return nil, err
				}
				var url, code, msg, headers starlark.Value
				if err := starlark.UnpackArgs("ProtocolError", args, kwargs, "url", &url, "errcode", &code, "errmsg", &msg, "headers", &headers); err != nil {
					return nil, err
				}
				e.SetAttr("args", starlark.Tuple{})
				e.SetAttr("url", url)
				e.SetAttr("errcode", code)
				e.SetAttr("errmsg", msg)
				e.SetAttr("headers", headers)
				return starlark.None, nil
			},
			"__repr__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				e, err := Instance("ProtocolError.__repr__", self)
				if err != nil {
					return nil, err
				}
				url, code, msg := attr(e, "url", starlark.None), attr(e, "errcode", starlark.None), attr(e, "errmsg", starlark.None)
				return starlark.String(fmt.Sprintf("<%s for %s: %s %s>", e.Class().Name(), pyStr(url), pyStr(code), pyStr(msg))), nil
			},
		}))
	})
)

// xmlrpcBinary and xmlrpcDateTime are Binary and DateTime, made by
// init (their methods name them).
var xmlrpcBinary, xmlrpcDateTime *class.Class

func init() {
	xmlrpcBinary = class.MustNewBuiltin("Binary", "xmlrpc.client", []*class.Class{class.Object}, Methods(map[string]class.MethodFunc{
		"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			e, err := Instance("Binary.__init__", self)
			if err != nil {
				return nil, err
			}
			var data starlark.Value = starlark.None
			if err := starlark.UnpackArgs("Binary", args, kwargs, "data?", &data); err != nil {
				return nil, err
			}
			switch d := data.(type) {
			case starlark.NoneType:
				data = starlark.String("")
			case starlark.String, starlark.Bytes:
			default:
				return nil, pyerr.Errorf("TypeError", "expected bytes or bytearray, not %s", PyType(d))
			}
			e.SetAttr("data", data)
			return starlark.None, nil
		},
		"__str__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return GetAttr(self, "data")
		},
		"__eq__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var other starlark.Value
			if err := starlark.UnpackPositionalArgs("__eq__", args, kwargs, 1, &other); err != nil {
				return nil, err
			}
			e, err := Instance("__eq__", self)
			if err != nil {
				return nil, err
			}
			a := attr(e, "data", starlark.None)
			if o, ok := other.(*class.Instance); ok && o.Class().IsSubclass(xmlrpcBinary) {
				other, _ = o.Attr("data")
			}
			return starlark.Bool(rawText(a) == rawText(other)), nil
		},
	}))
	xmlrpcDateTime = class.MustNewBuiltin("DateTime", "xmlrpc.client", []*class.Class{class.Object}, Methods(map[string]class.MethodFunc{
		"__init__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			e, err := Instance("DateTime.__init__", self)
			if err != nil {
				return nil, err
			}
			var v starlark.Value = starlark.MakeInt(0)
			if err := starlark.UnpackArgs("DateTime", args, kwargs, "value?", &v); err != nil {
				return nil, err
			}
			s, err := xmlrpcTime(v)
			if err != nil {
				return nil, err
			}
			e.SetAttr("value", s)
			return starlark.None, nil
		},
		"__str__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return GetAttr(self, "value")
		},
		"__repr__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			e, err := Instance("DateTime.__repr__", self)
			if err != nil {
				return nil, err
			}
			return starlark.String(fmt.Sprintf("<DateTime %s at %#x>", pyReprValue(attr(e, "value", starlark.None)), e.ID())), nil
		},
		"__eq__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var other starlark.Value
			if err := starlark.UnpackPositionalArgs("__eq__", args, kwargs, 1, &other); err != nil {
				return nil, err
			}
			e, err := Instance("__eq__", self)
			if err != nil {
				return nil, err
			}
			a := attr(e, "value", starlark.None)
			if o, ok := other.(*class.Instance); ok && o.Class().IsSubclass(xmlrpcDateTime) {
				other, _ = o.Attr("value")
			}
			return starlark.Bool(pyStr(a) == pyStr(other)), nil
		},
	}))
}

// rawText is the text of a str or bytes value as it is (another
// value: its str()).
func rawText(v starlark.Value) string {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case starlark.Bytes:
		return string(v)
	}
	return pyStr(v)
}

// xmlrpcTime is DateTime's value: a str as it is, or a time (seconds
// since the epoch, 0 for now, or a time tuple) as "YYYYMMDDTHH:MM:SS"
// in local time.
func xmlrpcTime(v starlark.Value) (starlark.Value, error) {
	switch v := v.(type) {
	case starlark.String:
		return v, nil
	case starlark.Tuple:
		if len(v) < 6 {
			return nil, pyerr.Errorf("TypeError", "not enough arguments for format string")
		}
		var f [6]int
		for i := range f {
			n, err := starlark.AsInt32(v[i])
			if err != nil {
				return nil, pyerr.Errorf("TypeError", "%%d format: a real number is required, not %s", PyType(v[i]))
			}
			f[i] = n
		}
		return starlark.String(fmt.Sprintf("%04d%02d%02dT%02d:%02d:%02d", f[0], f[1], f[2], f[3], f[4], f[5])), nil
	}
	secs, ok := starlark.AsFloat(v)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as a time", PyType(v))
	}
	t := time.Now()
	if secs != 0 {
		t = time.Unix(0, int64(secs*1e9))
	}
	return starlark.String(t.Format("20060102T15:04:05")), nil
}

func xmlrpcEscape(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s string
	if err := starlark.UnpackPositionalArgs("escape", args, kwargs, 1, &s); err != nil {
		return nil, err
	}
	return starlark.String(xmlEscaper.Replace(s)), nil
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// marshaller writes values as XML-RPC.
type marshaller struct {
	b         strings.Builder
	allowNone bool
	seen      map[starlark.Value]bool // the lists and dicts being written, to refuse a cycle
}

func (m *marshaller) value(v starlark.Value) error {
	switch v := v.(type) {
	case starlark.NoneType:
		if !m.allowNone {
			return pyerr.Errorf("TypeError", "cannot marshal None unless allow_none is enabled")
		}
		m.b.WriteString("<value><nil/></value>")
	case starlark.Bool:
		n := 0
		if v {
			n = 1
		}
		fmt.Fprintf(&m.b, "<value><boolean>%d</boolean></value>\n", n)
	case starlark.Int:
		n, ok := v.Int64()
		if !ok || n > math.MaxInt32 || n < math.MinInt32 {
			return pyerr.Errorf("OverflowError", "int exceeds XML-RPC limits")
		}
		fmt.Fprintf(&m.b, "<value><int>%d</int></value>\n", n)
	case starlark.Float:
		fmt.Fprintf(&m.b, "<value><double>%s</double></value>\n", pyvalue.FloatRepr(float64(v)))
	case starlark.String:
		fmt.Fprintf(&m.b, "<value><string>%s</string></value>\n", xmlEscaper.Replace(string(v)))
	case starlark.Bytes:
		m.base64(string(v))
	case *starlark.List, starlark.Tuple:
		if l, ok := v.(*starlark.List); ok { // a tuple holds itself only through a list
			if m.seen[l] {
				return pyerr.Errorf("TypeError", "cannot marshal recursive sequences")
			}
			m.seen[l] = true
			defer delete(m.seen, l)
		}
		m.b.WriteString("<value><array><data>\n")
		seq := v.(starlark.Indexable)
		for i := 0; i < seq.Len(); i++ {
			if err := m.value(seq.Index(i)); err != nil {
				return err
			}
		}
		m.b.WriteString("</data></array></value>\n")
	case *starlark.Dict:
		if m.seen[v] {
			return pyerr.Errorf("TypeError", "cannot marshal recursive dictionaries")
		}
		m.seen[v] = true
		m.b.WriteString("<value><struct>\n")
		for _, kv := range v.Items() {
			k, ok := kv[0].(starlark.String)
			if !ok {
				return pyerr.Errorf("TypeError", "dictionary key must be string")
			}
			fmt.Fprintf(&m.b, "<member>\n<name>%s</name>\n", xmlEscaper.Replace(string(k)))
			if err := m.value(kv[1]); err != nil {
				return err
			}
			m.b.WriteString("</member>\n")
		}
		m.b.WriteString("</struct></value>\n")
		delete(m.seen, v)
	case *class.Instance:
		switch {
		case v.Class().IsSubclass(xmlrpcBinary):
			data, _ := v.Attr("data")
			m.base64(rawText(data))
		case v.Class().IsSubclass(xmlrpcDateTime):
			val, _ := v.Attr("value")
			fmt.Fprintf(&m.b, "<value><dateTime.iso8601>%s</dateTime.iso8601></value>\n", pyStr(val))
		default:
			return pyerr.Errorf("TypeError", "cannot marshal <class '%s'> objects", v.Class().QualName())
		}
	default:
		return pyerr.Errorf("TypeError", "cannot marshal <class '%s'> objects", PyType(v))
	}
	return nil
}

// base64 writes data as Python's encodebytes does: lines of 76
// characters, each ended by "\n".
func (m *marshaller) base64(data string) {
	enc := base64.StdEncoding.EncodeToString([]byte(data))
	m.b.WriteString("<value><base64>\n")
	for len(enc) > 76 {
		m.b.WriteString(enc[:76] + "\n")
		enc = enc[76:]
	}
	if enc != "" {
		m.b.WriteString(enc + "\n")
	}
	m.b.WriteString("</base64></value>\n")
}

func xmlrpcDumps(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var params, methodname, methodresponse, encoding starlark.Value = nil, starlark.None, starlark.None, starlark.None
	allowNone := false
	if err := starlark.UnpackArgs("dumps", args, kwargs, "params", &params, "methodname?", &methodname,
		"methodresponse?", &methodresponse, "encoding?", &encoding, "allow_none?", &allowNone); err != nil {
		return nil, err
	}
	s, err := dumpsText(params, methodname, methodresponse.Truth() == starlark.True, encoding, allowNone)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

// dumpsText is dumps.
func dumpsText(params, methodname starlark.Value, response bool, encoding starlark.Value, allowNone bool) (string, error) {
	m := &marshaller{allowNone: allowNone, seen: map[starlark.Value]bool{}}
	fault, isFault := params.(*class.Instance)
	isFault = isFault && fault.Class().IsSubclass(xmlrpcFault())
	tuple, isTuple := params.(starlark.Tuple)
	switch {
	case isFault:
		response = true
		code, _ := fault.Attr("faultCode")
		text, _ := fault.Attr("faultString")
		d := starlark.NewDict(2)
		d.SetKey(starlark.String("faultCode"), code)
		d.SetKey(starlark.String("faultString"), text)
		m.b.WriteString("<fault>\n")
		if err := m.value(d); err != nil {
			return "", err
		}
		m.b.WriteString("</fault>\n")
	case !isTuple:
		return "", pyerr.Errorf("AssertionError", "argument must be tuple or Fault instance")
	default:
		if response && len(tuple) != 1 {
			return "", pyerr.Errorf("AssertionError", "response tuple must be a singleton")
		}
		m.b.WriteString("<params>\n")
		for _, p := range tuple {
			m.b.WriteString("<param>\n")
			if err := m.value(p); err != nil {
				return "", err
			}
			m.b.WriteString("</param>\n")
		}
		m.b.WriteString("</params>\n")
	}
	header := "<?xml version='1.0'?>\n"
	if enc, ok := encoding.(starlark.String); ok && enc != "" && enc != "utf-8" {
		header = "<?xml version='1.0' encoding='" + string(enc) + "'?>\n"
	}
	switch {
	case methodname != starlark.None && methodname.Truth() == starlark.True:
		return header + "<methodCall>\n<methodName>" + pyStr(methodname) + "</methodName>\n" + m.b.String() + "</methodCall>\n", nil
	case response:
		return header + "<methodResponse>\n" + m.b.String() + "</methodResponse>\n", nil
	}
	return m.b.String(), nil
}

func xmlrpcLoads(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	var useDatetime, useBuiltin bool
	if err := starlark.UnpackArgs("loads", args, kwargs, "data", &data, "use_datetime?", &useDatetime, "use_builtin_types?", &useBuiltin); err != nil {
		return nil, err
	}
	var text string
	switch d := data.(type) {
	case starlark.String:
		text = string(d)
	case starlark.Bytes:
		text = string(d)
	default:
		return nil, pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", PyType(data))
	}
	params, method, err := loadsText(th, text, useBuiltin)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{params, method}, nil
}

// xmlNode is an element of an XML-RPC document.
type xmlNode struct {
	name string
	text string
	kids []*xmlNode
}

// parseXML reads a document into its tree of elements.
func parseXML(text string) (*xmlNode, error) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = true
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []*xmlNode
	var root *xmlNode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, raiseNew(xmlrpcResponseError(), starlark.String("malformed XML: "+err.Error()))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xmlNode{name: t.Name.Local}
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.kids = append(top.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(t)
			}
		}
	}
	if root == nil {
		return nil, raiseNew(xmlrpcResponseError(), starlark.String("no element found"))
	}
	return root, nil
}

// loadsText is loads: the params (a tuple) and the method's name (None
// in a response); a fault response raises Fault.
func loadsText(th *starlark.Thread, text string, builtin bool) (starlark.Value, starlark.Value, error) {
	root, err := parseXML(text)
	if err != nil {
		return nil, nil, err
	}
	var method starlark.Value = starlark.None
	var params []starlark.Value
	kind := ""
	var walk func(n *xmlNode) error
	walk = func(n *xmlNode) error {
		switch n.name {
		case "methodName":
			method = starlark.String(n.text)
		case "params":
			kind = "params"
			for _, p := range n.kids {
				for _, v := range p.kids {
					if v.name == "value" {
						x, err := xmlValue(v, builtin)
						if err != nil {
							return err
						}
						params = append(params, x)
					}
				}
			}
			return nil
		case "fault":
			kind = "fault"
			for _, v := range n.kids {
				if v.name == "value" {
					x, err := xmlValue(v, builtin)
					if err != nil {
						return err
					}
					params = append(params, x)
				}
			}
			return nil
		}
		for _, k := range n.kids {
			if err := walk(k); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(root); err != nil {
		return nil, nil, err
	}
	switch kind {
	case "":
		return nil, nil, raiseNew(xmlrpcResponseError())
	case "fault":
		d, ok := params[0].(*starlark.Dict)
		if len(params) != 1 || !ok {
			return nil, nil, raiseNew(xmlrpcResponseError())
		}
		var kwargs []starlark.Tuple
		for _, kv := range d.Items() {
			kwargs = append(kwargs, starlark.Tuple{kv[0], kv[1]})
		}
		f, err := starlark.Call(th, xmlrpcFault(), nil, kwargs)
		if err != nil {
			return nil, nil, err
		}
		return nil, nil, exceptions.Err(f.(*class.Instance))
	}
	return starlark.Tuple(params), method, nil
}

// xmlValue reads a <value> element.
func xmlValue(v *xmlNode, builtin bool) (starlark.Value, error) {
	if len(v.kids) == 0 {
		return starlark.String(v.text), nil // a bare value is a string
	}
	t := v.kids[0]
	switch t.name {
	case "int", "i4", "i8", "i1", "i2", "biginteger":
		n, ok := new(big.Int).SetString(strings.TrimSpace(t.text), 10)
		if !ok {
			return nil, pyerr.Errorf("ValueError", "invalid literal for int() with base 10: %s", pyReprStr(t.text))
		}
		return starlark.MakeBigInt(n), nil
	case "boolean":
		switch t.text {
		case "0":
			return starlark.False, nil
		case "1":
			return starlark.True, nil
		}
		return nil, pyerr.Errorf("TypeError", "bad boolean value")
	case "string":
		return starlark.String(t.text), nil
	case "double", "float":
		f, err := strconv.ParseFloat(strings.TrimSpace(t.text), 64)
		if err != nil {
			return nil, pyerr.Errorf("ValueError", "could not convert string to float: %s", pyReprStr(t.text))
		}
		return starlark.Float(f), nil
	case "nil":
		return starlark.None, nil
	case "base64":
		data, err := base64.StdEncoding.DecodeString(strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
				return -1
			}
			return r
		}, t.text))
		if err != nil {
			return nil, pyerr.Errorf("binascii.Error", "Incorrect padding")
		}
		if builtin {
			return starlark.Bytes(data), nil
		}
		inst := class.NewInstance(xmlrpcBinary)
		inst.SetAttr("data", starlark.String(data))
		return inst, nil
	case "dateTime.iso8601":
		inst := class.NewInstance(xmlrpcDateTime)
		inst.SetAttr("value", starlark.String(t.text))
		return inst, nil
	case "array":
		var items []starlark.Value
		for _, d := range t.kids {
			for _, x := range d.kids {
				if x.name == "value" {
					v, err := xmlValue(x, builtin)
					if err != nil {
						return nil, err
					}
					items = append(items, v)
				}
			}
		}
		return starlark.NewList(items), nil
	case "struct":
		d := starlark.NewDict(len(t.kids))
		for _, member := range t.kids {
			var name string
			var val starlark.Value = starlark.None
			for _, x := range member.kids {
				switch x.name {
				case "name":
					name = x.text
				case "value":
					v, err := xmlValue(x, builtin)
					if err != nil {
						return nil, err
					}
					val = v
				}
			}
			d.SetKey(starlark.String(name), val)
		}
		return d, nil
	}
	return nil, pyerr.Errorf("xmlrpc.client.ResponseError", "unknown tag %s", pyReprStr(t.name))
}

// serverProxy is a ServerProxy: calling one of its attributes calls
// that method on the server (proxy.system.listMethods() too).
type serverProxy struct {
	host, handler      string
	encoding           starlark.Value
	allowNone, builtin bool
	method             string // for a dotted name's proxy: the name so far
}

var _ starlark.HasAttrs = (*serverProxy)(nil)

func newServerProxy(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var uri string
	var transport, encoding, verbose, headers, context starlark.Value = starlark.None, starlark.None, starlark.False, starlark.Tuple{}, starlark.None
	var allowNone, useDatetime, useBuiltin bool
	if err := starlark.UnpackArgs("ServerProxy", args, kwargs, "uri", &uri, "transport?", &transport, "encoding?", &encoding,
		"verbose?", &verbose, "allow_none?", &allowNone, "use_datetime?", &useDatetime, "use_builtin_types?", &useBuiltin,
		"headers?", &headers, "context?", &context); err != nil {
		return nil, err
	}
	scheme, rest, ok := strings.Cut(uri, "://")
	scheme = strings.ToLower(scheme)
	if !ok || scheme != "http" && scheme != "https" {
		return nil, pyerr.Errorf("OSError", "unsupported XML-RPC protocol")
	}
	if scheme == "https" {
		return nil, pyerr.Errorf("NotImplementedError", "ServerProxy: pyasync's xmlrpc.client speaks http only")
	}
	host, handler, _ := strings.Cut(rest, "/")
	handler = "/" + handler
	if handler == "/" {
		handler = "/RPC2"
	}
	return &serverProxy{host: host, handler: handler, encoding: encoding, allowNone: allowNone, builtin: useBuiltin}, nil
}

func (p *serverProxy) String() string {
	return fmt.Sprintf("<ServerProxy for %s%s>", p.host, p.handler)
}
func (p *serverProxy) Type() string         { return "ServerProxy" }
func (p *serverProxy) Freeze()              {}
func (p *serverProxy) Truth() starlark.Bool { return true }
func (p *serverProxy) Hash() (uint32, error) {
	return 0, pyerr.Errorf("TypeError", "unhashable type: 'ServerProxy'")
}
func (p *serverProxy) AttrNames() []string { return nil }

// Attr is a proxy for the method name (or the next part of a dotted one).
func (p *serverProxy) Attr(name string) (starlark.Value, error) {
	q := *p
	if q.method != "" {
		q.method += "." + name
	} else {
		q.method = name
	}
	return &q, nil
}

var _ starlark.Callable = (*serverProxy)(nil)

func (p *serverProxy) Name() string { return p.method }

// CallInternal calls the method on the server: its result, or the
// Fault it answers with, or ProtocolError for an HTTP status other than
// 200.
func (p *serverProxy) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if p.method == "" {
		return nil, pyerr.Errorf("TypeError", "'ServerProxy' object is not callable")
	}
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "%s: XML-RPC methods take no keyword arguments", p.method)
	}
	body, err := dumpsText(args, starlark.String(p.method), false, p.encoding, p.allowNone)
	if err != nil {
		return nil, err
	}
	data, err := p.post(th, body)
	if err != nil {
		return nil, err
	}
	params, _, err := loadsText(th, string(data), p.builtin)
	if err != nil {
		return nil, err
	}
	if t := params.(starlark.Tuple); len(t) == 1 {
		return t[0], nil
	}
	return params, nil
}

// xmlrpcHTTPConnection is the http.client.HTTPConnection class a
// ServerProxy posts its calls with, as CPython's Transport does.
var xmlrpcHTTPConnection = sync.OnceValue(func() *class.Class { return newHTTPConnectionClass(io.Discard) })

// post sends a call's XML to the server as CPython's
// Transport.single_request does (a connection of its own, the same
// request head) and returns the response's body, inflated if it came
// gzipped, or raises ProtocolError for a status other than 200.
func (p *serverProxy) post(th *starlark.Thread, body string) (string, error) {
	conn, err := starlark.Call(th, xmlrpcHTTPConnection(), starlark.Tuple{starlark.String(p.host)}, nil)
	if err != nil {
		return "", err
	}
	// on calls a method of the connection or of its response
	on := func(obj starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
		return call(th, obj.(*class.Instance), name, args, nil)
	}
	defer on(conn, "close")
	skipAcceptEncoding := []starlark.Tuple{{starlark.String("skip_accept_encoding"), starlark.True}}
	if _, err := call(th, conn.(*class.Instance), "putrequest", starlark.Tuple{starlark.String("POST"), starlark.String(p.handler)}, skipAcceptEncoding); err != nil {
		return "", err
	}
	steps := []struct {
		name string
		args starlark.Tuple
	}{
		{"putheader", starlark.Tuple{starlark.String("Accept-Encoding"), starlark.String("gzip")}},
		{"putheader", starlark.Tuple{starlark.String("Content-Type"), starlark.String("text/xml")}},
		{"putheader", starlark.Tuple{starlark.String("User-Agent"), starlark.String("Python-xmlrpc/3.11")}},
		{"putheader", starlark.Tuple{starlark.String("Content-Length"), starlark.String(strconv.Itoa(len(body)))}},
		{"endheaders", starlark.Tuple{starlark.String(body)}},
	}
	for _, s := range steps {
		if _, err := on(conn, s.name, s.args...); err != nil {
			return "", err
		}
	}
	rv, err := on(conn, "getresponse")
	if err != nil {
		return "", err
	}
	resp := rv.(*class.Instance)
	data, err := on(resp, "read")
	if err != nil {
		return "", err
	}
	status, _ := starlark.AsInt32(attr(resp, "status", starlark.MakeInt(0)))
	if status != 200 {
		pairs, err := on(resp, "getheaders")
		if err != nil {
			return "", err
		}
		headers := new(starlark.Dict)
		if l, ok := pairs.(*starlark.List); ok {
			for i := 0; i < l.Len(); i++ {
				if kv, ok := l.Index(i).(starlark.Tuple); ok && len(kv) == 2 {
					headers.SetKey(kv[0], kv[1])
				}
			}
		}
		v, err := starlark.Call(th, xmlrpcProtocolError(), starlark.Tuple{starlark.String(p.host + p.handler), starlark.MakeInt(status), attr(resp, "reason", starlark.String("")), headers}, nil)
		if err != nil {
			return "", err
		}
		return "", exceptions.Err(v.(*class.Instance))
	}
	text, _ := starlark.AsString(data)
	if enc, err := on(resp, "getheader", starlark.String("Content-Encoding"), starlark.String("")); err == nil && enc == starlark.String("gzip") {
		r, err := gzip.NewReader(strings.NewReader(text))
		if err != nil {
			return "", pyerr.Errorf("OSError", "invalid data stream")
		}
		b, err := io.ReadAll(r)
		if err != nil {
			return "", pyerr.Errorf("OSError", "invalid data stream")
		}
		text = string(b)
	}
	return text, nil
}
