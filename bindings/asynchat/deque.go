package asynchat

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/modules"
)

// fifoView is async_chat.producer_fifo as scripts see it: a
// collections.deque (modules.Deque) viewing the channel's producer queue.
// What a script appends is sent as push() would send it, on the
// channel's next write event: every change tells the loop when the queue
// turned empty or not empty.
func (m *Module) fifoView(self starlark.Value) *modules.Deque {
	st := stateOf(self)
	return modules.DequeView(&st.fifo, func(had bool) { m.fifoChanged(self, st, had) })
}

// replaceFifo is producer_fifo = iterable: the queue becomes its entries.
func (m *Module) replaceFifo(self, x starlark.Value) error {
	it, ok := x.(starlark.Iterable)
	if !ok {
		return fmt.Errorf("producer_fifo: got %s, want an iterable (list, tuple, deque)", x.Type())
	}
	var entries []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var e starlark.Value
	for iter.Next(&e) {
		entries = append(entries, e)
	}
	st := stateOf(self)
	had := len(st.fifo) > 0
	st.fifo = entries
	m.fifoChanged(self, st, had)
	return nil
}
