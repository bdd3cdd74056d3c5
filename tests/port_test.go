package tests

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var updatePort = flag.Bool("update-port", false, "rewrite tests/port/*.star from pyasync port's output")

// portFile runs "pyasync port" on tests/port/name and returns the path of
// the translation, written to a temporary folder. A full translation is
// expected: status 0, nothing on stderr. The output must also equal the
// reviewed translation kept beside the source (tests/port/*.star).
func portFile(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("port", name)
	out, stderr, code := runPyasync(t, "", "port", src)
	if code != 0 || stderr != "" {
		t.Fatalf("pyasync port %s: status %d, stderr:\n%s", src, code, stderr)
	}
	golden := strings.TrimSuffix(src, ".py") + ".star"
	if *updatePort {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run Port -update-port to create it)", err)
	}
	if out != string(want) {
		t.Errorf("pyasync port %s differs from %s:\n%s", src, golden, out)
	}
	path := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".py")+".star")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// runtimes is where a ported program runs: its translation under
// pyasync, and, for Python 3 sources, the original under CPython 3.11
// (skipped with a message when python3 or its asyncore is missing).
type runtime struct {
	name string
	argv []string // command and arguments before the program's own
}

func portRuntimes(t *testing.T, name string) []runtime {
	star := portFile(t, name)
	rts := []runtime{{"pyasync", []string{pyasync, star}}}
	if strings.Contains(name, "_py3") {
		if py, err := exec.LookPath("python3"); err != nil {
			t.Log("python3 is not installed: the original is not run under CPython")
		} else if exec.Command(py, "-W", "ignore", "-c", "import asyncore, asynchat").Run() != nil {
			t.Log("python3 has no asyncore: the original is not run under CPython")
		} else {
			rts = append(rts, runtime{"CPython", []string{py, "-W", "ignore", filepath.Join("port", name)}})
		}
	}
	return rts
}

// conn is a line-oriented test client with a deadline as a safety net.
type conn struct {
	t *testing.T
	c net.Conn
	r *bufio.Reader
}

func dialLines(t *testing.T, port string) *conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(60 * time.Second))
	return &conn{t, c, bufio.NewReader(c)}
}

func (c *conn) send(s string) {
	c.t.Helper()
	if _, err := io.WriteString(c.c, s); err != nil {
		c.t.Fatal(err)
	}
}

func (c *conn) line() string {
	c.t.Helper()
	l, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("reading a line: %v (got %q)", err, l)
	}
	return l
}

// TestPortEchoServerPy3: the asyncore documentation's echo server,
// ported, answers three concurrent clients exactly as CPython's run of
// the original does.
func TestPortEchoServerPy3(t *testing.T) {
	for _, rt := range portRuntimes(t, "echo_server_py3.py") {
		t.Run(rt.name, func(t *testing.T) {
			srv := startServer(t, rt.argv[0], rt.argv[1:]...)
			var clients []*conn
			for i := 0; i < 3; i++ {
				clients = append(clients, dialLines(t, srv.port))
			}
			for round := 0; round < 5; round++ {
				for i, c := range clients {
					msg := fmt.Sprintf("client %d round %d %s\n", i, round, strings.Repeat("x", 100*round))
					c.send(msg)
					if got := c.line(); got != msg {
						t.Fatalf("echo: got %q, want %q", got, msg)
					}
				}
			}
		})
	}
}

// TestPortEchoServerPy2: a Python 2 echo server with print >>, has_key,
// del and a global counter; compared with what the original printed
// under Python 2.
func TestPortEchoServerPy2(t *testing.T) {
	for _, rt := range portRuntimes(t, "echo_server_py2.py") {
		srv := startServer(t, rt.argv[0], rt.argv[1:]...)
		a := dialLines(t, srv.port)
		a.send("hello\n")
		if got := a.line(); got != "hello\n" {
			t.Fatalf("echo: got %q", got)
		}
		a.send("stats\n")
		if got := a.line(); got != "connection 1 of 1\n" {
			t.Fatalf("stats with one client: got %q", got)
		}
		b := dialLines(t, srv.port)
		b.send("stats\n")
		if got := b.line(); got != "connection 2 of 2\n" {
			t.Fatalf("stats with two clients: got %q", got)
		}
		a.c.Close()
		// b's next answer comes after the server saw a leave, since the
		// server handles events in order; poll until it has.
		deadline := time.Now().Add(30 * time.Second)
		for {
			b.send("stats\n")
			got := b.line()
			if got == "connection 2 of 1\n" {
				break
			}
			if got != "connection 2 of 2\n" || time.Now().After(deadline) {
				t.Fatalf("stats after the first client left: got %q", got)
			}
		}
	}
}

// TestPortEchoClientPy3: the ported client against a Go echo server
// prints what CPython's run of the original prints (sprintf for "%-10s").
func TestPortEchoClientPy3(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { io.Copy(c, c); c.Close() }()
		}
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	want := "echoed: one       |\necho" + "ed: two words |\necho" + "ed: a-much-longer-line|\n"
	for _, rt := range portRuntimes(t, "echo_client_py3.py") {
		cmd := exec.Command(rt.argv[0], append(rt.argv[1:], port, "one", "two words", "a-much-longer-line")...)
		out, err := runBounded(cmd)
		if err != nil || string(out) != want {
			t.Errorf("%s: %v\ngot  %q\nwant %q", rt.name, err, out, want)
		}
	}
}

// TestPortHTTPClientPy2: the documentation's Python 2 HTTP client sends
// its request and prints the response, then an empty line for the
// closing recv, as it did under Python 2.
func TestPortHTTPClientPy2(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const response = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello from the test\n"
	requests := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(60 * time.Second))
		var req bytes.Buffer
		buf := make([]byte, 1024)
		for !bytes.HasSuffix(req.Bytes(), []byte("\r\n\r\n")) {
			n, err := c.Read(buf)
			if err != nil {
				break
			}
			req.Write(buf[:n])
		}
		requests <- req.String()
		io.WriteString(c, response)
	}()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	for _, rt := range portRuntimes(t, "http_client_py2.py") {
		out, err := runBounded(exec.Command(rt.argv[0], append(rt.argv[1:], port)...))
		if err != nil || string(out) != response+"\n\n" {
			t.Fatalf("%s: %v\ngot  %q\nwant %q", rt.name, err, out, response+"\n\n")
		}
		if req := <-requests; req != "GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" {
			t.Fatalf("request: %q", req)
		}
	}
}

// TestPortChatServerPy2: the asynchat line chat, Python 2, with two
// clients: joins, messages, /who and /quit, each line as the original
// sent it.
func TestPortChatServerPy2(t *testing.T) {
	for _, rt := range portRuntimes(t, "chat_server_py2.py") {
		srv := startServer(t, rt.argv[0], rt.argv[1:]...)
		alice := dialLines(t, srv.port)
		alice.send("alice\r\n")
		expect(t, alice, "welcome, alice\n")
		bob := dialLines(t, srv.port)
		bob.send("bob\n")
		expect(t, bob, "welcome, bob\n")
		expect(t, alice, "* bob joined\n")
		bob.send("hi all\n")
		expect(t, alice, "bob: hi all\n")
		alice.send("/who\n")
		expect(t, alice, "here: alice, bob\n")
		bob.send("/quit\n")
		expect(t, bob, "bye\n")
		expect(t, alice, "* bob left\n")
		if l, err := bob.r.ReadString('\n'); err != io.EOF {
			t.Fatalf("after /quit: got %q, %v; want the connection closed", l, err)
		}
	}
}

func expect(t *testing.T, c *conn, want string) {
	t.Helper()
	if got := c.line(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// TestPortFileSenderPy3: a producer reading a file block by block sends
// it whole, binary bytes included, after a LENGTH header, then closes —
// under pyasync and CPython alike.
func TestPortFileSenderPy3(t *testing.T) {
	data := make([]byte, 300_000)
	rand.Read(data)
	path := filepath.Join(t.TempDir(), "payload.bin")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := append([]byte(fmt.Sprintf("LENGTH %d\r\n", len(data))), data...)
	for _, rt := range portRuntimes(t, "file_sender_py3.py") {
		t.Run(rt.name, func(t *testing.T) {
			srv := startServer(t, rt.argv[0], append(rt.argv[1:], path, "1000")...)
			for i := 0; i < 2; i++ {
				c := dialLines(t, srv.port)
				got, err := io.ReadAll(c.c)
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("client %d: %v: got %d bytes, want %d, equal prefix %d", i, err, len(got), len(want), commonPrefix(got, want))
				}
			}
		})
	}
}

func commonPrefix(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

// TestPortUDPPy3: a datagram dispatcher answers each datagram, stops on
// "quit" and prints its count, as CPython's run of the original does.
func TestPortUDPPy3(t *testing.T) {
	for _, rt := range portRuntimes(t, "udp_upper_py3.py") {
		t.Run(rt.name, func(t *testing.T) {
			srv := startServer(t, rt.argv[0], rt.argv[1:]...)
			c, err := net.Dial("udp", "127.0.0.1:"+srv.port)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			c.SetDeadline(time.Now().Add(60 * time.Second))
			buf := make([]byte, 2048)
			for _, x := range [][2]string{{"hello", "HELLO#1"}, {"abc def", "ABC DEF#2"}, {"quit", "BYE"}} {
				c.Write([]byte(x[0]))
				n, err := c.Read(buf)
				if err != nil || string(buf[:n]) != x[1] {
					t.Fatalf("sent %q: got %q, %v; want %q", x[0], buf[:n], err, x[1])
				}
			}
			if rest, err := srv.wait(t); err != nil || rest != "served 2 datagrams\n" {
				t.Fatalf("after quit: %v, printed %q", err, rest)
			}
		})
	}
}

// runBounded runs a command to its end, killing it after a minute, and
// returns its stdout; its stderr goes to cmd.Stderr, or to the test's.
func runBounded(cmd *exec.Cmd) ([]byte, error) {
	var out bytes.Buffer
	cmd.Stdout = &out
	if cmd.Stderr == nil {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.Bytes(), err
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		return out.Bytes(), fmt.Errorf("did not finish within a minute")
	}
}

// TestPortCommand: the command's forms and statuses: 0 for a full
// translation, 1 with each TODO on stderr as FILE:LINE, 2 for a bad
// command line or a missing file; stdin with "-".
func TestPortCommand(t *testing.T) {
	out, stderr, code := runPyasync(t, "print 'hi'\n", "port", "-")
	if code != 0 || out != "print('hi')\n" || stderr != "" {
		t.Errorf("port - : status %d, out %q, stderr %q", code, out, stderr)
	}
	out, stderr, code = runPyasync(t, "x = 1\nexec 'y = 2'\n", "port", "-")
	if code != 1 || !strings.Contains(stderr, "<stdin>:2: TODO(port): exec") || !strings.Contains(out, "# exec 'y = 2'") {
		t.Errorf("a TODO: status %d, out %q, stderr %q", code, out, stderr)
	}
	_, stderr, code = runPyasync(t, "", "port", "no/such/file.py")
	if code != 2 || !strings.Contains(stderr, "can't open file 'no/such/file.py'") {
		t.Errorf("missing file: status %d, stderr %q", code, stderr)
	}
	_, stderr, code = runPyasync(t, "", "port", "--python", "4", "x.py")
	if code != 2 || !strings.Contains(stderr, "unknown option --python") {
		t.Errorf("bad option: status %d, stderr %q", code, stderr)
	}
	out, _, code = runPyasync(t, "n = 7 / 2\n", "port", "--python", "2", "-")
	if code != 0 || out != "n = 7 // 2\n" {
		t.Errorf("--python 2: status %d, out %q", code, out)
	}
	// a name pyasync lacks: the check fails, and counts as a place left
	_, stderr, code = runPyasync(t, "b = 1\nv = ascii(b)\n", "port", "-")
	if code != 1 || !strings.Contains(stderr, "undefined: ascii") || !strings.Contains(stderr, "1 place(s) left") {
		t.Errorf("a translation that does not check: status %d, stderr %q", code, stderr)
	}
	_, stderr, code = runPyasync(t, "def f(:\n", "port", "-")
	if code != 1 || !strings.Contains(stderr, "could not read") || strings.Contains(stderr, "panic") {
		t.Errorf("a syntax error: status %d, stderr %q", code, stderr)
	}
}
