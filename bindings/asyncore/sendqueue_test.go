package asyncore

import (
	"errors"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
)

// recorder is a Flusher that logs which channel it flushed and, when it
// has a socket, sends the channel's tag on it.
type recorder struct {
	log  []starlark.Value
	err  error
	sock *pysocket.Socket
	tags map[starlark.Value]string
}

func (r *recorder) flush(th *starlark.Thread, self starlark.Value) error {
	r.log = append(r.log, self)
	if r.sock != nil {
		r.sock.Send(r.tags[self], 0)
	}
	return r.err
}

// streamPair is a connected pair of Unix stream sockets: the built-in
// socket under test and its peer's descriptor.
func streamPair(t *testing.T) (*pysocket.Socket, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := pysocket.FromFD(fds[0], unix.AF_UNIX, unix.SOCK_STREAM, 0)
	t.Cleanup(func() { s.Close(); unix.Close(fds[1]) })
	return s, fds[1]
}

// twoChannels are two channels, each on a socket of its own.
func twoChannels(t *testing.T) (a, b *class.Instance, sa, sb *pysocket.Socket) {
	t.Helper()
	sa, _ = streamPair(t)
	sb, _ = streamPair(t)
	return newChan(sa), newChan(sb), sa, sb
}

// readAll reads what is there on fd, without waiting.
func readAll(fd int) string {
	buf := make([]byte, 4096)
	n, _ := unix.Read(fd, buf)
	return string(buf[:max(n, 0)])
}

func TestSendQueueHoldsOnlyWhileAHandlerRunsOnABuiltinSocket(t *testing.T) {
	var q sendQueue
	var rec recorder
	s, _ := streamPair(t)
	c := newChan(s)
	if q.hold(nil, c, s, rec.flush) {
		t.Fatal("held a send with no handler running")
	}
	q.enter()
	if q.hold(nil, c, nil, rec.flush) {
		t.Error("held a send for a channel whose socket is not the built-in one")
	}
	if q.hold(nil, starlark.String("no channel"), s, rec.flush) {
		t.Error("held a send for a value that is no instance")
	}
	if !q.hold(nil, c, s, rec.flush) {
		t.Fatal("refused to hold a send while a handler runs")
	}
	if err := q.leave(nil); err != nil {
		t.Fatal(err)
	}
	if len(rec.log) != 1 || rec.log[0] != starlark.Value(c) {
		t.Errorf("flushed %v, want the channel once", rec.log)
	}
	if len(q.held) != 0 || stateOf(c).sender().held.flush != nil || s.Holds(&stateOf(c).sender().held) {
		t.Error("the queue or the socket still holds the channel's sends after the flush")
	}
}

// bothHeld is a send queue in a handler that held the sends of two
// channels, a then b, with rec.flush.
func bothHeld(t *testing.T) (q *sendQueue, rec *recorder, a, b *class.Instance, sa *pysocket.Socket) {
	t.Helper()
	q, rec = new(sendQueue), new(recorder)
	a, b, sa, sb := twoChannels(t)
	q.enter()
	q.hold(nil, a, sa, rec.flush)
	q.hold(nil, b, sb, rec.flush)
	return q, rec, a, b, sa
}

func TestSendQueueFlushesEachChannelOnceInOrder(t *testing.T) {
	q, rec, a, b, sa := bothHeld(t)
	q.hold(nil, a, sa, rec.flush)
	q.leave(nil)
	if len(rec.log) != 2 || rec.log[0] != starlark.Value(a) || rec.log[1] != starlark.Value(b) {
		t.Errorf("flushed %v, want a then b, once each", rec.log)
	}
}

// What a channel holds goes out before anything else its socket is
// asked to send, and only once.
func TestHeldSendsGoFirstThroughTheSocket(t *testing.T) {
	var q sendQueue
	s, peer := streamPair(t)
	c := newChan(s)
	rec := recorder{sock: s, tags: map[starlark.Value]string{c: "first;"}}
	q.enter()
	q.hold(nil, c, s, rec.flush)
	if _, err := s.Send("second;", 0); err != nil { // self.socket.send()
		t.Fatal(err)
	}
	q.leave(nil)
	if got := readAll(peer); got != "first;second;" || len(rec.log) != 1 {
		t.Errorf("the peer received %q after %d flushes; want first;second; after one", got, len(rec.log))
	}
}

func TestSendQueueReleaseAndFlushOne(t *testing.T) {
	q, rec, a, b, sa := bothHeld(t)
	release(a) // its sender sends the data itself
	if sa.Holds(&stateOf(a).sender().held) {
		t.Error("the socket still holds what was released")
	}
	if err := q.flushOne(b); err != nil || len(rec.log) != 1 {
		t.Fatalf("flushOne: %v, flushed %v", err, rec.log)
	}
	q.leave(nil)
	if len(rec.log) != 1 {
		t.Errorf("flushed %v after the handler; a was released and b flushed already", rec.log)
	}
}

func TestSendQueueErrors(t *testing.T) {
	var q sendQueue
	s1, _ := streamPair(t)
	s2, _ := streamPair(t)
	first, second := &recorder{err: errors.New("first")}, &recorder{err: errors.New("second")}
	q.enter()
	q.hold(nil, newChan(s1), s1, first.flush)
	q.hold(nil, newChan(s2), s2, second.flush)
	if err := q.leave(nil); err != first.err {
		t.Errorf("leave returned %v, want the first flush's error", err)
	}
	handler := errors.New("handler")
	q.enter()
	q.hold(nil, newChan(s1), s1, first.flush)
	if err := q.leave(handler); err != handler {
		t.Errorf("leave returned %v, want the handler's error", err)
	}
	if len(second.log) != 1 || len(first.log) != 2 {
		t.Error("a failing flush kept the others from running")
	}
}

// A flush may hold again (a handler it runs sends): that is flushed in
// the same leave.
func TestSendQueueFlushThatHoldsMore(t *testing.T) {
	var q sendQueue
	var rec recorder
	a, b, sa, sb := twoChannels(t)
	chain := func(th *starlark.Thread, self starlark.Value) error {
		q.enter()
		q.hold(nil, b, sb, rec.flush)
		q.running--
		return nil
	}
	q.enter()
	q.hold(nil, a, sa, chain)
	q.leave(nil)
	if len(rec.log) != 1 || rec.log[0] != starlark.Value(b) || len(q.held) != 0 {
		t.Errorf("flushed %v, held %v; want b flushed in the same leave", rec.log, q.held)
	}
}
