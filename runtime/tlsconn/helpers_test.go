package tlsconn

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// certs makes the test's certificates.
func certs(t *testing.T) *tlstest.Set {
	t.Helper()
	s, err := tlstest.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func serverConfig(s *tlstest.Set, version uint16) *tls.Config {
	return &tls.Config{Certificates: []tls.Certificate{s.Server.TLS}, MinVersion: version, MaxVersion: version}
}

func clientConfig(s *tlstest.Set, version uint16) *tls.Config {
	return &tls.Config{RootCAs: tlstest.Pool(s.CA), ServerName: "localhost", MinVersion: version, MaxVersion: version}
}

// pair is a connected pair of stream sockets: the engine's end,
// non-blocking, and the peer's end as a blocking net.Conn.
func pair(t *testing.T) (fd int, peer net.Conn) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.SetNonblock(fds[0], true); err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(fds[1]), "peer")
	peer, err = net.FileConn(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); peer.Close() })
	return fds[0], peer
}

// rawPair is pair with both ends non-blocking descriptors.
func rawPair(t *testing.T) [2]int {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds
}

// wait blocks until fd is ready for what want asks (ErrWantRead or
// ErrWantWrite), failing the test after a generous bound.
func wait(t *testing.T, fd int, want error) {
	t.Helper()
	ev := int16(unix.POLLIN)
	if want == ErrWantWrite {
		ev = unix.POLLOUT
	}
	pfd := []unix.PollFd{{Fd: int32(fd), Events: ev}}
	for {
		n, err := unix.Poll(pfd, 20000)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatalf("fd %d never became ready for %v", fd, want)
		}
		return
	}
}

// drive calls op until it neither wants to read nor to write, waiting
// on c's descriptor in between, and returns its last result.
func drive(t *testing.T, c *Conn, op func() error) error {
	t.Helper()
	for {
		err := op()
		if err != ErrWantRead && err != ErrWantWrite {
			return err
		}
		wait(t, c.Fileno(), err)
	}
}

// readAll reads from c until n bytes came, or the stream ended.
func readAll(t *testing.T, c *Conn, n int) ([]byte, error) {
	t.Helper()
	var got []byte
	buf := make([]byte, 8192)
	for len(got) < n {
		var k int
		err := drive(t, c, func() (err error) {
			k, err = c.Read(buf)
			return err
		})
		got = append(got, buf[:k]...)
		if err != nil {
			return got, err
		}
	}
	return got, nil
}

// writeAll writes p to c and flushes it.
func writeAll(t *testing.T, c *Conn, p []byte) error {
	t.Helper()
	for len(p) > 0 {
		var k int
		err := drive(t, c, func() (err error) {
			k, err = c.Write(p)
			return err
		})
		if err != nil {
			return err
		}
		p = p[k:]
	}
	return drive(t, c, c.Flush)
}

// goPeer runs fn on the peer's end in a goroutine; the returned function
// waits for it and gives its error.
func goPeer(fn func() error) func() error {
	done := make(chan error, 1)
	go func() { done <- fn() }()
	return func() error {
		select {
		case err := <-done:
			return err
		case <-time.After(20 * time.Second):
			return errors.New("the peer never finished")
		}
	}
}

// verifyLeaf checks a chain against roots, for the tests' own clients.
func verifyLeaf(roots *x509.CertPool, certs []*x509.Certificate) error {
	_, err := certs[0].Verify(x509.VerifyOptions{Roots: roots})
	return err
}
