package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// A Layered socket puts an engine of its own between its channel and the
// kernel: ssl's SSLSocket, whose TLS engine runs in the loop's thread
// over the non-blocking descriptor. Its channel is served by the loop as
// any other, readable and writable as the engine needs:
//
//   - Reading. What the kernel gives may be part of a record, or records
//     without data; what the engine decrypted but the handler did not
//     take, the kernel no longer reports. So a read event first lets the
//     engine read (ReadReady), and the handler runs only when recv() has
//     something to give (bytes, the end, an error); and bytes the engine
//     holds are a read event of their own, through the read-ahead
//     (Buffered), as a socket's read-ahead bytes are.
//   - Writing. The engine may hold records the kernel did not take,
//     which no handler will send: while it does, the channel is watched
//     for writing, and a write event first sends them (Flush); the
//     handler's handle_write runs only if its writable() asked for
//     writing and nothing is left.
//   - A Layered channel is asked readable() and writable() every pass
//     (as CPython asks every channel), since its engine changes in calls
//     the loop does not see (do_handshake, unwrap).
//   - recv() and send() through the channel (dispatcher.recv, send,
//     asynchat) treat "the engine would block" as EAGAIN on a plain
//     socket: "" for recv, 0 for send. The socket's own methods, called
//     by a script, raise SSLWantReadError and SSLWantWriteError as in
//     CPython.
//   - Sends held while a handler runs (sendqueue.go) are registered with
//     the built-in socket under the engine (Plain), and the Layered
//     socket sends them before anything else it sends and before it
//     ends TLS or its output (close, unwrap, shutdown, detach): the
//     records of many small sends of one pass go out together.
type Layered interface {
	starlark.Value
	Fileno() int
	// Buffered is how much a recv() gives without the kernel (non-zero
	// also when it would give the end of the stream or an error).
	Buffered() int
	// ReadReady lets the engine read what the kernel has and reports
	// whether a recv() would now give something.
	ReadReady() bool
	// WantsWrite reports whether the engine holds bytes for the kernel;
	// Flush sends them, as far as the kernel takes them.
	WantsWrite() bool
	Flush() error
	// ChannelRecv and ChannelSend are recv() and send() for the channel:
	// an *oserr.Error with EAGAIN, and 0 bytes, when the engine would
	// block.
	ChannelRecv(n int) (starlark.Value, error)
	ChannelSend(p []byte) (int, error)
	// Plain is the built-in socket under the engine, which orders the
	// channel's output (bindings/socket/order.go).
	Plain() *pysocket.Socket
}

// layers is the loop's record of its Layered channels: by descriptor,
// whether the channel is watched for writing for its engine alone (its
// writable() said False).
type layers struct {
	engineOnly []bool
}

// layeredOf is obj's socket when it is Layered, else nil.
func layeredOf(obj starlark.Value) Layered {
	var sock starlark.Value
	if h := hotOf(obj); h != nil {
		sock = h.socket
	} else if s, err := attr(obj, "socket"); err == nil {
		sock = s
	}
	l, _ := sock.(Layered)
	return l
}

// layeredInterest is what a channel obj registered under fd, whose
// socket l is Layered, is watched for writing, w being its writable()'s
// answer: also while the engine holds bytes. r is its readable()'s
// answer: then what the engine holds decrypted is a read event.
func (m *Module) layeredInterest(fd int, obj starlark.Value, l Layered, r, w bool) bool {
	m.reg.adopt(fd, obj, l)
	for fd >= len(m.lay.engineOnly) {
		m.lay.engineOnly = append(m.lay.engineOnly, false)
	}
	engine := !w && l.WantsWrite()
	m.lay.engineOnly[fd] = engine
	if r && l.Buffered() > 0 {
		m.ahead.note(l)
	}
	return w || engine
}

// readGate is asked before a read event goes to obj's handler: whether
// it goes (obj's reading is not stopped, flow.go, and, when its socket
// is Layered, recv() has something to give), and obj's hot attributes,
// nil when they are not kept, which read takes from here: one look at
// them for both. It is kept out of line, so that the read path it
// precedes stays small enough to be inlined (cmd/pyasync's
// inline_test).
//
//go:noinline
func readGate(obj starlark.Value) (bool, *hotAttrs) {
	h := hotOf(obj)
	if h != nil {
		// a channel: its Go state is there
		if obj.(*class.Instance).Native.(*chanState).flow.stopped() {
			return false, h
		}
		if _, plain := h.socket.(*pysocket.Socket); plain {
			return true, h // the common case, without asking for the interface
		}
	} else if readingStopped(obj) {
		return false, nil
	}
	if l := layeredOf(obj); l != nil {
		return l.ReadReady(), h
	}
	return true, h
}

// writeEvent is a write event for obj, registered under fd (-1: a
// script's readwrite() call): what a Layered socket's engine holds goes
// first, then handle_write_event, unless the channel was watched for
// its engine alone or the engine still holds bytes.
func (m *Module) writeEvent(th *starlark.Thread, obj starlark.Value, fd int) error {
	if l := layeredOf(obj); l != nil && l.WantsWrite() {
		if err := l.Flush(); err != nil {
			if disconnected(err) {
				_, err = callMethod(th, obj, "handle_close")
			}
			return err
		}
		if l.WantsWrite() || (fd >= 0 && fd < len(m.lay.engineOnly) && m.lay.engineOnly[fd]) {
			return nil
		}
	}
	return m.event(th, obj, "handle_write_event", m.mHandleWriteEvent)
}
