package asyncore

import (
	"errors"
	"testing"

	"go.starlark.net/starlark"
)

// recorder is a Flusher that logs which channel it flushed.
type recorder struct {
	log []starlark.Value
	err error
}

func (r *recorder) flush(th *starlark.Thread, self starlark.Value) error {
	r.log = append(r.log, self)
	return r.err
}

func TestSendQueueHoldsOnlyWhileAHandlerRuns(t *testing.T) {
	var q sendQueue
	var rec recorder
	c := newChan(nil)
	if q.hold(c, rec.flush) {
		t.Fatal("held a send with no handler running")
	}
	q.enter()
	if !q.hold(c, rec.flush) {
		t.Fatal("refused to hold a send while a handler runs")
	}
	if q.hold(starlark.String("no channel"), rec.flush) {
		t.Error("held a send for a value that is no instance")
	}
	if err := q.leave(nil, nil); err != nil {
		t.Fatal(err)
	}
	if len(rec.log) != 1 || rec.log[0] != starlark.Value(c) {
		t.Errorf("flushed %v, want the channel once", rec.log)
	}
	if len(q.held) != 0 || stateOf(c).flush != nil {
		t.Error("the queue still holds the channel after its flush")
	}
}

func TestSendQueueFlushesEachChannelOnceInOrder(t *testing.T) {
	var q sendQueue
	var rec recorder
	a, b := newChan(nil), newChan(nil)
	q.enter()
	q.hold(a, rec.flush)
	q.hold(b, rec.flush)
	q.hold(a, rec.flush)
	q.leave(nil, nil)
	if len(rec.log) != 2 || rec.log[0] != starlark.Value(a) || rec.log[1] != starlark.Value(b) {
		t.Errorf("flushed %v, want a then b, once each", rec.log)
	}
}

func TestSendQueueReleaseAndFlushOne(t *testing.T) {
	var q sendQueue
	var rec recorder
	a, b := newChan(nil), newChan(nil)
	q.enter()
	q.hold(a, rec.flush)
	q.hold(b, rec.flush)
	release(a) // its sender sends the data itself
	if err := q.flushOne(nil, b); err != nil || len(rec.log) != 1 {
		t.Fatalf("flushOne: %v, flushed %v", err, rec.log)
	}
	q.leave(nil, nil)
	if len(rec.log) != 1 {
		t.Errorf("flushed %v after the handler; a was released and b flushed already", rec.log)
	}
}

func TestSendQueueErrors(t *testing.T) {
	var q sendQueue
	first, second := &recorder{err: errors.New("first")}, &recorder{err: errors.New("second")}
	q.enter()
	q.hold(newChan(nil), first.flush)
	q.hold(newChan(nil), second.flush)
	if err := q.leave(nil, nil); err != first.err {
		t.Errorf("leave returned %v, want the first flush's error", err)
	}
	handler := errors.New("handler")
	q.enter()
	q.hold(newChan(nil), first.flush)
	if err := q.leave(nil, handler); err != handler {
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
	a, b := newChan(nil), newChan(nil)
	chain := func(th *starlark.Thread, self starlark.Value) error {
		q.enter()
		q.hold(b, rec.flush)
		q.running--
		return nil
	}
	q.enter()
	q.hold(a, chain)
	q.leave(nil, nil)
	if len(rec.log) != 1 || rec.log[0] != starlark.Value(b) || len(q.held) != 0 {
		t.Errorf("flushed %v, held %v; want b flushed in the same leave", rec.log, q.held)
	}
}
