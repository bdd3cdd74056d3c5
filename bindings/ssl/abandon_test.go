package ssl

import (
	"runtime"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// TestDroppedHandshakesAreEnded: SSLSockets a script drops in the middle
// of their handshake (each holding a suspended coroutine) are found by
// the collector, and the next wrap ends their handshakes: no goroutine
// is left behind, and their descriptors are closed.
func TestDroppedHandshakesAreEnded(t *testing.T) {
	m := &module{}
	ctx, err := newContext(m, protocolTLSClient)
	if err != nil {
		t.Fatal(err)
	}
	ctx.checkHostname, ctx.verifyMode = false, certNone
	th := &starlark.Thread{}
	before := runtime.NumGoroutine()
	var peers []int
	const n = 20
	for i := 0; i < n; i++ {
		fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
		if err != nil {
			t.Fatal(err)
		}
		peers = append(peers, fds[1])
		w, err := wrap(th, ctx, pysocket.FromFD(fds[0], unix.AF_UNIX, unix.SOCK_STREAM, 0), wrapOptions{hostname: starlark.None})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.(*SSLSocket).eng.Handshake(); err == nil {
			t.Fatal("a handshake with a silent peer finished")
		}
	}
	defer func() {
		for _, fd := range peers {
			unix.Close(fd)
		}
	}()
	if got := runtime.NumGoroutine(); got < before+n {
		t.Logf("suspended handshakes are not counted as goroutines (%d before, %d now)", before, got)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		runtime.GC()
		m.mu.Lock()
		found := len(m.abandoned)
		m.mu.Unlock()
		if found == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the collector found %d of %d dropped sockets", found, n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	m.reap() // as the next wrap or handshake does
	if got := runtime.NumGoroutine(); got > before {
		t.Fatalf("%d goroutines after the handshakes were ended, %d before", got, before)
	}
	// each peer reads the ClientHello, then the end of the stream
	buf := make([]byte, 4096)
	for i, fd := range peers {
		for deadline := time.Now().Add(20 * time.Second); ; {
			k, err := unix.Read(fd, buf)
			if k == 0 && err == nil {
				break // closed
			}
			if err == unix.EAGAIN {
				if time.Now().After(deadline) {
					t.Fatalf("socket %d of the dropped ones is still open", i)
				}
				runtime.GC()
				time.Sleep(10 * time.Millisecond)
			}
		}
	}
}
