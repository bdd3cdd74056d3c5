package socket

import (
	"fmt"
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// Read-ahead. When an asyncore channel's recv(n) reads a non-blocking
// stream socket, it asks the kernel for up to AheadSize bytes, returns
// the first n and keeps the rest on the socket; the next reads are served
// from there, in order, before the kernel is asked again. The program
// sees the same bytes in the same order and never more than n at a time;
// what changes is that a stream arriving faster than the handler reads it
// costs one system call (and one window update to the peer) per
// AheadSize instead of one per n. The event loop dispatches a channel
// whose socket holds read-ahead bytes as readable, as the kernel would
// have reported it (bindings/asyncore/ahead.go).
//
// Every way of reading a socket takes the read-ahead bytes first: recv
// (also with MSG_PEEK, which leaves them), recvfrom, and RecvAhead;
// MSG_OOB reads the kernel's urgent byte as before. close() drops them;
// detach() refuses while there are any, since whoever takes the
// descriptor could not see them.

// AheadSize is how much RecvAhead asks the kernel for at most.
const AheadSize = 64 << 10

// aheadBufs holds AheadSize buffers between uses: a buffer is taken for
// a kernel read and given back at once, or, when bytes are kept, once a
// socket has handed them all out. Sockets with nothing kept hold none,
// so idle connections cost no buffer.
var aheadBufs = sync.Pool{New: func() any { return new([AheadSize]byte) }}

// Buffered is how many read-ahead bytes the socket holds.
func (s *Socket) Buffered() int { return len(s.ahead) }

// RecvAhead is recv(n) for the event loop's channels: on a non-blocking
// stream socket it reads ahead (see above); elsewhere it is Recv(n, 0).
func (s *Socket) RecvAhead(n int) (starlark.String, error) {
	if len(s.ahead) > 0 || s.blocking || s.typ != unix.SOCK_STREAM || n <= 0 || n >= AheadSize {
		return s.Recv(n, 0)
	}
	if err := s.check(); err != nil {
		return "", err
	}
	buf := aheadBufs.Get().(*[AheadSize]byte)
	k, err := sock.Recv(s.fd, buf[:], 0)
	if err != nil || k <= n {
		out := starlark.String(buf[:max(k, 0)])
		aheadBufs.Put(buf)
		if err != nil {
			return "", err
		}
		return out, nil
	}
	s.aheadBuf, s.ahead = buf, buf[n:k]
	return starlark.String(buf[:n]), nil
}

// takeAhead returns up to n read-ahead bytes, consuming them unless peek.
func (s *Socket) takeAhead(n int, peek bool) starlark.String {
	k := min(n, len(s.ahead))
	out := starlark.String(s.ahead[:k])
	if !peek {
		s.ahead = s.ahead[k:]
		if len(s.ahead) == 0 {
			s.dropAhead()
		}
	}
	return out
}

// dropAhead forgets the read-ahead bytes and gives their buffer back.
func (s *Socket) dropAhead() {
	if s.aheadBuf != nil {
		aheadBufs.Put(s.aheadBuf)
	}
	s.aheadBuf, s.ahead = nil, nil
}

// errAheadDetach is detach()'s error while read-ahead bytes are kept.
func (s *Socket) errAheadDetach() error {
	return fmt.Errorf("detach: %d bytes already read from this socket would be lost; recv() them first", len(s.ahead))
}
