package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// This file is the one way a read event reaches a channel, whichever
// semantics the loop follows: poll()'s read list (dispatch) and poll2()'s
// readwrite() both call read, as CPython's both call read(obj) or
// obj.handle_read_event().
//
// A read event hands out what one read took from the kernel. When a
// handler's recv() leaves read-ahead bytes behind (readahead.go), or
// bytes a Layered socket's engine decrypted (layered.go), the
// loop calls the read event again at once, in the same pass, while the
// channel is still in the map under the same socket, still readable()
// and its reading not stopped (flow.go), and each call takes some of the
// bytes, up to maxReadBatch calls. A
// handler asking recv() for 8 KiB of a 64 KiB read thus runs eight times
// in a row, as it would have over eight passes, and what
// dispatcher_with_send.send() queues in those calls goes out in one
// system call when the last returns (the send queue, sendqueue.go).

// maxReadBatch bounds the read events one channel gets in a row, so that
// a handler taking a few bytes per call does not hold up other channels.
const maxReadBatch = 16

// read is a read event for obj, registered under fd in map d (d nil: a
// script's readwrite() call, outside any loop): obj.handle_read_event(),
// repeated on read-ahead bytes when it is the built-in one. h is obj's
// hot attributes as readGate found them just before (nil: not kept).
func (m *Module) read(th *starlark.Thread, obj starlark.Value, h *hotAttrs, d *starlark.Dict, fd int) error {
	if d != nil {
		if builtin, f := m.readPlan(obj, h); builtin {
			return m.readEvents(th, obj, d, fd, f)
		}
	}
	return m.event(th, obj, "handle_read_event", m.mHandleReadEvent)
}

// readPlan answers, from one look at obj's hot attributes h (nil: not
// kept), whether its handle_read_event is the built-in one and, if it
// is, plainHandleRead(obj).
func (m *Module) readPlan(obj starlark.Value, h *hotAttrs) (builtin bool, f *starlark.Function) {
	if h == nil {
		return isMethod(obj, "handle_read_event", m.mHandleReadEvent), nil
	}
	if !h.planned(obj, planReadEvent, m.mHandleReadEvent) {
		return false, nil
	}
	return true, h.plainRead(obj)
}

// readEvents runs the built-in handle_read_event of obj, registered under
// fd in map d, and again while its socket holds read-ahead bytes (see
// above). Sends its handlers hold go out when the last returns.
//
// first is readPlan's plainHandleRead(obj), for the first call.
func (m *Module) readEvents(th *starlark.Thread, obj starlark.Value, d *starlark.Dict, fd int, first *starlark.Function) error {
	var s buffered // the built-in socket, or a Layered one (what its engine decrypted)
	switch o := m.reg.ownerOf(fd).(type) {
	case *pysocket.Socket:
		s = o
	case Layered:
		s = o
	}
	prevObj, prevSock := m.ahead.enter(obj, s)
	m.sends.enter()
	var err error
	for calls := 1; ; calls++ {
		left := 0
		if s != nil {
			left = s.Buffered()
		}
		f := first
		if calls > 1 {
			f = plainHandleRead(obj) // the handler may have changed anything
		}
		if f != nil {
			// called from this frame: as few function returns as possible
			// after the handler's system calls (see sock.RecvNow); within
			// asyncore.loop's call, which cleans up after a Go panic
			_, err = starlark.CallNested(th, f, obj.(*class.Instance).SelfArgs(), nil)
		} else {
			_, err = m.handleReadEventAny(th, obj)
		}
		if err != nil || s == nil || calls == maxReadBatch {
			break
		}
		if now := s.Buffered(); now == 0 || (left > 0 && now >= left) {
			break // drained, or the handler took nothing
		}
		var more bool
		if more, err = m.readAgain(th, obj, d, fd, s); !more {
			break
		}
	}
	m.ahead.leave(prevObj, prevSock)
	return m.sends.leave(err)
}

// readAgain reports whether readEvents calls obj's handler again for
// the read-ahead bytes of s: obj is still registered under fd in d, with
// s, and reads on (readsOn). Out of line: it is asked only when bytes
// are left after a call, and keeps readEvents, which read inlines (see
// cmd/pyasync's hotInlines), smaller.
//
//go:noinline
func (m *Module) readAgain(th *starlark.Thread, obj starlark.Value, d *starlark.Dict, fd int, s buffered) (bool, error) {
	if cur, found := m.reg.current(d, fd); !found || cur != obj || !m.reg.owns(fd, s) {
		return false, nil
	}
	r, err := m.readsOn(th, obj)
	if err != nil || !r || s.Buffered() == 0 {
		return false, err // readable() may read, as CPython's test_ssl idiom does (pending())
	}
	return true, nil
}

// readsOn reports whether obj is to be read: its reading is not stopped
// (flow.go), and it is readable(), which is not asked otherwise.
func (m *Module) readsOn(th *starlark.Thread, obj starlark.Value) (bool, error) {
	if readingStopped(obj) {
		return false, nil
	}
	return m.ask(th, obj, "readable")
}
