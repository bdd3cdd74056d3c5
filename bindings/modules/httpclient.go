package modules

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewHTTP makes the http package, whose client module is http.client.
func NewHTTP(stdout io.Writer) *Lazy {
	return NewLazy("http", func() starlark.StringDict {
		return starlark.StringDict{"client": NewHTTPClient(stdout)}
	})
}

// NewHTTPClient makes http.client (Python 2's httplib), CPython 3.11's
// HTTP/1.1 client on a blocking connection (a call waits for the server,
// as Python's do):
//
//	HTTPConnection(host, port=None, timeout=None, source_address=None, blocksize=8192)
//	    request(method, url, body=None, headers={}, encode_chunked=False)
//	    getresponse() -> HTTPResponse
//	    putrequest(method, url, skip_host=False, skip_accept_encoding=False),
//	    putheader(header, *values), endheaders(message_body=None, encode_chunked=False),
//	    send(data), connect(), close(), set_debuglevel(level)
//	    attributes: host, port, timeout, debuglevel, default_port, auto_open,
//	    _http_vsn (11 or 10), _http_vsn_str ("HTTP/1.1")
//	HTTPResponse: status, reason, version, headers (msg), read(amt=None),
//	    readline(limit=-1), getheader(name, default=None), getheaders(),
//	    close(), isclosed(), info(), getcode(), closed, chunked, will_close, length
//	HTTPMessage: the header fields (httpmessage.go)
//	responses {200: "OK", ...}, the status names (OK = 200, NOT_FOUND = 404...),
//	HTTP_PORT, HTTPS_PORT, parse_headers is not there
//	HTTPException and the classes under it (httpclient_errors.go), error
//
// Bodies read with Content-Length, chunked or to the end of the
// connection, as Python's; a connection is kept for the next request
// unless the response closes it. Debugging (debuglevel > 0) prints on
// stdout, as Python's. A pyasync str holds bytes: bodies and header
// values are str, header values not decoded from Latin-1.
//
// Not there: HTTPSConnection, set_tunnel, bodies given as files or
// iterables (str and bytes are), response_class.
func NewHTTPClient(stdout io.Writer) *Lazy {
	return NewLazy("http.client", func() starlark.StringDict {
		responses := starlark.NewDict(len(httpStatuses))
		m := starlark.StringDict{
			"HTTPConnection": newHTTPConnectionClass(stdout),
			"HTTPResponse":   httpResponseClass(),
			"HTTPMessage":    httpMessageClass(),
			"responses":      responses,
			"HTTP_PORT":      starlark.MakeInt(80),
			"HTTPS_PORT":     starlark.MakeInt(443),
			"error":          httpException(),
		}
		for _, s := range httpStatuses {
			m[s.name] = starlark.MakeInt(s.code)
			responses.SetKey(starlark.MakeInt(s.code), starlark.String(s.phrase))
		}
		for _, c := range httpErrors() {
			m[c.Name()] = c
		}
		return m
	})
}

// maxHTTPLine is Python's _MAXLINE: the longest status or header line.
const (
	maxHTTPLine    = 65536
	maxHTTPHeaders = 100
)

// The states of a connection, as Python names them in its errors.
const (
	csIdle       = "Idle"
	csReqStarted = "Request-started"
	csReqSent    = "Request-sent"
)

// httpConn is the Go side of an HTTPConnection.
type httpConn struct {
	conn     net.Conn
	r        *bufio.Reader
	buffer   []string // the request line and headers put so far
	state    string
	method   string
	response *class.Instance // the last response, while it is read
}

func newHTTPConnectionClass(stdout io.Writer) *class.Class {
	h := &httpMethods{stdout: stdout}
	members := Methods(map[string]class.MethodFunc{
		"__init__": h.init, "connect": h.connect, "close": h.close, "send": h.send,
		"putrequest": h.putrequest, "putheader": h.putheader, "endheaders": h.endheaders,
		"request": h.request, "getresponse": h.getresponse, "set_debuglevel": h.setDebuglevel,
	})
	for k, v := range map[string]starlark.Value{
		"debuglevel": starlark.MakeInt(0), "default_port": starlark.MakeInt(80), "auto_open": starlark.MakeInt(1),
		"_http_vsn": starlark.MakeInt(11), "_http_vsn_str": starlark.String("HTTP/1.1"),
	} {
		members[k] = v
	}
	return class.MustNew("HTTPConnection", "http.client", []*class.Class{class.Object}, members)
}

// httpMethods are HTTPConnection's methods; stdout is where debugging goes.
type httpMethods struct {
	stdout io.Writer
}

func connOf(fn string, self starlark.Value) (*class.Instance, *httpConn, error) {
	inst, err := Instance("HTTPConnection."+fn, self)
	if err != nil {
		return nil, nil, err
	}
	c, ok := inst.Native.(*httpConn)
	if !ok {
		c = &httpConn{state: csIdle}
		inst.Native = c
	}
	return inst, c, nil
}

func (h *httpMethods) debug(self *class.Instance, args ...string) {
	if intAttr(self, "debuglevel") > 0 {
		fmt.Fprintln(h.stdout, strings.Join(args, " "))
	}
}

func (h *httpMethods) init(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("__init__", selfv)
	if err != nil {
		return nil, err
	}
	var host string
	var port, timeout, source starlark.Value = starlark.None, starlark.None, starlark.None
	blocksize := 8192
	if err := starlark.UnpackArgs("HTTPConnection", args, kwargs, "host", &host, "port?", &port, "timeout?", &timeout,
		"source_address?", &source, "blocksize?", &blocksize); err != nil {
		return nil, err
	}
	*c = httpConn{state: csIdle}
	self.SetAttr("timeout", timeout)
	self.SetAttr("source_address", source)
	self.SetAttr("blocksize", starlark.MakeInt(blocksize))
	def := intAttr(self, "default_port")
	if port == starlark.None {
		i, j := strings.LastIndexByte(host, ':'), strings.LastIndexByte(host, ']')
		if i > j {
			p := host[i+1:]
			n, err := strconv.Atoi(p)
			switch {
			case err == nil:
				port = starlark.MakeInt(n)
			case p == "":
				port = starlark.MakeInt(def)
			default:
				return nil, httpRaise(th, httpInvalidURL(), starlark.String(fmt.Sprintf("nonnumeric port: '%s'", p)))
			}
			host = host[:i]
		} else {
			port = starlark.MakeInt(def)
		}
		if len(host) >= 2 && host[0] == '[' && host[len(host)-1] == ']' {
			host = host[1 : len(host)-1]
		}
	}
	if strings.ContainsAny(host, "\x00\r\n\t\x0b\x0c ") {
		for _, r := range host {
			if r <= ' ' || r == 0x7f {
				return nil, httpRaise(th, httpInvalidURL(), starlark.String(fmt.Sprintf("URL can't contain control characters. %s (found at least %s)", pyReprStr(host), pyReprStr(string(r)))))
			}
		}
	}
	self.SetAttr("host", starlark.String(host))
	self.SetAttr("port", port)
	return starlark.None, nil
}

func (h *httpMethods) setDebuglevel(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, _, err := connOf("set_debuglevel", selfv)
	if err != nil {
		return nil, err
	}
	var level starlark.Value
	if err := starlark.UnpackPositionalArgs("set_debuglevel", args, kwargs, 1, &level); err != nil {
		return nil, err
	}
	self.SetAttr("debuglevel", level)
	return starlark.None, nil
}

func (h *httpMethods) connect(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("connect", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("connect", args, kwargs, 0); err != nil {
		return nil, err
	}
	timeout, err := smtpTimeout(attr(self, "timeout", starlark.None))
	if err != nil {
		return nil, err
	}
	d := net.Dialer{Timeout: timeout}
	if src, ok := attr(self, "source_address", starlark.None).(starlark.Tuple); ok && len(src) == 2 {
		host, _ := starlark.AsString(src[0])
		port, _ := starlark.AsInt32(src[1])
		if a, err := net.ResolveTCPAddr("tcp", net.JoinHostPort(host, strconv.Itoa(port))); err == nil {
			d.LocalAddr = a
		}
	}
	host := strAttr(self, "host")
	port := intAttr(self, "port")
	conn, err := d.Dial("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		return nil, netError(err)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		tcp.SetNoDelay(true)
	}
	c.conn, c.r = conn, bufio.NewReaderSize(conn, 64<<10)
	return starlark.None, nil
}

func (h *httpMethods) close(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := connOf("close", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
		return nil, err
	}
	c.state = csIdle
	if c.conn != nil {
		c.conn.Close()
		c.conn, c.r = nil, nil
	}
	if r := c.response; r != nil {
		c.response = nil
		if _, err := CallMethod(th, r, "close"); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (h *httpMethods) send(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("send", selfv)
	if err != nil {
		return nil, err
	}
	var data starlark.Value
	if err := starlark.UnpackPositionalArgs("send", args, kwargs, 1, &data); err != nil {
		return nil, err
	}
	if c.conn == nil {
		if !attr(self, "auto_open", starlark.MakeInt(1)).Truth() {
			return nil, httpRaise(th, httpNotConnected())
		}
		if _, err := CallMethod(th, self, "connect"); err != nil {
			return nil, err
		}
	}
	var b string
	switch d := data.(type) {
	case starlark.String:
		b = string(d)
	case starlark.Bytes:
		b = string(d)
	default:
		return nil, pyerr.Errorf("TypeError", "data should be a bytes-like object or an iterable, got <class '%s'>", PyType(data))
	}
	h.debug(self, "send:", pyReprBytes(b))
	deadline(self, &smtpConn{conn: c.conn})
	if _, err := io.WriteString(c.conn, b); err != nil {
		return nil, netError(err)
	}
	return starlark.None, nil
}

func (h *httpMethods) putrequest(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("putrequest", selfv)
	if err != nil {
		return nil, err
	}
	var method, url string
	var skipHostV, skipAEV starlark.Value = starlark.False, starlark.False
	if err := starlark.UnpackArgs("putrequest", args, kwargs, "method", &method, "url", &url,
		"skip_host?", &skipHostV, "skip_accept_encoding?", &skipAEV); err != nil {
		return nil, err
	}
	skipHost, skipAE := skipHostV.Truth() == starlark.True, skipAEV.Truth() == starlark.True
	if c.response != nil && responseClosed(c.response) {
		c.response = nil
	}
	if c.state != csIdle {
		return nil, httpRaise(th, httpCannotSendReq(), starlark.String(c.state))
	}
	c.state = csReqStarted
	for _, r := range method {
		if r <= ' ' || r == 0x7f {
			return nil, pyerr.Errorf("ValueError", "method can't contain control characters. %s (found at least %s)", pyReprStr(method), pyReprStr(string(r)))
		}
	}
	c.method = method
	if url == "" {
		url = "/"
	}
	for _, r := range url {
		if r <= ' ' || r == 0x7f {
			return nil, httpRaise(th, httpInvalidURL(), starlark.String(fmt.Sprintf("URL can't contain control characters. %s (found at least %s)", pyReprStr(url), pyReprStr(string(r)))))
		}
	}
	c.buffer = []string{method + " " + url + " " + strAttr(self, "_http_vsn_str")}
	if intAttr(self, "_http_vsn") != 11 {
		return starlark.None, nil
	}
	if !skipHost {
		netloc := ""
		if strings.HasPrefix(url, "http") {
			if _, rest, ok := strings.Cut(url, "://"); ok {
				netloc, _, _ = strings.Cut(rest, "/")
				netloc, _, _ = strings.Cut(netloc, "?")
				netloc, _, _ = strings.Cut(netloc, "#")
			}
		}
		hostHeader := netloc
		if hostHeader == "" {
			host := strAttr(self, "host")
			if strings.Contains(host, ":") {
				host = "[" + host + "]"
				if i := strings.IndexByte(host, '%'); i >= 0 {
					host = host[:i] + "]"
				}
			}
			hostHeader = host
			if port := attr(self, "port", starlark.None); port != attr(self, "default_port", starlark.None) {
				if eq, _ := starlark.Equal(port, attr(self, "default_port", starlark.None)); !eq {
					hostHeader = fmt.Sprintf("%s:%s", host, port.String())
				}
			}
		}
		if _, err := CallMethod(th, self, "putheader", starlark.String("Host"), starlark.String(hostHeader)); err != nil {
			return nil, err
		}
	}
	if !skipAE {
		if _, err := CallMethod(th, self, "putheader", starlark.String("Accept-Encoding"), starlark.String("identity")); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func (h *httpMethods) putheader(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, c, err := connOf("putheader", selfv)
	if err != nil {
		return nil, err
	}
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "putheader() got an unexpected keyword argument '%s'", kwargs[0][0])
	}
	if len(args) < 1 {
		return nil, pyerr.Errorf("TypeError", "putheader() missing 1 required positional argument: 'header'")
	}
	if c.state != csReqStarted {
		return nil, httpRaise(th, httpCannotSendHead())
	}
	header := pyStr(args[0])
	if header == "" || strings.ContainsAny(header, ":\r\n") || strings.TrimSpace(header) != header {
		return nil, pyerr.Errorf("ValueError", "Invalid header name %s", pyReprBytes(header))
	}
	var values []string
	for _, v := range args[1:] {
		var s string
		switch v := v.(type) {
		case starlark.String:
			s = string(v)
		case starlark.Bytes:
			s = string(v)
		case starlark.Int:
			s = v.String()
		default:
			return nil, pyerr.Errorf("TypeError", "object of type '%s' has no len()", PyType(v))
		}
		if invalidHeaderValue(s) {
			return nil, pyerr.Errorf("ValueError", "Invalid header value %s", pyReprBytes(s))
		}
		values = append(values, s)
	}
	c.buffer = append(c.buffer, header+": "+strings.Join(values, "\r\n\t"))
	return starlark.None, nil
}

// invalidHeaderValue is Python's _is_illegal_header_value: a line end
// not followed by white space, or white space at the end.
func invalidHeaderValue(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] == '\n' || s[i] == '\r') && (i+1 >= len(s) || s[i+1] != ' ' && s[i+1] != '\t') {
			return true
		}
	}
	return len(s) > 0 && strings.ContainsRune("\r\n", rune(s[len(s)-1]))
}

func (h *httpMethods) endheaders(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("endheaders", selfv)
	if err != nil {
		return nil, err
	}
	var body starlark.Value = starlark.None
	chunked := false
	if err := starlark.UnpackArgs("endheaders", args, kwargs, "message_body?", &body, "encode_chunked?", &chunked); err != nil {
		return nil, err
	}
	if c.state != csReqStarted {
		return nil, httpRaise(th, httpCannotSendHead())
	}
	c.state = csReqSent
	msg := strings.Join(append(c.buffer, "", ""), "\r\n")
	c.buffer = nil
	if _, err := CallMethod(th, self, "send", starlark.String(msg)); err != nil {
		return nil, err
	}
	if body == starlark.None {
		return starlark.None, nil
	}
	var chunk string
	switch b := body.(type) {
	case starlark.String:
		chunk = string(b)
	case starlark.Bytes:
		chunk = string(b)
	default:
		return nil, pyerr.Errorf("TypeError", "http.client: a body must be str or bytes, not %s", PyType(body))
	}
	http11 := intAttr(self, "_http_vsn") == 11
	if chunk != "" {
		if chunked && http11 {
			chunk = fmt.Sprintf("%X\r\n%s\r\n", len(chunk), chunk)
		}
		if _, err := CallMethod(th, self, "send", starlark.String(chunk)); err != nil {
			return nil, err
		}
	}
	if chunked && http11 {
		if _, err := CallMethod(th, self, "send", starlark.String("0\r\n\r\n")); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

// methodsWithBody are the methods for which a request without a body
// says Content-Length: 0.
var methodsWithBody = map[string]bool{"PATCH": true, "POST": true, "PUT": true}

func (h *httpMethods) request(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, _, err := connOf("request", selfv)
	if err != nil {
		return nil, err
	}
	var method, url string
	var body starlark.Value = starlark.None
	var headers starlark.Value = starlark.NewDict(0)
	chunked := false
	if err := starlark.UnpackArgs("request", args, kwargs, "method", &method, "url", &url, "body?", &body, "headers?", &headers,
		"encode_chunked?", &chunked); err != nil {
		return nil, err
	}
	var pairs [][2]starlark.Value
	switch hd := headers.(type) {
	case *starlark.Dict:
		for _, kv := range hd.Items() {
			pairs = append(pairs, [2]starlark.Value{kv[0], kv[1]})
		}
	case starlark.IterableMapping:
		for _, kv := range hd.Items() {
			pairs = append(pairs, [2]starlark.Value{kv[0], kv[1]})
		}
	default:
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'items'", PyType(headers))
	}
	names := map[string]bool{}
	for _, kv := range pairs {
		names[strings.ToLower(pyStr(kv[0]))] = true
	}
	var skips []starlark.Tuple
	if names["host"] {
		skips = append(skips, starlark.Tuple{starlark.String("skip_host"), starlark.MakeInt(1)})
	}
	if names["accept-encoding"] {
		skips = append(skips, starlark.Tuple{starlark.String("skip_accept_encoding"), starlark.MakeInt(1)})
	}
	put, err := GetAttr(self, "putrequest")
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(th, put, starlark.Tuple{starlark.String(method), starlark.String(url)}, skips); err != nil {
		return nil, err
	}
	if !names["content-length"] {
		if !names["transfer-encoding"] {
			chunked = false
			switch b := body.(type) {
			case starlark.NoneType:
				if methodsWithBody[strings.ToUpper(method)] {
					if _, err := CallMethod(th, self, "putheader", starlark.String("Content-Length"), starlark.String("0")); err != nil {
						return nil, err
					}
				}
			case starlark.String:
				if _, err := CallMethod(th, self, "putheader", starlark.String("Content-Length"), starlark.String(strconv.Itoa(len(b)))); err != nil {
					return nil, err
				}
			case starlark.Bytes:
				if _, err := CallMethod(th, self, "putheader", starlark.String("Content-Length"), starlark.String(strconv.Itoa(len(b)))); err != nil {
					return nil, err
				}
			}
		}
	} else {
		chunked = false
	}
	for _, kv := range pairs {
		if _, err := CallMethod(th, self, "putheader", kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	end, err := GetAttr(self, "endheaders")
	if err != nil {
		return nil, err
	}
	_, err = starlark.Call(th, end, starlark.Tuple{body}, []starlark.Tuple{{starlark.String("encode_chunked"), starlark.Bool(chunked)}})
	if err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func (h *httpMethods) getresponse(th *starlark.Thread, selfv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, c, err := connOf("getresponse", selfv)
	if err != nil {
		return nil, err
	}
	if err := starlark.UnpackPositionalArgs("getresponse", args, kwargs, 0); err != nil {
		return nil, err
	}
	if c.response != nil && responseClosed(c.response) {
		c.response = nil
	}
	if c.state != csReqSent || c.response != nil {
		return nil, httpRaise(th, httpNotReady(), starlark.String(c.state))
	}
	resp := class.NewInstance(httpResponseClass())
	r := &httpResp{conn: c.conn, r: c.r, method: c.method, chunkLeft: -1, length: -1}
	resp.Native = r
	resp.SetAttr("debuglevel", attr(self, "debuglevel", starlark.MakeInt(0)))
	if c.r == nil {
		r.closed = true
	}
	if err := h.begin(th, resp, r); err != nil {
		if isConnectionError(err) {
			if _, cerr := CallMethod(th, self, "close"); cerr != nil {
				return nil, cerr
			}
		}
		r.close()
		return nil, err
	}
	c.state = csIdle
	if r.willClose {
		// the response takes the connection
		c.conn, c.r = nil, nil
		if _, err := CallMethod(th, self, "close"); err != nil {
			return nil, err
		}
	} else {
		r.ownsConn = false
		c.response = resp
	}
	return resp, nil
}
