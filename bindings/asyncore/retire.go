package asyncore

import (
	"syscall"

	"go.starlark.net/starlark"
)

// Retiring: how one generation of pyasync -j N's workers makes way for
// the next on a restart (cmd/pyasync). The new generation, up and
// listening on the same sockets, tells each old worker's loop to Retire;
// the loop then, between two passes:
//
//  1. closes every listening dispatcher of asyncore.socket_map (close(),
//     as a script's own shutdown would): it accepts nothing more, and
//     what its kernel socket queues goes to the new generation, which
//     shares it;
//  2. runs the script's SIGTERM handler, if it set one with
//     asyncore.on_signal (examples/graceful_shutdown.star's pattern: ask
//     the open channels to finish), as a SIGTERM would;
//  3. goes on serving the open channels; loop() returns once the map is
//     empty, pending timers notwithstanding, and the script ends.
//
// Serving (Config) is how the new generation says it is up: it is called
// once, when the script first calls loop().

// Retire asks the loop to stop accepting and finish (see above). Safe
// from any goroutine.
func (m *Module) Retire() {
	m.retire.Store(true)
	m.poller.Wake()
}

// retireNow does steps 1 and 2, once.
func (m *Module) retireNow(th *starlark.Thread) error {
	m.retired = true
	for _, kv := range m.SocketMap().Items() {
		obj := kv[1]
		if !hotTruth(obj, hotAccepting) {
			continue
		}
		_, err := callMethod(th, obj, "close")
		if err := m.handle(th, obj, err); err != nil {
			return err
		}
	}
	fn, ok := m.sig.handlers[int(syscall.SIGTERM)]
	if !ok {
		return nil
	}
	return m.runSignalHandler(th, fn, int(syscall.SIGTERM))
}

// serving calls Config.Serving the first time the script runs the loop.
func (m *Module) serving() {
	if f := m.cfg.Serving; f != nil {
		m.cfg.Serving = nil
		f()
	}
}
