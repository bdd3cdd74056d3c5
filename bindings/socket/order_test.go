package socket

import (
	"io"
	"os"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

// held is bytes a test holds for a socket: SendHeld sends them on it.
type held struct {
	s     *Socket
	data  string
	sends int
}

func (h *held) SendHeld() error {
	h.sends++
	_, err := h.s.Send(h.data, 0)
	return err
}

// tcpPair is a connected pair of loopback TCP sockets: the socket under
// test, and its peer as a file to read to the end.
func tcpPair(t *testing.T) (*Socket, *os.File) {
	t.Helper()
	lsn := newTCP(t)
	defer lsn.Close()
	if err := lsn.Bind(starlark.Tuple{starlark.String("127.0.0.1"), starlark.MakeInt(0)}); err != nil {
		t.Fatal(err)
	}
	if err := lsn.Listen(1); err != nil {
		t.Fatal(err)
	}
	addr, err := lsn.Getsockname()
	if err != nil {
		t.Fatal(err)
	}
	c := newTCP(t)
	if e, err := c.ConnectEx(addr); e != 0 || err != nil {
		t.Fatal(e, err)
	}
	a, _, err := lsn.Accept()
	if err != nil {
		t.Fatal(err)
	}
	fd := c.fd
	c.fd = -1 // the file owns it now
	c.disown()
	peer := os.NewFile(uintptr(fd), "peer")
	t.Cleanup(func() { a.Close(); peer.Close() })
	return a, peer
}

// call is s.name(*args), as a script calls it.
func call(t *testing.T, s *Socket, name string, args ...starlark.Value) {
	t.Helper()
	m, err := s.Attr(name)
	if err != nil || m == nil {
		t.Fatalf("no method %s: %v", name, err)
	}
	if _, err := starlark.Call(&starlark.Thread{}, m, args, nil); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// Every path that writes to the descriptor or ends its output sends what
// the socket holds first, once.
func TestHeldBytesGoFirstOnEveryPath(t *testing.T) {
	second := starlark.String("second;")
	for _, tc := range []struct {
		name string
		op   func(t *testing.T, s *Socket, peerAddr starlark.Value)
		want string
	}{
		{"send", func(t *testing.T, s *Socket, _ starlark.Value) { call(t, s, "send", second) }, "first;second;"},
		{"sendall", func(t *testing.T, s *Socket, _ starlark.Value) { call(t, s, "sendall", second) }, "first;second;"},
		{"sendto", func(t *testing.T, s *Socket, addr starlark.Value) { call(t, s, "sendto", second, addr) }, "first;second;"},
		{"Go Send", func(t *testing.T, s *Socket, _ starlark.Value) { s.Send("second;", 0) }, "first;second;"},
		{"Go SendBytes", func(t *testing.T, s *Socket, _ starlark.Value) { s.SendBytes([]byte("second;"), 0) }, "first;second;"},
		{"shutdown", func(t *testing.T, s *Socket, _ starlark.Value) {
			call(t, s, "shutdown", starlark.MakeInt(unix.SHUT_WR))
		}, "first;"},
		{"close", func(t *testing.T, s *Socket, _ starlark.Value) { call(t, s, "close") }, "first;"},
		{"Go Close", func(t *testing.T, s *Socket, _ starlark.Value) { s.Close() }, "first;"},
		{"detach", func(t *testing.T, s *Socket, _ starlark.Value) {
			fd := s.fd
			call(t, s, "detach")
			unix.Close(int(fd))
		}, "first;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, peer := tcpPair(t)
			h := &held{s: s, data: "first;"}
			s.Hold(h)
			if !s.Holds(h) {
				t.Fatal("Holds(h) is false after Hold(h)")
			}
			addr, _ := s.Getpeername()
			tc.op(t, s, addr)
			if h.sends != 1 || s.Holds(h) {
				t.Errorf("held bytes sent %d times, still held %v; want once, then forgotten", h.sends, s.Holds(h))
			}
			if s.fd >= 0 {
				s.Close()
			}
			got, err := io.ReadAll(peer)
			if err != nil || string(got) != tc.want {
				t.Errorf("the peer received %q (%v), want %q", got, err, tc.want)
			}
		})
	}
}

func TestReleasedBytesAreNotSent(t *testing.T) {
	s, peer := tcpPair(t)
	h, other := &held{s: s, data: "first;"}, &held{s: s, data: "other;"}
	s.Hold(h)
	s.Release(other) // not what it holds: no effect
	if !s.Holds(h) {
		t.Fatal("releasing another Held dropped h")
	}
	s.Release(h)
	s.Send("second;", 0)
	s.Close()
	if got, _ := io.ReadAll(peer); string(got) != "second;" || h.sends != 0 {
		t.Errorf("the peer received %q, held sent %d times; want only second;", got, h.sends)
	}
}

// Reading is no output: it leaves what the socket holds in place.
func TestReadingLeavesHeldBytes(t *testing.T) {
	s, peer := tcpPair(t)
	h := &held{s: s, data: "first;"}
	s.Hold(h)
	peer.Write([]byte("x"))
	call(t, s, "recv", starlark.MakeInt(10))
	if h.sends != 0 || !s.Holds(h) {
		t.Errorf("recv sent the held bytes (%d) or dropped them", h.sends)
	}
}
