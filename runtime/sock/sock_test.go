package sock

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// noLeak fails the test if it leaves a descriptor open.
func noLeak(t *testing.T) {
	t.Helper()
	count := func() int {
		ents, _ := os.ReadDir("/proc/self/fd")
		return len(ents)
	}
	before := count()
	t.Cleanup(func() {
		if after := count(); after > before {
			t.Errorf("descriptors leaked: %d before, %d after", before, after)
		}
	})
}

func listener(t *testing.T) (int, unix.Sockaddr) {
	t.Helper()
	fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Close(fd) })
	sa, _ := SockaddrInet4("127.0.0.1", 0)
	if err := Bind(fd, sa); err != nil {
		t.Fatal(err)
	}
	if err := Listen(fd, 16); err != nil {
		t.Fatal(err)
	}
	addr, err := Getsockname(fd)
	if err != nil {
		t.Fatal(err)
	}
	return fd, addr
}

func errnoOf(err error) unix.Errno {
	var oe *oserr.Error
	if errors.As(err, &oe) {
		return oe.Errno
	}
	return 0
}

func TestNonblockingConnectAndAccept(t *testing.T) {
	noLeak(t)
	l, addr := listener(t)
	c, err := Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(c)
	err = Connect(c, addr)
	if err != nil && errnoOf(err) != unix.EINPROGRESS {
		t.Fatalf("connect: %v", err)
	}
	if err != nil && err.Error() != "BlockingIOError: [Errno 115] Operation now in progress" {
		t.Errorf("EINPROGRESS reads %q", err)
	}
	nfd, peer, err := Accept(l)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(nfd)
	if nb, _ := IsNonblock(nfd); nb {
		t.Error("accepted socket must be blocking, as Python's")
	}
	if fl, _ := unix.FcntlInt(uintptr(nfd), unix.F_GETFD, 0); fl&unix.FD_CLOEXEC == 0 {
		t.Error("accepted socket is not close-on-exec")
	}
	if host, _ := FormatIP(peer); host != "127.0.0.1" {
		t.Errorf("peer %q", host)
	}
	if e, err := SockError(c); err != nil || e != 0 {
		t.Errorf("SO_ERROR after connect: %v %v", e, err)
	}
	if _, err := Send(nfd, []byte("hello"), 0); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	SetNonblock(c, false)
	n, err := Recv(c, buf, 0)
	if err != nil || string(buf[:n]) != "hello" {
		t.Fatalf("recv %q %v", buf[:n], err)
	}
}

func TestConnectionRefused(t *testing.T) {
	noLeak(t)
	l, addr := listener(t)
	Close(l) // nobody listens there now
	c, _ := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	defer Close(c)
	err := Connect(c, addr)
	if err == nil || err.Error() != "ConnectionRefusedError: [Errno 111] Connection refused" {
		t.Fatalf("connect to a closed port: %v", err)
	}
}

func TestRecvWouldBlock(t *testing.T) {
	noLeak(t)
	fds, err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(fds[0])
	defer Close(fds[1])
	_, err = Recv(fds[0], make([]byte, 8), 0)
	if err == nil || err.Error() != "BlockingIOError: [Errno 11] Resource temporarily unavailable" {
		t.Fatalf("recv on an empty socket: %v", err)
	}
}

// TestNowCallsNeverWait: RecvNow and SendNow return EAGAIN at once even
// on a socket in blocking mode (where Recv and Send would wait), carry
// data like Recv and Send, and SendNow raises no SIGPIPE.
func TestNowCallsNeverWait(t *testing.T) {
	noLeak(t)
	fds, err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0) // blocking
	if err != nil {
		t.Fatal(err)
	}
	defer Close(fds[0])
	buf := make([]byte, 8)
	if _, err := RecvNow(fds[0], buf, 0); errnoOf(err) != unix.EAGAIN {
		t.Fatalf("RecvNow on an empty blocking socket: %v, want EAGAIN", err)
	}
	big := make([]byte, 1<<16)
	for i := 0; ; i++ { // fill the peer's buffer: the next send would wait
		if _, err := SendNow(fds[1], big, 0); err != nil {
			if errnoOf(err) != unix.EAGAIN {
				t.Fatalf("SendNow on a full blocking socket: %v, want EAGAIN", err)
			}
			break
		}
		if i > 1000 {
			t.Fatal("SendNow never filled the socket")
		}
	}
	if n, err := RecvNow(fds[0], buf, 0); err != nil || n != len(buf) {
		t.Fatalf("RecvNow after sends: %d, %v", n, err)
	}
	Close(fds[1])
	for { // drain, then end of file
		n, err := RecvNow(fds[0], big, 0)
		if err != nil {
			t.Fatalf("RecvNow draining: %v", err)
		}
		if n == 0 {
			break
		}
	}
	if _, err := SendNow(fds[0], []byte("x"), 0); errnoOf(err) != unix.EPIPE {
		t.Fatalf("SendNow to a closed peer: %v, want EPIPE", err)
	}
}

func TestSendToResetPeerIsAnErrorNotSIGPIPE(t *testing.T) {
	noLeak(t)
	fds, _ := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	defer Close(fds[0])
	Close(fds[1])
	_, err := Send(fds[0], []byte("x"), 0)
	if errnoOf(err) != unix.EPIPE {
		t.Fatalf("send to a closed peer: %v, want EPIPE", err)
	}
}

func TestUDPAndUnixDatagram(t *testing.T) {
	noLeak(t)
	a, _ := Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	b, _ := Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	defer Close(a)
	defer Close(b)
	sa, _ := SockaddrInet4("127.0.0.1", 0)
	Bind(a, sa)
	to, _ := Getsockname(a)
	if _, err := Sendto(b, []byte("ping"), 0, to); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	n, from, err := Recvfrom(a, buf, 0)
	if err != nil || string(buf[:n]) != "ping" || from == nil {
		t.Fatalf("recvfrom: %q %v %v", buf[:n], from, err)
	}

	dir := t.TempDir()
	u, _ := Socket(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
	v, _ := Socket(unix.AF_UNIX, unix.SOCK_DGRAM, 0)
	defer Close(u)
	defer Close(v)
	path := filepath.Join(dir, "d.sock")
	if err := Bind(u, SockaddrUnix(path)); err != nil {
		t.Fatal(err)
	}
	if _, err := Sendto(v, []byte("unix"), 0, SockaddrUnix(path)); err != nil {
		t.Fatal(err)
	}
	n, _, err = Recvfrom(u, buf, 0)
	if err != nil || string(buf[:n]) != "unix" {
		t.Fatalf("unix datagram: %q %v", buf[:n], err)
	}
}

func TestIPv6Loopback(t *testing.T) {
	noLeak(t)
	fd, err := Socket(unix.AF_INET6, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Skipf("no IPv6 here: %v", err)
	}
	defer Close(fd)
	sa, err := SockaddrInet6("::1", 0, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := Bind(fd, sa); err != nil {
		t.Skipf("::1 is not available: %v", err)
	}
	got, _ := Getsockname(fd)
	if host, port := FormatIP(got); host != "::1" || port == 0 {
		t.Errorf("getsockname: %s %d", host, port)
	}
}

func TestSocketType(t *testing.T) {
	noLeak(t)
	fd, _ := Socket(unix.AF_INET, unix.SOCK_DGRAM, 0)
	defer Close(fd)
	f, ty, p, err := SocketType(fd)
	if err != nil || f != unix.AF_INET || ty != unix.SOCK_DGRAM || p != unix.IPPROTO_UDP {
		t.Errorf("SocketType: %d %d %d %v", f, ty, p, err)
	}
}

func TestGetsockoptBytesKeepsNULBytes(t *testing.T) {
	noLeak(t)
	fd, err := Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer Close(fd)
	linger := []byte{1, 0, 0, 0, 5, 0, 0, 0} // struct linger {on, 5 s}
	if err := SetsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_LINGER, linger); err != nil {
		t.Fatal(err)
	}
	got, err := GetsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_LINGER, 8)
	if err != nil || string(got) != string(linger) {
		t.Errorf("SO_LINGER read back as %v (%v), want %v", got, err, linger)
	}
	// a shorter buffer gets what fits
	got, err = GetsockoptBytes(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, 4)
	if err != nil || len(got) != 4 {
		t.Errorf("SO_RCVBUF in 4 bytes: %v (%v)", got, err)
	}
}

func TestResolveHost(t *testing.T) {
	for _, c := range []struct {
		family int
		host   string
		want   string
	}{
		{unix.AF_INET, "", "0.0.0.0"},
		{unix.AF_INET, "<broadcast>", "255.255.255.255"},
		{unix.AF_INET, "127.0.0.1", "127.0.0.1"},
		{unix.AF_INET, "localhost", "127.0.0.1"},
		{unix.AF_INET6, "::1", "::1"},
	} {
		ip, err := ResolveHost(c.family, c.host)
		if err != nil || ip.String() != c.want {
			t.Errorf("ResolveHost(%q) = %v, %v; want %s", c.host, ip, err, c.want)
		}
	}
	_, err := ResolveHost(unix.AF_INET, "no.such.host.invalid")
	var ge *oserr.GaiError
	if !errors.As(err, &ge) || ge.Message() != "[Errno -2] Name or service not known" {
		t.Errorf("unknown host: %v", err)
	}
	if _, err := ResolveHost(unix.AF_INET, "a\x00b"); err == nil {
		t.Error("a NUL byte in a host name must fail")
	}
	if _, err := ResolveHost(unix.AF_INET, "::1"); err == nil {
		t.Error("an IPv6 literal for AF_INET must fail")
	}
}

func TestSendRecvDoNotAllocate(t *testing.T) {
	noLeak(t)
	fds := streamPair(t)
	exchangeAllocatesNothing(t, fds, Send, Recv, "Send+Recv")
}

// streamPair makes a connected pair of AF_UNIX stream sockets, closed
// when tb ends.
func streamPair(tb testing.TB) [2]int {
	tb.Helper()
	fds, err := Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		Close(fds[0])
		Close(fds[1])
	})
	return fds
}

// exchangeAllocatesNothing checks that sending 64 bytes on fds[0] with
// send and reading them on fds[1] with recv allocates nothing.
func exchangeAllocatesNothing(t *testing.T, fds [2]int, send, recv func(int, []byte, int) (int, error), what string) {
	t.Helper()
	msg, buf := make([]byte, 64), make([]byte, 64)
	allocs := testing.AllocsPerRun(100, func() {
		if n, err := send(fds[0], msg, 0); n != 64 || err != nil {
			t.Fatalf("%s: send: %d, %v", what, n, err)
		}
		if n, err := recv(fds[1], buf, 0); n != 64 || err != nil {
			t.Fatalf("%s: recv: %d, %v", what, n, err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per %s", allocs, what)
	}
}

func BenchmarkSendRecv64(b *testing.B) {
	fds := streamPair(b)
	msg, buf := make([]byte, 64), make([]byte, 64)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		Send(fds[0], msg, 0)
		Recv(fds[1], buf, 0)
	}
}

// TestNowCallsCarryBytesAndErrnos: the raw calls behind RecvNow and
// SendNow pass the buffer, its length and the flags through and turn the
// kernel's errno into an error, without allocating.
func TestNowCallsCarryBytesAndErrnos(t *testing.T) {
	noLeak(t)
	fds := streamPair(t)
	if n, err := SendNow(fds[0], []byte("hello, world"), 0); n != 12 || err != nil {
		t.Fatalf("SendNow: %d, %v", n, err)
	}
	buf := make([]byte, 5)
	if n, err := RecvNow(fds[1], buf, unix.MSG_PEEK); n != 5 || err != nil || string(buf) != "hello" {
		t.Fatalf("RecvNow(MSG_PEEK): %d %q, %v", n, buf[:n], err)
	}
	big := make([]byte, 64)
	if n, err := RecvNow(fds[1], big, 0); n != 12 || err != nil || string(big[:n]) != "hello, world" {
		t.Fatalf("RecvNow: %d %q, %v", n, big[:n], err)
	}
	if _, err := RecvNow(-1, buf, 0); errnoOf(err) != unix.EBADF {
		t.Fatalf("RecvNow on a bad descriptor: %v, want EBADF", err)
	}
	if _, err := SendNow(-1, buf, 0); errnoOf(err) != unix.EBADF {
		t.Fatalf("SendNow on a bad descriptor: %v, want EBADF", err)
	}
	exchangeAllocatesNothing(t, fds, SendNow, RecvNow, "SendNow+RecvNow")
}

// TestRetryNowAfterEINTR: a RecvNow or SendNow whose first attempt was
// interrupted is made again and carries the bytes.
func TestRetryNowAfterEINTR(t *testing.T) {
	fds := streamPair(t)
	n, err := retryNow(unix.SYS_SENDTO, fds[0], []byte("again"), unix.MSG_DONTWAIT|unix.MSG_NOSIGNAL, uintptr(unix.EINTR))
	if n != 5 || err != nil {
		t.Fatalf("retryNow(sendto) after EINTR: %d, %v", n, err)
	}
	buf := make([]byte, 10)
	if n, err := retryNow(unix.SYS_RECVFROM, fds[1], buf, unix.MSG_DONTWAIT, uintptr(unix.EINTR)); n != 5 || err != nil || string(buf[:n]) != "again" {
		t.Fatalf("retryNow(recvfrom) after EINTR: %d %q, %v", n, buf[:n], err)
	}
	if _, err := retryNow(unix.SYS_RECVFROM, fds[1], buf, unix.MSG_DONTWAIT, uintptr(unix.EINTR)); !errors.Is(err, unix.EAGAIN) {
		t.Fatalf("retryNow on an empty socket: %v, want EAGAIN", err)
	}
	if _, err := retryNow(unix.SYS_RECVFROM, fds[1], buf, 0, uintptr(unix.EBADF)); !errors.Is(err, unix.EBADF) {
		t.Fatalf("retryNow of EBADF: %v, want EBADF unretried", err)
	}
}
