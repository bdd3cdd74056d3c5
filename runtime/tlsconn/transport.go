package tlsconn

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// transport is the net.Conn that crypto/tls reads and writes: the
// non-blocking descriptor, with two buffers of our own in between.
//
// Reading, it hands crypto/tls one record at a time: what the kernel gave
// beyond the end of the record stays here, in full view of the engine
// (hasRecord), instead of hiding in crypto/tls's own buffer. When it has
// nothing and the kernel has nothing either, it returns errWouldBlock, an
// error crypto/tls's record layer lets a later call retry; inside the
// handshake's coroutine it suspends the coroutine instead (handshake.go).
//
// Writing never fails for want of room: what the kernel does not take at
// once waits in out, in order, and goes on the next flush. A write that
// failed half-way would have left crypto/tls with a record it can never
// resend. While corked, writes only queue, so that a handshake flight or
// the records of one send() leave in one system call.
type transport struct {
	fd int

	buf      *[inSize]byte // kernel bytes not yet handed over are buf[off:end]
	off, end int
	rec      int // bytes of the current record still to hand over (0: at a boundary)

	eof      bool  // the kernel reported the end of the stream
	eofGiven bool  // crypto/tls has been told
	rerr     error // a read from the kernel failed: sticky

	out    []byte // a pooled buffer: out[outOff:] is ciphertext the kernel has not taken yet
	outOff int
	werr   error // a write to the kernel failed: sticky
	corked bool

	// yield suspends the handshake's coroutine until more bytes may have
	// come; false means the coroutine is being stopped.
	yield func(struct{}) bool

	closed bool // released: reads fail, writes are dropped
}

const (
	recordHeaderLen = 5
	// inSize is how much one read from the kernel takes at most: several
	// full records (the largest is 5+16384+256 bytes).
	inSize = 64 << 10
)

// errWouldBlock is what the transport tells crypto/tls when the kernel
// has nothing to read. It is a net.Error whose Temporary() is true: the
// one kind of read error crypto/tls's record layer does not remember, so
// that Read may be called again when bytes come.
var errWouldBlock error = wouldBlock{}

type wouldBlock struct{}

func (wouldBlock) Error() string   { return "tlsconn: the read would block" }
func (wouldBlock) Timeout() bool   { return false }
func (wouldBlock) Temporary() bool { return true }

// inBufs holds read buffers between uses: a connection holds one only
// while it has bytes in it, so that idle connections hold none.
var inBufs = sync.Pool{New: func() any { return new([inSize]byte) }}

// outBufs holds the out buffers of connections with nothing to send,
// each with room for one Write's records.
var outBufs = sync.Pool{New: func() any { b := make([]byte, 0, MaxWrite+8<<10); return &b }}

// maxPooledOut is the largest out buffer given back to the pool.
const maxPooledOut = 256 << 10

// Read hands crypto/tls the bytes of the current record it has, reading
// the kernel when it has none.
func (t *transport) Read(p []byte) (int, error) {
	for {
		if t.closed {
			return 0, net.ErrClosed
		}
		avail := t.end - t.off
		if t.rec == 0 && avail >= recordHeaderLen {
			h := t.buf[t.off:]
			t.rec = recordHeaderLen + (int(h[3])<<8 | int(h[4]))
		}
		if t.rec > 0 && avail > 0 {
			n := copy(p, t.buf[t.off:t.off+min(avail, t.rec)])
			t.off += n
			t.rec -= n
			t.release()
			return n, nil
		}
		if t.eof {
			if avail > 0 {
				// a truncated record header: let crypto/tls see it
				n := copy(p, t.buf[t.off:t.end])
				t.off += n
				t.release()
				return n, nil
			}
			t.eofGiven = true
			return 0, io.EOF
		}
		if t.rerr != nil {
			return 0, t.rerr
		}
		again, err := t.fill()
		if err != nil {
			t.rerr = err
			return 0, err
		}
		if again {
			if t.yield == nil {
				return 0, errWouldBlock
			}
			if !t.yield(struct{}{}) {
				return 0, net.ErrClosed
			}
		}
	}
}

// fill reads what the kernel has into buf, after the bytes kept. again
// reports that it had nothing.
func (t *transport) fill() (again bool, err error) {
	if t.buf == nil {
		t.buf = inBufs.Get().(*[inSize]byte)
		t.off, t.end = 0, 0
	} else if t.off > 0 {
		t.end = copy(t.buf[:], t.buf[t.off:t.end])
		t.off = 0
	}
	n, err := sock.RecvNow(t.fd, t.buf[t.end:], 0)
	if err != nil {
		t.release()
		if errors.Is(err, unix.EAGAIN) {
			return true, nil
		}
		return false, err
	}
	if n == 0 {
		t.eof = true
	}
	t.end += n
	t.release()
	return false, nil
}

// release gives the read buffer back when it holds nothing.
func (t *transport) release() {
	if t.buf != nil && t.off == t.end {
		inBufs.Put(t.buf)
		t.buf, t.off, t.end = nil, 0, 0
	}
}

// buffered is how many bytes from the kernel wait here.
func (t *transport) buffered() int { return t.end - t.off }

// hasRecord reports whether a whole record (or the rest of the current
// one) waits here, so that crypto/tls can read it without the kernel.
func (t *transport) hasRecord() bool {
	avail := t.end - t.off
	if t.rec > 0 {
		return avail >= t.rec
	}
	if avail < recordHeaderLen {
		return false
	}
	h := t.buf[t.off:]
	return avail >= recordHeaderLen+(int(h[3])<<8|int(h[4]))
}

// Write queues b after what waits already, and sends at once what the
// kernel takes unless corked. It fails only when the kernel refused a
// write for good (the peer reset, say).
func (t *transport) Write(b []byte) (int, error) {
	if t.closed {
		return len(b), nil
	}
	if t.werr != nil {
		return 0, t.werr
	}
	n := len(b)
	if !t.corked && t.queued() == 0 {
		k, err := sock.SendNow(t.fd, b, 0)
		if err != nil {
			if !errors.Is(err, unix.EAGAIN) {
				t.werr = err
				return 0, err
			}
			k = 0
		}
		b = b[k:]
		if len(b) == 0 {
			return n, nil
		}
	}
	if t.out == nil {
		t.out = (*outBufs.Get().(*[]byte))[:0]
		t.outOff = 0
	}
	t.out = append(t.out, b...)
	return n, nil
}

// queued is how many bytes wait for the kernel.
func (t *transport) queued() int { return len(t.out) - t.outOff }

// flush sends what waits in out. It returns errAgain when the kernel
// would not take all of it, or the kernel's error.
func (t *transport) flush() error {
	for t.queued() > 0 {
		if t.werr != nil {
			return t.werr
		}
		k, err := sock.SendNow(t.fd, t.out[t.outOff:], 0)
		if err != nil {
			if errors.Is(err, unix.EAGAIN) {
				return errAgain
			}
			t.werr = err
			return err
		}
		t.outOff += k
	}
	if t.out != nil {
		t.dropOut()
	}
	return nil
}

// errAgain is flush's answer when the kernel's send buffer is full.
var errAgain = errors.New("tlsconn: the write would block")

// dropOut forgets what waits to be sent and gives its buffer back.
func (t *transport) dropOut() {
	if cap(t.out) <= maxPooledOut {
		b := t.out[:0]
		outBufs.Put(&b)
	}
	t.out, t.outOff = nil, 0
}

// close releases the buffers; the transport then drops what it is given
// to write and fails reads. The descriptor is not closed.
func (t *transport) close() {
	t.closed = true
	if t.buf != nil {
		inBufs.Put(t.buf)
		t.buf, t.off, t.end = nil, 0, 0
	}
	if t.out != nil {
		t.dropOut()
	}
}

// takeBuffered removes and returns the bytes from the kernel that wait
// here (for a socket that goes on without TLS).
func (t *transport) takeBuffered() []byte {
	if t.buf == nil {
		return nil
	}
	b := append([]byte(nil), t.buf[t.off:t.end]...)
	t.off = t.end
	t.rec = 0
	t.release()
	return b
}

// put gives a fresh transport the bytes read from the descriptor before
// the engine took it over (a socket's read-ahead), to be read first. It
// refuses more than one read buffer holds.
func (t *transport) put(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	if t.buf != nil || len(b) > inSize {
		return errors.New("tlsconn: too many bytes read ahead of the handshake")
	}
	t.buf = inBufs.Get().(*[inSize]byte)
	t.off, t.end = 0, copy(t.buf[:], b)
	return nil
}

// The rest of net.Conn: crypto/tls sets deadlines around a close_notify,
// which a non-blocking transport has no use for.

func (t *transport) Close() error                     { return nil }
func (t *transport) LocalAddr() net.Addr              { return fdAddr{} }
func (t *transport) RemoteAddr() net.Addr             { return fdAddr{} }
func (t *transport) SetDeadline(time.Time) error      { return nil }
func (t *transport) SetReadDeadline(time.Time) error  { return nil }
func (t *transport) SetWriteDeadline(time.Time) error { return nil }

// fdAddr is the address crypto/tls is given: it never looks at it.
type fdAddr struct{}

func (fdAddr) Network() string { return "fd" }
func (fdAddr) String() string  { return "fd" }
