package load

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// SMTPMessage is message j of connection i for SMTP: a short mail of
// headers and three lines of text, one of them starting with a dot, as
// smtplib sends it (CRLF line ends, the dot doubled, ended by
// "\r\n.\r\n").
func SMTPMessage(i, j int) []byte {
	return fmt.Appendf(nil, "From: sender%d@example.com\r\nTo: rcpt@example.com\r\nSubject: message %d of connection %d\r\n"+
		"Message-ID: <%d.%d@example.com>\r\n\r\nHello,\r\n..a line that starts with a dot\r\nThis is a short message.\r\n.\r\n", i, j, i, i, j)
}

// smtpStep is one command of a session and the reply code it wants.
type smtpStep struct {
	send []byte
	code string
}

// smtpClient is one connection of SMTP, where it is in its session.
type smtpClient struct {
	conn  net.Conn
	fd    int
	steps []smtpStep // the session: greeting, EHLO, messages, QUIT
	at    int        // the step whose reply is awaited
	in    []byte     // what has come of that reply
}

// SMTP runs SMTP sessions against an SMTP server (examples/smtpd.star,
// CPython's smtpd.DebuggingServer) on conns connections for d, as
// smtplib's sendmail() makes them, one command at a time, each waiting
// for its reply: the greeting, EHLO, then perSession messages of MAIL
// FROM (with smtplib's SIZE parameter), RCPT TO, DATA and the message,
// then QUIT; the connection is closed and a new session starts on a new
// one. It returns the messages accepted (250 after the message) and the
// time taken, from when every connection has been greeted to the last
// of them.
//
// Like closedLoop, one goroutine drives every connection through its
// own epoll instance with raw non-blocking system calls, and with Spin
// polls for replies without sleeping.
func SMTP(addr string, conns, perSession int, d time.Duration) (int64, time.Duration, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return 0, 0, err
	}
	defer unix.Close(epfd)
	clients := make([]smtpClient, conns)
	defer func() {
		for _, c := range clients {
			if c.conn != nil {
				c.conn.Close()
			}
		}
	}()
	// session is the steps of a session of k messages on connection i
	session := func(i, k int) []smtpStep {
		steps := []smtpStep{{nil, "220"}, {[]byte("EHLO client.example.com\r\n"), "250"}}
		for j := 0; j < k; j++ {
			msg := SMTPMessage(i, j)
			steps = append(steps,
				smtpStep{fmt.Appendf(nil, "MAIL FROM:<sender%d@example.com> size=%d\r\n", i, len(msg)-3), "250"},
				smtpStep{[]byte("RCPT TO:<rcpt@example.com>\r\n"), "250"},
				smtpStep{[]byte("DATA\r\n"), "354"},
				smtpStep{msg, "250"})
		}
		return append(steps, smtpStep{[]byte("QUIT\r\n"), "221"})
	}
	// open starts a session on a new connection for client i
	open := func(i int) error {
		c := &clients[i]
		if c.conn != nil {
			c.conn.Close() // which takes it out of the epoll instance
		}
		conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			return err
		}
		fd, err := rawFd(conn)
		if err != nil {
			conn.Close()
			return err
		}
		if c.steps == nil {
			// the first sessions are of different lengths, so that the
			// connections do not all end theirs at once later: a
			// server listening with a small backlog (smtpd's is 5)
			// would drop the connections that overflow it, and the
			// client would wait a second to try again
			c.steps = session(i, 1+i*perSession/conns)
		} else {
			c.steps = session(i, perSession)
		}
		c.conn, c.fd, c.at, c.in = conn, fd, 0, c.in[:0]
		return unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)})
	}
	// the first connections one at a time, each once the server has
	// accepted it and greeted (the greeting is left for the loop): a
	// burst of them would overflow a small backlog as above
	for i := range clients {
		if err := open(i); err != nil {
			return 0, 0, fmt.Errorf("connection %d: %w", i, err)
		}
		pfd := []unix.PollFd{{Fd: int32(clients[i].fd), Events: unix.POLLIN}}
		if _, err := unix.Poll(pfd, 30000); err != nil && err != unix.EINTR {
			return 0, 0, err
		}
	}
	start := time.Now()
	deadline := start.Add(d)
	var total int64
	events := make([]unix.EpollEvent, conns)
	buf := make([]byte, 4096)
	busy, stopping := conns, false
	quiet := time.Now()
	for busy > 0 {
		n, now, err := nextEvents(epfd, events, quiet)
		if err != nil {
			return total, now.Sub(start), err
		}
		if n == 0 {
			continue
		}
		quiet = now
		stopping = stopping || now.After(deadline)
		for _, ev := range events[:n] {
			i := int(ev.Fd)
			c := &clients[i]
			if c.conn == nil {
				continue // done, after the deadline
			}
			k, err := sock.RecvNow(c.fd, buf, 0)
			if errors.Is(err, unix.EAGAIN) {
				continue
			}
			if err != nil {
				return total, now.Sub(start), err
			}
			if k == 0 {
				return total, now.Sub(start), fmt.Errorf("the server closed a connection before %q", c.steps[c.at].send)
			}
			c.in = append(c.in, buf[:k]...)
			done, err := smtpReply(c.in, c.steps[c.at].code)
			if err != nil {
				return total, now.Sub(start), fmt.Errorf("after %q: %w", c.steps[c.at].send, err)
			}
			if !done {
				continue
			}
			c.in = c.in[:0]
			step := c.steps[c.at]
			if step.code == "250" && bytes.HasSuffix(step.send, []byte("\r\n.\r\n")) {
				total++
				if stopping {
					c.conn.Close()
					c.conn = nil
					busy--
					continue
				}
			}
			if c.at++; c.at == len(c.steps) { // QUIT answered
				if err := open(i); err != nil {
					return total, now.Sub(start), err
				}
				continue
			}
			if err := sendAll(c.fd, c.steps[c.at].send); err != nil {
				return total, now.Sub(start), err
			}
		}
	}
	return total, time.Since(start), nil
}

// smtpReply tells whether in holds a whole SMTP reply (its last line has
// a space, or nothing, after the code), and fails when the reply's code
// is not want.
func smtpReply(in []byte, want string) (bool, error) {
	for len(in) > 0 {
		end := bytes.Index(in, []byte("\r\n"))
		if end < 0 {
			return false, nil
		}
		line := in[:end]
		if len(line) < 3 || string(line[:3]) != want {
			return false, fmt.Errorf("reply %s, want %s", strconv.Quote(string(line)), want)
		}
		if len(line) == 3 || line[3] == ' ' {
			return true, nil
		}
		in = in[end+2:]
	}
	return false, nil
}
