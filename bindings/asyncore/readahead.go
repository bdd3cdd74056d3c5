package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/runtime/poll"
)

// The read-ahead lets the loop dispatch channels whose socket holds
// bytes read ahead of what recv() returned (bindings/socket/ahead.go).
// The kernel no longer has those bytes, so epoll does not report the
// descriptor. Its rules:
//
//   - A socket is listed when a recv() leaves bytes behind (note), and
//     leaves the list when its bytes are gone or it is closed.
//   - At each pass, every listed socket that is the one registered under
//     its descriptor (registry.owns), for a channel watched for reading,
//     is due a read event: the wait does not block (ready), and the
//     channel gets handle_read_event once in the pass, as it would have
//     from the kernel (merge). A socket whose channel is in another map
//     than the one being looped waits, listed, for its own map's loop.
//   - While the loop calls one channel's read event again and again on
//     the bytes its socket holds (read.go), the read-ahead knows which
//     channel that is (enter, leave), so that the channel's sends may
//     wait for the last call (repeating).
type readAhead struct {
	list []aheadSock
	set  map[buffered]bool
	pos  map[int]int // scratch: an event's index by descriptor

	// the channel whose read events are being repeated (nil: none, or
	// not an instance, which holds no sends), and its socket
	reading     *class.Instance
	readingSock buffered
}

// buffered is a socket that may hold bytes its channel has not read:
// the built-in socket's read-ahead, a Layered socket's engine's
// (layered.go).
type buffered interface {
	starlark.Value
	Buffered() int
	Fileno() int
}

// aheadSock is a listed socket and the descriptor it was listed under.
type aheadSock struct {
	s  buffered
	fd int
}

// note lists s if a recv() left read-ahead bytes on it.
func (a *readAhead) note(s buffered) {
	if s.Buffered() == 0 || a.set[s] {
		return
	}
	if a.set == nil {
		a.set = map[buffered]bool{}
	}
	a.set[s] = true
	a.list = append(a.list, aheadSock{s: s, fd: s.Fileno()})
}

// ready drops the listed sockets that no longer hold bytes (drained or
// closed) and reports whether any left is due a read event this pass:
// then the pass must not block.
func (a *readAhead) ready(r *registry) bool {
	if len(a.list) == 0 {
		return false
	}
	ready := false
	kept := a.list[:0]
	for _, x := range a.list {
		if x.s.Buffered() == 0 || x.s.Fileno() != x.fd {
			delete(a.set, x.s)
			continue
		}
		kept = append(kept, x)
		ready = ready || due(x, r)
	}
	clear(a.list[len(kept):])
	a.list = kept
	return ready
}

// due reports whether a listed socket gets a read event this pass: it is
// the socket registered under its descriptor, for a channel watched for
// reading.
func due(x aheadSock, r *registry) bool {
	return r.owns(x.fd, x.s) && r.poller.Interest(x.fd)&poll.In != 0
}

// merge adds a read event for every listed socket due one to the events
// of a wait, merging with what the kernel reported for the same
// descriptor.
func (a *readAhead) merge(events []poll.Event, r *registry) []poll.Event {
	if a.pos == nil {
		a.pos = map[int]int{}
	}
	clear(a.pos)
	for i, ev := range events {
		a.pos[ev.Fd] = i
	}
	for _, x := range a.list {
		if !due(x, r) {
			continue
		}
		if i, ok := a.pos[x.fd]; ok {
			events[i].Events |= poll.In
			continue
		}
		events = append(events, poll.Event{Fd: x.fd, Events: poll.In})
	}
	return events
}

// enter records that obj's read events on s are being repeated, and
// returns what it replaces, for leave.
func (a *readAhead) enter(obj starlark.Value, s buffered) (*class.Instance, buffered) {
	prevObj, prevSock := a.reading, a.readingSock
	a.reading, _ = obj.(*class.Instance)
	a.readingSock = s
	return prevObj, prevSock
}

// leave restores what enter replaced.
func (a *readAhead) leave(prevObj *class.Instance, prevSock buffered) {
	a.reading, a.readingSock = prevObj, prevSock
}

// repeating reports whether self is the channel whose read events are
// being repeated and its socket still holds read-ahead bytes: another
// read event follows at once, so its sends may wait for the last one.
func (a *readAhead) repeating(self starlark.Value) bool {
	// self compared with a pointer of known type: two words, no call
	return self == a.reading && a.readingSock != nil && a.readingSock.Buffered() > 0
}
