package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestExamplesPassCheck: every example parses and resolves.
func TestExamplesPassCheck(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.star")
	if len(files) == 0 {
		t.Fatal("no examples")
	}
	_, stderr, code := runPyasync(t, "", append([]string{"check"}, files...)...)
	if code != 0 {
		t.Fatalf("pyasync check examples: %d\n%s", code, stderr)
	}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		if !strings.HasPrefix(string(src), "# ") || !strings.Contains(strings.SplitN(string(src), "\n\n", 2)[0], "pyasync examples/") {
			t.Errorf("%s does not open with a comment saying how to run it", f)
		}
	}
}

// TestEchoExamplesTogether: the echo client example against the echo
// server example.
func TestEchoExamplesTogether(t *testing.T) {
	srv := startServer(t, pyasync, "../examples/echo_server.star", "0")
	out, stderr, code := runPyasync(t, "", "../examples/echo_client.star", srv.port, "one", "two")
	if code != 0 || strings.TrimSpace(out) != "echoed: one two" {
		t.Fatalf("status %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestHTTPClientExample: the documentation's HTTP client fetches a page
// from a local server.
func TestHTTPClientExample(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				r := bufio.NewReader(c)
				line, _ := r.ReadString('\n')
				for {
					h, err := r.ReadString('\n')
					if err != nil || h == "\r\n" {
						break
					}
				}
				body := "you asked for " + strings.Fields(line + " x x")[1]
				fmt.Fprintf(c, "HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			}(c)
		}
	}()
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	out, stderr, code := runPyasync(t, "", "../examples/http_client.star", "127.0.0.1", port, "/index.html")
	if code != 0 || !strings.HasPrefix(out, "HTTP/1.0 200 OK") || !strings.HasSuffix(out, "you asked for /index.html") {
		t.Fatalf("status %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestManySimultaneousConnections: 3000 loopback connections open at once
// against one pyasync echo server, with use_poll False and True, each
// echoed correctly.
func TestManySimultaneousConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: 3000 connections skipped")
	}
	const n = 3000
	for _, usePoll := range []string{"False", "True"} {
		t.Run("use_poll="+usePoll, func(t *testing.T) {
			dir := t.TempDir()
			script := filepath.Join(dir, "server.star")
			src, _ := os.ReadFile("../examples/echo_server.star")
			os.WriteFile(script, []byte(strings.Replace(string(src), "asyncore.loop()", "asyncore.loop(use_poll = "+usePoll+")", 1)), 0o644)
			srv := startServer(t, pyasync, script, "0")
			conns := make([]net.Conn, 0, n)
			defer func() {
				for _, c := range conns {
					c.Close()
				}
			}()
			for i := 0; i < n; i++ {
				c, err := net.DialTimeout("tcp", "127.0.0.1:"+srv.port, 30*time.Second)
				if err != nil {
					t.Fatalf("connection %d: %v", i, err)
				}
				conns = append(conns, c)
			}
			// every connection is open at once; now each talks
			var wg sync.WaitGroup
			errs := make(chan error, n)
			for i, c := range conns {
				wg.Add(1)
				go func(i int, c net.Conn) {
					defer wg.Done()
					c.SetDeadline(time.Now().Add(60 * time.Second))
					msg := fmt.Sprintf("connection %d says hello\n", i)
					if _, err := c.Write([]byte(msg)); err != nil {
						errs <- err
						return
					}
					got := make([]byte, len(msg))
					if _, err := io.ReadFull(c, got); err != nil || string(got) != msg {
						errs <- fmt.Errorf("connection %d: got %q, %v", i, got, err)
					}
				}(i, c)
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}
		})
	}
}

// TestSumServerExample: the exceptions example answers a bad line with
// the ValueError's message and keeps the connection.
func TestSumServerExample(t *testing.T) {
	srv := startServer(t, pyasync, "../examples/sum_server.star", "0")
	c, err := net.Dial("tcp", "127.0.0.1:"+srv.port)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(60 * time.Second))
	r := bufio.NewReader(c)
	for _, step := range [][2]string{
		{"2", "200 2"},
		{"x", "500 invalid literal for int() with base 10: 'x'"},
		{"40", "200 42"},
	} {
		fmt.Fprintf(c, "%s\n", step[0])
		line, err := r.ReadString('\n')
		if err != nil || strings.TrimRight(line, "\r\n") != step[1] {
			t.Fatalf("sent %q: got %q (%v), want %q", step[0], line, err, step[1])
		}
	}
}

// TestClientExamplesSayWhyTheyFail: with no server to talk to, the client
// examples say what they could not reach and why, in one line, and exit
// with 1 (not an uncaptured-exception report and 0).
func TestClientExamplesSayWhyTheyFail(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := fmt.Sprint(l.Addr().(*net.TCPAddr).Port)
	l.Close() // nothing listens there now
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"../examples/http_client.star", "127.0.0.1", port, "/x"}, "http_client: cannot get http://127.0.0.1:" + port + "/x: [Errno 111] Connection refused\n"},
		{[]string{"../examples/echo_client.star", port}, "echo_client: 127.0.0.1:" + port + ": [Errno 111] Connection refused\n"},
		{[]string{"../examples/https_client.star", "127.0.0.1", port, "/x"}, "https_client: cannot get https://127.0.0.1:" + port + "/x: [Errno 111] Connection refused\n"},
	} {
		out, stderr, code := runPyasync(t, "", c.args...)
		if code != 1 || out != "" || stderr != c.want {
			t.Errorf("%v: status %d, stdout %q, stderr %q; want 1 and %q", c.args, code, out, stderr, c.want)
		}
	}
}
