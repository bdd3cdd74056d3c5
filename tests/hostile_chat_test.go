package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// chatJoin connects to the chat server on port and joins as nick.
func chatJoin(t *testing.T, port, nick string) *chatClient {
	t.Helper()
	return chatJoinOn(t, dial(t, port), nick)
}

// chatJoinOn joins the chat server at the other end of conn as nick.
func chatJoinOn(t *testing.T, conn net.Conn, nick string) *chatClient {
	t.Helper()
	c := &chatClient{nick: nick, conn: conn, r: bufio.NewReader(conn)}
	if err := c.waitFor("Welcome! Please enter your nickname:"); err != nil {
		t.Fatal(err)
	}
	c.send(t, nick)
	line, err := c.r.ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "Hello "+nick+", ") {
		t.Fatalf("%s joining: %q %v", nick, line, err)
	}
	return c
}

// chatServer starts examples/chat_server.star and returns it with a
// function doing ordinary work: a user who joins, says a hundred lines
// and quits.
func chatServer(t *testing.T, args ...string) (*server, int, func()) {
	t.Helper()
	srv := startServer(t, pyasync, append([]string{"../examples/chat_server.star", "0"}, args...)...)
	warm := func() {
		c := chatJoin(t, srv.port, "passerby")
		defer c.conn.Close()
		io.WriteString(c.conn, strings.Repeat(strings.Repeat("just passing through ", 20)+"\r\n", 100))
		c.send(t, "/quit")
		if err := c.waitFor("Bye passerby"); err != nil {
			t.Fatal(err)
		}
		closedByPeer(t, c.conn)
	}
	return srv, srv.cmd.Process.Pid, warm
}

// TestHostileChatResetStorm: 50 users reset their connections at once
// while another talks. Every one of them is announced as gone, no ghost
// stays in /who, their nicknames are free again, and the server holds
// what it held before.
func TestHostileChatResetStorm(t *testing.T) {
	srv, pid, warm := chatServer(t)
	base := baseline(t, pid, warm)

	watcher := chatJoin(t, srv.port, "watcher")
	defer watcher.conn.Close()
	const n = 50
	users := make([]*chatClient, n)
	for i := range users {
		users[i] = chatJoin(t, srv.port, fmt.Sprintf("u%d", i))
	}
	var left []string
	for i := range users {
		left = append(left, fmt.Sprintf("* u%d has left", i))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for _, u := range users {
		wg.Add(1)
		go func(u *chatClient) {
			defer wg.Done()
			<-start
			reset(u.conn)
		}(u)
	}
	close(start)
	for i := range 20 {
		watcher.send(t, fmt.Sprintf("line %d to whoever is still here", i))
	}
	wg.Wait()
	if err := watcher.waitFor(left...); err != nil {
		t.Fatal(err)
	}
	watcher.send(t, "/who")
	if err := watcher.waitFor("Here: watcher"); err != nil {
		t.Fatal(err)
	}
	again := chatJoin(t, srv.port, "U7") // u7's nickname is free, whatever its case
	again.conn.Close()
	watcher.send(t, "/quit")
	closedByPeer(t, watcher.conn)
	recovered(t, pid, base, warm)
}

// TestHostileChatUsersWhoDoNotRead: two users never read while a third
// floods the chat. They are disconnected once their backlog is full, the
// server's memory stays bounded meanwhile, and the server holds what it
// held before once it is over.
func TestHostileChatUsersWhoDoNotRead(t *testing.T) {
	srv, pid, warm := chatServer(t)
	base := baseline(t, pid, warm)

	sleepers := []*chatClient{chatJoin(t, srv.port, "sleepy1"), chatJoin(t, srv.port, "sleepy2")}
	flooder := chatJoin(t, srv.port, "flooder")

	// the flooder hears no line but the notices: it waits for the
	// sleepers' departure while it floods
	const floodCap = 64 << 20
	line := strings.Repeat("z", 500)
	var sent atomic.Int64
	var stop atomic.Bool
	gone := make(chan error, 1)
	flooder.conn.SetReadDeadline(time.Now().Add(hostileDeadline))
	go func() {
		want := map[string]bool{"* sleepy1 has left": true, "* sleepy2 has left": true}
		for len(want) > 0 {
			got, err := flooder.r.ReadString('\n')
			if err != nil {
				gone <- err
				return
			}
			delete(want, strings.TrimRight(got, "\r\n"))
		}
		gone <- nil
	}()
	flooded := make(chan struct{})
	go func() {
		defer close(flooded)
		w := bufio.NewWriter(flooder.conn)
		for !stop.Load() && sent.Load() < floodCap/int64(len(line)) {
			if _, err := fmt.Fprintf(w, "%s\r\n", line); err != nil {
				return
			}
			sent.Add(1)
		}
		w.Flush()
	}()
	if err := <-gone; err != nil {
		t.Fatalf("waiting for the sleepers to go: %v", err)
	}
	stop.Store(true)
	<-flooded
	peak := statusKB(t, pid, "VmHWM") << 10
	if sent.Load() >= floodCap/int64(len(line)) {
		t.Errorf("after %d MB of flood, the users who do not read are still there", floodCap>>20)
	}
	if peak > base.rss+64<<20 {
		t.Errorf("the server grew from %d to %d MB", base.rss>>20, peak>>20)
	}
	t.Logf("%d lines flooded before the sleepers went", sent.Load())
	for _, s := range sleepers {
		reset(s.conn)
	}
	flooder.send(t, "/quit")
	closedByPeer(t, flooder.conn)
	recovered(t, pid, base, warm)
}

// TestHostileChatCommandsNeverRead: a user sends "/who" over and over and
// never reads the answers. The server stops reading from it once 64 KiB
// of answers wait (flow control), while the others go on talking, and
// holds what it held before once the user is gone.
func TestHostileChatCommandsNeverRead(t *testing.T) {
	srv, pid, warm := chatServer(t)
	base := baseline(t, pid, warm)

	// a small receive buffer: the server's answers back up soon
	greedy := chatJoinOn(t, dialSmall(t, srv.port), "greedy")
	const whos = 4 << 20
	written := make(chan struct{})
	go func() {
		io.WriteString(greedy.conn, strings.Repeat("/who\r\n", whos))
		close(written)
	}()
	waitUntil(t, "the server to stop reading the /who commands", func() bool {
		select {
		case <-written:
			return true
		default:
			return stoppedReading(t, pid, greedy.conn.(*net.TCPConn))
		}
	})
	select {
	case <-written:
		t.Errorf("the server read %d /who commands whose answers nobody read", whos)
	default:
	}
	// the others are served meanwhile
	alice := chatJoin(t, srv.port, "alice")
	bob := chatJoin(t, srv.port, "bob")
	alice.send(t, "hello bob")
	if err := bob.waitFor("alice: hello bob"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*chatClient{alice, bob} {
		c.conn.Close()
	}
	reset(greedy.conn)
	recovered(t, pid, base, warm)
}

// dialSmall opens a loopback connection to port whose receive buffer is
// 16 KiB, so that what the server sends and the client does not read
// backs up into the server after a few kilobytes.
func dialSmall(t *testing.T, port string) *net.TCPConn {
	t.Helper()
	d := net.Dialer{Timeout: 30 * time.Second, Control: func(network, address string, c syscall.RawConn) error {
		var serr error
		c.Control(func(fd uintptr) { serr = unix.SetsockoptInt(int(fd), unix.SOL_SOCKET, unix.SO_RCVBUF, 16384) })
		return serr
	}}
	c, err := d.Dial("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatal(err)
	}
	return c.(*net.TCPConn)
}
