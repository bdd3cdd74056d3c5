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
	return modules.DequeView(&st.fifo, func(had bool) {
		st.recount = true
		m.fifoChanged(self, st, had)
	})
}

// replaceFifo is producer_fifo = iterable: the queue becomes its entries.
func (m *Module) replaceFifo(self, x starlark.Value) error {
	if _, ok := x.(starlark.Iterable); !ok {
		return fmt.Errorf("producer_fifo: got %s, want an iterable (list, tuple, deque)", x.Type())
	}
	return m.fifoView(self).Replace(x)
}
