package socket

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

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
// have reported it (bindings/asyncore/readahead.go).
//
// Every way of reading a socket takes the read-ahead bytes first: recv
// (also with MSG_PEEK, which leaves them), recvfrom, and RecvAhead;
// MSG_OOB reads the kernel's urgent byte as before. close() drops them;
// detach() refuses while there are any, since whoever takes the
// descriptor could not see them.

// AheadSize is how much RecvAhead asks the kernel for at most.
const AheadSize = 64 << 10

// lendMin is the smallest recv(n) whose read-ahead bytes are handed out
// without copying: the strings returned point into the buffer the kernel
// filled, which is then never reused and is freed by the collector when
// the last of them is dropped. For a stream read in pieces of n bytes
// that saves a copy and an allocation per piece; the price is that a
// piece a program keeps while dropping the others keeps the whole buffer
// alive, at most AheadSize/lendMin times its own size. Smaller reads are
// copied out of a pooled buffer, so that a small kept piece never holds
// 64 KiB.
const lendMin = AheadSize / 8

// aheadBufs holds AheadSize buffers between uses: a buffer is taken for
// a kernel read and given back at once, or, when bytes are kept and
// copied out, once a socket has handed them all out. Sockets with nothing
// kept hold none, so idle connections cost no buffer.
var aheadBufs = sync.Pool{New: func() any { return new([AheadSize]byte) }}

// spareBuf is the buffer given back last, kept out of the pool: a loop
// reading one small message per event takes and gives back the same
// buffer at every read, and one atomic swap costs less than the pool's
// Get and Put. The pool holds the others (a second loop's, say).
var spareBuf atomic.Pointer[[AheadSize]byte]

// getBuf takes an AheadSize buffer.
func getBuf() *[AheadSize]byte {
	if b := spareBuf.Swap(nil); b != nil {
		return b
	}
	return aheadBufs.Get().(*[AheadSize]byte)
}

// putBuf gives back a buffer taken with getBuf.
func putBuf(b *[AheadSize]byte) {
	if !spareBuf.CompareAndSwap(nil, b) {
		aheadBufs.Put(b)
	}
}

// Spare is the AheadSize buffer one event loop reads into, kept between
// its reads: taken and kept again without the atomic operations of
// getBuf and putBuf, which any thread may call. A loop reading one
// small message per event reads every one into the same buffer. Only
// the thread of the loop that owns it may use it; the zero Spare is
// empty and takes a buffer at its first read.
type Spare struct {
	buf *[AheadSize]byte // nil while a socket holds the last one
}

// take returns the spare buffer, which stays the spare's until a socket
// keeps it (readAhead).
func (p *Spare) take() *[AheadSize]byte {
	if p.buf == nil {
		p.buf = getBuf()
	}
	return p.buf
}

// Buffered is how many read-ahead bytes the socket holds.
func (s *Socket) Buffered() int { return len(s.ahead) }

// RecvAhead is recv(n) for the event loop's channels: on a non-blocking
// stream socket it reads ahead (see above), into spare's buffer, the
// loop's; elsewhere it is Recv(n, 0).
// It is kept small, with the system call in its own body, so that the
// compiler can inline it into its caller (see sock.RecvNow).
//
// The data comes back as a starlark.Value (a string), made with as few
// allocations as it can be (stringValue).
func (s *Socket) RecvAhead(n int, spare *Spare) (starlark.Value, error) {
	if len(s.ahead) > 0 && n > 0 {
		return s.takeAhead(n, false), nil
	}
	if s.blocking || s.typ != unix.SOCK_STREAM || n <= 0 || n >= AheadSize || s.fd < 0 {
		return s.Recv(n, 0)
	}
	buf := spare.take()
	k, err := sock.RecvNow(int(s.fd), buf[:], 0)
	return s.readAhead(spare, k, n, err)
}

// readAhead takes what a read of up to AheadSize bytes into spare's
// buffer gave (k bytes or err): the first n bytes are returned, the rest
// kept, with the buffer.
func (s *Socket) readAhead(spare *Spare, k, n int, err error) (starlark.Value, error) {
	buf := spare.buf
	if err != nil || k <= n {
		if err != nil {
			return starlark.String(""), err
		}
		return stringValue(buf[:k]), nil
	}
	spare.buf = nil // the socket's now
	s.ahead = buf[n:k]
	if n >= lendMin {
		s.lent = true // buf now belongs to the strings: it never goes back
		return lend(buf[:n]), nil
	}
	s.aheadBuf = buf
	return stringValue(buf[:n]), nil
}

// takeAhead returns up to n read-ahead bytes, consuming them unless peek,
// as a Starlark string made with as few allocations as it can be
// (stringValue).
func (s *Socket) takeAhead(n int, peek bool) starlark.Value {
	k := min(n, len(s.ahead))
	var out starlark.Value
	if s.lent {
		out = lend(s.ahead[:k])
	} else {
		out = stringValue(s.ahead[:k])
	}
	if !peek {
		s.ahead = s.ahead[k:]
		if len(s.ahead) == 0 {
			s.dropAhead()
		}
	}
	return out
}

// lend makes a string of b without copying; b must never change again.
func lend(b []byte) starlark.String {
	if len(b) == 0 {
		return ""
	}
	return starlark.String(unsafe.String(&b[0], len(b)))
}

// dropAhead forgets the read-ahead bytes and gives back their buffer,
// unless strings were lent from it.
func (s *Socket) dropAhead() {
	if s.aheadBuf != nil {
		putBuf(s.aheadBuf)
	}
	s.aheadBuf, s.ahead, s.lent = nil, nil, false
}

// errAheadDetach is detach()'s error while read-ahead bytes are kept.
func (s *Socket) errAheadDetach() error {
	return fmt.Errorf("detach: %d bytes already read from this socket would be lost; recv() them first", len(s.ahead))
}
