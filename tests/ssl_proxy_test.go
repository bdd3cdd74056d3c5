package tests

import (
	"bufio"
	"crypto/tls"
	"encoding/binary"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// headerFirst is a connection whose first write goes out after a PROXY
// header, in the same write: the header and the client's first bytes (a
// ClientHello) share a segment, as HAProxy in TCP mode often sends them.
type headerFirst struct {
	net.Conn
	header []byte
}

func (c *headerFirst) Write(p []byte) (int, error) {
	if c.header == nil {
		return c.Conn.Write(p)
	}
	b := append(c.header, p...)
	c.header = nil
	if _, err := c.Conn.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

// proxyV2 is a PROXY v2 header for a TCP over IPv4 client src:sport.
func proxyV2(src [4]byte, sport uint16) []byte {
	h := []byte("\r\n\r\n\x00\r\nQUIT\n\x21\x11\x00\x0c")
	h = append(h, src[:]...)
	h = append(h, 127, 0, 0, 1)
	h = binary.BigEndian.AppendUint16(h, sport)
	return binary.BigEndian.AppendUint16(h, 443)
}

// TestTLSBehindProxyHeader: a listener asking for the PROXY protocol
// whose connections are wrapped for TLS in handle_accepted
// (tests/ssl/proxy_tls.star): the ClientHello that came with the header
// reaches the TLS engine, and the wrapped socket's getpeername() is the
// client from the header.
func TestTLSBehindProxyHeader(t *testing.T) {
	certs := certSet(t)
	s := startTLSServer(t, "ssl/proxy_tls.star", certs.Server.CertFile, certs.Server.KeyFile)
	raw, err := net.DialTimeout("tcp", "127.0.0.1:"+s.port, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.SetDeadline(time.Now().Add(30 * time.Second))
	c := tls.Client(&headerFirst{raw, proxyV2([4]byte{203, 0, 113, 9}, 40001)}, &tls.Config{RootCAs: tlstest.Pool(certs.CA), ServerName: "localhost"})
	if _, err := c.Write([]byte("hello\n")); err != nil {
		t.Fatalf("TLS through the header: %v; stderr:\n%s", err, s.stderr)
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if want := "203.0.113.9:40001 peer 203.0.113.9:40001 hello\n"; reply != want {
		t.Errorf("reply %q, %v; want %q", reply, err, want)
	}
	c.Close()
	out, err := s.wait(t)
	if err != nil || strings.TrimSpace(out) != "rejected 0" {
		t.Errorf("server ended with %v, printing %q; stderr:\n%s", err, out, s.stderr)
	}
}
