package asyncore

import (
	"fmt"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
)

// dispatcher_with_send: a dispatcher whose send() buffers, with the buffer
// held in Go (self.out_buffer reads and writes it as a str).

// bufferOf is the channel state holding self's out_buffer, made on
// first use.
func bufferOf(self starlark.Value) *sendState {
	if st := stateOf(self); st != nil {
		return st.sender()
	}
	return new(sendState)
}

// outOf is self's out_buffer, read without making the state that holds
// it.
func outOf(self starlark.Value) []byte {
	if inst, ok := self.(*class.Instance); ok {
		if st, ok := inst.Native.(*chanState); ok && st.send != nil {
			return st.send.out
		}
	}
	return nil
}

// The buffer: out is what is left to send, a window on base, the array
// it lives in. Sending moves the window's start; nothing is copied, so a
// large buffer drains in linear time.

// appendOut adds data to the buffer, telling the loop when it stops being
// empty (writable() answers that).
func (m *Module) appendOut(self starlark.Value, b *sendState, data string) {
	if len(data) == 0 {
		return
	}
	was := len(b.out)
	c := cap(b.out)
	b.out = append(b.out, data...)
	if cap(b.out) != c {
		b.base = b.out[:0] // append moved it to a new array
	}
	if was == 0 {
		m.Changed(self)
	}
	m.flowOut(self)
}

// consumeOut drops the first n bytes, which the kernel took.
func (m *Module) consumeOut(self starlark.Value, b *sendState, n int) {
	if n < len(b.out) {
		b.out = b.out[n:]
	} else {
		if cap(b.base) > 1<<20 {
			b.base = nil // a burst is over: don't keep its memory
		}
		b.out = b.base[:0]
		m.Changed(self)
	}
	m.flowOut(self)
}

// setOut replaces the buffer's content (out_buffer = ..., __init__).
func (m *Module) setOut(self starlark.Value, b *sendState, data string) {
	was := len(b.out)
	b.out = b.base[:0]
	b.out = append(b.out, data...)
	b.base = b.out[:0]
	if (was == 0) != (len(b.out) == 0) {
		m.Changed(self)
	}
	m.flowOut(self)
}

// chunk is the most one send() call passes to the kernel, as CPython's.
const chunk = 65536

// withSendMethods are dispatcher_with_send's methods, beside what it
// inherits from dispatcher.
var withSendMethods = MethodTable{
	{"__init__", dispatcher_with_send___init__},
	{"initiate_send", dispatcher_with_send_initiate_send},
	{"handle_write", dispatcher_with_send_handle_write},
	{"writable", dispatcher_with_send_writable},
	{"send", dispatcher_with_send_send},
}

func (m *Module) buildWithSend() {
	m.flushOut = m.sendHeld
	m.withSend = class.MustNew("dispatcher_with_send", "asyncore", []*class.Class{m.dispatcher}, withSendMethods.Members(m, starlark.StringDict{
		"out_buffer": &class.Property{
			Get: func(self *class.Instance) (starlark.Value, error) {
				return starlark.String(outOf(self)), nil
			},
			Set: func(self *class.Instance, v starlark.Value) error {
				s, err := modules.BytesLike("out_buffer", v)
				if err != nil {
					return err
				}
				m.setOut(self, bufferOf(self), s)
				return nil
			},
		},
	}))
	ArgsInPlace(m.withSend, "initiate_send", "handle_write", "writable", "send")
	m.mWithSendWritable = own(m.withSend, "writable")
	m.mWithSendInitiate = own(m.withSend, "initiate_send")
}

// __init__(sock=None, map=None): dispatcher's, and an empty out_buffer.
func dispatcher_with_send___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	if _, err := own(m.dispatcher, "__init__").Call(th, self, args, kwargs); err != nil {
		return nil, err
	}
	if len(outOf(self)) > 0 {
		m.setOut(self, bufferOf(self), "")
	}
	return starlark.None, nil
}

// initiate_send(): one send attempt of up to 64 KiB of out_buffer.
func dispatcher_with_send_initiate_send(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, moduleOf(fn).initiateSend(th, fn.Name(), self)
}

// handle_write(): initiate_send().
func dispatcher_with_send_handle_write(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return callMethod(th, self, "initiate_send")
}

// writable(): (not self.connected) or len(self.out_buffer).
func dispatcher_with_send_writable(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Bool(withSendWritable(self)), nil
}

// send(data): data to out_buffer, and initiate_send().
func dispatcher_with_send_send(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, name := moduleOf(fn), fn.Name()
	s, b, sock, err := m.sendPrepare(th, name, self, args, kwargs)
	if err != nil || b == nil {
		return starlark.None, err
	}
	// initiate_send() of the buffer that would be just data: send from
	// data itself, and keep only what is left. The system call is made
	// here, inlined (see sock.RecvNow).
	sent, err := m.dispatcherSendOn(th, name, self, sock, bytesOf(s[:min(len(s), chunk)]))
	if err != nil {
		return nil, err
	}
	if sent < len(s) {
		m.appendOut(self, b, s[sent:])
	}
	return starlark.None, nil
}

// sendPrepare is dispatcher_with_send.send(data) up to its system call:
// it checks data and logs it (debug). A buffer b returned means that it
// is empty and initiate_send() the built-in one, so that the caller
// sends from data itself, on sock when that is not nil (the channel's
// socket as its hot attributes hold it). Otherwise (b nil) data has been
// buffered, and initiate_send() called or, while another read event of
// the same pass follows at once (read.go), held to the end of the
// last one; there is nothing left to do.
func (m *Module) sendPrepare(th *starlark.Thread, name string, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (s string, b *sendState, sock starlark.Value, err error) {
	if len(args) != 1 || len(kwargs) != 0 {
		var data starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &data); err != nil {
			return "", nil, nil, err
		}
	}
	data := args[0]
	if str, ok := data.(starlark.String); ok {
		s = string(str) // the common case, without a call
	} else if s, err = modules.BytesLike(name, data); err != nil {
		return "", nil, nil, err
	}
	// one look at the hot attributes answers the questions below
	h := hotOf(self)
	if h != nil && h.truth&(1<<hotDebug) != 0 || h == nil && attrTruth(self, "debug") {
		if _, err := callMethod(th, self, "log_info", starlark.String(fmt.Sprintf("sending %s", data.String()))); err != nil {
			return "", nil, nil, err
		}
		h = hotOf(self) // log_info may have changed anything
	}
	b = bufferOf(self)
	if h != nil && h.planned(self, planInitiate, m.mWithSendInitiate) || h == nil && isMethod(self, "initiate_send", m.mWithSendInitiate) {
		if m.ahead.repeating(self) && m.sends.hold(th, self, orderSocket(self), m.flushOut) {
			// another read event follows at once (read.go): the
			// buffer goes out when the last one returns
			m.appendOut(self, b, s)
			return "", nil, nil, nil
		}
		if len(b.out) == 0 {
			if h != nil {
				sock = h.socket
			}
			return s, b, sock, nil
		}
	}
	m.appendOut(self, b, s)
	_, err = callMethod(th, self, "initiate_send")
	return "", nil, nil, err
}

// sendHeld sends what send() held: initiate_send(), if the buffer
// still holds anything.
func (m *Module) sendHeld(th *starlark.Thread, self starlark.Value) error {
	if len(outOf(self)) == 0 {
		return nil
	}
	return m.initiateSend(th, "initiate_send", self)
}

// initiateSend makes one send attempt of up to 64 KiB of the buffer,
// which covers what send() held, for the method called name.
func (m *Module) initiateSend(th *starlark.Thread, name string, self starlark.Value) error {
	release(self)
	b := bufferOf(self)
	n := len(b.out)
	if n > chunk {
		n = chunk
	}
	sent, err := m.dispatcherSend(th, name, self, b.out[:n])
	if err != nil {
		return err
	}
	if sent > 0 {
		m.consumeOut(self, b, sent)
	}
	return nil
}

// withSendWritable is (not self.connected) or len(self.out_buffer).
func withSendWritable(self starlark.Value) bool {
	return !hotTruth(self, hotConnected) || len(outOf(self)) > 0
}
