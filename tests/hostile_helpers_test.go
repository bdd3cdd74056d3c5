package tests

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/gcpace"
)

// The hostile tests attack the example servers as an outsider would, on
// loopback, and check that the server comes out of each attack as it went
// in: its descriptors back to their count before, its resident memory
// back near it. They wait for events (a connection closed, a window shut,
// a descriptor count reached), polling what the kernel shows, never for a
// fixed time; the deadline of each wait only bounds a failure.

// usage is what a server process holds.
type usage struct {
	fds int   // open descriptors
	rss int64 // resident memory, bytes
}

func (u usage) String() string {
	return fmt.Sprintf("%d descriptors, %d MB resident", u.fds, u.rss>>20)
}

// usageOf reads pid's descriptors and resident memory from /proc.
func usageOf(t *testing.T, pid int) usage {
	t.Helper()
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Fatalf("server %d: %v", pid, err)
	}
	return usage{fds: len(ents), rss: statusKB(t, pid, "VmRSS") << 10}
}

// statusKB reads a "kB" field of /proc/pid/status.
func statusKB(t *testing.T, pid int, field string) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatalf("server %d: %v", pid, err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	t.Fatalf("server %d: no %s in /proc/%d/status", pid, field, pid)
	return 0
}

// hostileDeadline bounds every wait of these tests: long enough for a
// loaded machine, reached only when the awaited event never comes.
const hostileDeadline = 2 * time.Minute

// waitUntil polls cond until it holds, failing the test with what was
// awaited if it has not by the deadline.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(hostileDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %v for %s", hostileDeadline, what)
		}
		time.Sleep(10 * time.Millisecond) // a polling interval, not a wait for an outcome
	}
}

// rssSlack is how far above its baseline a server's resident memory may
// stay once an attack is over: what the Go heap holds between two
// collections of a server doing ordinary work (gcpace lets it grow by
// gcpace.Slack before collecting), and 8 MB more. A server that keeps
// what an attack cost it (ghost channels and their backlogs, buffers of
// dropped connections) stays far above it.
const rssSlack = gcpace.Slack + 8<<20

// recovered waits until the server at pid holds as many descriptors as
// base again, then has it do ordinary work (warm, which lets the garbage
// collector run) until its resident memory is back within rssSlack of
// base.
func recovered(t *testing.T, pid int, base usage, warm func()) {
	t.Helper()
	settled(t, pid, base.fds)
	peak := statusKB(t, pid, "VmHWM") << 10
	rounds := 0
	waitUntil(t, fmt.Sprintf("the server's memory to return to %d MB (+%d MB)", base.rss>>20, rssSlack>>20), func() bool {
		warm()
		rounds++
		return usageOf(t, pid).rss <= base.rss+rssSlack
	})
	settled(t, pid, base.fds)
	t.Logf("before: %v; peak %d MB; after %d rounds of ordinary work: %v", base, peak>>20, rounds, usageOf(t, pid))
}

// settled waits until the server at pid holds fds descriptors: the
// connections of the work it did are closed.
func settled(t *testing.T, pid, fds int) {
	t.Helper()
	waitUntil(t, fmt.Sprintf("the server's descriptors to return to %d", fds), func() bool {
		return usageOf(t, pid).fds == fds
	})
}

// baseline has the server do ordinary work until its memory settles and
// returns what it holds then, once the connections of that work are
// closed: the descriptors it held before any.
func baseline(t *testing.T, pid int, warm func()) usage {
	t.Helper()
	fresh := usageOf(t, pid)
	for range 3 {
		warm()
	}
	settled(t, pid, fresh.fds)
	return usageOf(t, pid)
}

// dial opens a loopback connection to port.
func dial(t *testing.T, port string) *net.TCPConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 30*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*net.TCPConn)
}

// reset closes c with a TCP reset, as a client that crashes or cancels.
func reset(c net.Conn) {
	c.(*net.TCPConn).SetLinger(0)
	c.Close()
}

// stoppedReading reports whether the server at pid, at the other end of
// c, has stopped reading from c: it advertises a zero window while c has
// bytes it cannot send, and none of its threads is running (a server
// that is only busy, or waiting for a processor, has a thread running).
func stoppedReading(t *testing.T, pid int, c *net.TCPConn) bool {
	t.Helper()
	return zeroWindow(c) && idle(t, pid)
}

// idle reports whether no thread of pid is running or runnable.
func idle(t *testing.T, pid int) bool {
	t.Helper()
	tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
	if err != nil {
		t.Fatalf("server %d: %v", pid, err)
	}
	for _, task := range tasks {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/stat", pid, task.Name()))
		if err != nil {
			continue // the thread ended
		}
		s := string(data)
		if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 0 && f[0] == "R" {
			return false
		}
	}
	return true
}

// zeroWindow reports whether the peer of c advertises a zero window
// while c has bytes it cannot send.
func zeroWindow(c *net.TCPConn) bool {
	raw, err := c.SyscallConn()
	if err != nil {
		return false
	}
	var info *unix.TCPInfo
	raw.Control(func(fd uintptr) {
		info, _ = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	})
	return info != nil && info.Snd_wnd == 0 && info.Notsent_bytes > 0
}

// closedByPeer waits until the server closes c (a read ends) and returns
// what it had sent before.
func closedByPeer(t *testing.T, c net.Conn) string {
	t.Helper()
	c.SetReadDeadline(time.Now().Add(hostileDeadline))
	var b strings.Builder
	buf := make([]byte, 1<<16)
	for {
		n, err := c.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatalf("waited %v for the server to close the connection; it sent %d bytes: %.200q", hostileDeadline, b.Len(), b.String())
			}
			return b.String()
		}
	}
}
