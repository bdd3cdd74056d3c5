package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/poll"
)

// This file lets the loop dispatch channels whose socket holds bytes read
// ahead of what recv() returned (bindings/socket/ahead.go). The kernel no
// longer has those bytes, so epoll does not report the descriptor; the
// loop lists such sockets when a recv() leaves bytes behind and, at each
// pass, treats every listed socket whose channel is readable as having
// had a read event: the wait does not block, and the channel gets
// handle_read_event once in the pass, as it would have from the kernel.
// A socket leaves the list when its bytes are gone or it is closed; it
// gets events only while it is the socket the loop has registered under
// its descriptor (not, say, while a loop over another map runs).

// aheadSock is a listed socket and the descriptor it was listed under.
type aheadSock struct {
	s  *pysocket.Socket
	fd int
}

// noteAhead lists s if a recv() left read-ahead bytes on it.
func (m *Module) noteAhead(s *pysocket.Socket) {
	if s.Buffered() == 0 || m.aheadSet[s] {
		return
	}
	if m.aheadSet == nil {
		m.aheadSet = map[*pysocket.Socket]bool{}
	}
	m.aheadSet[s] = true
	m.ahead = append(m.ahead, aheadSock{s: s, fd: s.Fileno()})
}

// aheadReady drops the listed sockets that no longer hold bytes (drained
// or closed) and reports whether any left is due a read event this pass:
// then the pass must not block. A socket that holds bytes for a channel
// outside the map being looped stays listed until its own map's loop.
func (m *Module) aheadReady() bool {
	ready := false
	kept := m.ahead[:0]
	for _, a := range m.ahead {
		if a.s.Buffered() == 0 || a.s.Fileno() != a.fd {
			delete(m.aheadSet, a.s)
			continue
		}
		kept = append(kept, a)
		ready = ready || m.aheadDue(a)
	}
	clear(m.ahead[len(kept):])
	m.ahead = kept
	return ready
}

// aheadDue reports whether a listed socket gets a read event this pass:
// it is the socket registered under its descriptor, for a readable
// channel.
func (m *Module) aheadDue(a aheadSock) bool {
	return a.fd < len(m.owner) && m.owner[a.fd] == starlark.Value(a.s) && m.poller.Interest(a.fd)&poll.In != 0
}

// withAhead adds a read event for every listed socket due one to the
// events of a wait, merging with what the kernel reported for the same
// descriptor.
func (m *Module) withAhead(events []poll.Event) []poll.Event {
	if m.aheadPos == nil {
		m.aheadPos = map[int]int{}
	}
	clear(m.aheadPos)
	for i, ev := range events {
		m.aheadPos[ev.Fd] = i
	}
	for _, a := range m.ahead {
		if !m.aheadDue(a) {
			continue
		}
		if i, ok := m.aheadPos[a.fd]; ok {
			events[i].Events |= poll.In
			continue
		}
		events = append(events, poll.Event{Fd: a.fd, Events: poll.In})
	}
	return events
}

// A read event hands out what one read took from the kernel. When a
// handler's recv() leaves read-ahead bytes behind, the loop calls the
// read event again at once, in the same pass, while the channel is still
// in the map under the same socket, still readable(), and each call takes
// some of the bytes, up to maxReadBatch calls. A handler asking recv() for
// 8 KiB of a 64 KiB read thus runs eight times in a row, as it would have
// over eight passes, and what dispatcher_with_send.send() queues in those
// calls goes out in one system call when the last returns (readingAhead).

// maxReadBatch bounds the read events one channel gets in a row, so that
// a handler taking a few bytes per call does not hold up other channels.
const maxReadBatch = 16

// readEvents runs the built-in handle_read_event of obj, registered under
// fd in map d, and again while its socket holds read-ahead bytes (see
// above). Sends its handlers defer go out when the last returns.
//
// first is readPlan's plainHandleRead(obj), for the first call.
func (m *Module) readEvents(th *starlark.Thread, obj starlark.Value, d *starlark.Dict, fd int, first *starlark.Function) error {
	var s *pysocket.Socket
	if fd >= 0 && fd < len(m.owner) {
		s, _ = m.owner[fd].(*pysocket.Socket)
	}
	prevObj, prevSock := m.reading, m.readingSock
	m.reading, m.readingSock = obj, s
	m.dispatching++
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
			// after the handler's system calls (see sock.RecvNow)
			_, err = starlark.Call(th, f, obj.(*class.Instance).SelfArgs(), nil)
		} else {
			_, err = m.readEvent(th, obj)
		}
		if err != nil || s == nil || calls == maxReadBatch {
			break
		}
		if now := s.Buffered(); now == 0 || (left > 0 && now >= left) {
			break // drained, or the handler took nothing
		}
		if cur, found := m.current(d, fd); !found || cur != obj || m.owner[fd] != starlark.Value(s) {
			break
		}
		var r bool
		if r, err = m.ask(th, obj, "readable", m.mReadable); err != nil || !r {
			break
		}
	}
	m.dispatching--
	m.reading, m.readingSock = prevObj, prevSock
	return m.afterEvent(th, err)
}

// readPlan answers, from one look at obj's hot attributes, whether its
// handle_read_event is the built-in one and, if it is, plainHandleRead(obj).
func (m *Module) readPlan(obj starlark.Value) (builtin bool, f *starlark.Function) {
	h := hotOf(obj)
	if h == nil {
		return isMethod(obj, "handle_read_event", m.mHandleReadEvent), nil
	}
	if !h.planned(obj, planReadEvent, "handle_read_event", m.mHandleReadEvent) {
		return false, nil
	}
	return true, h.plainRead(obj)
}

// readingAhead reports whether self is the channel readEvents is calling
// and its socket still holds read-ahead bytes: another read event follows
// at once, so its sends may wait for the last one.
func (m *Module) readingAhead(self starlark.Value) bool {
	return m.reading == self && m.readingSock != nil && m.readingSock.Buffered() > 0
}
