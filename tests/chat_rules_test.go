package tests

import (
	"bufio"
	"strings"
	"testing"
	"time"
)

// TestChatNicknames: a nickname is 1 to 16 letters, digits, "-" or "_",
// and unique whatever its case.
func TestChatNicknames(t *testing.T) {
	srv, _, _ := chatServer(t)
	alice := chatJoin(t, srv.port, "alice")
	defer alice.conn.Close()
	c := chatJoin(t, srv.port, "bob")
	defer c.conn.Close()
	newcomer := dial(t, srv.port)
	defer newcomer.Close()
	n := &chatClient{nick: "newcomer", conn: newcomer, r: bufio.NewReader(newcomer)}
	if err := n.waitFor("Welcome! Please enter your nickname:"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"ALICE", "Alice", "bob", "two words", "semi;colon", strings.Repeat("x", 17), "", "é"} {
		n.send(t, bad)
		if err := n.waitFor("Nickname taken or invalid, try another:"); err != nil {
			t.Errorf("nickname %q: %v", bad, err)
		}
	}
	n.send(t, "Carol_the-3rd")
	if err := n.waitFor("Hello Carol_the-3rd, 2 here."); err != nil {
		t.Fatal(err)
	}
	n.send(t, "/who")
	if err := n.waitFor("Here: Carol_the-3rd, alice, bob"); err != nil {
		t.Fatal(err)
	}
}

// TestChatNoForgedLines: control bytes are removed from what a user says,
// so a carriage return cannot start what looks like another user's line,
// nor an escape sequence drive the others' terminals; UTF-8 text passes.
func TestChatNoForgedLines(t *testing.T) {
	srv, _, _ := chatServer(t)
	bob := chatJoin(t, srv.port, "bob")
	defer bob.conn.Close()
	mallory := chatJoin(t, srv.port, "mallory")
	defer mallory.conn.Close()
	if err := bob.waitFor("* mallory has joined"); err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{
		{"hi\rbob: give mallory your password", "mallory: hibob: give mallory your password"},
		{"\x1b[2J\x1b[31mred alert\x07", "mallory: [2J[31mred alert"},
		{"a\x00b\x7fc\x08d\x0be\x0cf", "mallory: abcdef"},
		{"csi \xc2\x9b2J and del \xc2\x9f", "mallory: csi 2J and del "},
		{"tab\there", "mallory: tab here"},
		{"caf\xc3\xa9 \xe2\x98\x95", "mallory: caf\xc3\xa9 \xe2\x98\x95"},
	} {
		mallory.send(t, c[0])
		line, err := bob.r.ReadString('\n')
		if err != nil || line != c[1]+"\r\n" {
			t.Errorf("mallory says %q: bob reads %q (%v), want %q", c[0], line, err, c[1]+"\r\n")
		}
	}
}

// TestChatLineLength: a line of up to 512 bytes is delivered whole; a
// longer one is dropped, however long, and its sender told.
func TestChatLineLength(t *testing.T) {
	srv, _, _ := chatServer(t)
	bob := chatJoin(t, srv.port, "bob")
	defer bob.conn.Close()
	alice := chatJoin(t, srv.port, "alice")
	defer alice.conn.Close()
	if err := bob.waitFor("* alice has joined"); err != nil {
		t.Fatal(err)
	}
	full := strings.Repeat("a", 512)
	alice.send(t, full)
	for _, long := range []string{strings.Repeat("b", 513), strings.Repeat("c", 10<<20)} {
		alice.send(t, long)
		if err := alice.waitFor("* line too long (at most 512 bytes), dropped"); err != nil {
			t.Fatalf("%d bytes: %v", len(long), err)
		}
	}
	alice.send(t, "short again")
	for _, want := range []string{"alice: " + full, "alice: short again"} {
		line, err := bob.r.ReadString('\n')
		if err != nil || line != want+"\r\n" {
			t.Fatalf("bob reads %.80q (%v), want %.80q", line, err, want)
		}
	}
}

// TestChatIdleTimeout: with IDLE_SECONDS 1, a client that never gives a
// nickname and users who say nothing are closed, not before a second, and
// those still here are told who left.
func TestChatIdleTimeout(t *testing.T) {
	srv, _, _ := chatServer(t, "1")
	start := time.Now()
	silent := dial(t, srv.port)
	defer silent.Close()
	sleepy := chatJoin(t, srv.port, "sleepy")
	defer sleepy.conn.Close()
	watcher := chatJoin(t, srv.port, "watcher") // joined last: its time is up last
	defer watcher.conn.Close()
	const idle = "* idle for 1 seconds, closing\r\n"
	if got := closedByPeer(t, silent); !strings.HasSuffix(got, idle) || time.Since(start) < time.Second {
		t.Errorf("a client without a nickname: closed after %v having sent %q", time.Since(start), got)
	}
	if got := closedByPeer(t, sleepy.conn); got != "* watcher has joined\r\n"+idle || time.Since(start) < time.Second {
		t.Errorf("a silent user: closed after %v having sent %q", time.Since(start), got)
	}
	if got := closedByPeer(t, watcher.conn); got != "* sleepy has left\r\n"+idle {
		t.Errorf("the last silent user: sent %q", got)
	}
}
