package handover

import (
	"testing"

	"golang.org/x/sys/unix"
)

// listener makes a listening TCP socket on 127.0.0.1 and returns it and
// its port.
func listener(t *testing.T) (int, int) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 16); err != nil {
		t.Fatal(err)
	}
	sa, _ := unix.Getsockname(fd)
	return fd, sa.(*unix.SockaddrInet4).Port
}

func socket(t *testing.T) int {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fd) })
	return fd
}

// sameSocket reports whether a and b are one kernel socket.
func sameSocket(a, b int) bool {
	var sa, sb unix.Stat_t
	return unix.Fstat(a, &sa) == nil && unix.Fstat(b, &sb) == nil && sa.Ino == sb.Ino
}

// TestAdoptCommitAbort: a later generation takes the listening socket an
// earlier one recorded, once per socket; Abort gives it back and closes
// what the failed generation made; Commit closes what the new one did
// not take.
func TestAdoptCommitAbort(t *testing.T) {
	tab := NewTable(Descriptors)
	g1 := tab.Generation(1)
	l1, _ := listener(t)
	defer unix.Close(l1)
	if err := g1.Listening("a", l1); err != nil {
		t.Fatal(err)
	}
	l2, _ := listener(t)
	defer unix.Close(l2)
	g1.Listening("b", l2)
	if tab.Len() != 2 {
		t.Fatalf("table holds %d, want 2", tab.Len())
	}
	if ok, _ := g1.Adopt("a", socket(t)); ok {
		t.Error("a generation adopted its own socket")
	}

	// generation 2 fails: what it made goes, what it took comes back
	g2 := tab.Generation(2)
	s := socket(t)
	if ok, err := g2.Adopt("a", s); !ok || err != nil || !sameSocket(s, l1) {
		t.Fatalf("adopt: %v %v, same socket %v", ok, err, sameSocket(s, l1))
	}
	if ok, _ := g2.Adopt("a", socket(t)); ok {
		t.Error("one socket adopted twice by one generation")
	}
	l3, _ := listener(t)
	defer unix.Close(l3)
	g2.Listening("c", l3)
	tab.Abort(g2)
	if tab.Len() != 2 {
		t.Fatalf("after abort the table holds %d, want 2", tab.Len())
	}

	// generation 3 takes a only: b is closed on commit
	g3 := tab.Generation(3)
	s3 := socket(t)
	if ok, _ := g3.Adopt("a", s3); !ok || !sameSocket(s3, l1) {
		t.Fatal("a given back by the failed generation was not adopted")
	}
	tab.Commit(g3)
	if tab.Len() != 1 {
		t.Fatalf("after commit the table holds %d, want 1", tab.Len())
	}
}

// TestReusePortAdoptsNothing: in ReusePort mode nothing is kept.
func TestReusePortAdoptsNothing(t *testing.T) {
	tab := NewTable(ReusePort)
	l, _ := listener(t)
	defer unix.Close(l)
	tab.Generation(1).Listening("a", l)
	if ok, _ := tab.Generation(2).Adopt("a", socket(t)); ok || tab.Len() != 0 {
		t.Errorf("adopted %v, table %d", ok, tab.Len())
	}
}
