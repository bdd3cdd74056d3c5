package asyncore

import (
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/poll"
)

// aheadPair is a non-blocking stream socket whose peer has sent n bytes,
// of which recv(k) took k: the socket holds n-k bytes read ahead.
func aheadPair(t *testing.T, n, k int) *pysocket.Socket {
	t.Helper()
	s, peer := streamPair(t)
	if err := s.SetBlocking(false); err != nil {
		t.Fatal(err)
	}
	if _, err := unix.Write(peer, []byte(strings.Repeat("x", n))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecvAhead(k, new(pysocket.Spare)); err != nil {
		t.Fatal(err)
	}
	if s.Buffered() != n-k {
		t.Fatalf("the socket holds %d bytes, want %d", s.Buffered(), n-k)
	}
	return s
}

// registered is a registry (over a fake poller) where s is the socket of
// a channel registered under its descriptor for ev.
func registered(s *pysocket.Socket, ev poll.Events) *registry {
	r := new(registry)
	r.init(newFakePoller(), newFakeAsker())
	r.nextPass()
	r.watch(s.Fileno(), newChan(s), ev)
	return r
}

func TestReadAheadListsASocketHoldingBytesOnce(t *testing.T) {
	var a readAhead
	s := aheadPair(t, 100, 10)
	a.note(s)
	a.note(s)
	if len(a.list) != 1 {
		t.Fatalf("listed %d times, want once", len(a.list))
	}
	empty := aheadPair(t, 10, 10)
	a.note(empty)
	if len(a.list) != 1 {
		t.Error("a socket holding nothing was listed")
	}
}

func TestReadAheadEventForARegisteredReadableSocket(t *testing.T) {
	var a readAhead
	s := aheadPair(t, 100, 10)
	r := registered(s, poll.In)
	a.note(s)
	if !a.ready(r) {
		t.Fatal("a registered readable socket holding bytes is not due an event")
	}
	other := poll.Event{Fd: 1000, Events: poll.Out}
	events := a.merge([]poll.Event{other}, r)
	if len(events) != 2 || events[1] != (poll.Event{Fd: s.Fileno(), Events: poll.In}) {
		t.Fatalf("merged events %v, want the kernel's and a read event", events)
	}
	// an event the kernel reported for the same descriptor gains In
	events = a.merge([]poll.Event{{Fd: s.Fileno(), Events: poll.Out}}, r)
	if len(events) != 1 || events[0].Events != poll.Out|poll.In {
		t.Fatalf("merged events %v, want one with Out and In", events)
	}
}

func TestReadAheadNoEventUnlessRegisteredForReading(t *testing.T) {
	s := aheadPair(t, 100, 10)
	for _, tc := range []struct {
		name string
		r    *registry
	}{
		{"watched for writing only", registered(s, poll.Out)},
		{"another socket under its descriptor", registered(aheadPair(t, 1, 1), poll.In)},
	} {
		var a readAhead
		a.note(s)
		if a.ready(tc.r) {
			t.Errorf("%s: due an event", tc.name)
		}
		if len(a.list) != 1 {
			t.Errorf("%s: no longer listed; it waits for its own loop", tc.name)
		}
		if events := a.merge(nil, tc.r); len(events) != 0 {
			t.Errorf("%s: merged %v", tc.name, events)
		}
	}
}

func TestReadAheadDropsDrainedAndClosedSockets(t *testing.T) {
	var a readAhead
	drained, closed := aheadPair(t, 20, 10), aheadPair(t, 20, 10)
	a.note(drained)
	a.note(closed)
	if _, err := drained.RecvAhead(10, new(pysocket.Spare)); err != nil {
		t.Fatal(err)
	}
	closed.Close()
	if a.ready(registered(aheadPair(t, 1, 1), poll.In)) || len(a.list) != 0 || len(a.set) != 0 {
		t.Errorf("listed %v after draining one and closing the other", a.list)
	}
}

func TestReadAheadRepeatingOnlyForTheChannelBeingRead(t *testing.T) {
	var a readAhead
	s := aheadPair(t, 100, 10)
	self, other := newChan(s), newChan(s)
	if a.repeating(self) {
		t.Fatal("repeating before any read")
	}
	prevObj, prevSock := a.enter(self, s)
	if !a.repeating(self) || a.repeating(other) {
		t.Error("repeating answers for the wrong channel")
	}
	inner, innerSock := a.enter(other, nil)
	if a.repeating(other) {
		t.Error("repeating for a channel without a socket")
	}
	a.leave(inner, innerSock)
	if !a.repeating(self) {
		t.Error("leave did not restore the outer read")
	}
	if _, err := s.RecvAhead(90, new(pysocket.Spare)); err != nil {
		t.Fatal(err)
	}
	if a.repeating(self) {
		t.Error("repeating once the socket is drained")
	}
	a.leave(prevObj, prevSock)
	if a.reading != nil || a.readingSock != nil {
		t.Error("leave left a channel being read")
	}
}
