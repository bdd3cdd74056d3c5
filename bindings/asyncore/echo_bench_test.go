package asyncore_test

import (
	"io"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/interp"
)

// BenchmarkEchoRoundTrip is one 64-byte round trip through a Starlark
// dispatcher_with_send echo handler (examples/echo_server.star's), with
// the peer a blocking socket driven from Go. With -benchmem it shows what
// an event costs in allocations.
func BenchmarkEchoRoundTrip(b *testing.B) {
	in, err := interp.New(interp.Config{Argv: []string{"bench"}, Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	globals, err := in.ExecFile("setup.star", `
def _read(self):
    data = self.recv(8192)
    if data:
        self.send(data)
H = subclass(asyncore.dispatcher_with_send, "H", handle_read = _read)
a, b = socket.socketpair()
h = H(a)
peer = b.fileno()
`)
	if err != nil {
		b.Fatal(err)
	}
	fd, _ := starlark.AsInt32(globals["peer"])
	defer unix.Close(fd)
	done := make(chan error, 1)
	b.ReportAllocs()
	b.ResetTimer()
	go func() {
		msg, buf := make([]byte, 64), make([]byte, 64)
		for i := 0; i < b.N; i++ {
			if _, err := unix.Write(fd, msg); err != nil {
				done <- err
				return
			}
			for got := 0; got < len(buf); {
				n, err := unix.Read(fd, buf[got:])
				if err != nil || n == 0 {
					done <- err
					return
				}
				got += n
			}
		}
		done <- unix.Shutdown(fd, unix.SHUT_WR) // the handler closes at EOF
	}()
	if _, err := in.ExecFile("run.star", "asyncore.loop(timeout = 5)"); err != nil {
		b.Fatal(err)
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
}
