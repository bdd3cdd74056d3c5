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

func TestADroppedSocketIsClosed(t *testing.T) {
	s, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := s.fd
	s = nil
	if !collect(func() bool { return !isOpen(fd) }) {
		t.Errorf("descriptor %d of a dropped socket is still open", fd)
	}
}

func TestAClosedSocketLeavesItsReusedNumberAlone(t *testing.T) {
	a, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := a.fd
	a.Close()
	b, err := New(unix.AF_INET, unix.SOCK_STREAM, 0) // the kernel gives the lowest free number
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.fd != fd {
		t.Skipf("the kernel did not reuse descriptor %d (got %d)", fd, b.fd)
	}
	a = nil
	before := dropped.Load()
	// an object dropped after a and b: once its cleanup has run, a's
	// would have run too, if it were still registered
	if _, err := New(unix.AF_INET, unix.SOCK_STREAM, 0); err != nil {
		t.Fatal(err)
	}
	collect(func() bool { return dropped.Load() > before })
	if !isOpen(b.fd) {
		t.Errorf("descriptor %d, closed and reused by another socket, was closed by the first one's cleanup", fd)
	}
}

func TestADetachedDescriptorStaysOpen(t *testing.T) {
	s, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := s.fd
	if _, err := sockDetach(s, "detach", nil, nil); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	s = nil
	before := dropped.Load()
	if _, err := New(unix.AF_INET, unix.SOCK_STREAM, 0); err != nil {
		t.Fatal(err)
	}
	collect(func() bool { return dropped.Load() > before })
	if !isOpen(fd) {
		t.Errorf("a detached descriptor was closed when its socket was dropped")
	}
}

// A descriptor closed behind its socket's back (os.close(s.fileno())) and
// reused by another socket is left alone when the first socket is
// dropped: the cleanup checks that the number still names its file.
func TestADescriptorClosedBehindItsSocketIsLeftAlone(t *testing.T) {
	a, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	fd := a.fd
	unix.Close(fd)
	b, err := New(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.fd != fd {
		t.Skipf("the kernel did not reuse descriptor %d (got %d)", fd, b.fd)
	}
	a = nil
	for i := 0; i < 3; i++ {
		before := dropped.Load()
		if _, err := New(unix.AF_INET, unix.SOCK_STREAM, 0); err != nil {
			t.Fatal(err)
		}
		collect(func() bool { return dropped.Load() > before })
	}
	if !isOpen(b.fd) {
		t.Errorf("descriptor %d, closed behind the first socket and reused by a second, was closed when the first was dropped", fd)
	}
}
