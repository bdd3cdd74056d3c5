package handover

import (
	"testing"

	"golang.org/x/sys/unix"
)

// listener makes a listening TCP socket on 127.0.0.1.
func listener(t *testing.T) int {
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
	t.Cleanup(func() { unix.Close(fd) })
	return fd
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

// TestAdoptAbortCommit: a later generation takes the listening socket an
// earlier one recorded, once per socket; Abort gives it back; Commit
// makes what the new generation did not take unavailable; the table's
// descriptor goes with the last socket that holds it.
func TestAdoptAbortCommit(t *testing.T) {
	tab := NewTable(Descriptors)
	g1 := tab.Generation(1)
	l1 := listener(t)
	refA1, err := g1.Listening("a", l1)
	if err != nil {
		t.Fatal(err)
	}
	refB1, _ := g1.Listening("b", listener(t))
	if tab.Len() != 2 {
		t.Fatalf("table holds %d, want 2", tab.Len())
	}
	if ref, _ := g1.Adopt("a", socket(t)); ref != nil {
		t.Error("a generation adopted its own socket")
	}

	// generation 2 fails: what it took comes back
	g2 := tab.Generation(2)
	s := socket(t)
	ref2, err := g2.Adopt("a", s)
	if ref2 == nil || err != nil || !sameSocket(s, l1) {
		t.Fatalf("adopt: %v %v, same socket %v", ref2, err, sameSocket(s, l1))
	}
	if ref, _ := g2.Adopt("a", socket(t)); ref != nil {
		t.Error("one socket adopted twice by one generation")
	}
	refC2, _ := g2.Listening("c", listener(t))
	tab.Abort(g2)
	ref2.Release()
	refC2.Release()
	if tab.Len() != 2 {
		t.Fatalf("after abort the table holds %d, want 2", tab.Len())
	}

	// generation 3 takes a only; b is no longer offered, and goes when
	// generation 1's socket closes
	g3 := tab.Generation(3)
	s3 := socket(t)
	ref3, _ := g3.Adopt("a", s3)
	if ref3 == nil || !sameSocket(s3, l1) {
		t.Fatal("a, given back by the failed generation, was not adopted")
	}
	tab.Commit(g3)
	if ref, _ := tab.Generation(4).Adopt("b", socket(t)); ref != nil {
		t.Error("a retired socket was adopted")
	}
	refA1.Release()
	refB1.Release()
	refB1.Release()
	if tab.Len() != 1 {
		t.Fatalf("after generation 1 closed the table holds %d, want 1", tab.Len())
	}
	ref3.Release()
	if tab.Len() != 0 {
		t.Fatalf("after every socket closed the table holds %d, want 0", tab.Len())
	}
}

// TestReusePortAdoptsNothing: in ReusePort mode nothing is kept.
func TestReusePortAdoptsNothing(t *testing.T) {
	tab := NewTable(ReusePort)
	tab.Generation(1).Listening("a", listener(t))
	if ref, _ := tab.Generation(2).Adopt("a", socket(t)); ref != nil || tab.Len() != 0 {
		t.Errorf("adopted %v, table %d", ref, tab.Len())
	}
}
