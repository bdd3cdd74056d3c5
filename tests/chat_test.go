package tests

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

type chatClient struct {
	nick string
	conn net.Conn
	r    *bufio.Reader
}

func (c *chatClient) send(t *testing.T, line string) {
	t.Helper()
	if _, err := fmt.Fprintf(c.conn, "%s\r\n", line); err != nil {
		t.Fatalf("%s: send: %v", c.nick, err)
	}
}

// waitFor reads lines until every wanted line has been seen.
func (c *chatClient) waitFor(want ...string) error {
	missing := map[string]bool{}
	for _, w := range want {
		missing[w] = true
	}
	c.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for len(missing) > 0 {
		line, err := c.r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("%s: waiting for %v: %v", c.nick, missing, err)
		}
		delete(missing, strings.TrimRight(line, "\r\n"))
	}
	return nil
}

// TestChatServer drives examples/chat_server.star with five concurrent raw
// TCP clients: nicknames, broadcast, /who, /quit.
func TestChatServer(t *testing.T) {
	srv := startServer(t, pyasync, "../examples/chat_server.star", "0")
	nicks := []string{"ann", "bob", "cid", "dee", "eve"}
	clients := make([]*chatClient, len(nicks))
	for i, n := range nicks {
		conn, err := net.DialTimeout("tcp", "127.0.0.1:"+srv.port, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		c := &chatClient{nick: n, conn: conn, r: bufio.NewReader(conn)}
		clients[i] = c
		if err := c.waitFor("Welcome! Please enter your nickname:"); err != nil {
			t.Fatal(err)
		}
		c.send(t, n)
		if err := c.waitFor(fmt.Sprintf("Hello %s, %d here.", n, i)); err != nil {
			t.Fatal(err)
		}
	}
	// a taken nickname is refused
	dup, err := net.Dial("tcp", "127.0.0.1:"+srv.port)
	if err != nil {
		t.Fatal(err)
	}
	d := &chatClient{nick: "dup", conn: dup, r: bufio.NewReader(dup)}
	d.waitFor("Welcome! Please enter your nickname:")
	d.send(t, "ann")
	if err := d.waitFor("Nickname taken or invalid, try another:"); err != nil {
		t.Fatal(err)
	}
	dup.Close()

	// everyone talks at once; everyone hears the four others
	var wg sync.WaitGroup
	errs := make(chan error, len(clients))
	for _, c := range clients {
		wg.Add(1)
		go func(c *chatClient) {
			defer wg.Done()
			fmt.Fprintf(c.conn, "hi from %s\r\n", c.nick)
			var want []string
			for _, o := range nicks {
				if o != c.nick {
					want = append(want, fmt.Sprintf("%s: hi from %s", o, o))
				}
			}
			errs <- c.waitFor(want...)
		}(c)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}

	clients[0].send(t, "/who")
	if err := clients[0].waitFor("Here: ann, bob, cid, dee, eve"); err != nil {
		t.Fatal(err)
	}
	clients[4].send(t, "/quit")
	if err := clients[4].waitFor("Bye eve"); err != nil {
		t.Fatal(err)
	}
	clients[4].conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := clients[4].r.ReadString('\n'); err == nil {
		t.Error("the server did not close the connection after /quit")
	}
	for _, c := range clients[:4] {
		if err := c.waitFor("* eve has left"); err != nil {
			t.Error(err)
		}
	}
	// a client that just disconnects is announced too
	clients[3].conn.Close()
	if err := clients[0].waitFor("* dee has left"); err != nil {
		t.Error(err)
	}
}
