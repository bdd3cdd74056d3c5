package socket

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

// pair returns the two ends of a stream socketpair: a non-blocking
// Socket to read and a raw descriptor to write.
func pair(t *testing.T) (*Socket, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[1]) })
	s := FromFD(fds[0], unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err := s.SetBlocking(false); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, fds[1]
}

func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7) + seed
	}
	return b
}

// drain reads the whole of want through RecvAhead(n), checking each piece.
func drain(t *testing.T, s *Socket, n int, want []byte) []string {
	t.Helper()
	var pieces []string
	got := 0
	for got < len(want) {
		p, err := recvAheadString(s, n)
		if err != nil {
			t.Fatalf("after %d bytes: %v", got, err)
		}
		if len(p) == 0 || len(p) > n {
			t.Fatalf("after %d bytes: a piece of %d bytes, want 1..%d", got, len(p), n)
		}
		pieces = append(pieces, string(p))
		got += len(p)
	}
	if s.Buffered() != 0 {
		t.Fatalf("%d bytes still held after the whole stream", s.Buffered())
	}
	return pieces
}

// TestReadAheadPiecesStayIntact: the pieces a stream is handed out in
// keep their bytes while later reads reuse (small pieces) or replace
// (lent pieces) the buffers, for both ways of handing out.
func TestReadAheadPiecesStayIntact(t *testing.T) {
	for _, n := range []int{1000, lendMin, 3 * lendMin / 2} {
		s, w := pair(t)
		first := pattern(60000, 1)
		if _, err := unix.Write(w, first); err != nil {
			t.Fatal(err)
		}
		p, err := recvAheadString(s, n)
		if err != nil || len(p) != n {
			t.Fatalf("n=%d: first read gave %d bytes, %v; want %d", n, len(p), err, n)
		}
		if s.Buffered() != len(first)-n {
			t.Fatalf("n=%d: %d bytes held after the first read, want %d", n, s.Buffered(), len(first)-n)
		}
		pieces := append([]string{string(p)}, drain(t, s, n, first[n:])...)
		// more data through the same socket: the buffers go round again
		second := pattern(60000, 2)
		for i := 0; i < 3; i++ {
			if _, err := unix.Write(w, second); err != nil {
				t.Fatal(err)
			}
			drain(t, s, n, second)
			runtime.GC()
		}
		var joined []byte
		for _, p := range pieces {
			joined = append(joined, p...)
		}
		if !bytes.Equal(joined, first) {
			t.Fatalf("n=%d: the first stream's pieces changed after later reads", n)
		}
	}
}

// TestReadAheadOnlyWhereAsked: a blocking socket, or a read of AheadSize
// or more, reads what recv(n) asks and holds nothing.
func TestReadAheadOnlyWhereAsked(t *testing.T) {
	s, w := pair(t)
	if _, err := unix.Write(w, pattern(AheadSize+100, 3)); err != nil {
		t.Fatal(err)
	}
	if p, err := recvAheadString(s, AheadSize); err != nil || len(p) != AheadSize || s.Buffered() != 0 {
		t.Fatalf("RecvAhead(AheadSize): %d bytes, %v, %d held; want %d, nil, 0", len(p), err, s.Buffered(), AheadSize)
	}
	if err := s.SetBlocking(true); err != nil {
		t.Fatal(err)
	}
	if p, err := recvAheadString(s, 10); err != nil || len(p) != 10 || s.Buffered() != 0 {
		t.Fatalf("blocking RecvAhead(10): %d bytes, %v, %d held; want 10, nil, 0", len(p), err, s.Buffered())
	}
}

// TestCloseDropsHeldBytes: close() forgets read-ahead bytes (and gives
// their buffer back); a closed socket holds nothing.
func TestCloseDropsHeldBytes(t *testing.T) {
	for _, n := range []int{1000, lendMin} {
		s, w := pair(t)
		if _, err := unix.Write(w, pattern(60000, 4)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RecvAhead(n, &testSpare); err != nil {
			t.Fatal(err)
		}
		if s.Buffered() == 0 {
			t.Fatalf("n=%d: nothing held after a short read of a long stream", n)
		}
		s.Close()
		if s.Buffered() != 0 || s.aheadBuf != nil || s.lent {
			t.Fatalf("n=%d: after close: %d bytes held, buffer kept %v, lent %v", n, s.Buffered(), s.aheadBuf != nil, s.lent)
		}
	}
}

// testSpare is the tests' loop buffer (they read from one goroutine).
var testSpare Spare

// recvAheadString is RecvAhead with its value checked to be a string.
func recvAheadString(s *Socket, n int) (starlark.String, error) {
	v, err := s.RecvAhead(n, &testSpare)
	str, ok := v.(starlark.String)
	if !ok {
		return "", fmt.Errorf("RecvAhead(%d) returned %T", n, v)
	}
	return str, err
}

// TestSpareBufferSlot: the buffer given back last is the next one taken
// (the loop's common case: one small read per event, the same buffer
// every time), and a buffer is never handed out twice while it is held.
func TestSpareBufferSlot(t *testing.T) {
	spareBuf.Store(nil)
	a := getBuf()
	putBuf(a)
	if b := getBuf(); b != a {
		t.Fatal("the buffer given back last is not the next one taken")
	}
	c := getBuf() // a is still held: the slot is empty
	if c == a {
		t.Fatal("a held buffer was handed out again")
	}
	putBuf(a)
	putBuf(c) // the slot is full: c goes to the pool
	if spareBuf.Load() != a {
		t.Fatal("a second buffer given back replaced the one in the slot")
	}
	if d := getBuf(); d != a {
		t.Fatal("the slot's buffer was not taken first")
	}
	if e := getBuf(); e == a {
		t.Fatal("the slot's buffer was handed out twice")
	}
}

// TestSpareReadsIntoOneBuffer: a loop's small reads go into the same
// buffer each time, and a socket keeping bytes read ahead takes it from
// the spare, which never hands out a buffer a socket holds.
func TestSpareReadsIntoOneBuffer(t *testing.T) {
	var spare Spare
	s, w := pair(t)
	if _, err := unix.Write(w, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	if p, err := s.RecvAhead(10, &spare); err != nil || p != starlark.String("hello") {
		t.Fatalf("RecvAhead(10) = %v, %v; want hello", p, err)
	}
	first := spare.buf
	if first == nil {
		t.Fatal("the spare gave its buffer away after a read that kept nothing")
	}
	if _, err := unix.Write(w, []byte("hello again")); err != nil {
		t.Fatal(err)
	}
	if p, err := s.RecvAhead(5, &spare); err != nil || p != starlark.String("hello") {
		t.Fatalf("RecvAhead(5) = %v, %v; want hello", p, err)
	}
	if spare.buf != nil || s.aheadBuf != first {
		t.Fatal("the socket keeping bytes read ahead does not hold the spare's buffer alone")
	}
	if spare.take() == first {
		t.Fatal("the spare handed out the buffer a socket holds")
	}
}

// TestReadAheadTwoSocketsInTurn: two sockets reading in turn, each
// keeping bytes read ahead between its reads, never share a buffer (the
// spare slot gives back only what no socket holds).
func TestReadAheadTwoSocketsInTurn(t *testing.T) {
	s1, w1 := pair(t)
	s2, w2 := pair(t)
	want1, want2 := pattern(30000, 5), pattern(30000, 6)
	if _, err := unix.Write(w1, want1); err != nil {
		t.Fatal(err)
	}
	if _, err := unix.Write(w2, want2); err != nil {
		t.Fatal(err)
	}
	var got1, got2 []byte
	for len(got1) < len(want1) || len(got2) < len(want2) {
		for _, r := range []struct {
			s   *Socket
			got *[]byte
			n   int
		}{{s1, &got1, 700}, {s2, &got2, 900}} {
			if len(*r.got) == 30000 {
				continue
			}
			p, err := recvAheadString(r.s, r.n)
			if err != nil {
				t.Fatal(err)
			}
			*r.got = append(*r.got, p...)
		}
		if s1.Buffered() > 0 && s1.aheadBuf != nil && s1.aheadBuf == s2.aheadBuf {
			t.Fatal("two sockets hold their read-ahead bytes in the same buffer")
		}
	}
	if !bytes.Equal(got1, want1) || !bytes.Equal(got2, want2) {
		t.Fatal("bytes read in turn from two sockets came out changed")
	}
}
