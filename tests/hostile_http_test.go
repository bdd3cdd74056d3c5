package tests

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// bigSize is the size of the file the attacks download: more than every
// socket buffer between server and client can hold, so that a response
// is still being sent when the attacker stops.
const bigSize = 16 << 20

// hostileRoot makes a document root with hello.txt, a directory and a
// sparse big.bin.
func hostileRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "hello.txt"), []byte("hello\n"), 0o644)
	os.Mkdir(filepath.Join(root, "sub"), 0o755)
	f, err := os.Create(filepath.Join(root, "big.bin"))
	if err != nil {
		t.Fatal(err)
	}
	f.Truncate(bigSize)
	f.Close()
	return root
}

// httpServer starts examples/http_server.star on root and returns it with
// a function doing ordinary work: fetching hello.txt and big.bin whole.
func httpServer(t *testing.T, root string, args ...string) (*server, int, func()) {
	t.Helper()
	srv := startServer(t, pyasync, append(append([]string{"../examples/http_server.star"}, args...), "0", root)...)
	warm := func() {
		for _, c := range []struct {
			path string
			size int
		}{{"/hello.txt", 6}, {"/big.bin", bigSize}} {
			if code, body := httpGet(t, srv.port, c.path); code != 200 || len(body) != c.size {
				t.Fatalf("GET %s: %d with %d bytes, want 200 with %d", c.path, code, len(body), c.size)
			}
		}
	}
	return srv, srv.cmd.Process.Pid, warm
}

// httpGet fetches path with HTTP/1.0 and returns the status and body.
func httpGet(t *testing.T, port, path string) (int, string) {
	t.Helper()
	c := dial(t, port)
	defer c.Close()
	fmt.Fprintf(c, "GET %s HTTP/1.0\r\n\r\n", path)
	return parseResponse(t, closedByPeer(t, c))
}

// parseResponse splits one response into its status and body.
func parseResponse(t *testing.T, resp string) (int, string) {
	t.Helper()
	head, body, ok := strings.Cut(resp, "\r\n\r\n")
	var code int
	if _, err := fmt.Sscanf(head, "HTTP/1.%d %d", new(int), &code); err != nil || !ok {
		t.Fatalf("not an HTTP response: %.200q", resp)
	}
	return code, body
}

// TestHostileHTTPPipelinedDownloads: one connection pipelines 20,000
// GETs of a big file and never reads. The server stops reading after a
// few requests (it does not parse the rest, let alone open 20,000 files),
// holds at most one file open, and when the client goes, every descriptor
// is back and the next download is whole.
func TestHostileHTTPPipelinedDownloads(t *testing.T) {
	srv, pid, warm := httpServer(t, hostileRoot(t))
	base := baseline(t, pid, warm)

	c := dial(t, srv.port)
	go func() { c.Write([]byte(strings.Repeat("GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n", 20000))) }()
	var now usage
	waitUntil(t, "the server to stop reading the pipelined requests", func() bool {
		now = usageOf(t, pid)
		return stoppedReading(t, pid, c) || now.fds > base.fds+2
	})
	if now.fds > base.fds+2 {
		t.Errorf("with one connection pipelining downloads, the server holds %d descriptors (%d before)", now.fds, base.fds)
	}
	reset(c)
	recovered(t, pid, base, warm)
}

// TestHostileHTTPCancelledDownloads: downloads abandoned half-way — reset,
// closed with data unread, half-closed — give back their files.
func TestHostileHTTPCancelledDownloads(t *testing.T) {
	srv, pid, warm := httpServer(t, hostileRoot(t))
	base := baseline(t, pid, warm)

	for i := range 30 {
		c := dial(t, srv.port)
		fmt.Fprintf(c, "GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n")
		head := make([]byte, 64<<10)
		if _, err := io.ReadFull(c, head); err != nil {
			t.Fatalf("download %d: %v", i, err)
		}
		switch i % 3 {
		case 0:
			reset(c)
		case 1:
			c.Close() // unread data: the kernel resets too
		case 2:
			c.CloseWrite() // the server reads end of file
			defer c.Close()
		}
	}
	recovered(t, pid, base, warm)
}

// TestHostileHTTPPipelinedPostsNeverRead: a client pipelines 4 MiB POSTs
// (the server echoes each) and never reads. The server stops reading once
// an answer is queued, so its memory stays bounded.
func TestHostileHTTPPipelinedPostsNeverRead(t *testing.T) {
	srv, pid, warm := httpServer(t, hostileRoot(t))
	base := baseline(t, pid, warm)

	const bound = 64 << 20
	c := dial(t, srv.port)
	body := strings.Repeat("x", 4<<20)
	req := fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	var posted atomic.Int32
	go func() {
		for range 32 {
			if _, err := io.WriteString(c, req); err != nil {
				return
			}
			posted.Add(1)
		}
	}()
	var now usage
	waitUntil(t, "the server to stop reading the POSTs", func() bool {
		now = usageOf(t, pid)
		return stoppedReading(t, pid, c) || now.rss > base.rss+bound || posted.Load() == 32
	})
	if now.rss > base.rss+bound || posted.Load() == 32 {
		t.Errorf("the server read %d POSTs of 4 MiB nobody read the answers to, growing from %d to %d MB", posted.Load(), base.rss>>20, now.rss>>20)
	}
	reset(c)
	recovered(t, pid, base, warm)
}

// TestHostileHTTPHeaderTooLargeOpensNoFile: a request whose head is too
// large is answered 431 and the file it names is never opened (watched
// with inotify), while the next request's file is.
func TestHostileHTTPHeaderTooLargeOpensNoFile(t *testing.T) {
	root := hostileRoot(t)
	srv, pid, warm := httpServer(t, root)
	base := baseline(t, pid, warm)

	ifd, err := unix.InotifyInit1(unix.IN_NONBLOCK | unix.IN_CLOEXEC)
	if err != nil {
		t.Skipf("inotify: %v", err)
	}
	watch := os.NewFile(uintptr(ifd), "inotify")
	defer watch.Close()
	if _, err := unix.InotifyAddWatch(ifd, root, unix.IN_OPEN); err != nil {
		t.Fatal(err)
	}
	opened := make(chan string, 100)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := watch.Read(buf)
			if err != nil {
				return
			}
			for off := 0; off+unix.SizeofInotifyEvent <= n; {
				nameLen := int(uint32(buf[off+12]) | uint32(buf[off+13])<<8 | uint32(buf[off+14])<<16 | uint32(buf[off+15])<<24)
				name := strings.TrimRight(string(buf[off+unix.SizeofInotifyEvent:off+unix.SizeofInotifyEvent+nameLen]), "\x00")
				opened <- name
				off += unix.SizeofInotifyEvent + nameLen
			}
		}
	}()

	for _, req := range []string{
		"GET /big.bin HTTP/1.1\r\nHost: a\r\nX-Big: " + strings.Repeat("a", 70000) + "\r\n\r\n",
		"GET /big.bin HTTP/1.1\r\nHost: a\r\n" + strings.Repeat("X-Many: a\r\n", 150) + "\r\n",
		"GET /big.bin HTTP/1.1\r\n" + strings.Repeat("X-Long: "+strings.Repeat("b", 4000)+"\r\n", 20) + "\r\n",
	} {
		c := dial(t, srv.port)
		c.Write([]byte(req))
		if code, _ := parseResponse(t, closedByPeer(t, c)); code != 431 {
			t.Errorf("a head too large: %d, want 431", code)
		}
		c.Close()
	}
	if code, _ := httpGet(t, srv.port, "/hello.txt"); code != 200 {
		t.Fatalf("GET /hello.txt: %d", code)
	}
	timeout := time.After(hostileDeadline)
	for name := ""; name != "hello.txt"; {
		select {
		case name = <-opened:
			if name == "big.bin" {
				t.Fatal("the server opened big.bin for a request it answered 431")
			}
		case <-timeout:
			t.Fatal("inotify never saw hello.txt opened")
		}
	}
	recovered(t, pid, base, warm)
}

// shortTimeout is the --timeout of the tests that wait for it: short, so
// that they end soon, but long enough that the test's own downloads
// (warm), whose client may wait for a CPU a second or more on a loaded
// machine, are not closed as idle half-way (with 1 s, one in ten runs at
// a load of 5 on 2 CPUs lost the end of a 16 MB download).
const (
	shortTimeout    = 3 * time.Second
	shortTimeoutArg = "--timeout=3"
)

// TestHostileHTTPSlowloris: 300 connections trickle a request head a byte
// at a time. Each is closed once its head has taken longer than the
// timeout, however steadily it trickles, and the server answers others
// all along.
func TestHostileHTTPSlowloris(t *testing.T) {
	const timeout = shortTimeout
	srv, pid, warm := httpServer(t, hostileRoot(t), shortTimeoutArg)
	base := baseline(t, pid, warm)

	const n = 300
	var wg sync.WaitGroup
	lived := make(chan time.Duration, n)
	for range n {
		c := dial(t, srv.port)
		start := time.Now()
		io.WriteString(c, "GET /hello.txt HTTP/1.1\r\nHost: a\r\n")
		closed := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			c.SetReadDeadline(time.Now().Add(hostileDeadline))
			io.Copy(io.Discard, c)
			lived <- time.Since(start)
			close(closed)
		}()
		go func() {
			defer wg.Done()
			defer c.Close()
			tick := time.NewTicker(100 * time.Millisecond) // the attacker's pace
			defer tick.Stop()
			for {
				select {
				case <-closed:
					return
				case <-tick.C:
					if _, err := io.WriteString(c, "X"); err != nil {
						<-closed
						return
					}
				}
			}
		}()
	}
	// the server answers while they trickle
	if code, body := httpGet(t, srv.port, "/hello.txt"); code != 200 || body != "hello\n" {
		t.Errorf("during the attack: %d %q", code, body)
	}
	wg.Wait()
	close(lived)
	for d := range lived {
		if d < timeout {
			t.Errorf("a trickling connection was closed after %v, before the timeout", d)
		}
		if d >= hostileDeadline {
			t.Errorf("a trickling connection was never closed")
		}
	}
	recovered(t, pid, base, warm)
}

// TestHTTPTimeouts: with a short --timeout, a connection that sends
// nothing, a kept-alive connection after its response, and a download
// whose client stopped reading are all closed, none before the timeout.
func TestHTTPTimeouts(t *testing.T) {
	const timeout = shortTimeout
	srv, pid, warm := httpServer(t, hostileRoot(t), shortTimeoutArg)
	base := baseline(t, pid, warm)

	start := time.Now()
	if got := closedByPeer(t, dial(t, srv.port)); got != "" || time.Since(start) < timeout {
		t.Errorf("a silent connection: closed after %v having sent %q", time.Since(start), got)
	}

	// the server's idle time starts after it has the request, so after
	// start: taken before the request is sent, not after the response is
	// read (which would race the server's own clock)
	c := dial(t, srv.port)
	start = time.Now()
	io.WriteString(c, "GET /hello.txt HTTP/1.1\r\nHost: a\r\n\r\n")
	r := bufio.NewReader(c)
	resp := ""
	for !strings.HasSuffix(resp, "hello\n") {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("keep-alive response: %q %v", resp, err)
		}
		resp += line
	}
	if rest, _ := io.ReadAll(r); len(rest) != 0 || time.Since(start) < timeout {
		t.Errorf("kept alive: closed after %v having sent %q more", time.Since(start), rest)
	}
	c.Close()

	// a download whose client stops reading: nothing moves, it is closed
	c = dial(t, srv.port)
	defer c.Close()
	io.WriteString(c, "GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n")
	io.ReadFull(c, make([]byte, 1000))
	waitUntil(t, "the stalled download to be closed", func() bool { return usageOf(t, pid).fds == base.fds })
	recovered(t, pid, base, warm)
}
