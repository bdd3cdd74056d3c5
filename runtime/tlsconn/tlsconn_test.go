package tlsconn

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

var versions = []struct {
	name string
	v    uint16
}{{"TLS1.2", tls.VersionTLS12}, {"TLS1.3", tls.VersionTLS13}}

// TestServerEchoesGoClient: the engine as a server handshakes with
// crypto/tls's blocking client, reads what it sends and sends it back,
// with the version the test asks for.
func TestServerEchoesGoClient(t *testing.T) {
	for _, ver := range versions {
		t.Run(ver.name, func(t *testing.T) {
			s := certs(t)
			fd, peer := pair(t)
			msg := []byte("hello over TLS")
			done := goPeer(func() error {
				c := tls.Client(peer, clientConfig(s, ver.v))
				if _, err := c.Write(msg); err != nil {
					return err
				}
				got := make([]byte, len(msg))
				if _, err := io.ReadFull(c, got); err != nil {
					return err
				}
				if !bytes.Equal(got, msg) {
					return fmt.Errorf("echo %q, want %q", got, msg)
				}
				return c.Close()
			})
			c, err := Server(fd, serverConfig(s, ver.v), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := drive(t, c, c.Handshake); err != nil {
				t.Fatal(err)
			}
			st, _ := c.State()
			if st.Version != ver.v {
				t.Fatalf("version %x, want %x", st.Version, ver.v)
			}
			got, err := readAll(t, c, len(msg))
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("read %q, %v", got, err)
			}
			if err := writeAll(t, c, got); err != nil {
				t.Fatal(err)
			}
			if _, err := readAll(t, c, 1); err != io.EOF {
				t.Fatalf("after the client's close_notify: %v, want io.EOF", err)
			}
			if err := done(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestClientTalksToGoServer: the engine as a client, against crypto/tls's
// blocking server, both ways, then the server's close_notify.
func TestClientTalksToGoServer(t *testing.T) {
	for _, ver := range versions {
		t.Run(ver.name, func(t *testing.T) {
			s := certs(t)
			fd, peer := pair(t)
			done := goPeer(func() error {
				c := tls.Server(peer, serverConfig(s, ver.v))
				buf := make([]byte, 4)
				if _, err := io.ReadFull(c, buf); err != nil {
					return err
				}
				if _, err := c.Write(append(buf, " back"...)); err != nil {
					return err
				}
				return c.Close()
			})
			c, err := Client(fd, clientConfig(s, ver.v), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if err := writeAll(t, c, []byte("ping")); err != nil {
				t.Fatal(err)
			}
			got, err := readAll(t, c, 9)
			if err != nil || string(got) != "ping back" {
				t.Fatalf("read %q, %v", got, err)
			}
			if _, err := readAll(t, c, 1); err != io.EOF {
				t.Fatalf("after the server's close_notify: %v, want io.EOF", err)
			}
			if err := done(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestEngineToEngineBulk: two engines on one thread move 4 MiB each way
// at once through small socket buffers, so that every call meets a full
// kernel buffer again and again; the bytes arrive whole and in order.
func TestEngineToEngineBulk(t *testing.T) {
	for _, ver := range versions {
		t.Run(ver.name, func(t *testing.T) {
			s := certs(t)
			fds := rawPair(t)
			for _, fd := range fds {
				unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, 4096)
				unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4096)
			}
			srv, _ := Server(fds[0], serverConfig(s, ver.v), nil)
			cli, _ := Client(fds[1], clientConfig(s, ver.v), nil)
			defer srv.Close()
			defer cli.Close()
			const size = 4 << 20
			data := [2][]byte{make([]byte, size), make([]byte, size)}
			rand.Read(data[0])
			rand.Read(data[1])
			ends := [2]*end{{c: srv, out: data[0]}, {c: cli, out: data[1]}}
			pump(t, ends[:], size)
			if !bytes.Equal(ends[0].in, data[1]) || !bytes.Equal(ends[1].in, data[0]) {
				t.Fatal("the bytes received differ from the bytes sent")
			}
		})
	}
}

// end is one side of pump: what it has to send, what it got.
type end struct {
	c        *Conn
	out, in  []byte
	wants    error
	wantsAny bool
}

// pump runs both engines in one poll(2) loop until each has received
// want bytes and sent everything.
func pump(t *testing.T, ends []*end, want int) {
	t.Helper()
	buf := make([]byte, 5000) // less than a record, to leave bytes pending
	deadline := time.Now().Add(30 * time.Second)
	for {
		finished := true
		pfds := make([]unix.PollFd, len(ends))
		for i, e := range ends {
			// read whatever is there
			for len(e.in) < want {
				n, err := e.c.Read(buf)
				e.in = append(e.in, buf[:n]...)
				if err == ErrWantRead || err == ErrWantWrite {
					e.wants = err
					break
				}
				if err != nil {
					t.Fatalf("read: %v", err)
				}
				if n == 0 {
					t.Fatal("a read returned nothing and no error")
				}
				if e.c.t.hasRecord() {
					t.Fatal("a whole record was left undecrypted after a read")
				}
			}
			// write what remains, then flush
			for len(e.out) > 0 {
				n, err := e.c.Write(e.out)
				e.out = e.out[n:]
				if err == ErrWantRead || err == ErrWantWrite {
					break
				}
				if err != nil {
					t.Fatalf("write: %v", err)
				}
			}
			if len(e.out) == 0 {
				if err := e.c.Flush(); err != nil && err != ErrWantWrite {
					t.Fatalf("flush: %v", err)
				}
			}
			ev := int16(unix.POLLIN)
			if e.c.WantsWrite() || len(e.out) > 0 {
				ev |= unix.POLLOUT
			}
			pfds[i] = unix.PollFd{Fd: int32(e.c.Fileno()), Events: ev}
			if len(e.in) < want || len(e.out) > 0 || e.c.WantsWrite() {
				finished = false
			}
		}
		if finished {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("stuck: received %d and %d of %d", len(ends[0].in), len(ends[1].in), want)
		}
		ready := false
		for _, e := range ends {
			ready = ready || e.c.Ready()
		}
		timeout := 1000
		if ready {
			timeout = 0
		}
		if _, err := unix.Poll(pfds, timeout); err != nil && err != unix.EINTR {
			t.Fatal(err)
		}
	}
}

// TestPendingHoldsWhatTheKernelGave: records that arrived together are
// decrypted together, so that once a read took part of them the kernel
// has nothing left to report and Pending counts the rest.
func TestPendingHoldsWhatTheKernelGave(t *testing.T) {
	s := certs(t)
	fd, peer := pair(t)
	sent := make(chan *tls.Conn, 1)
	start := make(chan bool)
	done := goPeer(func() error {
		c := tls.Client(peer, clientConfig(s, tls.VersionTLS13))
		if err := c.Handshake(); err != nil {
			return err
		}
		<-start                    // the server has done its part of the handshake
		for i := 0; i < 100; i++ { // a hundred records of 10 bytes
			if _, err := fmt.Fprintf(c, "record %02d\n", i); err != nil {
				return err
			}
		}
		sent <- c
		return nil
	})
	c, _ := Server(fd, serverConfig(s, tls.VersionTLS13), nil)
	defer c.Close()
	if err := drive(t, c, c.Handshake); err != nil {
		t.Fatal(err)
	}
	close(start)
	peerConn := <-sent
	defer peerConn.Close()
	// every record is in the kernel now: read three bytes
	small := make([]byte, 3)
	n, err := c.Read(small)
	if err != nil || string(small[:n]) != "rec" {
		t.Fatalf("read %q, %v", small[:n], err)
	}
	if c.Pending() != 1000-3 {
		t.Fatalf("Pending() = %d, want %d", c.Pending(), 1000-3)
	}
	if !c.Ready() {
		t.Fatal("Ready() is false with bytes pending")
	}
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	if n, _ := unix.Poll(pfd, 0); n != 0 {
		t.Fatal("the kernel still reports bytes that were read")
	}
	if err := done(); err != nil {
		t.Fatal(err)
	}
}

// TestWriteStopsWhileRecordsWait: a peer that reads nothing fills the
// kernel's buffer; Write then refuses more with ErrWantWrite, holding
// at most one Write's records, and Flush sends them once the peer reads.
func TestWriteStopsWhileRecordsWait(t *testing.T) {
	s := certs(t)
	fds := rawPair(t)
	unix.SetsockoptInt(fds[0], unix.SOL_SOCKET, unix.SO_SNDBUF, 4096)
	srv, _ := Server(fds[0], serverConfig(s, tls.VersionTLS13), nil)
	cli, _ := Client(fds[1], clientConfig(s, tls.VersionTLS13), nil)
	defer srv.Close()
	defer cli.Close()
	handshakeBoth(t, srv, cli)
	chunk := make([]byte, MaxWrite+100)
	n, err := srv.Write(chunk)
	if err != nil || n != MaxWrite {
		t.Fatalf("first write: %d, %v; want %d, nil", n, err, MaxWrite)
	}
	if !srv.WantsWrite() {
		t.Fatal("WantsWrite() is false with records waiting")
	}
	if n, err := srv.Write(chunk); n != 0 || err != ErrWantWrite {
		t.Fatalf("second write: %d, %v; want 0, ErrWantWrite", n, err)
	}
	// the client reads; the server flushes as room is made
	buf := make([]byte, 8192)
	got := 0
	for got < MaxWrite {
		n, err := cli.Read(buf)
		got += n
		if err != nil && err != ErrWantRead {
			t.Fatal(err)
		}
		if err == ErrWantRead {
			if ferr := srv.Flush(); ferr != nil && ferr != ErrWantWrite {
				t.Fatal(ferr)
			}
			wait(t, fds[1], ErrWantRead)
		}
	}
	if err := drive(t, srv, srv.Flush); err != nil || srv.WantsWrite() {
		t.Fatalf("flush: %v, WantsWrite %v", err, srv.WantsWrite())
	}
}

// handshakeBoth takes two engines on one thread through their handshake.
func handshakeBoth(t *testing.T, a, b *Conn) {
	t.Helper()
	for i := 0; i < 100; i++ {
		ea, eb := a.Handshake(), b.Handshake()
		if ea == nil && eb == nil {
			return
		}
		for _, e := range []error{ea, eb} {
			if e != nil && e != ErrWantRead && e != ErrWantWrite {
				t.Fatalf("handshake: %v", e)
			}
		}
	}
	t.Fatal("the handshake never finished")
}

// TestShutdownBothWaysThenPlain: Shutdown sends close_notify and waits
// for the peer's; what the peer then sends in clear is not lost: it is
// TakeBuffered's or still in the kernel (STARTTLS's way back).
func TestShutdownBothWaysThenPlain(t *testing.T) {
	s := certs(t)
	fd, peer := pair(t)
	done := goPeer(func() error {
		c := tls.Server(peer, serverConfig(s, tls.VersionTLS13))
		buf := make([]byte, 10)
		if _, err := c.Read(buf); err != io.EOF {
			return fmt.Errorf("server read %v, want the client's close_notify", err)
		}
		if err := c.CloseWrite(); err != nil {
			return err
		}
		peer.SetWriteDeadline(time.Time{}) // CloseWrite leaves one set
		_, err := peer.Write([]byte("in clear"))
		return err
	})
	c, _ := Client(fd, clientConfig(s, tls.VersionTLS13), nil)
	defer c.Close()
	if err := drive(t, c, c.Handshake); err != nil {
		t.Fatal(err)
	}
	if err := drive(t, c, c.Shutdown); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := done(); err != nil {
		t.Fatal(err)
	}
	got := c.TakeBuffered()
	for len(got) < len("in clear") {
		wait(t, fd, ErrWantRead)
		buf := make([]byte, 100)
		n, err := unix.Read(fd, buf)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != "in clear" {
		t.Fatalf("after the shutdown: %q", got)
	}
}

// TestEndOfStreamWithoutCloseNotify: a peer that closes the connection
// without close_notify gives ErrRaggedEOF, not io.EOF.
func TestEndOfStreamWithoutCloseNotify(t *testing.T) {
	s := certs(t)
	fd, peer := pair(t)
	done := goPeer(func() error {
		c := tls.Client(peer, clientConfig(s, tls.VersionTLS12))
		if _, err := c.Write([]byte("bye")); err != nil {
			return err
		}
		return peer.Close() // the TCP close, without close_notify
	})
	c, _ := Server(fd, serverConfig(s, tls.VersionTLS12), nil)
	defer c.Close()
	got, err := readAll(t, c, 4)
	if string(got) != "bye" || err != ErrRaggedEOF {
		t.Fatalf("read %q, %v; want \"bye\", ErrRaggedEOF", got, err)
	}
	if err := done(); err != nil {
		t.Fatal(err)
	}
}

// TestPlainTextClientFails: a client that speaks HTTP in clear to the
// TLS port ends the handshake with crypto/tls's record header error.
func TestPlainTextClientFails(t *testing.T) {
	s := certs(t)
	fd, peer := pair(t)
	peer.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	c, _ := Server(fd, serverConfig(s, 0), nil)
	defer c.Close()
	err := drive(t, c, c.Handshake)
	var rh tls.RecordHeaderError
	if !errors.As(err, &rh) {
		t.Fatalf("handshake: %v, want a tls.RecordHeaderError", err)
	}
	if err2 := c.Handshake(); err2 != err {
		t.Fatalf("a failed handshake called again: %v", err2)
	}
	if _, err3 := c.Read(make([]byte, 10)); err3 != err {
		t.Fatalf("read after a failed handshake: %v", err3)
	}
}

// TestOversizedRecordFails: a record longer than TLS allows ends the
// connection with an error, the bytes after it unread.
func TestOversizedRecordFails(t *testing.T) {
	s := certs(t)
	fds := rawPair(t)
	srv, _ := Server(fds[0], serverConfig(s, tls.VersionTLS13), nil)
	cli, _ := Client(fds[1], clientConfig(s, tls.VersionTLS13), nil)
	defer srv.Close()
	defer cli.Close()
	handshakeBoth(t, srv, cli)
	unix.Write(fds[1], []byte{23, 3, 3, 0xff, 0xff, 1, 2, 3})
	err := drive(t, srv, func() error { _, err := srv.Read(make([]byte, 10)); return err })
	if err == nil || err == io.EOF || err == ErrRaggedEOF {
		t.Fatalf("read of an oversized record: %v", err)
	}
}

// TestStalledHandshakeIsFreedOnClose: a client that stops half-way
// through its ClientHello leaves the handshake's coroutine suspended;
// Close ends it, leaving no goroutine behind.
func TestStalledHandshakeIsFreedOnClose(t *testing.T) {
	s := certs(t)
	before := runtime.NumGoroutine()
	var conns []*Conn
	for i := 0; i < 20; i++ {
		fds := rawPair(t)
		unix.Write(fds[1], []byte{22, 3, 1, 0, 200, 1, 0}) // a ClientHello's first bytes
		c, _ := Server(fds[0], serverConfig(s, 0), nil)
		if err := c.Handshake(); err != ErrWantRead {
			t.Fatalf("handshake: %v, want ErrWantRead", err)
		}
		conns = append(conns, c)
	}
	if n := runtime.NumGoroutine(); n < before+20 {
		t.Logf("suspended handshakes are not counted as goroutines (%d before, %d now)", before, n)
	}
	for _, c := range conns {
		c.Close()
		if err := c.Handshake(); err != ErrClosed {
			t.Fatalf("handshake after Close: %v", err)
		}
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines after Close, %d before", n, before)
	}
}

// TestReadAheadIsReadFirst: bytes a socket read ahead before the engine
// took it over (a ClientHello behind STARTTLS) are read first.
func TestReadAheadIsReadFirst(t *testing.T) {
	s := certs(t)
	fds := rawPair(t)
	cli, _ := Client(fds[1], clientConfig(s, tls.VersionTLS13), nil)
	defer cli.Close()
	if err := cli.Handshake(); err != ErrWantRead {
		t.Fatalf("client handshake: %v", err)
	}
	hello := make([]byte, 10)
	n, _ := unix.Read(fds[0], hello) // the server's socket read ten bytes ahead
	srv, err := Server(fds[0], serverConfig(s, tls.VersionTLS13), hello[:n])
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	handshakeBoth(t, srv, cli)
}

// TestFillWaitsForWholeRecords: Fill, a loop's read event, says there is
// nothing to read while only part of a record came, or only records
// without data (a TLS 1.3 client's session tickets), and says there is
// once the rest of the record, or the end of the stream, came.
func TestFillWaitsForWholeRecords(t *testing.T) {
	s := certs(t)
	fds := rawPair(t)
	srv, _ := Server(fds[0], serverConfig(s, tls.VersionTLS13), nil)
	cli, _ := Client(fds[1], clientConfig(s, tls.VersionTLS13), nil)
	defer srv.Close()
	defer cli.Close()
	handshakeBoth(t, srv, cli) // the server's session tickets came with its Finished
	if cli.Fill() {
		t.Fatal("Fill reports something to read after records without data")
	}
	// a record in two parts
	if _, err := srv.Write([]byte("whole")); err != nil {
		t.Fatal(err)
	}
	rec := make([]byte, 100)
	n, _ := unix.Read(fds[1], rec) // take the record from the client's socket
	unix.Write(fds[0], rec[:n-5])  // and put its head back from the server's side
	wait(t, fds[1], ErrWantRead)
	if cli.Fill() {
		t.Fatal("Fill reports something to read with part of a record")
	}
	unix.Write(fds[0], rec[n-5:n])
	wait(t, fds[1], ErrWantRead)
	if !cli.Fill() || cli.Pending() != 5 {
		t.Fatalf("Fill with the whole record: Pending %d", cli.Pending())
	}
	got := make([]byte, 10)
	if k, err := cli.Read(got); err != nil || string(got[:k]) != "whole" {
		t.Fatalf("read %q, %v", got[:k], err)
	}
	// the end of the stream is something to read
	unix.Shutdown(fds[0], unix.SHUT_WR)
	wait(t, fds[1], ErrWantRead)
	if !cli.Fill() {
		t.Fatal("Fill reports nothing at the end of the stream")
	}
	if _, err := cli.Read(got); err != ErrRaggedEOF {
		t.Fatalf("read at the end: %v, want ErrRaggedEOF", err)
	}
}
