package modules

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// httpResp is the Go side of an HTTPResponse: where its body is read
// from and how much of it is left.
type httpResp struct {
	conn      net.Conn
	r         *bufio.Reader
	method    string
	chunked   bool
	chunkLeft int // bytes left in the chunk being read; -1: read the next chunk's size
	length    int // bytes of the body left; -1: not known (to the end of the connection)
	willClose bool
	ownsConn  bool // closing the response closes the connection (it will close)
	closed    bool // Python's fp is None: the body is read, or the response closed
}

// close is _close_conn: the response has nothing more to read.
func (r *httpResp) close() {
	if !r.closed && r.ownsConn && r.conn != nil {
		r.conn.Close()
	}
	r.closed = true
}

func respOf(fn string, self starlark.Value) (*class.Instance, *httpResp, error) {
	inst, err := Instance("HTTPResponse."+fn, self)
	if err != nil {
		return nil, nil, err
	}
	r, ok := inst.Native.(*httpResp)
	if !ok {
		return nil, nil, pyerr.Errorf("TypeError", "HTTPResponse.%s: the response was not made by an HTTPConnection", fn)
	}
	return inst, r, nil
}

// responseClosed is isclosed() of a response.
func responseClosed(resp *class.Instance) bool {
	r, ok := resp.Native.(*httpResp)
	return !ok || r.closed
}

var httpResponseClass = sync.OnceValue(func() *class.Class {
	return class.MustNewBuiltin("HTTPResponse", "http.client", []*class.Class{bufferedIOBase()}, httpResponseMethods())
})

func httpResponseMethods() starlark.StringDict {
	m := Methods(map[string]class.MethodFunc{
		"read":       responseRead,
		"readline":   responseReadline,
		"getheader":  responseGetheader,
		"getheaders": responseGetheaders,
		"close": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			_, r, err := respOf("close", self)
			if err != nil {
				return nil, err
			}
			r.close()
			return starlark.None, nil
		},
		"isclosed": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			_, r, err := respOf("isclosed", self)
			if err != nil {
				return nil, err
			}
			return starlark.Bool(r.closed), nil
		},
		"info": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return GetAttr(self, "headers")
		},
		"getcode": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return GetAttr(self, "status")
		},
		"__enter__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return self, nil
		},
		"__exit__": func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			_, err := CallMethod(th, self, "close")
			return starlark.None, err
		},
	})
	m["length"] = &class.Property{Get: func(self *class.Instance) (starlark.Value, error) {
		r, ok := self.Native.(*httpResp)
		if !ok || r.length < 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(r.length), nil
	}}
	return m
}

// readLine reads a line of at most limit bytes (its "\n" kept).
func (r *httpResp) readLine(limit int) (string, error) {
	if r.r == nil {
		return "", nil
	}
	line, err := readLimited(r.r, limit)
	if err == io.EOF {
		err = nil
	}
	if err != nil {
		return line, netError(err)
	}
	return line, nil
}

// readN reads n bytes, or fewer at the end of the connection.
func (r *httpResp) readN(n int) (string, error) {
	if r.r == nil || n <= 0 {
		return "", nil
	}
	buf := make([]byte, n)
	got, err := io.ReadFull(r.r, buf)
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		err = nil
	}
	if err != nil {
		return string(buf[:got]), netError(err)
	}
	return string(buf[:got]), nil
}

// readAll reads to the end of the connection.
func (r *httpResp) readAll() (string, error) {
	if r.r == nil {
		return "", nil
	}
	b, err := io.ReadAll(r.r)
	if err != nil {
		return string(b), netError(err)
	}
	return string(b), nil
}

// safeRead reads exactly n bytes, or raises IncompleteRead.
func (r *httpResp) safeRead(th *starlark.Thread, n int) (string, error) {
	s, err := r.readN(n)
	if err != nil {
		return "", err
	}
	if len(s) < n {
		return "", httpRaise(th, httpIncompleteRead(), starlark.String(s), starlark.MakeInt(n-len(s)))
	}
	return s, nil
}

// begin reads the status line and the header fields, and works out how
// the body is to be read.
func (h *httpMethods) begin(th *starlark.Thread, self *class.Instance, r *httpResp) error {
	debug := intAttr(self, "debuglevel") > 0
	var version, reason string
	var status int
	for {
		var err error
		version, status, reason, err = h.readStatus(th, self, r, debug)
		if err != nil {
			return err
		}
		if status != 100 {
			break
		}
		if _, err := readHeaderLines(th, r); err != nil {
			return err
		}
	}
	self.SetAttr("status", starlark.MakeInt(status))
	self.SetAttr("code", starlark.MakeInt(status))
	self.SetAttr("reason", starlark.String(strings.TrimFunc(reason, reSpace)))
	v := 11
	switch {
	case version == "HTTP/1.0" || version == "HTTP/0.9":
		v = 10
	case strings.HasPrefix(version, "HTTP/1."):
	default:
		return httpRaise(th, httpUnknownProto(), starlark.String(version))
	}
	self.SetAttr("version", starlark.MakeInt(v))
	lines, err := readHeaderLines(th, r)
	if err != nil {
		return err
	}
	msg := parseHTTPHeaders(lines)
	headers := newHTTPMessage(msg)
	self.SetAttr("headers", headers)
	self.SetAttr("msg", headers)
	if debug {
		for _, f := range msg.fields {
			fmt.Fprintln(h.stdout, "header:", f[0]+":", f[1])
		}
	}
	get := func(name string) string {
		if vs := msg.all(name); len(vs) > 0 {
			return string(vs[0].(starlark.String))
		}
		return ""
	}
	r.chunked = strings.ToLower(get("transfer-encoding")) == "chunked"
	conn := strings.ToLower(get("connection"))
	if v == 11 {
		r.willClose = strings.Contains(conn, "close")
	} else {
		r.willClose = get("keep-alive") == "" && !strings.Contains(conn, "keep-alive") &&
			!strings.Contains(strings.ToLower(get("proxy-connection")), "keep-alive")
	}
	r.length = -1
	if l := get("content-length"); l != "" && !r.chunked {
		if n, err := strconv.Atoi(strings.TrimFunc(l, reSpace)); err == nil && n >= 0 {
			r.length = n
		}
	}
	if status == 204 || status == 304 || status >= 100 && status < 200 || r.method == "HEAD" {
		r.length = 0
	}
	if !r.willClose && !r.chunked && r.length < 0 {
		r.willClose = true
	}
	r.ownsConn = r.willClose
	self.SetAttr("chunked", starlark.Bool(r.chunked))
	self.SetAttr("will_close", starlark.Bool(r.willClose))
	return nil
}

// readStatus reads the status line: version, status and reason.
func (h *httpMethods) readStatus(th *starlark.Thread, self *class.Instance, r *httpResp, debug bool) (string, int, string, error) {
	line, err := r.readLine(maxHTTPLine + 1)
	if err != nil {
		return "", 0, "", err
	}
	if len(line) > maxHTTPLine {
		return "", 0, "", httpRaise(th, httpLineTooLong(), starlark.String("status line"))
	}
	if debug {
		fmt.Fprintln(h.stdout, "reply:", pyReprStr(line))
	}
	if line == "" {
		return "", 0, "", httpRaise(th, httpRemoteDisconnected(), starlark.String("Remote end closed connection without response"))
	}
	version, statusText, reason := "", "", ""
	switch parts := pySplitN(line, 2); len(parts) {
	case 3:
		version, statusText, reason = parts[0], parts[1], parts[2]
	case 2:
		version, statusText = parts[0], parts[1]
	}
	if !strings.HasPrefix(version, "HTTP/") {
		r.close()
		return "", 0, "", httpRaise(th, httpBadStatusLine(), starlark.String(line))
	}
	status, err := strconv.Atoi(strings.TrimFunc(statusText, reSpace))
	if err != nil || status < 100 || status > 999 {
		return "", 0, "", httpRaise(th, httpBadStatusLine(), starlark.String(line))
	}
	return version, status, reason, nil
}

// pySplitN is str.split(None, n): the words of s, the last of them the
// rest of s after n splits (its leading white space removed).
func pySplitN(s string, n int) []string {
	var out []string
	for {
		s = strings.TrimLeftFunc(s, reSpace)
		if s == "" {
			return out
		}
		if len(out) == n {
			return append(out, s)
		}
		end := strings.IndexFunc(s, reSpace)
		if end < 0 {
			return append(out, s)
		}
		out = append(out, s[:end])
		s = s[end:]
	}
}

// readHeaderLines reads the lines of a header block, up to and with the
// empty line.
func readHeaderLines(th *starlark.Thread, r *httpResp) ([]string, error) {
	var lines []string
	for {
		line, err := r.readLine(maxHTTPLine + 1)
		if err != nil {
			return nil, err
		}
		if len(line) > maxHTTPLine {
			return nil, httpRaise(th, httpLineTooLong(), starlark.String("header line"))
		}
		lines = append(lines, line)
		if len(lines) > maxHTTPHeaders {
			return nil, httpRaise(th, httpException(), starlark.String(fmt.Sprintf("got more than %d headers", maxHTTPHeaders)))
		}
		if line == "\r\n" || line == "\n" || line == "" {
			return lines, nil
		}
	}
}

// amtArg reads read()'s optional amount (-1: all).
func amtArg(fn string, args starlark.Tuple, kwargs []starlark.Tuple) (int, bool, error) {
	var v starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, "amt?", &v); err != nil {
		return 0, false, err
	}
	if v == starlark.None {
		return 0, false, nil
	}
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, false, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", PyType(v))
	}
	return n, true, nil
}

func responseRead(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, r, err := respOf("read", self)
	if err != nil {
		return nil, err
	}
	amt, given, err := amtArg("read", args, kwargs)
	if err != nil {
		return nil, err
	}
	if r.closed {
		return starlark.String(""), nil
	}
	if r.method == "HEAD" {
		r.close()
		return starlark.String(""), nil
	}
	if r.chunked {
		s, err := r.readChunked(th, amt, given)
		return starlark.String(s), err
	}
	if given && amt >= 0 {
		if r.length >= 0 && amt > r.length {
			amt = r.length
		}
		s, err := r.readN(amt)
		if err != nil {
			return nil, err
		}
		if s == "" && amt != 0 {
			r.close()
		} else if r.length >= 0 {
			r.length -= len(s)
			if r.length == 0 {
				r.close()
			}
		}
		return starlark.String(s), nil
	}
	var s string
	if r.length < 0 {
		s, err = r.readAll()
	} else {
		s, err = r.safeRead(th, r.length)
		if isInstanceErr(err, httpIncompleteRead()) {
			r.close()
		}
		r.length = 0
	}
	if err != nil {
		return nil, err
	}
	r.close()
	return starlark.String(s), nil
}

// chunkLeftNow is _get_chunk_left: the bytes left in the chunk being
// read, after reading the next chunk's size if need be; -1 after the
// last chunk.
func (r *httpResp) chunkLeftNow(th *starlark.Thread) (int, error) {
	left := r.chunkLeft
	if left > 0 {
		return left, nil
	}
	if left == 0 { // the end of a chunk: its CRLF
		if _, err := r.safeRead(th, 2); err != nil {
			return 0, err
		}
	}
	line, err := r.readLine(maxHTTPLine + 1)
	if err != nil {
		return 0, err
	}
	if len(line) > maxHTTPLine {
		return 0, httpRaise(th, httpLineTooLong(), starlark.String("chunk size"))
	}
	if i := strings.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	size, perr := strconv.ParseInt(strings.TrimFunc(line, reSpace), 16, 64)
	if perr != nil || size < 0 {
		r.close()
		if r.conn != nil && !r.ownsConn {
			r.conn.Close()
		}
		return 0, httpRaise(th, httpIncompleteRead(), starlark.String(""))
	}
	if size == 0 {
		for { // the trailer, up to its empty line
			l, err := r.readLine(maxHTTPLine + 1)
			if err != nil {
				return 0, err
			}
			if len(l) > maxHTTPLine {
				return 0, httpRaise(th, httpLineTooLong(), starlark.String("trailer line"))
			}
			if l == "\r\n" || l == "\n" || l == "" {
				break
			}
		}
		r.close()
		r.chunkLeft = -1
		return -1, nil
	}
	r.chunkLeft = int(size)
	return int(size), nil
}

// readChunked is _read_chunked: up to amt bytes of a chunked body (all
// of it when not given).
func (r *httpResp) readChunked(th *starlark.Thread, amt int, given bool) (string, error) {
	var value strings.Builder
	for {
		left, err := r.chunkLeftNow(th)
		if err != nil {
			if isInstanceErr(err, httpIncompleteRead()) {
				return "", httpRaise(th, httpIncompleteRead(), starlark.String(value.String()))
			}
			return "", err
		}
		if left < 0 {
			break
		}
		if given && amt <= left {
			s, err := r.safeRead(th, amt)
			if err != nil {
				return "", httpRaise(th, httpIncompleteRead(), starlark.String(value.String()))
			}
			value.WriteString(s)
			r.chunkLeft = left - amt
			break
		}
		s, err := r.safeRead(th, left)
		if err != nil {
			return "", httpRaise(th, httpIncompleteRead(), starlark.String(value.String()))
		}
		value.WriteString(s)
		if given {
			amt -= left
		}
		r.chunkLeft = 0
	}
	return value.String(), nil
}

func responseReadline(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, r, err := respOf("readline", self)
	if err != nil {
		return nil, err
	}
	limit := -1
	if err := starlark.UnpackArgs("readline", args, kwargs, "limit?", &limit); err != nil {
		return nil, err
	}
	if r.closed || r.method == "HEAD" {
		return starlark.String(""), nil
	}
	if r.chunked {
		var line strings.Builder
		for limit < 0 || line.Len() < limit {
			s, err := r.readChunked(th, 1, true)
			if err != nil {
				return nil, err
			}
			if s == "" {
				break
			}
			line.WriteString(s)
			if s == "\n" {
				break
			}
		}
		return starlark.String(line.String()), nil
	}
	if r.length >= 0 && (limit < 0 || limit > r.length) {
		limit = r.length
	}
	if limit < 0 {
		limit = int(^uint(0) >> 1)
	}
	s, err := r.readLine(limit)
	if err != nil {
		return nil, err
	}
	if s == "" && limit != 0 {
		r.close()
	} else if r.length >= 0 {
		r.length -= len(s)
	}
	return starlark.String(s), nil
}

// headersOf is the response's HTTPMessage, or ResponseNotReady.
func headersOf(th *starlark.Thread, self starlark.Value) (*httpMessage, error) {
	h, err := GetAttr(self, "headers")
	if err != nil || h == starlark.None {
		return nil, httpRaise(th, httpNotReady())
	}
	inst, ok := h.(*class.Instance)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "HTTPResponse.headers is not an HTTPMessage")
	}
	m, ok := inst.Native.(*httpMessage)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "HTTPResponse.headers is not an HTTPMessage")
	}
	return m, nil
}

func responseGetheader(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var def starlark.Value = starlark.None
	if err := starlark.UnpackArgs("getheader", args, kwargs, "name", &name, "default?", &def); err != nil {
		return nil, err
	}
	m, err := headersOf(th, self)
	if err != nil {
		return nil, err
	}
	vs := m.all(name)
	if len(vs) == 0 {
		if l, ok := def.(starlark.Iterable); ok && def.Type() != "string" {
			var parts []string
			it := l.Iterate()
			defer it.Done()
			var x starlark.Value
			for it.Next(&x) {
				parts = append(parts, pyStr(x))
			}
			return starlark.String(strings.Join(parts, ", ")), nil
		}
		return def, nil
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v.(starlark.String))
	}
	return starlark.String(strings.Join(parts, ", ")), nil
}

func responseGetheaders(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("getheaders", args, kwargs, 0); err != nil {
		return nil, err
	}
	m, err := headersOf(th, self)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(m.fields))
	for i, f := range m.fields {
		out[i] = starlark.Tuple{starlark.String(f[0]), starlark.String(f[1])}
	}
	return starlark.NewList(out), nil
}

// isConnectionError reports whether err is a ConnectionError (a reset,
// a broken pipe, the server gone before its answer).
func isConnectionError(err error) bool {
	return exceptions.Of(err).Class().IsSubclass(exceptions.Class("ConnectionError"))
}
