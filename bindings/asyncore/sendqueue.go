package asyncore

import (
	"go.starlark.net/starlark"

	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// The send queue: sends held while a handler runs go out together when
// it returns.
//
// asynchat's push() sends at once in CPython, one system call per push:
// a handler that answers 64 pipelined lines makes 64 calls, and an HTTP
// answer pushed as a head and then a body goes out as two segments, the
// second held back by Nagle's algorithm until the peer's delayed ACK.
// While the loop runs a handler, a channel's sender may instead hold its
// sends (hold) with the function that sends what it queued, and leave
// its data in its own buffer; when the handler returns, the loop calls
// that function once per holding channel (leave), which sends what was
// queued in as few system calls as the kernel allows. asynchat's push()
// does this for every handler; dispatcher_with_send's send() for the
// read events the loop repeats at once on bytes read ahead (read.go).
//
// The peer receives the same bytes in the same order: the held sends are
// registered with the channel's socket (socket.Socket.Hold), which sends
// them before anything else it is asked to send or before its output
// ends, whatever path asks (the channel's send(), a delegated
// self.socket.send(), sendall, sendto, shutdown, close). Only a channel
// whose socket is the built-in one, or a Layered one (the built-in
// socket under its engine orders its output, layered.go), holds sends;
// any other sends at once.
// The channel's own close() sends what it held first too, while it is
// still connected.
type sendQueue struct {
	running int          // handlers running: sends may be held
	held    []*heldSends // what channels hold, in the order they were held
}

// Flusher sends what a channel queued while a handler ran.
type Flusher func(th *starlark.Thread, self starlark.Value) error

// heldSends is what one channel holds: the function that sends it, and
// what the socket needs to call it (it is the socket's socket.Held).
type heldSends struct {
	sock   *pysocket.Socket // the socket holding it
	th     *starlark.Thread // the thread of the handler that held it
	self   starlark.Value
	flush  Flusher // nil: nothing held
	queued bool    // listed in sendQueue.held
}

// SendHeld sends what the channel holds; the socket calls it before its
// next output, the send queue when the handler returns.
func (h *heldSends) SendHeld() error {
	flush := h.flush
	if flush == nil {
		return nil
	}
	h.flush = nil
	return flush(h.th, h.self)
}

// send sends what the channel holds, after telling the socket to forget
// it.
func (h *heldSends) send() error {
	if h.flush == nil {
		return nil
	}
	h.sock.Release(h)
	return h.SendHeld()
}

// enter notes that a handler starts.
func (q *sendQueue) enter() { q.running++ }

// leave notes that a handler returned with err, and sends what was
// held; it returns err, or else the first error of those sends. (Small,
// to be inlined where handlers are called.)
func (q *sendQueue) leave(err error) error {
	q.running--
	if len(q.held) == 0 {
		return err
	}
	return q.flushAfter(err)
}

// flushAfter is leave's flush: what was held is sent; err, a handler's,
// comes first. It is kept out of leave, so that leave stays small.
//
//go:noinline
func (q *sendQueue) flushAfter(err error) error {
	if ferr := q.flushAll(); err == nil {
		err = ferr
	}
	return err
}

// hold makes self's sends wait, on sock, its socket, until the running
// handler (on th) returns, to be sent then by flush; it reports false
// (send now) when no handler is running or sock is nil (the channel's
// socket is neither the built-in one nor Layered).
func (q *sendQueue) hold(th *starlark.Thread, self starlark.Value, sock *pysocket.Socket, flush Flusher) bool {
	if q.running == 0 || sock == nil {
		return false
	}
	st := stateOf(self)
	if st == nil {
		return false
	}
	h := &st.held
	if h.sock != nil && h.sock != sock {
		h.sock.Release(h) // the channel changed sockets
	}
	h.sock, h.th, h.self, h.flush = sock, th, self, flush
	sock.Hold(h)
	if !h.queued {
		h.queued = true
		q.held = append(q.held, h)
	}
	return true
}

// release forgets what self held: its sender is sending the queued data
// itself.
func release(self starlark.Value) {
	if st := stateOf(self); st != nil && st.held.flush != nil {
		st.held.sock.Release(&st.held)
		st.held.flush = nil
	}
}

// flushOne sends what self held, if anything.
func (q *sendQueue) flushOne(self starlark.Value) error {
	if st := stateOf(self); st != nil {
		return st.held.send()
	}
	return nil
}

// flushAll sends what every channel held, in the order they held it.
func (q *sendQueue) flushAll() error {
	var first error
	for i := 0; i < len(q.held); i++ { // a flush may hold more
		h := q.held[i]
		h.queued = false
		if err := h.send(); err != nil && first == nil {
			first = err
		}
	}
	clear(q.held)
	q.held = q.held[:0]
	return first
}
