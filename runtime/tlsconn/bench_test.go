package tlsconn

import (
	"crypto/tls"
	"io"
	"net"
	"os"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// These benchmarks weigh the engine against crypto/tls used the way Go
// programs use it, blocking, a goroutine per side: the cost of the
// handshake (what the coroutine adds) and of bulk data (what the
// engine's buffers add). Both sides run in the benchmark's process, so
// ns/op is the CPU of a client and a server.
//
//	go test -run - -bench . ./runtime/tlsconn

// cpuTime is the process's CPU time so far (user and system).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start to b's results:
// the figure to compare, since crypto/tls's goroutines may run on two
// processors at once where the engine uses one.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkHandshakeEngine: a TLS 1.3 handshake between two engines on
// one goroutine, over a socketpair.
func BenchmarkHandshakeEngine(b *testing.B) {
	s := certs(&testing.T{})
	scfg, ccfg := serverConfig(s, tls.VersionTLS13), clientConfig(s, tls.VersionTLS13)
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
		srv, _ := Server(fds[0], scfg, nil)
		cli, _ := Client(fds[1], ccfg, nil)
		for {
			es, ec := srv.Handshake(), cli.Handshake()
			if es == nil && ec == nil {
				break
			}
			if es != nil && es != ErrWantRead && es != ErrWantWrite || ec != nil && ec != ErrWantRead && ec != ErrWantWrite {
				b.Fatal(es, ec)
			}
		}
		srv.Close()
		cli.Close()
		unix.Close(fds[0])
		unix.Close(fds[1])
	}
}

// BenchmarkHandshakeGoroutines: the same handshake by crypto/tls's
// blocking Conn, a goroutine per side.
func BenchmarkHandshakeGoroutines(b *testing.B) {
	s := certs(&testing.T{})
	scfg, ccfg := serverConfig(s, tls.VersionTLS13), clientConfig(s, tls.VersionTLS13)
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for i := 0; i < b.N; i++ {
		a, c := netPair(b)
		done := make(chan error, 1)
		go func() { done <- tls.Server(a, scfg).Handshake() }()
		if err := tls.Client(c, ccfg).Handshake(); err != nil {
			b.Fatal(err)
		}
		if err := <-done; err != nil {
			b.Fatal(err)
		}
		a.Close()
		c.Close()
	}
}

// netPair is a connected pair of net.Conns over a socketpair.
func netPair(b *testing.B) (net.Conn, net.Conn) {
	fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	var cs [2]net.Conn
	for i, fd := range fds {
		f := os.NewFile(uintptr(fd), "pair")
		c, err := net.FileConn(f)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
		cs[i] = c
	}
	return cs[0], cs[1]
}

const bulkChunk = 64 << 10

// BenchmarkBulkEngine: one engine sends 64 KiB at a time, another
// receives it, on one goroutine, polling the descriptors as a loop does.
func BenchmarkBulkEngine(b *testing.B) {
	s := certs(&testing.T{})
	fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK, 0)
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	srv, _ := Server(fds[0], serverConfig(s, tls.VersionTLS13), nil)
	cli, _ := Client(fds[1], clientConfig(s, tls.VersionTLS13), nil)
	handshakeBoth(&testing.T{}, srv, cli)
	chunk := make([]byte, bulkChunk)
	buf := make([]byte, bulkChunk)
	b.SetBytes(bulkChunk)
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	pending := 0 // bytes sent and not yet received
	sent, got := 0, 0
	for got < b.N*bulkChunk {
		if sent < b.N*bulkChunk && pending < 4*bulkChunk {
			n, err := cli.Write(chunk[:min(bulkChunk, b.N*bulkChunk-sent)])
			if err != nil && err != ErrWantWrite {
				b.Fatal(err)
			}
			sent += n
			pending += n
		} else if cli.WantsWrite() {
			cli.Flush()
		}
		for {
			n, err := srv.Read(buf)
			got += n
			pending -= n
			if err == ErrWantRead {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		if cli.WantsWrite() {
			cli.Flush()
		}
	}
}

// BenchmarkBulkCryptoTLS: the same stream between crypto/tls's blocking
// Conns, the sender on a goroutine of its own.
func BenchmarkBulkCryptoTLS(b *testing.B) {
	s := certs(&testing.T{})
	a, c := netPair(b)
	defer a.Close()
	defer c.Close()
	srv := tls.Server(a, serverConfig(s, tls.VersionTLS13))
	cli := tls.Client(c, clientConfig(s, tls.VersionTLS13))
	go func() {
		chunk := make([]byte, bulkChunk)
		for sent := 0; sent < b.N*bulkChunk; sent += bulkChunk {
			if _, err := cli.Write(chunk); err != nil {
				return
			}
		}
	}()
	b.SetBytes(bulkChunk)
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	if _, err := io.CopyN(io.Discard, srv, int64(b.N)*bulkChunk); err != nil {
		b.Fatal(err)
	}
}
