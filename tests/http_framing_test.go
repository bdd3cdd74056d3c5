package tests

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// framingRoot makes a document root with hello.txt, directories named to
// tempt an open redirect, and symbolic links that lead inside and outside
// it.
func framingRoot(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	root := filepath.Join(dir, "root")
	outside := filepath.Join(dir, "outside")
	for _, d := range []string{root, outside, filepath.Join(root, "sub"), filepath.Join(root, "evil.com"), filepath.Join(root, `\evil.com`)} {
		os.Mkdir(d, 0o755)
	}
	os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "secret"), []byte("secret\n"), 0o644)
	for link, target := range map[string]string{
		"out":     outside,
		"outfile": filepath.Join(outside, "secret"),
		"up":      "../outside/secret",
		"inlink":  "hello.txt",
		"sublink": "sub",
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// exchange sends raw bytes on a new connection and returns all the server
// sent until it closed the connection.
func exchange(t *testing.T, port, raw string) string {
	t.Helper()
	c := dial(t, port)
	defer c.Close()
	io.WriteString(c, raw)
	return closedByPeer(t, c)
}

// statuses lists the status codes of the responses in out, in order.
func statuses(out string) []int {
	var codes []int
	for _, part := range strings.Split(out, "HTTP/1.")[1:] {
		var code int
		if _, err := fmt.Sscanf(part, "%d %d", new(int), &code); err == nil {
			codes = append(codes, code)
		}
	}
	return codes
}

// TestHTTPRequestFraming: examples/http_server.star frames requests as
// RFC 9112 says. Each request is sent alone on a connection (with
// "Connection: close" where the server would keep it), and must get
// exactly the responses listed, then the connection closes: a request
// smuggled behind a refused one is never answered.
func TestHTTPRequestFraming(t *testing.T) {
	checkFraming(t, startServer(t, pyasync, "../examples/http_server.star", "0", framingRoot(t)))
}

// TestHTTPBenchmarkTwinFramesAlike: the benchmark's CPython twin of the
// example server (scripts/bench/http_server.py) answers the same.
func TestHTTPBenchmarkTwinFramesAlike(t *testing.T) {
	py := python3WithAsyncore(t)
	checkFraming(t, startServer(t, py, "-W", "ignore", "../scripts/bench/http_server.py", "0", framingRoot(t)))
}

func checkFraming(t *testing.T, srv *server) {
	t.Helper()
	const host = "Host: a\r\n"
	const smuggled = "GET /hello.txt HTTP/1.1\r\nHost: a\r\n\r\n"
	for _, c := range []struct {
		name, req string
		want      []int
		body      string // the last response's body, when not ""
	}{
		{"Content-Length and Transfer-Encoding", "POST /e HTTP/1.1\r\n" + host + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"Transfer-Encoding and Content-Length", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"differing Content-Lengths", "POST /e HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" + smuggled, []int{400}, ""},
		{"differing Content-Lengths in a list", "POST /e HTTP/1.1\r\n" + host + "Content-Length: 5, 6\r\n\r\nhello!" + smuggled, []int{400}, ""},
		{"equal Content-Lengths", "POST /e HTTP/1.1\r\n" + host + "Content-Length: 5\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello", []int{200}, "received 5 bytes\nhello"},
		{"a signed Content-Length", "POST /e HTTP/1.1\r\n" + host + "Content-Length: +5\r\n\r\nhello" + smuggled, []int{400}, ""},
		{"space before the colon", "POST /e HTTP/1.1\r\n" + host + "Content-Length : 5\r\n\r\nhello" + smuggled, []int{400}, ""},
		{"tab before the colon", "GET /hello.txt HTTP/1.1\r\n" + host + "X-A\t: b\r\n\r\n" + smuggled, []int{400}, ""},
		{"a folded field line", "GET /hello.txt HTTP/1.1\r\n" + host + "X-A: b\r\n c\r\n\r\n" + smuggled, []int{400}, ""},
		{"a field line without a colon", "GET /hello.txt HTTP/1.1\r\n" + host + "X-A b\r\n\r\n" + smuggled, []int{400}, ""},
		{"a CR inside a line", "GET /hello.txt HTTP/1.1\r\n" + host + "X-A: b\rc\r\n\r\n" + smuggled, []int{400}, ""},
		{"a control byte in a value", "GET /hello.txt HTTP/1.1\r\n" + host + "X-A: b\x01c\r\n\r\n" + smuggled, []int{400}, ""},
		{"two Host fields", "GET /hello.txt HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled, []int{400}, ""},
		{"a chunked body", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n", []int{200}, "received 11 bytes\nhello world"},
		{"a chunked body, then a request", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nGET\r\n0\r\n\r\nGET /hello.txt HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []int{200, 200}, "hello\n"},
		{"a chunked body in HTTP/1.0", "POST /e HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"gzip, then chunked", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" + smuggled, []int{501}, ""},
		{"chunked, then gzip", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"chunked twice", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"a chunk size that is not hex", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + smuggled, []int{400}, ""},
		{"a chunk size ended by a bare LF", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"a chunk without its CRLF", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n" + smuggled, []int{400}, ""},
		{"a chunked body too large", "POST /e HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nFFFFFFF\r\n" + smuggled, []int{413}, ""},
		{"a Content-Length too large", "POST /e HTTP/1.1\r\n" + host + "Content-Length: 99999999999999999999\r\n\r\n" + smuggled, []int{413}, ""},
		{"lines ended by a bare LF", "GET /hello.txt HTTP/1.1\nHost: a\nConnection: close\n\n", []int{200}, "hello\n"},
		{"empty lines before the request line", "\r\n\r\nGET /hello.txt HTTP/1.0\r\n\r\n", []int{200}, "hello\n"},
		{"nothing but empty lines", strings.Repeat("\n", 70000), []int{431}, ""},
		{"Expect: 100-continue", "POST /e HTTP/1.1\r\n" + host + "Expect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi", []int{100, 200}, "received 2 bytes\nhi"},
		{"an unknown expectation", "POST /e HTTP/1.1\r\n" + host + "Expect: telepathy\r\nContent-Length: 2\r\n\r\nhi" + smuggled, []int{417}, ""},
		{"HTTP/2.0", "GET /hello.txt HTTP/2.0\r\n\r\n", []int{505}, ""},
		{"a malformed version", "GET /hello.txt HTTP/1\r\n\r\n", []int{400}, ""},
		{"a request line too long", "GET /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\n\r\n", []int{414}, ""},
		{"an unknown method", "BREW /pot HTTP/1.1\r\n" + host + "\r\n" + smuggled, []int{501}, ""},
		{"an absolute-form target", "GET http://a/hello.txt HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", []int{200}, "hello\n"},
	} {
		out := exchange(t, srv.port, c.req)
		got := statuses(out)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: responses %v, want %v:\n%.300q", c.name, got, c.want, out)
			continue
		}
		if c.body != "" && !strings.HasSuffix(out, "\r\n\r\n"+c.body) {
			t.Errorf("%s: response %.300q, want the body %q", c.name, out, c.body)
		}
	}
}

// TestHTTPPaths: paths are decoded and collapsed, ".." and links leading
// out of the root are refused, and a redirect never leaves the server.
func TestHTTPPaths(t *testing.T) {
	root := framingRoot(t)
	srv := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	ask := func(path string) (int, string, string) {
		out := exchange(t, srv.port, "GET "+path+" HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
		code, body := parseResponse(t, out)
		location := ""
		if _, rest, ok := strings.Cut(out, "\r\nLocation: "); ok {
			location, _, _ = strings.Cut(rest, "\r\n")
		}
		return code, body, location
	}
	for _, c := range []struct {
		path     string
		code     int
		location string // for 301
		body     string // for 200, when not ""
	}{
		{"//sub", 301, "/sub/", ""},
		{"/sub", 301, "/sub/", ""},
		{"//sub?x=1", 301, "/sub/?x=1", ""},
		{"///evil.com", 301, "/evil.com/", ""},
		{"/%2F%2Fevil.com", 301, "/evil.com/", ""},
		{"/%5Cevil.com", 301, "/%5Cevil.com/", ""},
		{"//hello.txt", 200, "", "hello\n"},
		{"/./hello.txt", 200, "", "hello\n"},
		{"/hell%6F.txt", 200, "", "hello\n"},
		{"/inlink", 200, "", "hello\n"},
		{"/sublink/", 200, "", ""},
		{"/out/secret", 403, "", ""},
		{"/out/", 403, "", ""},
		{"/outfile", 403, "", ""},
		{"/up", 403, "", ""},
		{"/../outside/secret", 403, "", ""},
		{"/sub/../hello.txt", 403, "", ""},
		{"/%2e%2e/outside/secret", 403, "", ""},
		{"/hello.txt%00.png", 400, "", ""},
		{"/nothing-here", 404, "", ""},
	} {
		code, body, location := ask(c.path)
		if code != c.code || location != c.location || c.body != "" && body != c.body {
			t.Errorf("GET %s: %d %q %q, want %d %q %q", c.path, code, location, body, c.code, c.location, c.body)
		}
	}
	if code, body, _ := ask("/"); code != 200 || !strings.Contains(body, `<a href="%5Cevil.com/">\evil.com</a>`) {
		t.Errorf("the listing quotes names in links: %d %q", code, body)
	}

	// --follow-symlinks lets links lead out of the root, not ".."
	follow := startServer(t, pyasync, "../examples/http_server.star", "--follow-symlinks", "0", root)
	srv = follow
	for _, c := range []struct {
		path string
		code int
	}{{"/out/secret", 200}, {"/outfile", 200}, {"/up", 200}, {"/sub/../hello.txt", 403}} {
		if code, _, _ := ask(c.path); code != c.code {
			t.Errorf("--follow-symlinks: GET %s: %d, want %d", c.path, code, c.code)
		}
	}
}

// TestHTTPBareLFAsCPython: a request whose lines end with a bare LF is
// served, as CPython's http.server serves it.
func TestHTTPBareLFAsCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: bare LF not compared with http.server")
	}
	root := framingRoot(t)
	const req = "GET /hello.txt HTTP/1.0\nHost: a\nUser-Agent: x\n\n"
	cpython := startServer(t, py, "-c", `
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print("listening on 127.0.0.1:%d" % s.server_address[1], flush=True)
s.serve_forever()
`, root)
	ours := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	for name, port := range map[string]string{"CPython": cpython.port, "pyasync": ours.port} {
		if code, body := parseResponse(t, exchange(t, port, req)); code != 200 || body != "hello\n" {
			t.Errorf("%s: %d %q, want 200 \"hello\\n\"", name, code, body)
		}
	}
}

// TestHTTPHalfClosedClient: a client that sends its requests and shuts
// down its side gets every answer, a file larger than the socket buffers
// among them, before the server closes.
func TestHTTPHalfClosedClient(t *testing.T) {
	root := framingRoot(t)
	f, err := os.Create(filepath.Join(root, "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(bigSize)
	f.Close()
	srv := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	c := dial(t, srv.port)
	defer c.Close()
	io.WriteString(c, "GET /hello.txt HTTP/1.1\r\nHost: a\r\n\r\nGET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n")
	c.CloseWrite()
	out := closedByPeer(t, c)
	if got := statuses(out); fmt.Sprint(got) != "[200 200]" || !strings.HasSuffix(out, strings.Repeat("\x00", 1000)) || len(out) < bigSize {
		t.Errorf("two requests, then a half close: responses %v, %d bytes", got, len(out))
	}
}
