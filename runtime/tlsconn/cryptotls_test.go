package tlsconn

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"os"
	"testing"

	"golang.org/x/sys/unix"
)

// These tests pin what the engine's design rests on: how crypto/tls (of
// the Go in go.mod) treats a temporary error from its net.Conn. If a Go
// release changes it, they say so before anything else breaks.

// gate is a net.Conn that returns head first, then, while shut, a
// temporary error instead of reading.
type gate struct {
	net.Conn
	head []byte
	shut bool
}

func (g *gate) Read(p []byte) (int, error) {
	if len(g.head) > 0 {
		n := copy(p, g.head)
		g.head = g.head[n:]
		return n, nil
	}
	if g.shut {
		return 0, errWouldBlock
	}
	return g.Conn.Read(p)
}

// connPair is a connected pair of blocking net.Conns over a socketpair.
func connPair(t *testing.T) (net.Conn, net.Conn) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	var cs [2]net.Conn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "pair")
		cs[i], err = net.FileConn(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { cs[0].Close(); cs[1].Close() })
	return cs[0], cs[1]
}

// TestCryptoTLSHandshakeErrorIsFinal: a handshake stopped by a temporary
// read error cannot be taken up again: crypto/tls returns the same
// error for good. The engine therefore runs the handshake in a coroutine
// instead of retrying it.
func TestCryptoTLSHandshakeErrorIsFinal(t *testing.T) {
	s := certs(t)
	a, b := connPair(t)
	g := &gate{Conn: a, shut: true}
	srv := tls.Server(g, serverConfig(s, tls.VersionTLS13))
	done := goPeer(func() error {
		return tls.Client(b, clientConfig(s, tls.VersionTLS13)).Handshake()
	})
	if err := srv.Handshake(); err != errWouldBlock {
		t.Fatalf("first handshake: %v, want the temporary error", err)
	}
	g.shut = false
	if err := srv.Handshake(); err != errWouldBlock {
		t.Fatalf("crypto/tls took up a stopped handshake again (%v): the coroutine may no longer be needed", err)
	}
	a.Close()
	done()
}

// TestCryptoTLSReadResumesAfterTemporaryError: after the handshake, a
// Read stopped by a temporary error half-way through a record goes on
// with the same record when called again. The engine's Read relies on
// it.
func TestCryptoTLSReadResumesAfterTemporaryError(t *testing.T) {
	s := certs(t)
	a, b := connPair(t)
	g := &gate{Conn: a}
	srv := tls.Server(g, serverConfig(s, tls.VersionTLS12))
	msg := bytes.Repeat([]byte("record "), 1000)
	done := goPeer(func() error {
		c := tls.Client(b, clientConfig(s, tls.VersionTLS12))
		if err := c.Handshake(); err != nil {
			return err
		}
		_, err := c.Write(msg)
		return err
	})
	if err := srv.Handshake(); err != nil {
		t.Fatal(err)
	}
	// the first bytes of the next record, then nothing for a while
	head := make([]byte, 10)
	if _, err := io.ReadFull(a, head); err != nil {
		t.Fatal(err)
	}
	g.head, g.shut = head, true
	if _, err := srv.Read(make([]byte, 1)); err != errWouldBlock {
		t.Fatalf("read while blocked: %v, want the temporary error", err)
	}
	g.shut = false
	got := make([]byte, len(msg))
	if _, err := io.ReadFull(srv, got); err != nil {
		t.Fatalf("read after the temporary error: %v", err)
	}
	if !bytes.Equal(got, msg) {
		t.Fatal("the record read after the temporary error differs from the one sent")
	}
	if err := done(); err != nil {
		t.Fatal(err)
	}
}
