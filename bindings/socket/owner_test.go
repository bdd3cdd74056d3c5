package socket

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// isOpen reports whether descriptor fd is open in this process.
func isOpen(fd int) bool {
	_, err := os.Stat(fmt.Sprintf("/proc/self/fd/%d", fd))
	return err == nil
}

// collect runs the collector until done() or a few seconds have passed.
func collect(done func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		runtime.GC()
		if done() {
			return true
		}
		time.Sleep(time.Millisecond)
	}
	return false
}

// newTCP makes a socket or ends the test.
func newTCP(t *testing.T) *Socket {
	t.Helper()
	s, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// letCleanupsRun drops fresh sockets and waits (bounded) until the
// collector has closed each: cleanups of sockets dropped earlier have had
// their turns by then (the runtime does not promise an order; three
// rounds make a late one unlikely).
func letCleanupsRun(t *testing.T) {
	t.Helper()
	for i := 0; i < 3; i++ {
		before := dropped.Load()
		newTCP(t)
		collect(func() bool { return dropped.Load() > before })
	}
}

// reuse closes a's descriptor with closeIt and makes a socket that gets
// the same number (the kernel gives the lowest free one); it skips the
// test if the kernel gave another.
func reuse(t *testing.T, a *Socket, closeIt func()) *Socket {
	t.Helper()
	fd := a.fd
	closeIt()
	b := newTCP(t)
	t.Cleanup(func() { b.Close() })
	if b.fd != fd {
		t.Skipf("the kernel did not reuse descriptor %d (got %d)", fd, b.fd)
	}
	return b
}

func TestADroppedSocketIsClosed(t *testing.T) {
	fd := newTCP(t).fd
	if !collect(func() bool { return !isOpen(int(fd)) }) {
		t.Errorf("descriptor %d of a dropped socket is still open", fd)
	}
}

func TestAClosedSocketLeavesItsReusedNumberAlone(t *testing.T) {
	a := newTCP(t)
	b := reuse(t, a, func() { a.Close() })
	a = nil
	letCleanupsRun(t)
	if !isOpen(int(b.fd)) {
		t.Errorf("descriptor %d, closed and reused by another socket, was closed by the first one's cleanup", b.fd)
	}
}

func TestADetachedDescriptorStaysOpen(t *testing.T) {
	s := newTCP(t)
	fd := s.fd
	if _, err := sockDetach(s, "detach", nil, nil); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(int(fd))
	s = nil
	letCleanupsRun(t)
	if !isOpen(int(fd)) {
		t.Errorf("a detached descriptor was closed when its socket was dropped")
	}
}

// A descriptor closed behind its socket's back (os.close(s.fileno())) and
// reused by another socket is left alone when the first socket is
// dropped: the cleanup checks that the number still names its file.
func TestADescriptorClosedBehindItsSocketIsLeftAlone(t *testing.T) {
	a := newTCP(t)
	b := reuse(t, a, func() { unix.Close(int(a.fd)) })
	a = nil
	letCleanupsRun(t)
	if !isOpen(int(b.fd)) {
		t.Errorf("descriptor %d, closed behind the first socket and reused by a second, was closed when the first was dropped", b.fd)
	}
}
