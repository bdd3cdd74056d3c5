package tests

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// The tests of this file drive pyasync's TLS servers and clients with
// programs nobody here wrote: openssl s_client, curl, and CPython's ssl
// module. Each makes throw-away certificates when it runs (tlstest) and
// skips, saying so, when a program it needs is missing.

// need returns the path of a program the test needs, or skips it.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found: this peer is not tested (Debian: apt-get install %s)", name, name)
	}
	return p
}

// needPython returns CPython 3's path, or skips the test.
func needPython(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: CPython's ssl module is not tested as a peer")
	}
	return p
}

// certSet makes the test's certificates.
func certSet(t *testing.T) *tlstest.Set {
	t.Helper()
	s, err := tlstest.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// tlsServer is a pyasync server started by a test, with its stderr kept.
type tlsServer struct {
	*server
	stderr *syncBuffer
}

// startTLSServer runs pyasync script with args and waits for the line
// announcing its port.
func startTLSServer(t *testing.T, script string, args ...string) *tlsServer {
	t.Helper()
	cmd := exec.Command(pyasync, append([]string{script}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	errb := &syncBuffer{}
	cmd.Stderr = errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("%s's stderr:\n%s", script, errb.String())
		}
	})
	s := &server{cmd: cmd, out: bufio.NewReader(stdout), eof: make(chan struct{})}
	line, err := s.out.ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("%s: no port in its first line %q (%v); stderr:\n%s", script, line, err, errb.String())
	}
	s.port = m[1]
	go func() {
		io.Copy(&s.rest, s.out)
		close(s.eof)
	}()
	return &tlsServer{server: s, stderr: errb}
}

// openFDsOf counts a process's open descriptors.
func openFDsOf(t *testing.T, pid int) int {
	t.Helper()
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	if err != nil {
		t.Skipf("cannot count descriptors: %v", err)
	}
	return len(ents)
}

// mustContain fails the test for each of wants that text (named what)
// does not hold.
func mustContain(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in %s:\n%s", want, what, text)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a generous
// bound; what is waited for is named in the failure.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("never happened: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runPeer runs a peer program to its end (bounded) and returns its
// output.
func runPeer(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("%s %v did not end; its output:\n%s", name, args, out.String())
	}
	return "", nil
}

// sClient runs openssl s_client against port with args, sends input,
// and returns what it printed once want appeared in it (or it ended).
func sClient(t *testing.T, port string, input, want string, args ...string) string {
	t.Helper()
	openssl := need(t, "openssl")
	cmd := exec.Command(openssl, append([]string{"s_client", "-connect", "127.0.0.1:" + port, "-servername", "localhost"}, args...)...)
	stdin, _ := cmd.StdinPipe()
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		cmd.Process.Kill()
		cmd.Wait()
	}()
	// s_client reads stdin once the handshake is done
	waitFor(t, "openssl s_client's handshake", func() bool {
		return strings.Contains(out.String(), "Verify return code") || strings.Contains(out.String(), "error")
	})
	io.WriteString(stdin, input)
	waitFor(t, fmt.Sprintf("%q from openssl s_client", want), func() bool { return strings.Contains(out.String(), want) })
	return out.String()
}

// TestTLSEchoServerWithOpenSSLClient: openssl s_client, at TLS 1.2 and
// 1.3, verifies examples/tls_echo_server.star's certificate against the
// CA and gets its lines back in lower case.
func TestTLSEchoServerWithOpenSSLClient(t *testing.T) {
	certs := certSet(t)
	srv := startTLSServer(t, "../examples/tls_echo_server.star", certs.Server.CertFile, certs.Server.KeyFile, "0")
	for _, v := range []struct{ flag, name string }{{"-tls1_2", "TLSv1.2"}, {"-tls1_3", "TLSv1.3"}} {
		t.Run(v.name, func(t *testing.T) {
			out := sClient(t, srv.port, "Hello From OpenSSL\n", "hello from openssl",
				v.flag, "-CAfile", certs.CA.CertFile, "-verify_return_error")
			if !strings.Contains(out, "Verify return code: 0 (ok)") || !strings.Contains(out, "Protocol  : "+v.name) &&
				!strings.Contains(out, ", "+v.name+",") {
				t.Fatalf("openssl s_client:\n%s", out)
			}
		})
	}
}

// TestTLSEchoServerRefusesRenegotiation: a TLS 1.2 client that asks to
// renegotiate (s_client's R command) is refused and dropped, and named
// on the server's stderr; the server goes on serving.
func TestTLSEchoServerRefusesRenegotiation(t *testing.T) {
	certs := certSet(t)
	srv := startTLSServer(t, "../examples/tls_echo_server.star", certs.Server.CertFile, certs.Server.KeyFile, "0")
	// crypto/tls answers the ClientHello with unexpected_message
	sClient(t, srv.port, "R\n", "alert unexpected message", "-tls1_2", "-CAfile", certs.CA.CertFile)
	waitFor(t, "the refusal on the server's stderr", func() bool {
		return strings.Contains(srv.stderr.String(), "[SSL: NO_RENEGOTIATION] no renegotiation")
	})
	py := needPython(t)
	out, err := runPeer(t, py, "interop/ssl_echo_client.py", srv.port, certs.CA.CertFile, "1.2", "1", "3")
	if err != nil || strings.TrimSpace(out) != "ok 1" {
		t.Fatalf("a client after the renegotiation: %v\n%s", err, out)
	}
}

// TestTLSEchoServerWithCPythonClients: CPython's ssl clients at TLS 1.2
// and 1.3 get their lines back and end TLS with unwrap(): close_notify
// one way and the other; the server holds no more descriptors after
// than before.
func TestTLSEchoServerWithCPythonClients(t *testing.T) {
	py := needPython(t)
	certs := certSet(t)
	srv := startTLSServer(t, "../examples/tls_echo_server.star", certs.Server.CertFile, certs.Server.KeyFile, "0")
	before := openFDsOf(t, srv.cmd.Process.Pid)
	for _, v := range []string{"1.2", "1.3"} {
		t.Run("TLS"+v, func(t *testing.T) {
			out, err := runPeer(t, py, "interop/ssl_echo_client.py", srv.port, certs.CA.CertFile, v, "20", "5")
			if err != nil || strings.TrimSpace(out) != "ok 20" {
				t.Fatalf("CPython clients: %v\n%s", err, out)
			}
		})
	}
	waitFor(t, "the server's descriptors back to where they were", func() bool {
		return openFDsOf(t, srv.cmd.Process.Pid) == before
	})
}

// TestTLSEchoServerWithHostileClients: a stalled handshake, a plain-text
// client, garbage, an oversized record, a ClientHello announcing 16 MB,
// a TLS 1.1 client and one that leaves mid-handshake, each on its own connection, with a good client
// served between each; every hostile connection ends (the stalled one
// when its client goes), is named on stderr where it failed, and leaves
// no descriptor behind.
func TestTLSEchoServerWithHostileClients(t *testing.T) {
	py := needPython(t)
	certs := certSet(t)
	srv := startTLSServer(t, "../examples/tls_echo_server.star", certs.Server.CertFile, certs.Server.KeyFile, "0")
	before := openFDsOf(t, srv.cmd.Process.Pid)
	out, err := runPeer(t, py, "interop/ssl_bad_clients.py", srv.port, certs.CA.CertFile)
	if err != nil {
		t.Fatalf("hostile clients: %v\n%s", err, out)
	}
	mustContain(t, "what the clients saw", out,
		"stalled handshake: waiting",
		"plain text: closed",
		"garbage: closed",
		"oversized record: alert 22, closed",
		"16 MB ClientHello: stopped before its end",
		"TLS 1.1 only: refused: TLSV1_ALERT_PROTOCOL_VERSION",
		"gone mid-handshake: closed",
		"good clients: 8 served")
	mustContain(t, "the server's stderr", srv.stderr.String(),
		"[SSL: HTTP_REQUEST] http request",
		"[SSL: WRONG_VERSION_NUMBER] wrong version number",
		"[SSL: PACKET_LENGTH_TOO_LONG] packet length too long",
		"[SSL: EXCESSIVE_MESSAGE_SIZE] excessive message size",
		"[SSL: UNSUPPORTED_PROTOCOL] unsupported protocol")
	waitFor(t, "the server's descriptors back to where they were", func() bool {
		return openFDsOf(t, srv.cmd.Process.Pid) == before
	})
}

// TestHTTPSServerWithCurl: curl --cacert, at TLS 1.2 and 1.3, gets
// tests/ssl/https_hello.star's answer (an asynchat channel over TLS),
// with http/1.1 agreed by ALPN.
func TestHTTPSServerWithCurl(t *testing.T) {
	curl := need(t, "curl")
	certs := certSet(t)
	srv := startTLSServer(t, "ssl/https_hello.star", certs.Server.CertFile, certs.Server.KeyFile)
	url := "https://localhost:" + srv.port + "/"
	for _, v := range []struct{ flags []string }{{[]string{"--tlsv1.2", "--tls-max", "1.2"}}, {[]string{"--tlsv1.3"}}} {
		name := strings.Join(v.flags, " ")
		t.Run(name, func(t *testing.T) {
			args := append([]string{"-sS", "--cacert", certs.CA.CertFile, "--resolve", "localhost:" + srv.port + ":127.0.0.1"}, v.flags...)
			out, err := runPeer(t, curl, append(args, url)...)
			want := "hello over TLSv1.3, ALPN http/1.1"
			if v.flags[0] == "--tlsv1.2" {
				want = "hello over TLSv1.2, ALPN http/1.1"
			}
			if err != nil || strings.TrimSpace(out) != want {
				t.Fatalf("curl %s: %v\n%s", name, err, out)
			}
		})
	}
	// a curl that does not trust the CA refuses the server, which says why
	out, err := runPeer(t, curl, "-sS", "--resolve", "localhost:"+srv.port+":127.0.0.1", url)
	if err == nil || !strings.Contains(out, "certificate") {
		t.Fatalf("curl without the CA: %v\n%s", err, out)
	}
}

// TestHTTPSClientWithCPythonServer: examples/https_client.star fetches
// a page from CPython's ssl server at TLS 1.2 and 1.3, checking its
// certificate against the CA and the name asked for.
func TestHTTPSClientWithCPythonServer(t *testing.T) {
	py := needPython(t)
	certs := certSet(t)
	for _, v := range []string{"1.2", "1.3"} {
		t.Run("TLS"+v, func(t *testing.T) {
			srv := startServer(t, py, "interop/ssl_server.py", certs.Server.CertFile, certs.Server.KeyFile, v)
			out, stderr, code := runPyasync(t, "", "../examples/https_client.star", "localhost", srv.port, "/", certs.CA.CertFile)
			if code != 0 || !strings.Contains(out, "hello from CPython over TLSv"+v) || !strings.Contains(stderr, "TLSv"+v) {
				t.Fatalf("status %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
			}
		})
	}
}

// TestHTTPSClientRefusesBadCertificates: against CPython servers with a
// certificate it must refuse (expired, self-signed, signed by another
// authority, for another name; and a name asked for that is an address
// the certificate does not hold), examples/https_client.star fails with
// the message of the exception CPython's own client raises.
func TestHTTPSClientRefusesBadCertificates(t *testing.T) {
	py := needPython(t)
	certs := certSet(t)
	for _, c := range []struct {
		name       string
		cert       tlstest.Cert
		host, ca   string
		wantReason string
	}{
		{"expired", certs.Expired, "localhost", certs.CA.CertFile, "certificate has expired"},
		{"self-signed", certs.SelfSigned, "localhost", certs.CA.CertFile, "self-signed certificate"},
		{"unknown authority", certs.Server, "localhost", certs.OtherCA.CertFile, "unable to get local issuer certificate"},
		{"wrong name", certs.Other, "localhost", certs.CA.CertFile, "Hostname mismatch"},
		{"wrong address", certs.Server, "127.0.0.2", certs.CA.CertFile, "IP address mismatch"},
	} {
		t.Run(c.name, func(t *testing.T) {
			address := "127.0.0.1"
			if c.host == "127.0.0.2" {
				address = c.host
			}
			srv := startServer(t, py, "interop/ssl_server.py", c.cert.CertFile, c.cert.KeyFile, "-", address)
			cpython, err := runPeer(t, py, "interop/ssl_client_error.py", c.host, srv.port, c.ca)
			if err != nil || !strings.Contains(cpython, c.wantReason) {
				t.Fatalf("CPython's client: %v\n%s", err, cpython)
			}
			out, stderr, code := runPyasync(t, "", "../examples/https_client.star", c.host, srv.port, "/", c.ca)
			_, msg, _ := strings.Cut(strings.TrimSpace(cpython), ": ") // SSLCertVerificationError: msg
			want := fmt.Sprintf("https_client: cannot get https://%s:%s/: %s\n", c.host, srv.port, msg)
			if code != 1 || stderr != want {
				t.Fatalf("status %d\npyasync: %s\nwant:    %s\nstdout: %s", code, stderr, want, out)
			}
		})
	}
}

// TestSTARTTLSOnALineProtocol: a CPython client takes an asynchat line
// channel (tests/ssl/starttls_server.star) from clear to TLS with
// STARTTLS and back with STOPTLS (unwrap on both sides), every reply
// saying which it was in.
func TestSTARTTLSOnALineProtocol(t *testing.T) {
	py := needPython(t)
	certs := certSet(t)
	srv := startTLSServer(t, "ssl/starttls_server.star", certs.Server.CertFile, certs.Server.KeyFile)
	out, err := runPeer(t, py, "interop/ssl_starttls_client.py", srv.port, certs.CA.CertFile)
	want := []string{
		"250 HELLO (clear)", "220 go ahead", "TLSv1.3", "250 SECRET (tls)", "250 SECRET AGAIN (tls)",
		"220 back to clear", "250 PLAIN AGAIN (clear)", "221 bye", "ok",
	}
	if err != nil || strings.TrimSpace(out) != strings.Join(want, "\n") {
		t.Fatalf("STARTTLS client: %v\n%s", err, out)
	}
}

// TestTLSPortOfTestSSLEchoServer: pyasync port translates the asyncore
// TLS echo server of CPython's own test suite (test_ssl's
// AsyncoreEchoServer.EchoServer, taken from the CPython installed here:
// do_handshake in try/except SSLWantReadError, readable() draining
// pending()) into a program that serves CPython's ssl clients.
func TestTLSPortOfTestSSLEchoServer(t *testing.T) {
	py := needPython(t)
	src, err := exec.Command(py, "-W", "ignore", "-c",
		"import inspect, textwrap, test.test_ssl as m; print(textwrap.dedent(inspect.getsource(m.AsyncoreEchoServer.EchoServer)))").Output()
	if err != nil {
		t.Skip("CPython's test_ssl is not installed: its echo server is not ported")
	}
	certs := certSet(t)
	dir := t.TempDir()
	prog := dir + "/test_ssl_echo.py"
	harness := "import asyncore, errno, socket, ssl, sys\n\n" +
		"class support:\n    verbose = False\n\n" +
		"class socket_helper:\n    @staticmethod\n    def bind_port(sock, host):\n        sock.bind(('127.0.0.1', 0))\n        return sock.getsockname()[1]\n\n" +
		"def test_wrap_socket(sock, certfile=None, **kwargs):\n    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)\n" +
		"    context.load_cert_chain(certfile, sys.argv[2])\n    return context.wrap_socket(sock, **kwargs)\n\n" +
		string(src) + "\n" +
		"server = EchoServer(sys.argv[1])\nprint('listening on 127.0.0.1:%d' % server.port)\nsys.stdout.flush()\nasyncore.loop()\n"
	if err := os.WriteFile(prog, []byte(harness), 0o600); err != nil {
		t.Fatal(err)
	}
	star, stderr, code := runPyasync(t, "", "port", prog)
	if code != 0 {
		t.Fatalf("pyasync port: status %d\n%s", code, stderr)
	}
	ported := dir + "/test_ssl_echo.star"
	os.WriteFile(ported, []byte(star), 0o600)
	srv := startTLSServer(t, ported, certs.Server.CertFile, certs.Server.KeyFile)
	for _, v := range []string{"1.2", "1.3"} {
		out, err := runPeer(t, py, "interop/ssl_echo_client.py", srv.port, certs.CA.CertFile, v, "5", "3")
		if err != nil || strings.TrimSpace(out) != "ok 5" {
			t.Fatalf("TLS %s clients of the ported server: %v\n%s\nthe port:\n%s", v, err, out, star)
		}
	}
}

// TestHTTPServerExampleOverTLS: examples/http_server.star with
// --certfile and --keyfile serves a small and a 4 MiB file to curl
// --cacert at TLS 1.2 and 1.3, byte for byte, also to a curl that reads
// slowly and has the connection closed after the response; a client that
// speaks plain HTTP to it is named on its stderr and dropped.
func TestHTTPServerExampleOverTLS(t *testing.T) {
	curl := need(t, "curl")
	certs := certSet(t)
	root := t.TempDir()
	big := make([]byte, 4<<20)
	for i := range big {
		big[i] = byte(i*7 + i>>13)
	}
	os.WriteFile(root+"/big.bin", big, 0o600)
	os.WriteFile(root+"/hello.txt", []byte("hello over HTTPS\n"), 0o600)
	srv := startTLSServer(t, "../examples/http_server.star", "--certfile="+certs.Server.CertFile, "--keyfile="+certs.Server.KeyFile, "0", root)
	base := "https://localhost:" + srv.port + "/"
	for _, v := range [][]string{{"--tlsv1.2", "--tls-max", "1.2"}, {"--tlsv1.3"}} {
		args := append([]string{"-sS", "--cacert", certs.CA.CertFile, "--resolve", "localhost:" + srv.port + ":127.0.0.1"}, v...)
		out, err := runPeer(t, curl, append(args, base+"hello.txt")...)
		if err != nil || out != "hello over HTTPS\n" {
			t.Fatalf("curl %v hello.txt: %v\n%s", v, err, out)
		}
		got := t.TempDir() + "/big.bin"
		if out, err := runPeer(t, curl, append(args, "-o", got, base+"big.bin")...); err != nil {
			t.Fatalf("curl %v big.bin: %v\n%s", v, err, out)
		}
		if data, _ := os.ReadFile(got); string(data) != string(big) {
			t.Fatalf("curl %v big.bin: %d bytes, not the file's", v, len(data))
		}
	}
	// a client that reads slowly and asks the server to close after the
	// response: every byte the server's TLS took reaches it before the end
	args := []string{"-sS", "--cacert", certs.CA.CertFile, "--resolve", "localhost:" + srv.port + ":127.0.0.1",
		"--limit-rate", "4M", "-H", "Connection: close"}
	got := t.TempDir() + "/slow.bin"
	if out, err := runPeer(t, curl, append(args, "-o", got, base+"big.bin")...); err != nil {
		t.Fatalf("curl --limit-rate big.bin: %v\n%s", err, out)
	}
	if data, _ := os.ReadFile(got); string(data) != string(big) {
		t.Fatalf("curl --limit-rate big.bin: %d bytes, not the file's", len(data))
	}
	out, err := runPeer(t, curl, "-sS", "http://127.0.0.1:"+srv.port+"/hello.txt")
	if err == nil {
		t.Fatalf("plain HTTP to the HTTPS port was answered:\n%s", out)
	}
	waitFor(t, "the plain-text client named on stderr", func() bool {
		return strings.Contains(srv.stderr.String(), "failed: [SSL: HTTP_REQUEST] http request")
	})
}

// recordCounter is a client's connection that counts the TLS records
// it reads.
type recordCounter struct {
	net.Conn
	hdr     []byte // the header being read
	left    int    // bytes of the current record's body still to come
	records int
}

func (c *recordCounter) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	for b := p[:n]; len(b) > 0; {
		if c.left > 0 {
			k := min(c.left, len(b))
			c.left -= k
			b = b[k:]
			continue
		}
		k := min(5-len(c.hdr), len(b))
		c.hdr = append(c.hdr, b[:k]...)
		b = b[k:]
		if len(c.hdr) == 5 {
			c.records++
			c.left = int(c.hdr[3])<<8 | int(c.hdr[4])
			c.hdr = c.hdr[:0]
		}
	}
	return n, err
}

// TestTLSEchoServerSendsOfOnePassShareRecords: examples/tls_echo_server.star
// sends back each 1024 bytes it reads with a send() of its own; the
// sends its handler makes in one pass of the loop (the read events
// repeated on what TLS decrypted, readable() draining pending()) go out
// together, so that a client sending 1 MiB gets its echo, whole and in
// order, in far fewer records than the 1024 sends.
func TestTLSEchoServerSendsOfOnePassShareRecords(t *testing.T) {
	certs := certSet(t)
	srv := startTLSServer(t, "../examples/tls_echo_server.star", certs.Server.CertFile, certs.Server.KeyFile, "0")
	raw, err := net.Dial("tcp", "127.0.0.1:"+srv.port)
	if err != nil {
		t.Fatal(err)
	}
	rc := &recordCounter{Conn: raw}
	c := tls.Client(rc, &tls.Config{RootCAs: tlstest.Pool(certs.CA), ServerName: "localhost"})
	defer c.Close()
	if err := c.Handshake(); err != nil {
		t.Fatal(err)
	}
	const total = 1 << 20
	sent := make([]byte, total)
	for i := range sent {
		sent[i] = 'A' + byte(i%26)
	}
	errc := make(chan error, 1)
	go func() {
		_, err := c.Write(sent)
		errc <- err
	}()
	got := make([]byte, total)
	if _, err := io.ReadFull(c, got); err != nil {
		t.Fatalf("the echo: %v", err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, bytes.ToLower(sent)) {
		t.Fatal("the echo is not what was sent, in lower case")
	}
	if sends := total / 1024; rc.records > sends/4 {
		t.Fatalf("the echo of %d sends came in %d records", sends, rc.records)
	}
	t.Logf("the echo of %d sends came in %d records", total/1024, rc.records)
}
