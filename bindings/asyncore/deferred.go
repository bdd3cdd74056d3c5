package asyncore

import (
	"go.starlark.net/starlark"
)

// Sends queued during a handler go out together when it returns.
//
// asynchat's push() sends at once in CPython, one system call per push: a
// handler that answers 64 pipelined lines makes 64 calls, and an HTTP
// answer pushed as a head and then a body goes out as two segments, the
// second held back by Nagle's algorithm until the peer's delayed ACK.
// While the loop dispatches an event, a channel's sender may instead
// queue the channel here (Defer) with the function that sends what it
// queued, and leave its data in its own buffer; when the handler returns,
// the loop calls that function once per queued channel, which sends what
// was queued in as few system calls as the kernel allows. asynchat's
// push() does this for every handler; dispatcher_with_send's send() for
// the read events the loop repeats at once on bytes read ahead (ahead.go).
// The peer receives the same bytes in the same order. The queue is
// flushed early wherever the order could show: before the channel's own
// dispatcher.send() and before close().

// Flusher sends what a channel queued while a handler ran.
type Flusher func(th *starlark.Thread, self starlark.Value) error

// Defer queues self's sends until the running handler returns, to be
// sent then by flush; it reports false (send now) when no handler is
// running.
func (m *Module) Defer(self starlark.Value, flush Flusher) bool {
	if m.dispatching == 0 {
		return false
	}
	st := stateOf(self)
	if st == nil {
		return false
	}
	if st.flush == nil {
		m.deferredQ = append(m.deferredQ, self)
	}
	st.flush = flush
	return true
}

// undefer forgets that self deferred a send: its sender is sending the
// queued data itself.
func undefer(self starlark.Value) {
	if st := stateOf(self); st != nil {
		st.flush = nil
	}
}

// flushOne sends what self deferred, if anything.
func (m *Module) flushOne(th *starlark.Thread, self starlark.Value) error {
	st := stateOf(self)
	if st == nil || st.flush == nil {
		return nil
	}
	flush := st.flush
	st.flush = nil
	return flush(th, self)
}

// flushDeferred sends what every queued channel deferred.
func (m *Module) flushDeferred(th *starlark.Thread) error {
	var first error
	for i := 0; i < len(m.deferredQ); i++ { // a flush may queue more
		if err := m.flushOne(th, m.deferredQ[i]); err != nil && first == nil {
			first = err
		}
	}
	clear(m.deferredQ)
	m.deferredQ = m.deferredQ[:0]
	return first
}

// Undefer forgets that self deferred a send, for a sender about to send
// the queued data itself (asynchat's initiate_send called while its
// push() waits): the deferred flush would send it a second time.
func Undefer(self starlark.Value) { undefer(self) }

// Flush sends at once what self deferred.
func (m *Module) Flush(th *starlark.Thread, self starlark.Value) error {
	return m.flushOne(th, self)
}
