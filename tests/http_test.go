package tests

import (
	"bufio"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// httpRoot makes a document root with a small file, a subdirectory and a
// 50 MB file of random bytes, and returns the big file's SHA-256.
func httpRoot(t *testing.T) (string, string) {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello\n"), 0o644)
	os.Mkdir(filepath.Join(root, "sub"), 0o755)
	f, err := os.Create(filepath.Join(root, "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	if _, err := io.CopyN(io.MultiWriter(f, h), rand.Reader, 50<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return root, hex.EncodeToString(h.Sum(nil))
}

func curl(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("curl")
	if err != nil {
		t.Skip("curl is not installed (.ci/run installs it from Debian's packages): curl checks skipped")
	}
	return path
}

// TestHTTPServerWithCurl: examples/http_server.star driven by curl: a
// directory listing, a 50 MB file arriving whole, a POST body, a 404.
func TestHTTPServerWithCurl(t *testing.T) {
	c := curl(t)
	root, sum := httpRoot(t)
	srv := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	base := "http://127.0.0.1:" + srv.port

	out, err := exec.Command(c, "-sS", "--max-time", "60", base+"/").Output()
	if err != nil || !strings.Contains(string(out), `<a href="big.bin">`) || !strings.Contains(string(out), `<a href="sub/">`) {
		t.Errorf("listing: %v %q", err, out)
	}
	dst := filepath.Join(t.TempDir(), "big.bin")
	if out, err := exec.Command(c, "-sS", "--max-time", "120", "-o", dst, base+"/big.bin").CombinedOutput(); err != nil {
		t.Fatalf("curl big file: %v %s", err, out)
	}
	got, _ := os.ReadFile(dst)
	gs := sha256.Sum256(got)
	if len(got) != 50<<20 || hex.EncodeToString(gs[:]) != sum {
		t.Errorf("50 MB file: %d bytes, checksum differs: %v", len(got), hex.EncodeToString(gs[:]) != sum)
	}
	out, err = exec.Command(c, "-sS", "--max-time", "60", "--data-binary", "a POST body", base+"/post").Output()
	if err != nil || string(out) != "received 11 bytes\na POST body" {
		t.Errorf("POST: %v %q", err, out)
	}
	out, err = exec.Command(c, "-sS", "--max-time", "60", "-o", "/dev/null", "-w", "%{http_code}", base+"/nope.txt").Output()
	if err != nil || string(out) != "404" {
		t.Errorf("404: %v %q", err, out)
	}
	// two URLs on one curl command share one kept-alive connection
	out, err = exec.Command(c, "-sS", "-v", "--max-time", "60", base+"/hello.txt", base+"/hello.txt").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Re-using existing connection") && !strings.Contains(string(out), "Reusing existing") {
		t.Errorf("keep-alive with curl: %v\n%s", err, out)
	}
}

// TestHTTPServerWithPythonHTTPClient: the same server driven by Python's
// http.client over one keep-alive connection.
func TestHTTPServerWithPythonHTTPClient(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: http.client checks skipped")
	}
	root, sum := httpRoot(t)
	srv := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	out, err := exec.Command(py, "interop/http_client.py", srv.port, "big.bin").CombinedOutput()
	if err != nil {
		t.Fatalf("http.client: %v\n%s", err, out)
	}
	want := fmt.Sprintf("listing 200 True\nbig 200 %d %s\nmissing 404\npost 200 True True\nkeepalive True\n", 50<<20, sum)
	if string(out) != want {
		t.Errorf("http.client saw:\n%s\nwant:\n%s", out, want)
	}
}

// TestHTTPServerBadRequests: a malformed request line is answered 400 and
// the connection closed; HTTP/1.0 without keep-alive closes after the
// response; the server keeps serving others.
func TestHTTPServerBadRequests(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello\n"), 0o644)
	srv := startServer(t, pyasync, "../examples/http_server.star", "0", root)
	ask := func(req string) string {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+srv.port, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(30 * time.Second))
		io.WriteString(c, req)
		all, _ := io.ReadAll(bufio.NewReader(c)) // ends when the server closes
		return string(all)
	}
	for _, req := range []string{"BAD\r\n\r\n", "GET\r\n\r\n", "GET /x HTTP/1.1\r\nno colon here\r\n\r\n", "GET /x HTTP/1.1\r\nContent-Length: abc\r\n\r\n"} {
		if got := ask(req); !strings.HasPrefix(got, "HTTP/1.") || !strings.Contains(got, " 400 Bad Request\r\n") {
			t.Errorf("%q answered %q, want 400", req, got)
		}
	}
	if got := ask("GET /hello.txt HTTP/1.0\r\n\r\n"); !strings.HasPrefix(got, "HTTP/1.0 200 OK\r\n") || !strings.HasSuffix(got, "\r\n\r\nhello\n") {
		t.Errorf("HTTP/1.0 request: %q", got)
	}
	if got := ask("GET /../etc/passwd HTTP/1.0\r\n\r\n"); !strings.Contains(got, " 403 Forbidden") {
		t.Errorf("path traversal: %q", got)
	}
	// pipelined requests on one connection, the last one closing it
	got := ask("GET /hello.txt HTTP/1.1\r\n\r\nGET /hello.txt HTTP/1.1\r\nConnection: close\r\n\r\n")
	if strings.Count(got, "HTTP/1.1 200 OK") != 2 {
		t.Errorf("pipelined: %q", got)
	}
}
