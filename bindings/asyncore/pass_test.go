package asyncore

import (
	"io"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// A pass over a map whose channels did nothing allocates nothing: the
// cost of an idle pass is a wait.
func TestAQuietPassAllocatesNothing(t *testing.T) {
	m, err := New(Config{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.classes()
	th := &starlark.Thread{Name: "test"}
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[1])
	s := pysocket.FromFD(fds[0], unix.AF_UNIX, unix.SOCK_STREAM, 0)
	d := starlark.NewDict(1)
	if _, err := starlark.Call(th, m.withSend, starlark.Tuple{s, d}, nil); err != nil {
		t.Fatal(err)
	}
	defer m.CloseAll(th, d, true)
	if err := m.pass(th, 0, d, false); err != nil { // the first pass scans
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(100, func() {
		if err := m.pass(th, 0, d, false); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("a quiet pass makes %v allocations, want 0", allocs)
	}
}
