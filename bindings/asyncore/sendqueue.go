package asyncore

import (
	"go.starlark.net/starlark"
)

// The send queue: sends held while a handler runs go out together when
// it returns.
//
// asynchat's push() sends at once in CPython, one system call per push:
// a handler that answers 64 pipelined lines makes 64 calls, and an HTTP
// answer pushed as a head and then a body goes out as two segments, the
// second held back by Nagle's algorithm until the peer's delayed ACK.
// While the loop runs a handler, a channel's sender may instead hold the
// channel here (hold) with the function that sends what it queued, and
// leave its data in its own buffer; when the handler returns, the loop
// calls that function once per held channel (leave), which sends what
// was queued in as few system calls as the kernel allows. asynchat's
// push() does this for every handler; dispatcher_with_send's send() for
// the read events the loop repeats at once on bytes read ahead
// (read.go). The peer receives the same bytes in the same order. The
// queue is flushed early wherever the order could show: before the
// channel's own dispatcher.send() and before close().
type sendQueue struct {
	running int              // handlers running: sends may be held
	held    []starlark.Value // channels holding sends, in the order they were held
}

// Flusher sends what a channel queued while a handler ran.
type Flusher func(th *starlark.Thread, self starlark.Value) error

// enter notes that a handler starts.
func (q *sendQueue) enter() { q.running++ }

// leave notes that a handler returned with err, and sends what was
// held; it returns err, or else the first error of those sends.
func (q *sendQueue) leave(th *starlark.Thread, err error) error {
	q.running--
	if len(q.held) > 0 {
		if ferr := q.flushAll(th); err == nil {
			err = ferr
		}
	}
	return err
}

// hold queues self's sends until the running handler returns, to be sent
// then by flush; it reports false (send now) when no handler is running.
func (q *sendQueue) hold(self starlark.Value, flush Flusher) bool {
	if q.running == 0 {
		return false
	}
	st := stateOf(self)
	if st == nil {
		return false
	}
	if st.flush == nil {
		q.held = append(q.held, self)
	}
	st.flush = flush
	return true
}

// release forgets that self held a send: its sender is sending the
// queued data itself.
func release(self starlark.Value) {
	if st := stateOf(self); st != nil {
		st.flush = nil
	}
}

// flushOne sends what self held, if anything.
func (q *sendQueue) flushOne(th *starlark.Thread, self starlark.Value) error {
	st := stateOf(self)
	if st == nil || st.flush == nil {
		return nil
	}
	flush := st.flush
	st.flush = nil
	return flush(th, self)
}

// flushAll sends what every held channel held, in the order they were
// held.
func (q *sendQueue) flushAll(th *starlark.Thread) error {
	var first error
	for i := 0; i < len(q.held); i++ { // a flush may hold more
		if err := q.flushOne(th, q.held[i]); err != nil && first == nil {
			first = err
		}
	}
	clear(q.held)
	q.held = q.held[:0]
	return first
}
