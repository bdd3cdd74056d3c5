package asyncore

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
)

// This file is what other modules built on asyncore (asynchat) use: the
// dispatcher class, its socket wrappers, the error path, and a way to
// teach the loop a readable()/writable() it can answer in Go.

// Dispatcher returns asyncore.dispatcher.
func (m *Module) Dispatcher() *class.Class { m.classes(); return m.dispatcher }

// Send is dispatcher.send(self, data) for the method called name (its
// errors name it): 0 when it would block.
func (m *Module) Send(th *starlark.Thread, name string, self starlark.Value, data string) (int, error) {
	return m.dispatcherSend(th, name, self, bytesOf(data))
}

// SendBytes is Send without making a string.
func (m *Module) SendBytes(th *starlark.Thread, name string, self starlark.Value, data []byte) (int, error) {
	return m.dispatcherSend(th, name, self, data)
}

// SendMethod is dispatcher.send, for IsMethod.
func (m *Module) SendMethod() *class.Method { m.classes(); return m.mSend }

// Handle routes a handler error as read()/write() do: to
// self.handle_error(), unless it must escape the loop.
func (m *Module) Handle(th *starlark.Thread, self starlark.Value, err error) error {
	return m.handle(th, self, err)
}

// CallMethod is self.name(*args), honouring overrides.
func CallMethod(th *starlark.Thread, self starlark.Value, name string, args ...starlark.Value) (starlark.Value, error) {
	return callMethod(th, self, name, args...)
}

// IsMethod reports whether self.name is, not overridden, the Go method want.
func IsMethod(self starlark.Value, name string, want *class.Method) bool {
	return isMethod(self, name, want)
}

// Attr reads self.name (properties included, methods unbound).
func Attr(self starlark.Value, name string) (starlark.Value, error) { return attr(self, name) }

// AttrTruth is bool(self.name), False when missing.
func AttrTruth(self starlark.Value, name string) bool { return attrTruth(self, name) }

// Connected is bool(self.connected), read as the loop reads it (hot.go).
func Connected(self starlark.Value) bool { return hotTruth(self, hotConnected) }

// SetAttr is self.name = v.
func SetAttr(self starlark.Value, name string, v starlark.Value) error { return setAttr(self, name, v) }

// NativeInterest teaches the loop to answer readable() or writable() in
// Go for channels whose method is, not overridden, method.
func (m *Module) NativeInterest(method *class.Method, fn func(self starlark.Value) bool) {
	if m.native == nil {
		m.native = map[*class.Method]func(starlark.Value) bool{}
	}
	m.native[method] = fn
}

// Serve runs loop passes over socket_map, with Python's select semantics,
// until idle() reports that the caller has something else to do (the
// REPL has a line to run). Each wait lasts until an event, a timer or a
// Wake. ExitNow only ends the pass it happened in; an interrupt is
// returned.
func (m *Module) Serve(th *starlark.Thread, idle func() bool) error {
	m.reg.invalidate() // the prompt may have changed the map
	for !idle() {
		err := m.pass(th, -1, m.SocketMap(), false)
		if err == nil {
			continue
		}
		if _, e := exitNowIsReturn(err); e == nil {
			continue
		}
		return err
	}
	return nil
}

// Wake makes a Serve or loop() that is waiting look around at once; safe
// from any goroutine.
func (m *Module) Wake() { m.poller.Wake() }

// Hold holds self's sends until the running handler (on th) returns, to
// be sent then by flush (the send queue, sendqueue.go), or before
// anything else self's socket is asked to send; it reports false (send
// now) when no handler is running or self's socket is neither the
// built-in one nor Layered.
func (m *Module) Hold(th *starlark.Thread, self starlark.Value, flush Flusher) bool {
	return m.sends.hold(th, self, orderSocket(self), flush)
}

// Release forgets that self held a send, for a sender about to send the
// queued data itself (asynchat's initiate_send called while its push()
// waits): the held flush would send it a second time.
func Release(self starlark.Value) { release(self) }

// Flush sends at once what self held.
func (m *Module) Flush(self starlark.Value) error { return m.sends.flushOne(self) }
