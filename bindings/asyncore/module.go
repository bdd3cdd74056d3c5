// Package asyncore is the Starlark module asyncore: CPython 3.11's
// asyncore.py on a native event loop.
//
// Members (SPEC section 4):
//
//	loop(timeout=30.0, use_poll=False, map=None, count=None)
//	poll(timeout=0.0, map=None)   poll2(timeout=0.0, map=None)   poll3
//	read(obj)   write(obj)   _exception(obj)   readwrite(obj, flags)
//	close_all(map=None, ignore_all=False)
//	compact_traceback()
//	socket_map
//	ExitNow(msg="")   (an exception class that raises when made)
//	dispatcher(sock=None, map=None)
//	dispatcher_with_send(sock=None, map=None)
//	file_dispatcher(fd, map=None)   file_wrapper(fd)
//	call_later(seconds, fn, *args)   call_every(seconds, fn, *args)
//	on_signal(signum, fn)
//	    (extensions: timers and signals; see timers.go and signals.go;
//	    a dispatcher's flow control, set_flow_control and the methods
//	    flow.go lists)
//	POLLIN POLLPRI POLLOUT POLLERR POLLHUP POLLNVAL (select's constants,
//	    for readwrite)
//
// The loop keeps one level-triggered epoll registration per descriptor
// and changes it only when a channel's readable()/writable() answer
// changes. A handler method that a script does not override runs in Go
// without entering the interpreter.
package asyncore

import (
	"fmt"
	"io"
	"sync/atomic"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/poll"
	"github.com/pyasync/pyasync/runtime/timer"
)

// Config is what the interpreter gives the module.
type Config struct {
	Stdout io.Writer // log_info and the default handle_error write here
	Stderr io.Writer // log() writes here
	// Serving, if set, is called once, when the script first calls
	// loop(): the worker is up (retire.go).
	Serving func()
}

// Module is one interpreter's asyncore: its poller, its socket_map and its
// classes. It is used by one goroutine, except Interrupt.
//
// Its parts, each owning its rules (and tested alone):
//
//	reg    the registry: which channel and socket each descriptor
//	       belongs to, and what the poller watches it for (registry.go)
//	ahead  the read-ahead: sockets holding bytes the kernel no longer
//	       reports (readahead.go)
//	sends  the send queue: sends held while a handler runs (sendqueue.go)
//
// What the parts and the channels keep of classes and instances (which
// method a name finds, what an attribute was) holds while its
// class.Stamp holds: the one mechanism by which such caches are dropped
// (bindings/class/stamp.go).
type Module struct {
	cfg    Config
	poller poll.Poller
	value  *modules.Lazy

	reg       registry
	ahead     readAhead
	sends     sendQueue
	lay       layers         // the Layered (TLS) channels' (layered.go)
	px        proxies        // connections held for their PROXY header (proxy.go)
	spare     pysocket.Spare // the buffer the channels' recv() reads into
	recvSizes recvSizes      // the last size given to recv() (dispatcher.go)

	dispatcher     *class.Class
	withSend       *class.Class
	fileWrapper    *class.Class
	fileDispatcher *class.Class

	// the Go methods the loop recognises, to skip the interpreter
	mReadable, mWritable, mWithSendWritable *class.Method
	mWithSendInitiate                       *class.Method
	mHandleReadEvent, mHandleWriteEvent     *class.Method
	mHandleExptEvent, mSend, mAccept        *class.Method
	mSetSocket, mAddChannel                 *class.Method

	// per-pass scratch, reused so that a pass does not allocate
	events           []poll.Event
	rfds, wfds, efds []int

	flushOut Flusher // dispatcher_with_send's (with_send.go), made once: a method value allocates

	// handling is the stack of errors being handled by handle_error, for
	// compact_traceback().
	handling []handled

	interrupted atomic.Pointer[string]
	retire      atomic.Bool // Retire was called (retire.go)
	retired     bool        // and the loop did it

	// native answers readable()/writable() in Go for the methods other
	// modules registered (asynchat's); interestOf is how each class's
	// are answered (interest.go)
	native     map[*class.Method]func(starlark.Value) bool
	interestOf map[*class.Class]*interestInfo

	timers     timer.Heap
	paused     map[int]*pausedListener // listeners resting after EMFILE
	pauseNoted map[starlark.Value]bool
	sig        signals
	resumed    []starlark.Value            // channels holding input back, due a read event as reading resumes (flow.go)
	owned      map[starlark.Value][]*Timer // timers cancelled when their dispatcher closes
}

type handled struct {
	err   error
	stack starlark.CallStack
}

// New makes the module for one interpreter.
func New(cfg Config) (*Module, error) {
	p, err := poll.New()
	if err != nil {
		return nil, fmt.Errorf("asyncore: %w", err)
	}
	m := &Module{cfg: cfg, poller: p}
	m.reg.init(p, m)
	// the classes and the members are made when a script first looks at
	// the module (Go code that needs a class asks m.classes first)
	m.value = modules.NewLazy("asyncore", func() starlark.StringDict {
		m.classes()
		return m.members()
	})
	return m, nil
}

// members are the module's members.
func (m *Module) members() starlark.StringDict {
	return starlark.StringDict{
		"loop":                 m.builtin("loop", m.loop),
		"poll":                 m.builtin("poll", m.pollBuiltin(false)),
		"poll2":                m.builtin("poll2", m.pollBuiltin(true)),
		"poll3":                m.builtin("poll3", m.pollBuiltin(true)),
		"read":                 m.builtin("read", m.eventBuiltin),
		"write":                m.builtin("write", m.eventBuiltin),
		"_exception":           m.builtin("_exception", m.eventBuiltin),
		"readwrite":            m.builtin("readwrite", m.readwriteBuiltin),
		"close_all":            m.builtin("close_all", m.closeAll),
		"compact_traceback":    m.builtin("compact_traceback", m.compactTraceback),
		"ExitNow":              exceptions.Class("asyncore.ExitNow"),
		"on_signal":            m.builtin("on_signal", m.onSignal),
		"call_later":           m.builtin("call_later", m.callLater(false)),
		"call_every":           m.builtin("call_every", m.callLater(true)),
		"socket_map":           starlark.NewDict(64),
		"dispatcher":           m.dispatcher,
		"dispatcher_with_send": m.withSend,
		"file_wrapper":         m.fileWrapper,
		"file_dispatcher":      m.fileDispatcher,
		"POLLIN":               starlark.MakeInt(pollIN),
		"POLLPRI":              starlark.MakeInt(pollPRI),
		"POLLOUT":              starlark.MakeInt(pollOUT),
		"POLLERR":              starlark.MakeInt(pollERR),
		"POLLHUP":              starlark.MakeInt(pollHUP),
		"POLLNVAL":             starlark.MakeInt(pollNVAL),
	}
}

// Value is the module as scripts see it.
func (m *Module) Value() starlark.Value { return m.value }

// Close releases the poller.
func (m *Module) Close() error {
	m.stopSignals()
	return m.poller.Close()
}

// Interrupt stops a running loop() (from any goroutine): the loop returns
// a *pyerr.Interrupt with reason. The interpreter also cancels its thread
// so that running Starlark code stops too.
func (m *Module) Interrupt(reason string) {
	m.interrupted.CompareAndSwap(nil, &reason)
	m.poller.Wake()
}

// ClearInterrupt forgets an earlier Interrupt (the REPL does this before
// each statement).
func (m *Module) ClearInterrupt() { m.interrupted.Store(nil) }

// SocketMap returns the current default map (asyncore.socket_map).
func (m *Module) SocketMap() *starlark.Dict {
	v, _ := m.value.Attr("socket_map")
	d, _ := v.(*starlark.Dict)
	if d == nil {
		d = starlark.NewDict(0)
	}
	return d
}

func (m *Module) builtin(name string, fn func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, fn)
}

// select/poll constants, with Linux's values, for readwrite(obj, flags).
const (
	pollIN   = 0x001
	pollPRI  = 0x002
	pollOUT  = 0x004
	pollERR  = 0x008
	pollHUP  = 0x010
	pollNVAL = 0x020
)
