// Package asynchat is the Starlark module asynchat: CPython 3.11's
// asynchat.py with terminator scanning, the input buffer, the producer
// queue and output splitting in Go. Starlark runs only for
// collect_incoming_data, found_terminator and a script's own methods.
//
// Members (SPEC section 5):
//
//	async_chat(sock=None, map=None)   a subclass of asyncore.dispatcher:
//	    ac_in_buffer_size, ac_out_buffer_size, use_encoding, encoding,
//	    ac_in_buffer, incoming, producer_fifo, terminator,
//	    collect_incoming_data, _collect_incoming_data, _get_data,
//	    found_terminator, set_terminator, get_terminator, handle_read,
//	    handle_write, handle_close, push, push_with_producer, readable,
//	    writable, close_when_done, initiate_send, discard_buffers,
//	    set_input_limit (an extension: see handleRead; and asyncore's
//	    flow control, which push and handle_read follow)
//	simple_producer(data, buffer_size=512)
//	fifo(list=None)
//	find_prefix_at_end(haystack, needle)
//
// A producer is any value with a more() method returning str or bytes;
// an empty result means it is exhausted.
package asynchat

import (
	"errors"
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// Module is one interpreter's asynchat.
type Module struct {
	ac    *asyncore.Module
	chat  *class.Class
	value *modules.Lazy

	mReadable, mWritable, mHandleRead, mInitiateSend *class.Method

	out []byte // initiateSend's gathering buffer, reused

	flush asyncore.Flusher // initiateSend, made once: a method value allocates
}

// New makes asynchat on top of one interpreter's asyncore.
func New(ac *asyncore.Module) *Module {
	m := &Module{ac: ac}
	m.flush = m.initiateSend
	// the class and the members are made when a script first looks at
	// the module (most programs never do): no async_chat instance can
	// exist before, so its methods' native interest can wait as well
	m.value = modules.NewLazy("asynchat", func() starlark.StringDict {
		m.buildChat()
		ac.NativeInterest(m.mReadable, func(starlark.Value) bool { return true })
		ac.NativeInterest(m.mWritable, func(self starlark.Value) bool { return writable(self) })
		return starlark.StringDict{
			"async_chat":         m.chat,
			"simple_producer":    newSimpleProducer(),
			"fifo":               newFifo(),
			"find_prefix_at_end": starlark.NewBuiltin("find_prefix_at_end", findPrefixAtEnd),
		}
	})
	return m
}

// Value is the module as scripts see it.
func (m *Module) Value() starlark.Value { return m.value }

// chatState is the Go side of an async_chat instance.
type chatState struct {
	in   []byte           // ac_in_buffer
	fifo []starlark.Value // producer_fifo: String/Bytes chunks, producers, None

	// for the loop's flow control (asyncore.Buffers, flow.go)
	queued  int  // bytes of the strings in fifo, unless recount
	recount bool // a script changed fifo: count again
	held    bool // in holds input held back while reading was stopped

	limit  int // set_input_limit: most bytes without a terminator (0: none)
	record int // bytes handed to collect_incoming_data since the last terminator
}

// QueuedOutput is the bytes of the strings in the producer queue: what
// was pushed and what producers gave, not yet sent.
func (st *chatState) QueuedOutput() int {
	if st.recount {
		st.recount = false
		st.queued = 0
		for _, f := range st.fifo {
			st.queued += stringLen(f)
		}
	}
	return st.queued
}

// stringLen is the length of a queue entry that is a string, else 0.
func stringLen(f starlark.Value) int {
	switch s := f.(type) {
	case starlark.String:
		return len(s)
	case starlark.Bytes:
		return len(s)
	}
	return 0
}

// HeldInput reports whether the input buffer holds input that
// handle_read held back when reading stopped.
func (st *chatState) HeldInput() bool { return st.held && len(st.in) > 0 }

func stateOf(self starlark.Value) *chatState {
	if s, ok := asyncore.Ext(self).(*chatState); ok {
		return s
	}
	s := &chatState{}
	asyncore.SetExt(self, s)
	return s
}

// fifoChanged tells the loop when the producer queue turned empty or not
// empty since it was had (what writable() answers), and that the output
// it holds changed (for flow control).
func (m *Module) fifoChanged(self starlark.Value, st *chatState, had bool) {
	m.ac.OutputChanged(self, had != (len(st.fifo) > 0))
}

// asyncChatMethods are async_chat's methods, beside what it inherits from
// asyncore.dispatcher.
var asyncChatMethods = asyncore.MethodTable{
	{"__init__", async_chat___init__},
	{"collect_incoming_data", async_chat_abstract},
	{"found_terminator", async_chat_abstract},
	{"_collect_incoming_data", async_chat__collect_incoming_data},
	{"_get_data", async_chat__get_data},
	{"set_terminator", async_chat_set_terminator},
	{"get_terminator", async_chat_get_terminator},
	{"handle_read", async_chat_handle_read},
	{"handle_write", async_chat_handle_write},
	{"handle_close", async_chat_handle_close},
	{"push", async_chat_push},
	{"push_with_producer", async_chat_push_with_producer},
	{"readable", async_chat_readable},
	{"writable", async_chat_writable},
	{"close_when_done", async_chat_close_when_done},
	{"initiate_send", async_chat_initiate_send},
	{"discard_buffers", async_chat_discard_buffers},
	{"set_input_limit", async_chat_set_input_limit},
}

func (m *Module) buildChat() {
	m.chat = class.MustNew("async_chat", "asynchat", []*class.Class{m.ac.Dispatcher()}, asyncChatMethods.Members(m, starlark.StringDict{
		"ac_in_buffer_size":  starlark.MakeInt(65536),
		"ac_out_buffer_size": starlark.MakeInt(65536),
		"use_encoding":       starlark.MakeInt(0),
		"encoding":           starlark.String("latin-1"),
		"ac_in_buffer": &class.Property{
			Get: func(self *class.Instance) (starlark.Value, error) { return starlark.String(stateOf(self).in), nil },
			Set: func(self *class.Instance, v starlark.Value) error {
				s, err := modules.BytesLike("ac_in_buffer", v)
				if err != nil {
					return err
				}
				stateOf(self).in = append([]byte(nil), s...)
				return nil
			},
		},
		"producer_fifo": &class.Property{
			Get: func(self *class.Instance) (starlark.Value, error) {
				return m.fifoView(self), nil
			},
			Set: func(self *class.Instance, v starlark.Value) error {
				return m.replaceFifo(self, v)
			},
		},
	}))
	asyncore.ArgsInPlace(m.chat, "set_terminator", "get_terminator", "handle_read", "handle_write", "handle_close",
		"push", "push_with_producer", "readable", "writable", "close_when_done", "initiate_send")
	own := func(name string) *class.Method {
		v, _ := m.chat.Own(name)
		return v.(*class.Method)
	}
	m.mReadable, m.mWritable = own("readable"), own("writable")
	m.mHandleRead, m.mInitiateSend = own("handle_read"), own("initiate_send")
}

// moduleOf is the Module a method of asynchat's runs for.
func moduleOf(fn *class.Method) *Module { return fn.Owner().(*Module) }

// __init__(sock=None, map=None): empty buffers, then dispatcher's.
func async_chat___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	st := stateOf(self)
	had := len(st.fifo) > 0
	st.in, st.fifo = nil, nil
	st.queued, st.recount, st.held, st.record = 0, false, false, 0
	m.fifoChanged(self, st, had)
	if err := asyncore.SetAttr(self, "incoming", starlark.NewList(nil)); err != nil {
		return nil, err
	}
	init, _ := m.ac.Dispatcher().Lookup("__init__")
	return class.CallMethod(th, self, init, args, kwargs)
}

// collect_incoming_data(data) and found_terminator(): for subclasses to
// implement.
func async_chat_abstract(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return nil, fmt.Errorf("%s: must be implemented in subclass", fn.Name())
}

// _collect_incoming_data(data): data to self.incoming.
func async_chat__collect_incoming_data(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &d); err != nil {
		return nil, err
	}
	l, err := incoming(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	return starlark.None, l.Append(d)
}

// _get_data(): self.incoming joined, and emptied.
func async_chat__get_data(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	l, err := incoming(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for i := 0; i < l.Len(); i++ {
		s, err := modules.BytesLike(fn.Name(), l.Index(i))
		if err != nil {
			return nil, err
		}
		b.WriteString(s)
	}
	l.Clear()
	return starlark.String(b.String()), nil
}

// incoming is self.incoming, which must be a list.
func incoming(name string, self starlark.Value) (*starlark.List, error) {
	inc, err := asyncore.Attr(self, "incoming")
	if err != nil {
		return nil, err
	}
	l, ok := inc.(*starlark.List)
	if !ok {
		return nil, fmt.Errorf("%s: self.incoming is %s, want list", name, inc.Type())
	}
	return l, nil
}

// set_terminator(term): a str or bytes, a count of bytes, or None.
func async_chat_set_terminator(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var term starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &term); err != nil {
		return nil, err
	}
	switch t := term.(type) {
	case starlark.String, starlark.Bytes, starlark.NoneType:
	case starlark.Int:
		if t.Sign() < 0 {
			return nil, fmt.Errorf("%s: the number of received bytes must be positive", fn.Name())
		}
	default:
		return nil, fmt.Errorf("%s: got %s, want str, bytes, int or None", fn.Name(), term.Type())
	}
	return starlark.None, asyncore.SetAttr(self, "terminator", term)
}

// get_terminator()
func async_chat_get_terminator(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return asyncore.Attr(self, "terminator")
}

// handle_read(): see handleRead.
func async_chat_handle_read(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	v, err := moduleOf(fn).handleRead(th, self)
	if err == errInputLimit {
		return starlark.None, moduleOf(fn).overLimit(th, self, stateOf(self))
	}
	return v, err
}

// handle_write(): initiate_send().
func async_chat_handle_write(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return asyncore.CallMethod(th, self, "initiate_send")
}

// handle_close(): close().
func async_chat_handle_close(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return asyncore.CallMethod(th, self, "close")
}

// push(data): data to the producer queue, in pieces of at most
// ac_out_buffer_size, then a send (see send).
func async_chat_push(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	d, err := class.OnlyArg(fn.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	s, err := modules.BytesLike(fn.Name(), d)
	if err != nil {
		return nil, err
	}
	m := moduleOf(fn)
	obs := outBufferSize(self)
	st := stateOf(self)
	defer m.fifoChanged(self, st, len(st.fifo) > 0)
	if len(s) > obs {
		for i := 0; i < len(s); i += obs {
			st.fifo = append(st.fifo, starlark.String(s[i:min(i+obs, len(s))]))
		}
	} else {
		st.fifo = append(st.fifo, starlark.String(s))
	}
	st.queued += len(s)
	return m.send(th, self)
}

// push_with_producer(producer): a producer (or a str) to the queue, then
// a send (see send).
func async_chat_push_with_producer(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	p, err := class.OnlyArg(fn.Name(), args, kwargs)
	if err != nil {
		return nil, err
	}
	switch p.(type) {
	case starlark.String, starlark.Bytes:
	default:
		if _, err := asyncore.Attr(p, "more"); err != nil {
			return nil, fmt.Errorf("%s: got %s, want a producer (a value with more()) or str", fn.Name(), p.Type())
		}
	}
	m := moduleOf(fn)
	st := stateOf(self)
	defer m.fifoChanged(self, st, len(st.fifo) > 0)
	st.fifo = append(st.fifo, p)
	st.queued += stringLen(p)
	return m.send(th, self)
}

// readable(): True.
func async_chat_readable(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.True, nil
}

// writable(): producer_fifo or not connected.
func async_chat_writable(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.Bool(writable(self)), nil
}

// close_when_done(): the channel closes once what is queued is sent.
func async_chat_close_when_done(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	st := stateOf(self)
	had := len(st.fifo) > 0
	st.fifo = append(st.fifo, starlark.None)
	moduleOf(fn).fifoChanged(self, st, had)
	return starlark.None, nil
}

// initiate_send(): see initiateSend.
func async_chat_initiate_send(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, moduleOf(fn).initiateSend(th, self)
}

// discard_buffers(): emergencies only! What a handler pushed before has
// been sent, as in CPython, where push sends at once.
func async_chat_discard_buffers(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	m := moduleOf(fn)
	if err := m.ac.Flush(self); err != nil {
		return nil, err
	}
	st := stateOf(self)
	had := len(st.fifo) > 0
	st.in, st.fifo = nil, nil
	st.queued, st.recount, st.held, st.record = 0, false, false, 0
	m.fifoChanged(self, st, had)
	if inc, err := asyncore.Attr(self, "incoming"); err == nil {
		if l, ok := inc.(*starlark.List); ok {
			l.Clear()
		}
	}
	return starlark.None, nil
}

// set_input_limit(limit): a channel that receives more than limit bytes
// without a terminator (the bytes collect_incoming_data would be handed
// since the last found_terminator) is closed, after log_info says why;
// None or 0: no limit (the default). An extension beyond CPython.
func async_chat_set_input_limit(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "limit", &v); err != nil {
		return nil, err
	}
	limit := 0
	if v != starlark.None {
		i, ok := v.(starlark.Int)
		if !ok {
			return nil, pyerr.Errorf("TypeError", "%s: for parameter limit: got %s, want int or None", fn.Name(), v.Type())
		}
		n, ok := i.Int64()
		if ok && n < 0 || !ok && i.Sign() < 0 {
			return nil, pyerr.Errorf("ValueError", "%s: limit must be >= 0, not %s", fn.Name(), i.String())
		}
		if !ok || n > 1<<62 {
			n = 1 << 62
		}
		limit = int(n)
	}
	stateOf(self).limit = limit
	return starlark.None, nil
}

func intAttr(self starlark.Value, name string, def int) int {
	v, err := asyncore.Attr(self, name)
	if err != nil {
		return def
	}
	n, err := starlark.AsInt32(v)
	if err != nil || n <= 0 {
		return def
	}
	return n
}

func outBufferSize(self starlark.Value) int { return intAttr(self, "ac_out_buffer_size", 65536) }

// writable is producer_fifo or not connected.
func writable(self starlark.Value) bool {
	return len(stateOf(self).fifo) > 0 || !asyncore.Connected(self)
}

// handleRead reads what arrived and hands it to collect_incoming_data and
// found_terminator according to the terminator, as CPython's handle_read.
//
// While the loop's reading from the channel is stopped (flow control,
// pause_reading: asyncore's flow.go) no more input is handed over: what
// is left waits in the input buffer, and the read event that follows
// when reading resumes hands it over before the socket is read again
// (receive, reading). With set_input_limit, a channel that receives more
// bytes than the limit without a terminator is closed (collect returns
// errInputLimit, async_chat_handle_read closes).
func (m *Module) handleRead(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
	v, err := m.receive(th, self)
	if err != nil {
		var oe *oserr.Error
		if errors.As(err, &oe) && (oe.Errno == unix.EAGAIN || oe.Errno == unix.EWOULDBLOCK) {
			return starlark.None, nil // a spurious wake-up (bpo-16133)
		}
		if errors.As(err, &oe) {
			return starlark.None, m.ac.Handle(th, self, err)
		}
		return nil, err
	}
	d, err := modules.BytesLike("recv", v)
	if err != nil {
		return nil, err
	}
	st := stateOf(self)
	st.in = append(st.in, d...)

	// Continue to search for self.terminator in self.ac_in_buffer, while
	// calling self.collect_incoming_data. The while loop is necessary
	// because we might read several data+terminator combos with one read.
	for len(st.in) > 0 && m.reading(self, st) {
		lb := len(st.in)
		term, err := asyncore.CallMethod(th, self, "get_terminator")
		if err != nil {
			return nil, err
		}
		switch t := term.(type) {
		case starlark.Int:
			n, ok := t.Int64()
			if !ok || n < 0 {
				return nil, fmt.Errorf("handle_read: bad terminator %s", t)
			}
			if n == 0 {
				if err := m.collect(th, self, st, lb); err != nil {
					return nil, err
				}
				continue
			}
			if int64(lb) < n {
				if err := m.collect(th, self, st, lb); err != nil {
					return nil, err
				}
				if err := asyncore.SetAttr(self, "terminator", starlark.MakeInt64(n-int64(lb))); err != nil {
					return nil, err
				}
				continue
			}
			if err := m.collect(th, self, st, int(n)); err != nil {
				return nil, err
			}
			if err := asyncore.SetAttr(self, "terminator", starlark.MakeInt(0)); err != nil {
				return nil, err
			}
			if err := m.found(th, self, st); err != nil {
				return nil, err
			}
		case starlark.String, starlark.Bytes, starlark.NoneType:
			var ts string
			if t != starlark.None {
				ts, _ = modules.BytesLike("", t)
			}
			if ts == "" {
				// no terminator, collect it all
				if err := m.collect(th, self, st, lb); err != nil {
					return nil, err
				}
				continue
			}
			n, found := scanTerminator(st.in, ts)
			if found {
				// we found the terminator
				if n > 0 {
					// don't bother reporting the empty string
					if err := m.collect(th, self, st, n); err != nil {
						return nil, err
					}
				}
				st.in = st.in[len(ts):]
				// This does the Right Thing if the terminator is changed here.
				if err := m.found(th, self, st); err != nil {
					return nil, err
				}
				continue
			}
			if n > 0 {
				if err := m.collect(th, self, st, n); err != nil {
					return nil, err
				}
			}
			if n < lb {
				// what is left is a prefix of the terminator: wait for more
				return starlark.None, nil
			}
		default:
			return nil, fmt.Errorf("handle_read: terminator must be str, bytes, int or None, not %s", term.Type())
		}
	}
	return starlark.None, nil
}

// receive is handle_read's self.recv(ac_in_buffer_size), or "" when the
// input buffer holds input held back while reading was stopped: that
// goes first, and the socket waits for the next read event.
func (m *Module) receive(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
	if st := stateOf(self); st.held {
		st.held = false
		return starlark.String(""), nil
	}
	return asyncore.CallMethod(th, self, "recv", starlark.MakeInt(intAttr(self, "ac_in_buffer_size", 65536)))
}

// reading reports whether handle_read goes on handing input over: not
// while the loop's reading from the channel is stopped, and then what
// is left is held back.
func (m *Module) reading(self starlark.Value, st *chatState) bool {
	if asyncore.ReadingStopped(self) {
		st.held = true
		return false
	}
	return true
}

// found is self.found_terminator(): a record ends, and the count of the
// input limit starts again.
func (m *Module) found(th *starlark.Thread, self starlark.Value, st *chatState) error {
	st.record = 0
	_, err := asyncore.CallMethod(th, self, "found_terminator")
	return err
}

// errInputLimit is collect's: the channel received more than its input
// limit without a terminator.
var errInputLimit = errors.New("input limit exceeded")

// overLimit closes a channel that received more than its input limit
// without a terminator, and logs why (log_info, type "error").
func (m *Module) overLimit(th *starlark.Thread, self starlark.Value, st *chatState) error {
	st.in, st.held = nil, false
	msg := fmt.Sprintf("input limit exceeded: more than %d bytes without a terminator, closing", st.limit)
	if _, err := asyncore.CallMethod(th, self, "log_info", starlark.String(msg), starlark.String("error")); err != nil {
		return err
	}
	_, err := asyncore.CallMethod(th, self, "close")
	return err
}

// collect hands the first n bytes of the input buffer to
// collect_incoming_data and drops them from the buffer; past the input
// limit, it hands nothing and returns errInputLimit.
func (m *Module) collect(th *starlark.Thread, self starlark.Value, st *chatState, n int) error {
	if st.limit > 0 {
		if st.record += n; st.record > st.limit {
			return errInputLimit
		}
	}
	chunk := starlark.String(st.in[:n])
	if n == len(st.in) {
		st.in = st.in[:0]
	} else {
		st.in = st.in[n:]
	}
	_, err := asyncore.CallMethod(th, self, "collect_incoming_data", chunk)
	return err
}

// send is what push() does after queueing: initiate_send(), or, while a
// handler runs and neither initiate_send nor send is overridden, nothing
// yet: the loop calls initiateSend once when the handler returns
// (asyncore's send queue, sendqueue.go), so that what one handler pushes
// goes out in one system call, and the channel's socket calls it first
// if it is asked to send anything else before.
func (m *Module) send(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
	if m.builtinSend(self) && asyncore.IsMethod(self, "initiate_send", m.mInitiateSend) && m.ac.Hold(th, self, m.flush) {
		return starlark.None, nil
	}
	return asyncore.CallMethod(th, self, "initiate_send")
}

// builtinSend reports whether self.send is dispatcher.send.
func (m *Module) builtinSend(self starlark.Value) bool {
	return asyncore.IsMethod(self, "send", m.ac.SendMethod())
}

// initiateSend makes one send attempt from the head of the producer
// queue, as CPython's initiate_send. With the built-in send(), the
// attempt takes up to ac_out_buffer_size bytes from as many queued
// strings and producers as it needs (one system call where CPython makes
// one per entry); with a script's send(), it passes the first entry's
// data only, as CPython does.
func (m *Module) initiateSend(th *starlark.Thread, self starlark.Value) error {
	// this attempt is the one a push() of the running handler held,
	// if any (handle_write or the script calling initiate_send itself):
	// that flush must not send the queue again
	asyncore.Release(self)
	st := stateOf(self)
	defer m.fifoChanged(self, st, len(st.fifo) > 0)
	if len(st.fifo) == 0 || !asyncore.Connected(self) {
		return nil
	}
	obs := outBufferSize(self)
	gather := m.builtinSend(self)
	// make the head of the queue strings, asking producers for data,
	// until obs bytes are there (or one entry, without gathering)
	n, have := 0, 0
	for n < len(st.fifo) && have < obs && (gather || n == 0) {
		switch f := st.fifo[n].(type) {
		case starlark.NoneType:
			if n == 0 {
				// the close_when_done sentinel, with everything before it sent
				st.fifo = st.fifo[1:]
				_, err := asyncore.CallMethod(th, self, "handle_close")
				return err
			}
			goto send
		case starlark.String, starlark.Bytes:
			s, _ := modules.BytesLike("", f)
			if s == "" {
				st.fifo = append(st.fifo[:n], st.fifo[n+1:]...)
				continue
			}
			have += len(s)
			n++
		default:
			// a producer: its data goes in front of it
			v, err := asyncore.CallMethod(th, f, "more")
			if err != nil {
				return m.ac.Handle(th, self, err)
			}
			// more() may have changed the queue (producer_fifo.clear(),
			// say): its data still goes in, at the front of what is left,
			// as CPython's appendleft puts it
			n = min(n, len(st.fifo))
			s, err := modules.BytesLike("more", v)
			if err != nil {
				return m.ac.Handle(th, self, fmt.Errorf("producer %s: more() returned %s, want str or bytes", f.Type(), v.Type()))
			}
			if s == "" {
				st.fifo = append(st.fifo[:n], st.fifo[n+1:]...)
				continue
			}
			st.fifo = append(st.fifo, nil)
			copy(st.fifo[n+1:], st.fifo[n:])
			st.fifo[n] = starlark.String(s)
			st.queued += len(s)
		}
	}
send:
	if n == 0 {
		return nil
	}
	// send the data
	var sent int
	if gather {
		var err error
		if n == 1 {
			s, _ := modules.BytesLike("", st.fifo[0])
			sent, err = m.ac.Send(th, "initiate_send", self, s[:min(len(s), obs)])
		} else {
			m.out = m.out[:0]
			for _, f := range st.fifo[:n] {
				s, _ := modules.BytesLike("", f)
				m.out = append(m.out, s[:min(len(s), obs-len(m.out))]...)
			}
			sent, err = m.ac.SendBytes(th, "initiate_send", self, m.out)
			if cap(m.out) > 1<<20 {
				m.out = nil
			}
		}
		if err != nil {
			return m.ac.Handle(th, self, err)
		}
	} else {
		first := st.fifo[0]
		s, _ := modules.BytesLike("", first)
		v, err := asyncore.CallMethod(th, self, "send", starlark.String(s[:min(len(s), obs)]))
		if err != nil {
			return m.ac.Handle(th, self, err)
		}
		sent, _ = starlark.AsInt32(v)
		if len(st.fifo) == 0 || st.fifo[0] != first {
			st.recount = true
			return nil // the script's send changed the queue
		}
	}
	// drop what was sent from the head of the queue
	for sent > 0 && len(st.fifo) > 0 {
		s, err := modules.BytesLike("", st.fifo[0])
		if err != nil {
			break
		}
		if sent < len(s) {
			st.fifo[0] = starlark.String(s[sent:])
			st.queued -= sent
			break
		}
		sent -= len(s)
		st.queued -= len(s)
		st.fifo[0] = nil
		st.fifo = st.fifo[1:]
	}
	return nil
}

// scanTerminator looks for term in buf. Found: the terminator starts at
// n. Not found: buf[:n] can be handed to collect_incoming_data now, and
// buf[n:] is a proper prefix of term that must wait for more data.
func scanTerminator(buf []byte, term string) (n int, found bool) {
	if i := strings.Index(string(buf), term); i >= 0 {
		return i, true
	}
	return len(buf) - prefixAtEnd(buf, term), false
}

// prefixAtEnd is find_prefix_at_end: the length of the longest proper
// prefix of needle that ends haystack.
func prefixAtEnd(haystack []byte, needle string) int {
	l := len(needle) - 1
	for l > 0 && !strings.HasSuffix(string(haystack), needle[:l]) {
		l--
	}
	return l
}

func findPrefixAtEnd(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var h, n starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &h, &n); err != nil {
		return nil, err
	}
	hs, err := modules.BytesLike(b.Name(), h)
	if err != nil {
		return nil, err
	}
	ns, err := modules.BytesLike(b.Name(), n)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(prefixAtEnd([]byte(hs), ns)), nil
}
