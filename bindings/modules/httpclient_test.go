package modules

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
)

// fakeHTTP is a scripted HTTP server on loopback that records what its
// clients send, one transcript per connection. The path of a request
// chooses the answer (see answers).
type fakeHTTP struct {
	ln          net.Listener
	mu          sync.Mutex
	transcripts []string
	conns       []net.Conn
	wg          sync.WaitGroup
}

// stop ends the server: the connections its client left open (a
// process closes them as it ends) are closed too.
func (f *fakeHTTP) stop() {
	f.ln.Close()
	f.mu.Lock()
	for _, c := range f.conns {
		c.Close()
	}
	f.mu.Unlock()
	f.wg.Wait()
}

// answers are the responses by path; "" closes the connection without
// one, and "!" after a response closes the connection once it is sent.
var answers = map[string]string{
	"/a":        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\n\r\nhello\nworld\n",
	"/chunked":  "HTTP/1.1 200 Fine Thanks\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n",
	"/close":    "HTTP/1.0 200 OK\r\nContent-Type: x\r\n\r\nuntil the end!",
	"/304":      "HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n",
	"/continue": "HTTP/1.1 100 Continue\r\nX-Skip: 1\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
	"/multi":    "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Folded: one\r\n  two\r\nSet-Cookie: b=2\r\nX-Space:   v  \r\nContent-Length: 0\r\n\r\n",
	"/keep":     "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 4\r\n\r\nkept",
	"/bad":      "garbage\r\n\r\n!",
	"/badcode":  "HTTP/1.1 abc OK\r\n\r\n!",
	"/drop":     "",
	"/short":    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort!",
	"/badchunk": "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n!",
	"/reason":   "HTTP/1.1   404    Not   Found  \r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
}

func startFakeHTTP(t *testing.T) *fakeHTTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeHTTP{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.wg.Add(1)
			f.mu.Lock()
			f.conns = append(f.conns, c)
			f.mu.Unlock()
			go f.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return f
}

func (f *fakeHTTP) port() string { return fmt.Sprint(f.ln.Addr().(*net.TCPAddr).Port) }

func (f *fakeHTTP) serve(c net.Conn) {
	defer f.wg.Done()
	defer c.Close()
	var log strings.Builder
	defer func() {
		f.mu.Lock()
		f.transcripts = append(f.transcripts, log.String())
		f.mu.Unlock()
	}()
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		log.WriteString(line)
		if err != nil {
			return
		}
		length := 0
		for { // the headers
			h, err := r.ReadString('\n')
			log.WriteString(h)
			if err != nil {
				return
			}
			if h == "\r\n" {
				break
			}
			if strings.HasPrefix(strings.ToLower(h), "content-length:") {
				fmt.Sscan(strings.TrimSpace(h[len("content-length:"):]), &length)
			}
		}
		body := make([]byte, length)
		n, _ := r.Read(body)
		for n < length {
			m, err := r.Read(body[n:])
			if err != nil {
				return
			}
			n += m
		}
		log.Write(body)
		fields := strings.Fields(line)
		if len(fields) < 2 {
			return
		}
		path := fields[1]
		if path == "/post" {
			fmt.Fprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			continue
		}
		a := answers[path]
		if a == "" {
			return
		}
		if strings.HasSuffix(a, "!") && !strings.HasSuffix(path, "close") {
			c.Write([]byte(strings.TrimSuffix(a, "!")))
			return
		}
		if fields[0] == "HEAD" {
			a = a[:strings.Index(a, "\r\n\r\n")+4]
		}
		c.Write([]byte(a))
		if strings.HasPrefix(a, "HTTP/1.0") && !strings.Contains(a, "keep-alive") || strings.Contains(a, "Connection: close") || path == "/short" {
			return
		}
	}
}

// the same client, in Python and in Starlark: one line per step
const httpClientPy = `import http.client, sys
port = int(sys.argv[1])
def text(b): return b.decode("latin-1")
def show(what, r):
    print(what, r.status, r.reason, r.version, r.will_close, r.chunked, r.getheaders(), repr(text(r.read())), r.isclosed())
def fail(what, e):
    names = [c.__name__ for c in type(e).__mro__ if c.__module__ == "http.client"]
    print(what, "failed", " ".join(names), isinstance(e, ConnectionError), str(e))
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for method, path in [("GET", "/a"), ("HEAD", "/a"), ("GET", "/chunked"), ("GET", "/304"), ("GET", "/continue"),
                     ("GET", "/multi"), ("GET", "/keep"), ("GET", "/reason"), ("GET", "/close"), ("GET", "/a")]:
    c.request(method, path)
    show(method + " " + path, c.getresponse())
r = None
c.request("POST", "/post", body="x=1&y=2", headers={"Content-Type": "application/x-www-form-urlencoded", "X-Two": 2})
show("POST", c.getresponse())
c.request("PUT", "/post")
show("PUT", c.getresponse())
c.request("GET", "/a")
r = c.getresponse()
print("parts", repr(text(r.read(3))), repr(text(r.readline())), r.length, repr(text(r.read(100))), r.isclosed(), repr(text(r.read())))
print("header", r.getheader("content-type"), r.getheader("missing"), r.getheader("missing", "dflt"), r.getheader("missing", ["a", "b"]))
c.request("GET", "/multi")
r = c.getresponse()
m = r.msg
print("msg", m.get("set-cookie"), m.get_all("Set-Cookie"), m["x-folded"], m["nope"], "x-space" in m, "nope" in m, len(m), list(m), m.keys())
print("msg str", repr(str(m)))
print("getheader joined", r.getheader("set-cookie"))
r.read()
c.request("GET", "/chunked")
r = c.getresponse()
print("chunks", repr(text(r.read(3))), repr(text(r.read(4))), repr(text(r.read())))
for path in ["/bad", "/badcode", "/drop", "/short", "/badchunk"]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", path)
        r = c.getresponse()
        print(path, repr(text(r.read())))
    except (http.client.HTTPException, OSError) as e:
        fail(path, e)
    c.close()
c = http.client.HTTPConnection("127.0.0.1:" + str(port))
c.request("GET", "/a")
try:
    c.request("GET", "/a")
except http.client.HTTPException as e:
    fail("twice", e)
r = c.getresponse()
try:
    c.getresponse()
except http.client.HTTPException as e:
    fail("again", e)
r.read()
c.close()
c = http.client.HTTPConnection("127.0.0.1", port)
c._http_vsn, c._http_vsn_str = 10, "HTTP/1.0"
c.request("GET", "/keep", headers={"Host": "custom"})
show("1.0", c.getresponse())
for args in [("h:x",), ("h:",), ("[::1]:8080",), ("h\x00x",)]:
    try:
        c = http.client.HTTPConnection(*args)
        print("conn", c.host, c.port)
    except http.client.HTTPException as e:
        fail("conn", e)
c = http.client.HTTPConnection("127.0.0.1", port)
for bad in [("GET\r\n", "/"), ("GET", "/a b")]:
    try:
        c.request(*bad)
    except (ValueError, http.client.HTTPException) as e:
        print("bad", type(e).__name__, e)
    c.close()
try:
    c.putheader("X", "y")
except http.client.HTTPException as e:
    fail("putheader", e)
print(http.client.responses[404], http.client.NOT_FOUND, http.client.HTTP_PORT, http.client.error is http.client.HTTPException)
print(repr(http.client.IncompleteRead(b"abc", 5)), str(http.client.IncompleteRead(b"ab")))
`

const httpClientStar = `port = int(sys.argv[1])
def show(what, r):
    print(what, r.status, r.reason, r.version, r.will_close, r.chunked, r.getheaders(), repr(r.read()), r.isclosed())
def fail(what, e):
    names = []
    for n in ["HTTPException", "NotConnected", "InvalidURL", "UnknownProtocol", "UnknownTransferEncoding",
              "UnimplementedFileMode", "IncompleteRead", "ImproperConnectionState", "CannotSendRequest",
              "CannotSendHeader", "ResponseNotReady", "BadStatusLine", "LineTooLong", "RemoteDisconnected"]:
        if isinstance(e, getattr(http.client, n)):
            names.append(n)
    def depth(n):
        return len([c for c in names if issubclass(getattr(http.client, n), getattr(http.client, c))])
    print(what, "failed", " ".join(sorted(names, key = lambda n: -depth(n))), isinstance(e, ConnectionError), str(e))
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for method, path in [("GET", "/a"), ("HEAD", "/a"), ("GET", "/chunked"), ("GET", "/304"), ("GET", "/continue"),
                     ("GET", "/multi"), ("GET", "/keep"), ("GET", "/reason"), ("GET", "/close"), ("GET", "/a")]:
    c.request(method, path)
    show(method + " " + path, c.getresponse())
c.request("POST", "/post", body="x=1&y=2", headers={"Content-Type": "application/x-www-form-urlencoded", "X-Two": 2})
show("POST", c.getresponse())
c.request("PUT", "/post")
show("PUT", c.getresponse())
c.request("GET", "/a")
r = c.getresponse()
print("parts", repr(r.read(3)), repr(r.readline()), r.length, repr(r.read(100)), r.isclosed(), repr(r.read()))
print("header", r.getheader("content-type"), r.getheader("missing"), r.getheader("missing", "dflt"), r.getheader("missing", ["a", "b"]))
c.request("GET", "/multi")
r = c.getresponse()
m = r.msg
print("msg", m.get("set-cookie"), m.get_all("Set-Cookie"), m["x-folded"], m["nope"], "x-space" in m, "nope" in m, len(m), list(m), m.keys())
print("msg str", repr(str(m)))
print("getheader joined", r.getheader("set-cookie"))
r.read()
c.request("GET", "/chunked")
r = c.getresponse()
print("chunks", repr(r.read(3)), repr(r.read(4)), repr(r.read()))
def get(c, path):
    c.request("GET", path)
    r = c.getresponse()
    print(path, repr(r.read()))
for path in ["/bad", "/badcode", "/drop", "/short", "/badchunk"]:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    e, _ = catch(get, c, path)
    if e != None:
        fail(path, e)
    c.close()
c = http.client.HTTPConnection("127.0.0.1:" + str(port))
c.request("GET", "/a")
e, _ = catch(c.request, "GET", "/a")
fail("twice", e)
r = c.getresponse()
e, _ = catch(c.getresponse)
fail("again", e)
r.read()
c.close()
c = http.client.HTTPConnection("127.0.0.1", port)
c._http_vsn, c._http_vsn_str = 10, "HTTP/1.0"
c.request("GET", "/keep", headers={"Host": "custom"})
show("1.0", c.getresponse())
for args in [("h:x",), ("h:",), ("[::1]:8080",), ("h\x00x",)]:
    e, c = catch(http.client.HTTPConnection, *args)
    if e == None:
        print("conn", c.host, c.port)
    else:
        fail("conn", e)
c = http.client.HTTPConnection("127.0.0.1", port)
for bad in [("GET\r\n", "/"), ("GET", "/a b")]:
    e, _ = catch(c.request, *bad)
    print("bad", type(e), e)
    c.close()
e, _ = catch(c.putheader, "X", "y")
fail("putheader", e)
print(http.client.responses[404], http.client.NOT_FOUND, http.client.HTTP_PORT, http.client.error == http.client.HTTPException)
print(repr(http.client.IncompleteRead("abc", 5)), str(http.client.IncompleteRead("ab")))
`

// TestHTTPClientMatchesCPython runs one client with CPython 3.11's
// http.client and with pyasync's against a scripted server: what each
// prints and what each sends on the wire must be the same.
func TestHTTPClientMatchesCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: no http.client to compare with")
	}
	pySrv := startFakeHTTP(t)
	script := filepath.Join(t.TempDir(), "client.py")
	os.WriteFile(script, []byte(httpClientPy), 0o644)
	out, err := exec.Command(py, script, pySrv.port()).CombinedOutput()
	if err != nil {
		t.Fatalf("python3 client: %v\n%s", err, out)
	}
	pySrv.stop()

	starSrv := startFakeHTTP(t)
	var printed bytes.Buffer
	th := &starlark.Thread{Name: "client", Print: func(_ *starlark.Thread, msg string) { printed.WriteString(msg + "\n") }}
	env := starlark.StringDict{
		"http": NewHTTP(os.Stdout),
		"sys":  NewSys([]string{"client.star", starSrv.port()}, nil, os.Stdout, os.Stderr, 0, 1, "test"),
	}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	for k, v := range class.Builtins {
		env[k] = v
	}
	env["type"] = starlark.NewBuiltin("type", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if i, ok := args[0].(*class.Instance); ok {
			return starlark.String(i.Class().Name()), nil
		}
		return starlark.String(args[0].Type()), nil
	})
	env["repr"] = starlark.NewBuiltin("repr", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if s, ok := args[0].(starlark.String); ok {
			return starlark.String(pyReprStr(string(s))), nil
		}
		return starlark.String(Repr(args[0])), nil
	})
	if _, err := starlark.ExecFileOptions(&syntax.FileOptions{GlobalReassign: true, TopLevelControl: true}, th, "client.star", httpClientStar, env); err != nil {
		t.Fatalf("pyasync client: %v\n%s", err, printed.String())
	}
	starSrv.stop()

	if got := printed.String(); !sameLines(got, string(out)) {
		g, w := strings.Split(got, "\n"), strings.Split(string(out), "\n")
		for i := range w {
			if i >= len(g) || !sameLines(g[i], w[i]) {
				t.Errorf("the clients printed differently, from line %d:\n pyasync: %s\n CPython: %s", i+1, strings.Join(g[i:min(i+3, len(g))], "\n          "), strings.Join(w[i:min(i+3, len(w))], "\n          "))
				break
			}
		}
	}
	norm := func(ts []string, port string) []string {
		out := make([]string, len(ts))
		for i, s := range ts {
			out[i] = strings.ReplaceAll(s, ":"+port, ":PORT")
		}
		sort.Strings(out)
		return out
	}
	got, want := norm(starSrv.transcripts, starSrv.port()), norm(pySrv.transcripts, pySrv.port())
	if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
		t.Errorf("the clients sent differently:\n--- pyasync\n%q\n--- CPython\n%q", got, want)
	}
}
