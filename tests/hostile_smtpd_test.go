package tests

import (
	"bufio"
	"io"
	"strings"
	"testing"
	"time"
)

// smtpdWithTimeout starts examples/smtpd.star with a TIMEOUT and returns
// it with a function doing ordinary work: a message sent and a QUIT.
func smtpdWithTimeout(t *testing.T, timeout string) (*server, int, func()) {
	t.Helper()
	srv := startServer(t, pyasync, "../examples/smtpd.star", "0", "33554432", timeout)
	go io.Copy(io.Discard, srv.out) // what DebuggingServer prints
	warm := func() {
		c := dial(t, srv.port)
		defer c.Close()
		io.WriteString(c, "HELO a\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n"+
			strings.Repeat("a line of a message\r\n", 2000)+".\r\nQUIT\r\n")
		if got := closedByPeer(t, c); !strings.Contains(got, "\r\n221 Bye\r\n") {
			t.Fatalf("a message: %q", got)
		}
	}
	return srv, srv.cmd.Process.Pid, warm
}

// TestSmtpdTimeout: with TIMEOUT 1, a client silent after the greeting or
// in the middle of a session is told 421 and closed, not before a second.
func TestSmtpdTimeout(t *testing.T) {
	srv, _, _ := smtpdWithTimeout(t, "1")
	for _, say := range []string{"", "HELO a\r\nMAIL FROM:<a@example.com>\r\n", "HELO a\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.com>\r\nDATA\r\nhalf a mess"} {
		c := dial(t, srv.port)
		start := time.Now()
		io.WriteString(c, say)
		got := closedByPeer(t, c)
		if !strings.HasPrefix(got, "220 ") || !strings.HasSuffix(got, "\r\n421 Error: timeout exceeded\r\n") || time.Since(start) < time.Second {
			t.Errorf("after %q: closed after %v having sent %q", say, time.Since(start), got)
		}
		c.Close()
	}
}

// TestHostileSmtpdRepliesNeverRead: a client pipelines NOOPs and never
// reads the replies. The server stops reading once 100 replies wait, and
// holds what it held before once the client is gone.
func TestHostileSmtpdRepliesNeverRead(t *testing.T) {
	srv, pid, warm := smtpdWithTimeout(t, "300")
	base := baseline(t, pid, warm)

	c := dial(t, srv.port)
	bufio.NewReader(c).ReadString('\n') // the greeting
	const noops = 4 << 20
	written := make(chan struct{})
	go func() {
		io.WriteString(c, strings.Repeat("NOOP\r\n", noops))
		close(written)
	}()
	waitUntil(t, "the server to stop reading NOOPs", func() bool {
		select {
		case <-written:
			return true
		default:
			return stoppedReading(t, pid, c)
		}
	})
	select {
	case <-written:
		t.Errorf("the server read %d NOOPs whose replies nobody read", noops)
	default:
	}
	reset(c)
	recovered(t, pid, base, warm)
}
