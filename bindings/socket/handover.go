package socket

import (
	"fmt"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/handover"
	"github.com/pyasync/pyasync/runtime/sock"
)

// Listening sockets handed over between generations of workers
// (runtime/handover). An interpreter started as one generation of
// pyasync -j N's workers carries that generation on its threads
// (SetGeneration); a TCP socket bound from such a thread to an address
// an earlier generation listens on takes over that generation's
// listening socket instead of binding (bind() succeeds, listen() only
// sets the backlog), and a socket that binds and listens afresh is
// recorded for the generations to come.

// generationKey is the thread-local under which a thread's generation is
// kept.
const generationKey = "pyasync.generation"

// SetGeneration makes th's sockets take part in generation g's handover.
func SetGeneration(th *starlark.Thread, g *handover.Generation) { th.SetLocal(generationKey, g) }

// generationOf is th's generation, or nil.
func generationOf(th *starlark.Thread) *handover.Generation {
	if th == nil {
		return nil
	}
	g, _ := th.Local(generationKey).(*handover.Generation)
	return g
}

// listenState is a socket's part in a handover: its generation, the
// address it bound, and whether it took an earlier generation's socket.
type listenState struct {
	gen     *handover.Generation
	addr    string
	adopted bool
	ref     *handover.Ref // released when the socket closes
}

// handoverKey names a TCP address for the table, or "" for a socket the
// handover leaves alone (not TCP, or port 0, which is never the same).
func (s *Socket) handoverKey(sa unix.Sockaddr) string {
	if s.typ != unix.SOCK_STREAM {
		return ""
	}
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		if sa.Port != 0 {
			host, port := sock.FormatIP(sa)
			return fmt.Sprintf("tcp4 %s %d", host, port)
		}
	case *unix.SockaddrInet6:
		if sa.Port != 0 {
			host, port := sock.FormatIP(sa)
			return fmt.Sprintf("tcp6 %s %d %d", host, port, sa.ZoneId)
		}
	}
	return ""
}

// adopt is bind's part: when th's generation holds a listening socket
// for sa, s becomes it and adopt reports true.
func (s *Socket) adopt(th *starlark.Thread, sa unix.Sockaddr) (bool, error) {
	g := generationOf(th)
	if g == nil {
		return false, nil
	}
	key := s.handoverKey(sa)
	if key == "" {
		return false, nil
	}
	l := &listenState{gen: g, addr: key}
	s.rareOf().listen = l
	// the descriptor's file changes: the collector must close the new one
	s.disown()
	ref, err := g.Adopt(key, int(s.fd))
	own(s)
	if err != nil || ref == nil {
		return false, err
	}
	l.adopted, l.ref = true, ref
	// the kernel socket is shared: keep this socket's blocking mode
	return true, sock.SetNonblock(int(s.fd), !s.blocking)
}

// listening is listen's part: a socket that bound afresh is recorded for
// the generations to come.
func (s *Socket) listening() error {
	l := s.listenOf()
	if l == nil || l.adopted || l.ref != nil {
		return nil
	}
	ref, err := l.gen.Listening(l.addr, int(s.fd))
	l.ref = ref
	return err
}

// unlisten releases the socket's hold on the handover's descriptor: it
// closes.
func (s *Socket) unlisten() {
	if l := s.listenOf(); l != nil {
		l.ref.Release()
		s.rare.listen = nil
	}
}
