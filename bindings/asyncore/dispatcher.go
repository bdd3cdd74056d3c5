package asyncore

import (
	"fmt"
	"io"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/modules"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is asyncore.py's class dispatcher, method by method. Where
// CPython calls self.x(), the Go code calls callMethod(self, "x"), so a
// script's override is honoured everywhere CPython's would be.

// dispatcherMethods are asyncore.dispatcher's methods.
var dispatcherMethods = MethodTable{
	{"__init__", dispatcher___init__},
	{"__repr__", dispatcher___repr__},
	{"__getattr__", dispatcher___getattr__},
	{"add_channel", dispatcher_add_channel},
	{"del_channel", dispatcher_del_channel},
	{"create_socket", dispatcher_create_socket},
	{"set_socket", dispatcher_set_socket},
	{"set_reuse_addr", dispatcher_set_reuse},
	{"set_reuse_port", dispatcher_set_reuse},
	{"readable", dispatcher_readable},
	{"writable", dispatcher_readable},
	{"listen", dispatcher_listen},
	{"bind", dispatcher_bind},
	{"connect", dispatcher_connect},
	{"accept", dispatcher_accept},
	{"send", dispatcher_send},
	{"recv", dispatcher_recv},
	{"close", dispatcher_close},
	{"handle_read_event", dispatcher_handle_read_event},
	{"handle_connect_event", dispatcher_handle_connect_event},
	{"handle_write_event", dispatcher_handle_write_event},
	{"handle_expt_event", dispatcher_handle_expt_event},
	{"handle_error", dispatcher_handle_error},
	{"handle_expt", dispatcher_unhandled},
	{"handle_read", dispatcher_unhandled},
	{"handle_write", dispatcher_unhandled},
	{"handle_connect", dispatcher_unhandled},
	{"handle_accept", dispatcher_handle_accept},
	{"handle_accepted", dispatcher_handle_accepted},
	{"handle_close", dispatcher_handle_close},
	{"log", dispatcher_log},
	{"log_info", dispatcher_log_info},
	{"call_later", dispatcher_call_later},
	{"call_every", dispatcher_call_later},
	{"set_flow_control", dispatcher_set_flow_control},
	{"get_write_buffer_size", dispatcher_get_write_buffer_size},
	{"pause_reading", dispatcher_pause_reading},
	{"resume_reading", dispatcher_pause_reading},
	{"is_reading", dispatcher_is_reading},
	{"set_proxy_protocol", dispatcher_set_proxy_protocol},
	{"proxy_protocol_rejected", dispatcher_proxy_protocol_rejected},
}

// classes makes the module's classes, once: when a script first looks
// at the module, or Go code first needs one (Dispatcher). Until then no
// instance of them can exist, so the loop never asks for their methods.
func (m *Module) classes() {
	if m.dispatcher == nil {
		m.buildClasses()
	}
}

func (m *Module) buildClasses() {
	ignore := starlark.NewSet(1)
	ignore.Insert(starlark.String("warning"))
	m.dispatcher = class.MustNew("dispatcher", "asyncore", []*class.Class{class.Object}, dispatcherMethods.Members(m, starlark.StringDict{
		"debug":            starlark.False,
		"connected":        starlark.False,
		"accepting":        starlark.False,
		"connecting":       starlark.False,
		"closing":          starlark.False,
		"addr":             starlark.None,
		"socket":           starlark.None,
		"_fileno":          starlark.None,
		"ignore_log_types": ignore,
	}))
	ArgsInPlace(m.dispatcher, "readable", "writable", "send", "recv", "close", "handle_read_event", "handle_write_event",
		"get_write_buffer_size", "is_reading", "pause_reading", "resume_reading", "set_flow_control",
		"call_later", "call_every") // the last two copy the arguments they keep for the call
	m.mReadable = own(m.dispatcher, "readable")
	m.mWritable = own(m.dispatcher, "writable")
	m.mHandleReadEvent = own(m.dispatcher, "handle_read_event")
	m.mHandleWriteEvent = own(m.dispatcher, "handle_write_event")
	m.mHandleExptEvent = own(m.dispatcher, "handle_expt_event")
	m.mSend = own(m.dispatcher, "send")
	m.mAccept = own(m.dispatcher, "accept")
	m.mSetSocket = own(m.dispatcher, "set_socket")
	m.mAddChannel = own(m.dispatcher, "add_channel")
	m.buildWithSend()
	m.buildFileClasses()
}

// readable() and writable(): True.
func dispatcher_readable(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.True, nil
}

// mapArg resolves the map argument: None means the dispatcher's own map.
func (m *Module) selfMap(self starlark.Value, v starlark.Value) (*starlark.Dict, error) {
	if v == nil || v == starlark.None {
		mv, err := attr(self, "_map")
		if err != nil || mv == starlark.None {
			return m.SocketMap(), nil
		}
		v = mv
	}
	d, ok := v.(*starlark.Dict)
	if !ok {
		return nil, fmt.Errorf("map must be a dict, not %s", v.Type())
	}
	return d, nil
}

// __init__(sock=None, map=None)
func dispatcher___init__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	sock, mp, err := optionalArgs2(fn, args, kwargs, "sock?", "map?")
	if err != nil {
		return nil, err
	}
	if mp == starlark.None {
		mp = m.SocketMap()
	} else if _, ok := mp.(*starlark.Dict); !ok {
		return nil, fmt.Errorf("%s: for parameter map: got %s, want dict", fn.Name(), mp.Type())
	}
	if err := setAttr(self, "_map", mp); err != nil {
		return nil, err
	}
	if err := setAttr(self, "_fileno", starlark.None); err != nil {
		return nil, err
	}
	if sock == starlark.None || sock.Truth() == starlark.False {
		return starlark.None, setAttr(self, "socket", starlark.None)
	}
	// Set to nonblocking just to make sure for cases where we get a
	// socket from a blocking source. (The built-in socket's methods are
	// called directly: a script cannot change them.)
	builtin, _ := sock.(*pysocket.Socket)
	if builtin != nil {
		if err := builtin.SetBlocking(false); err != nil {
			return nil, err
		}
	} else if _, err := callMethod(th, sock, "setblocking", starlark.False); err != nil {
		return nil, err
	}
	if isMethod(self, "set_socket", m.mSetSocket) {
		_, err = m.setSocket(th, "set_socket", self, sock, mp)
	} else {
		_, err = callMethod(th, self, "set_socket", sock, mp)
	}
	if err != nil {
		return nil, err
	}
	setAttr(self, "connected", starlark.True)
	var addr starlark.Value
	if builtin != nil {
		addr, err = builtin.Getpeername()
	} else {
		addr, err = callMethod(th, sock, "getpeername")
	}
	if err != nil {
		if e, ok := errnoOf(err); ok && (e == unix.ENOTCONN || e == unix.EINVAL) {
			// an unconnected socket, or one reset before we got here (bpo-10340)
			setAttr(self, "connected", starlark.False)
			return starlark.None, nil
		}
		callMethod(th, self, "del_channel", mp)
		return nil, err
	}
	return starlark.None, setAttr(self, "addr", addr)
}

// __repr__: <asyncore.dispatcher connected 127.0.0.1:5000 at 0x...>
func dispatcher___repr__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	name := self.Type()
	var id uintptr
	if inst, ok := self.(*class.Instance); ok {
		name = inst.Class().QualName()
		id = inst.ID()
	}
	s := "<" + name
	addr, _ := attr(self, "addr")
	if attrTruth(self, "accepting") && addr != nil && addr.Truth() == starlark.True {
		s += " listening"
	} else if attrTruth(self, "connected") {
		s += " connected"
	}
	if addr != nil && addr != starlark.None {
		if t, ok := addr.(starlark.Tuple); ok && len(t) == 2 {
			host, hok := starlark.AsString(t[0])
			port, perr := starlark.AsInt32(t[1])
			if hok && perr == nil {
				s += fmt.Sprintf(" %s:%d", host, port)
			} else {
				s += " " + addr.String()
			}
		} else {
			s += " " + addr.String()
		}
	}
	return starlark.String(fmt.Sprintf("%s at %#x>", s, id)), nil
}

// __getattr__ is Python 2's socket delegation: an attribute the
// dispatcher lacks is looked up on self.socket (getpeername, fileno...).
func dispatcher___getattr__(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &name); err != nil {
		return nil, err
	}
	missing := starlark.NoSuchAttrError(fmt.Sprintf("'%s' object has no attribute '%s'", self.Type(), name))
	inst, ok := self.(*class.Instance)
	if !ok || len(name) > 1 && name[0] == '_' && name[1] == '_' {
		return nil, missing
	}
	sock, ok := inst.GetAttr("socket")
	if !ok || sock == starlark.None {
		return nil, missing
	}
	ha, ok := sock.(starlark.HasAttrs)
	if !ok {
		return nil, missing
	}
	v, err := ha.Attr(name)
	if err != nil || v == nil {
		return nil, missing
	}
	return v, nil
}

// add_channel(map=None)
func dispatcher_add_channel(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	mp, err := optionalArg(fn, args, kwargs, "map?")
	if err != nil {
		return nil, err
	}
	return starlark.None, moduleOf(fn).addChannel(fn.Name(), self, mp)
}

// addChannel is add_channel(mp)'s work, for the method called name.
func (m *Module) addChannel(name string, self, mp starlark.Value) error {
	d, err := m.selfMap(self, mp)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	fd, err := attr(self, "_fileno")
	if err != nil {
		return err
	}
	if fd == starlark.None {
		return fmt.Errorf("%s: dispatcher has no socket", name)
	}
	old, found, _ := d.Get(fd)
	if err := d.SetKey(fd, self); err != nil {
		return err
	}
	if n, err := starlark.AsInt32(fd); err == nil {
		m.reg.added(d, n, self, old, found)
	} else {
		m.reg.lost(d)
	}
	return nil
}

// del_channel(map=None)
func dispatcher_del_channel(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	var mp starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "map?", &mp); err != nil {
		return nil, err
	}
	d, err := m.selfMap(self, mp)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", fn.Name(), err)
	}
	fd, err := attr(self, "_fileno")
	if err != nil {
		return nil, err
	}
	if fd != starlark.None {
		if cur, found, _ := d.Get(fd); found {
			// CPython deletes whatever is under the descriptor
			d.Delete(fd)
			if n, err := starlark.AsInt32(fd); err == nil {
				m.reg.removed(d, n, cur)
			} else {
				m.reg.lost(d)
			}
		}
	}
	return starlark.None, setAttr(self, "_fileno", starlark.None)
}

// create_socket(family=AF_INET, type=SOCK_STREAM)
func dispatcher_create_socket(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, typ := unix.AF_INET, unix.SOCK_STREAM
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "family?", &family, "type?", &typ); err != nil {
		return nil, err
	}
	s, err := pysocket.New(family, typ, 0)
	if err != nil {
		return nil, err
	}
	if err := s.SetBlocking(false); err != nil {
		s.Close()
		return nil, err
	}
	setAttr(self, "family_and_type", starlark.Tuple{starlark.MakeInt(family), starlark.MakeInt(typ)})
	if _, err := callMethod(th, self, "set_socket", s); err != nil {
		s.Close()
		return nil, err
	}
	return starlark.None, nil
}

// set_socket(sock, map=None)
func dispatcher_set_socket(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sock, mp, err := optionalArgs2(fn, args, kwargs, "sock", "map?")
	if err != nil {
		return nil, err
	}
	return moduleOf(fn).setSocket(th, fn.Name(), self, sock, mp)
}

// setSocket is set_socket(sock, mp)'s work, for the method called name.
// The built-in add_channel() is called directly, as __init__ calls the
// built-in set_socket(): no tuple of arguments is made.
func (m *Module) setSocket(th *starlark.Thread, name string, self, sock, mp starlark.Value) (starlark.Value, error) {
	fd, err := sockFileno(th, sock)
	if err != nil {
		return nil, err
	}
	if fd < 0 {
		return nil, fmt.Errorf("%s: %w", name, oserr.New(unix.EBADF))
	}
	// whatever the poller remembers under this number belonged to a
	// descriptor that is closed now
	m.forget(fd)
	setAttr(self, "socket", sock)
	setAttr(self, "_fileno", starlark.MakeInt(fd))
	if isMethod(self, "add_channel", m.mAddChannel) {
		return starlark.None, m.addChannel("add_channel", self, mp)
	}
	return callMethod(th, self, "add_channel", mp)
}

// set_reuse_addr() and set_reuse_port(): set SO_REUSEADDR or
// SO_REUSEPORT on the socket, if it can.
func dispatcher_set_reuse(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	opt := unix.SO_REUSEADDR
	if fn.Name() == "set_reuse_port" {
		opt = unix.SO_REUSEPORT
	}
	sock, err := attr(self, "socket")
	if err != nil || sock == starlark.None {
		return starlark.None, nil
	}
	// try to re-use a server port if possible; errors are ignored, as in CPython
	old, err := callMethod(th, sock, "getsockopt", starlark.MakeInt(unix.SOL_SOCKET), starlark.MakeInt(opt))
	if err != nil {
		return starlark.None, nil
	}
	v, _ := starlark.AsInt32(old)
	callMethod(th, sock, "setsockopt", starlark.MakeInt(unix.SOL_SOCKET), starlark.MakeInt(opt), starlark.MakeInt(v|1))
	return starlark.None, nil
}

// builtinSocket returns self.socket if it is the built-in socket type,
// else nil.
func builtinSocket(self starlark.Value) *pysocket.Socket {
	var sock starlark.Value
	if h := hotOf(self); h != nil {
		sock = h.socket
	} else {
		sock, _ = attr(self, "socket")
	}
	s, _ := sock.(*pysocket.Socket)
	return s
}

// orderSocket returns the built-in socket that orders self's output
// (bindings/socket/order.go): self.socket if it is the built-in socket
// type, the socket under its engine if it is Layered, else nil.
func orderSocket(self starlark.Value) *pysocket.Socket {
	var sock starlark.Value
	if h := hotOf(self); h != nil {
		sock = h.socket
	} else {
		sock, _ = attr(self, "socket")
	}
	switch s := sock.(type) {
	case *pysocket.Socket:
		return s
	case Layered:
		return s.Plain()
	}
	return nil
}

// socketOf returns self.socket, failing as Python's None.method() would.
func socketOf(fn string, self starlark.Value) (starlark.Value, error) {
	var sock starlark.Value
	if h := hotOf(self); h != nil {
		sock = h.socket
	} else {
		var err error
		if sock, err = attr(self, "socket"); err != nil {
			return nil, err
		}
	}
	if sock == starlark.None {
		return nil, fmt.Errorf("%s: dispatcher has no socket (call create_socket first)", fn)
	}
	return sock, nil
}

// listen(num)
func dispatcher_listen(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var num starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &num); err != nil {
		return nil, err
	}
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	setAttr(self, "accepting", starlark.True)
	return callMethod(th, sock, "listen", num)
}

// bind(addr)
func dispatcher_bind(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	setAttr(self, "addr", addr)
	return callMethod(th, sock, "bind", addr)
}

// connect(address)
func dispatcher_connect(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var address starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &address); err != nil {
		return nil, err
	}
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	setAttr(self, "connected", starlark.False)
	setAttr(self, "connecting", starlark.True)
	var errno unix.Errno
	if s, ok := sock.(*pysocket.Socket); ok {
		errno, err = s.ConnectEx(address)
		if err != nil {
			return nil, err
		}
	} else {
		v, err := callMethod(th, sock, "connect_ex", address)
		if err != nil {
			return nil, err
		}
		n, _ := starlark.AsInt32(v)
		errno = unix.Errno(n)
	}
	switch errno {
	case unix.EINPROGRESS, unix.EALREADY, unix.EWOULDBLOCK:
		return starlark.None, setAttr(self, "addr", address)
	case 0, unix.EISCONN:
		setAttr(self, "addr", address)
		_, err := callMethod(th, self, "handle_connect_event")
		return starlark.None, err
	}
	return nil, oserr.New(errno)
}

// accept() -> (sock, addr) or None
func dispatcher_accept(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	if g := gateOf(self); g != nil {
		return m.proxyAccept(th, self, g, sock)
	}
	if s, ok := sock.(*pysocket.Socket); ok {
		conn, addr, err := m.acceptOn(th, self, s)
		if conn == nil {
			return starlark.None, err
		}
		return starlark.Tuple{conn, addr}, nil
	}
	pair, err := callMethod(th, sock, "accept")
	if err != nil {
		return starlark.None, m.acceptFailed(th, self, sock, err)
	}
	m.resumeAccepts(th, self)
	return pair, nil
}

// acceptOn is dispatcher.accept() on self's built-in socket s: the new
// socket and its peer's address, or conn nil for Python's None (no
// connection was waiting).
func (m *Module) acceptOn(th *starlark.Thread, self starlark.Value, s *pysocket.Socket) (conn, addr starlark.Value, err error) {
	c, addr, err := s.Accept()
	if err != nil {
		return nil, nil, m.acceptFailed(th, self, s, err)
	}
	m.resumeAccepts(th, self)
	return c, addr, nil
}

// acceptFailed is what dispatcher.accept() makes of err, its socket's
// accept() failure: nil (it returns None) when no connection was
// waiting, or none could be taken for want of descriptors.
func (m *Module) acceptFailed(th *starlark.Thread, self, sock starlark.Value, err error) error {
	e, ok := errnoOf(err)
	if ok && (e == unix.EWOULDBLOCK || e == unix.ECONNABORTED || e == unix.EAGAIN) {
		return nil
	}
	if ok && (e == unix.EMFILE || e == unix.ENFILE || e == unix.ENOBUFS || e == unix.ENOMEM) {
		// out of descriptors: the pending connection stays queued; stop
		// watching the listener for a while instead of spinning on it,
		// and say so once
		fd, _ := sockFileno(th, sock)
		m.pauseAccepts(th, self, fd, err)
		return nil
	}
	return err
}

// send(data) -> number of bytes sent; 0 when it would block or the peer
// went away (then handle_close() has run).
func dispatcher_send(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	var data starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &data); err != nil {
		return nil, err
	}
	s, err := modules.BytesLike(fn.Name(), data)
	if err != nil {
		return nil, err
	}
	n, err := m.dispatcherSend(th, fn.Name(), self, bytesOf(s))
	return starlark.MakeInt(n), err
}

// dispatcherSend is dispatcher.send's work, for the method called name:
// data to the socket, and the number of bytes the kernel took.
func (m *Module) dispatcherSend(th *starlark.Thread, name string, self starlark.Value, data []byte) (int, error) {
	return m.dispatcherSendOn(th, name, self, nil, data)
}

// dispatcherSendOn is dispatcherSend with self's socket, when the caller
// has just read it (nil: read it here).
func (m *Module) dispatcherSendOn(th *starlark.Thread, name string, self, sock starlark.Value, data []byte) (int, error) {
	if len(m.sends.held) > 0 {
		// what the socket holds goes first (its SendBytes would send it
		// too), before the socket for data is chosen: if that fails and
		// handle_close gives the channel another socket, data goes there,
		// as it would have after the earlier sends had failed at once
		if s := orderSocket(self); s != nil {
			if err := s.SendHeld(); err != nil {
				return 0, err
			}
		}
		sock = nil // the flush may have changed it
	}
	if sock == nil || sock == starlark.None {
		var err error
		if sock, err = socketOf(name, self); err != nil {
			return 0, err
		}
	}
	var n int
	var err error
	if s, ok := sock.(*pysocket.Socket); ok {
		// the system call (small, to be inlined: see sock.RecvNow), after
		// what the socket holds (bindings/socket/order.go)
		n, err = s.SendBytes(data, 0)
	} else if l, ok := sock.(Layered); ok {
		n, err = l.ChannelSend(data)
	} else {
		n, err = sockSendCall(th, sock, data)
	}
	if err != nil {
		return m.sendFailed(th, self, err)
	}
	return n, nil
}

// sendFailed is what send() makes of the socket's error: 0 bytes when it
// would block, or when the peer went away (after handle_close()).
func (m *Module) sendFailed(th *starlark.Thread, self starlark.Value, err error) (int, error) {
	if e, ok := errnoOf(err); ok && (e == unix.EWOULDBLOCK || e == unix.EAGAIN) {
		return 0, nil
	}
	if disconnected(err) {
		_, err := callMethod(th, self, "handle_close")
		return 0, err
	}
	return 0, err
}

// recv(buffer_size) -> data; "" at end of file or when the peer went away
// (then handle_close() has run), and "" without closing when nothing was
// there to read (a spurious wake-up).
func dispatcher_recv(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	n := m.recvSizes.n
	if !m.recvSizes.same(args, kwargs) {
		var err error
		if n, err = m.recvSize(fn.Name(), args, kwargs); err != nil {
			return nil, err
		}
	}
	return m.dispatcherRecv(th, fn.Name(), self, n)
}

// recvSizes remembers the last size recv() was given as an int (a
// handler asks for the same size every time): what the Int was, and
// what it converted to. An Int never changes, and two that are the same
// Go value hold the same number, so comparing the Int is enough.
type recvSizes struct {
	last starlark.Int
	n    int
}

// same reports whether recv() was given the same int as the last time
// recvSize converted one: then c.n is its size, without a call. (Small,
// to be inlined.)
func (c *recvSizes) same(args starlark.Tuple, kwargs []starlark.Tuple) bool {
	if len(args) == 1 && len(kwargs) == 0 {
		i, ok := args[0].(starlark.Int)
		return ok && i == c.last
	}
	return false
}

// recvSize is recv()'s one argument, the most bytes to return, when it
// is not the one recvSizes.same answers for (its caller asks that first).
func (m *Module) recvSize(name string, args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if i, ok := args[0].(starlark.Int); ok {
			if n, ok := i.Int64(); ok && n >= 0 && n <= 1<<31 {
				m.recvSizes = recvSizes{i, int(n)}
				return int(n), nil
			}
		}
	}
	var n int
	if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// dispatcherRecv is dispatcher.recv's work, for the method called name;
// the system call is made in its own body (RecvAhead is small, to be
// inlined: see sock.RecvNow), what comes of it in received.
func (m *Module) dispatcherRecv(th *starlark.Thread, name string, self starlark.Value, n int) (starlark.Value, error) {
	sock, err := socketOf(name, self)
	if err != nil {
		return nil, err
	}
	if s, ok := sock.(*pysocket.Socket); ok {
		data, err := s.RecvAhead(n, &m.spare)
		return m.received(th, self, s, data, err)
	}
	if l, ok := sock.(Layered); ok {
		data, err := l.ChannelRecv(n)
		return m.received(th, self, nil, data, err)
	}
	data, err := callMethod(th, sock, "recv", starlark.MakeInt(n))
	return m.received(th, self, nil, data, err)
}

// received is what recv() makes of what the socket gave: the data; ""
// without closing when nothing was there (a spurious wake-up); "" after
// handle_close() at end of file or when the peer went away. s, when not
// nil, is the built-in socket read, which may now hold read-ahead bytes.
func (m *Module) received(th *starlark.Thread, self starlark.Value, s *pysocket.Socket, data starlark.Value, err error) (starlark.Value, error) {
	if s != nil && s.Buffered() > 0 {
		m.ahead.note(s)
	}
	if err != nil {
		if e, ok := errnoOf(err); ok && (e == unix.EAGAIN || e == unix.EWOULDBLOCK) {
			// a spurious wake-up: nothing to read yet, the channel stays
			// open (CPython raises BlockingIOError here, which reaches
			// handle_error and closes the channel)
			return starlark.String(""), nil
		}
		if disconnected(err) {
			if _, err := callMethod(th, self, "handle_close"); err != nil {
				return nil, err
			}
			return starlark.String(""), nil
		}
		return nil, err
	}
	if isEmpty(data) {
		// a closed connection is indicated by signaling a read condition,
		// and having recv() return 0.
		if _, err := callMethod(th, self, "handle_close"); err != nil {
			return nil, err
		}
		return starlark.String(""), nil
	}
	return data, nil
}

// close()
func dispatcher_close(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if len(m.sends.held) > 0 {
		// what the channel held goes out while it is still connected
		if err := m.sends.flushOne(self); err != nil {
			return nil, err
		}
	}
	setAttr(self, "connected", starlark.False)
	setAttr(self, "accepting", starlark.False)
	setAttr(self, "connecting", starlark.False)
	m.cancelOwned(self)
	m.proxyClosed(self)
	if _, err := callMethod(th, self, "del_channel"); err != nil {
		return nil, err
	}
	sock, err := attr(self, "socket")
	if err != nil || sock == starlark.None {
		return starlark.None, nil
	}
	return starlark.None, m.closeSocket(th, sock)
}

// closeSocket closes a dispatcher's socket, first telling the poller to
// forget its descriptor (which may be reused at once).
func (m *Module) closeSocket(th *starlark.Thread, sock starlark.Value) error {
	if fd, err := sockFileno(th, sock); err == nil && fd >= 0 {
		m.forget(fd)
	}
	var err error
	if s, ok := sock.(*pysocket.Socket); ok {
		err = s.Close()
	} else {
		_, err = callMethod(th, sock, "close")
	}
	if e, ok := errnoOf(err); ok && (e == unix.ENOTCONN || e == unix.EBADF) {
		return nil
	}
	return err
}

// handle_read_event()
func dispatcher_handle_read_event(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	m := moduleOf(fn)
	if f := plainHandleRead(self); f != nil {
		return starlark.Call(th, f, self.(*class.Instance).SelfArgs(), nil)
	}
	return m.handleReadEventAny(th, self)
}

// plainHandleRead returns the script's handle_read that handle_read_event
// calls for a connected channel that is not accepting (the common case,
// read once), or nil for any other channel or handle_read. Its caller
// calls it straight, for as few function returns as possible after the
// handler's system calls (see sock.RecvNow).
func plainHandleRead(self starlark.Value) *starlark.Function {
	if h := hotOf(self); h != nil {
		return h.plainRead(self)
	}
	return nil
}

// plainRead is plainHandleRead for a channel self whose hot attributes
// are h.
// (Small, to be inlined, as planned.)
func (h *hotAttrs) plainRead(self starlark.Value) *starlark.Function {
	if h.known&planReadFn == 0 {
		h.planRead(self)
	}
	return h.readFn
}

// planRead works out plainRead's answer.
func (h *hotAttrs) planRead(self starlark.Value) {
	h.known |= planReadFn
	h.readFn = nil
	if h.truth&(1<<hotAccepting|1<<hotConnected) == 1<<hotConnected {
		fn, bound, err := lookup(self, "handle_read")
		if f, ok := fn.(*starlark.Function); ok && !bound && err == nil {
			h.readFn = f
		}
	}
}

// handleReadEventAny is handle_read_event for any channel: accept, finish
// a connection, or read.
func (m *Module) handleReadEventAny(th *starlark.Thread, self starlark.Value) (starlark.Value, error) {
	if hotTruth(self, hotAccepting) {
		// accepting sockets are never connected, they "spawn" new
		// sockets that are connected
		return callMethod(th, self, "handle_accept")
	}
	if !hotTruth(self, hotConnected) {
		if hotTruth(self, hotConnecting) {
			if _, err := callMethod(th, self, "handle_connect_event"); err != nil {
				return nil, err
			}
		}
	}
	return callMethod(th, self, "handle_read")
}

// handle_connect_event()
func dispatcher_handle_connect_event(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	e, err := sockError(th, sock)
	if err != nil {
		return nil, err
	}
	if e != 0 {
		return nil, oserr.New(unix.Errno(e))
	}
	if _, err := callMethod(th, self, "handle_connect"); err != nil {
		return nil, err
	}
	setAttr(self, "connected", starlark.True)
	setAttr(self, "connecting", starlark.False)
	return starlark.None, nil
}

// handle_write_event()
func dispatcher_handle_write_event(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	if hotTruth(self, hotAccepting) {
		// Accepting sockets shouldn't get a write event.
		return starlark.None, nil
	}
	if !hotTruth(self, hotConnected) && hotTruth(self, hotConnecting) {
		if _, err := callMethod(th, self, "handle_connect_event"); err != nil {
			return nil, err
		}
	}
	return callMethod(th, self, "handle_write")
}

// handle_expt_event()
func dispatcher_handle_expt_event(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := noArgs(fn, args, kwargs); err != nil {
		return nil, err
	}
	// handle_expt_event() is called if there might be an error on the
	// socket, or if there is OOB data; check for the error condition first
	sock, err := socketOf(fn.Name(), self)
	if err != nil {
		return nil, err
	}
	e, err := sockError(th, sock)
	if err != nil {
		return nil, err
	}
	if e != 0 {
		// we can get here when select.select() says that there is an
		// exceptional condition on the socket
		return callMethod(th, self, "handle_close")
	}
	return callMethod(th, self, "handle_expt")
}

// unhandledEvents are the warnings of the default handle_expt,
// handle_read, handle_write and handle_connect.
var unhandledEvents = map[string]string{
	"handle_expt":    "unhandled incoming priority event",
	"handle_read":    "unhandled read event",
	"handle_write":   "unhandled write event",
	"handle_connect": "unhandled connect event",
}

// handle_expt(), handle_read(), handle_write(), handle_connect(): the
// defaults log a warning.
func dispatcher_unhandled(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return callMethod(th, self, "log_info", starlark.String(unhandledEvents[fn.Name()]), starlark.String("warning"))
}

// handle_accept(): accept and pass the new socket to handle_accepted().
func dispatcher_handle_accept(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	m := moduleOf(fn)
	var conn, addr starlark.Value
	if s := builtinSocket(self); s != nil && gateOf(self) == nil && isMethod(self, "accept", m.mAccept) {
		// the built-in accept() on the built-in socket of a listener
		// that reads no PROXY header: its pair is not made
		var err error
		if conn, addr, err = m.acceptOn(th, self, s); conn == nil {
			return starlark.None, err
		}
	} else {
		pair, err := callMethod(th, self, "accept")
		if err != nil || pair == starlark.None {
			return starlark.None, err
		}
		t, ok := pair.(starlark.Tuple)
		if !ok || len(t) != 2 {
			return nil, fmt.Errorf("%s: accept() returned %s, want (sock, addr)", fn.Name(), pair.Type())
		}
		conn, addr = t[0], t[1]
	}
	return callMethod(th, self, "handle_accepted", conn, addr)
}

// handle_accepted(sock, addr): the default closes the new socket.
func dispatcher_handle_accepted(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, addr starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 2, &sock, &addr); err != nil {
		return nil, err
	}
	if _, err := callMethod(th, sock, "close"); err != nil {
		return nil, err
	}
	return callMethod(th, self, "log_info", starlark.String("unhandled accepted event"), starlark.String("warning"))
}

// handle_close(): the default logs (silently) and closes.
func dispatcher_handle_close(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	if _, err := callMethod(th, self, "log_info", starlark.String("unhandled close event"), starlark.String("warning")); err != nil {
		return nil, err
	}
	return callMethod(th, self, "close")
}

// log(message) writes "log: message" to stderr.
func dispatcher_log(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	var msg starlark.Value
	if err := starlark.UnpackPositionalArgs(fn.Name(), args, kwargs, 1, &msg); err != nil {
		return nil, err
	}
	io.WriteString(m.cfg.Stderr, "log: "+strOn(th, msg)+"\n")
	return starlark.None, nil
}

// log_info(message, type="info") prints "type: message" unless type is in
// self.ignore_log_types.
func dispatcher_log_info(th *starlark.Thread, fn *class.Method, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m := moduleOf(fn)
	var msg starlark.Value
	var typ starlark.Value = starlark.String("info")
	if err := starlark.UnpackArgs(fn.Name(), args, kwargs, "message", &msg, "type?", &typ); err != nil {
		return nil, err
	}
	if ign, err := attr(self, "ignore_log_types"); err == nil {
		if c, ok := ign.(starlark.Container); ok {
			if in, err := c.Has(typ); err == nil && in {
				return starlark.None, nil
			}
		} else if it, ok := ign.(starlark.Iterable); ok {
			iter := it.Iterate()
			var x starlark.Value
			found := false
			for iter.Next(&x) {
				if eq, _ := starlark.Equal(x, typ); eq {
					found = true
				}
			}
			iter.Done()
			if found {
				return starlark.None, nil
			}
		}
	}
	io.WriteString(m.cfg.Stdout, strOn(th, typ)+": "+strOn(th, msg)+"\n")
	return starlark.None, nil
}
