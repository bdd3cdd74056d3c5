package asyncore

import (
	"fmt"
	"io"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is asyncore.py's class dispatcher, method by method. Where
// CPython calls self.x(), the Go code calls callMethod(self, "x"), so a
// script's override is honoured everywhere CPython's would be.

type methodFunc = class.MethodFunc

func method(name string, fn methodFunc) *class.Method { return class.NewMethod(name, fn) }

func (m *Module) buildClasses() {
	m.mReadable = method("readable", alwaysTrue)
	m.mWritable = method("writable", alwaysTrue)
	m.mHandleReadEvent = method("handle_read_event", m.handleReadEvent)
	m.mHandleWriteEvent = method("handle_write_event", m.handleWriteEvent)
	m.mHandleExptEvent = method("handle_expt_event", m.handleExptEvent)
	m.mSend = method("send", m.send)
	ignore := starlark.NewSet(1)
	ignore.Insert(starlark.String("warning"))
	members := starlark.StringDict{
		"debug":            starlark.False,
		"connected":        starlark.False,
		"accepting":        starlark.False,
		"connecting":       starlark.False,
		"closing":          starlark.False,
		"addr":             starlark.None,
		"socket":           starlark.None,
		"_fileno":          starlark.None,
		"ignore_log_types": ignore,

		"__init__":             method("__init__", m.dispatcherInit),
		"__repr__":             method("__repr__", m.dispatcherRepr),
		"__getattr__":          method("__getattr__", socketDelegate),
		"add_channel":          method("add_channel", m.addChannel),
		"del_channel":          method("del_channel", m.delChannel),
		"create_socket":        method("create_socket", m.createSocket),
		"set_socket":           method("set_socket", m.setSocket),
		"set_reuse_addr":       method("set_reuse_addr", setReuseOpt("set_reuse_addr", unix.SO_REUSEADDR)),
		"set_reuse_port":       method("set_reuse_port", setReuseOpt("set_reuse_port", unix.SO_REUSEPORT)),
		"readable":             m.mReadable,
		"writable":             m.mWritable,
		"listen":               method("listen", m.listen),
		"bind":                 method("bind", m.bind),
		"connect":              method("connect", m.connect),
		"accept":               method("accept", m.accept),
		"send":                 m.mSend,
		"recv":                 method("recv", m.recvMethod()),
		"close":                method("close", m.close),
		"handle_read_event":    m.mHandleReadEvent,
		"handle_connect_event": method("handle_connect_event", m.handleConnectEvent),
		"handle_write_event":   m.mHandleWriteEvent,
		"handle_expt_event":    m.mHandleExptEvent,
		"handle_error":         method("handle_error", m.handleError),
		"handle_expt":          method("handle_expt", unhandled("handle_expt", "unhandled incoming priority event")),
		"handle_read":          method("handle_read", unhandled("handle_read", "unhandled read event")),
		"handle_write":         method("handle_write", unhandled("handle_write", "unhandled write event")),
		"handle_connect":       method("handle_connect", unhandled("handle_connect", "unhandled connect event")),
		"handle_accept":        method("handle_accept", handleAccept),
		"handle_accepted":      method("handle_accepted", handleAccepted),
		"handle_close":         method("handle_close", handleClose),
		"log":                  method("log", m.log),
		"log_info":             method("log_info", m.logInfo),
		"call_later":           method("call_later", m.boundCallLater(false)),
		"call_every":           method("call_every", m.boundCallLater(true)),
	}
	m.dispatcher = class.MustNew("dispatcher", "asyncore", []*class.Class{class.Object}, members)
	m.buildWithSend()
	m.buildFileClasses()
}

func alwaysTrue(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("readable", args, kwargs, 0); err != nil {
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
func (m *Module) dispatcherInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, mp starlark.Value = starlark.None, starlark.None
	if err := starlark.UnpackArgs("dispatcher.__init__", args, kwargs, "sock?", &sock, "map?", &mp); err != nil {
		return nil, err
	}
	if mp == starlark.None {
		mp = m.SocketMap()
	} else if _, ok := mp.(*starlark.Dict); !ok {
		return nil, fmt.Errorf("dispatcher.__init__: for parameter map: got %s, want dict", mp.Type())
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
	// socket from a blocking source.
	if _, err := callMethod(th, sock, "setblocking", starlark.False); err != nil {
		return nil, err
	}
	if _, err := callMethod(th, self, "set_socket", sock, mp); err != nil {
		return nil, err
	}
	setAttr(self, "connected", starlark.True)
	addr, err := callMethod(th, sock, "getpeername")
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
func (m *Module) dispatcherRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
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
func socketDelegate(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs("__getattr__", args, kwargs, 1, &name); err != nil {
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
func (m *Module) addChannel(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mp starlark.Value = starlark.None
	if err := starlark.UnpackArgs("add_channel", args, kwargs, "map?", &mp); err != nil {
		return nil, err
	}
	d, err := m.selfMap(self, mp)
	if err != nil {
		return nil, fmt.Errorf("add_channel: %v", err)
	}
	fd, err := attr(self, "_fileno")
	if err != nil {
		return nil, err
	}
	if fd == starlark.None {
		return nil, fmt.Errorf("add_channel: dispatcher has no socket")
	}
	old, found, _ := d.Get(fd)
	if err := d.SetKey(fd, self); err != nil {
		return nil, err
	}
	if n, err := starlark.AsInt32(fd); err == nil {
		m.reg.added(d, n, self, old, found)
	} else {
		m.reg.lost(d)
	}
	return starlark.None, nil
}

// del_channel(map=None)
func (m *Module) delChannel(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mp starlark.Value = starlark.None
	if err := starlark.UnpackArgs("del_channel", args, kwargs, "map?", &mp); err != nil {
		return nil, err
	}
	d, err := m.selfMap(self, mp)
	if err != nil {
		return nil, fmt.Errorf("del_channel: %v", err)
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
func (m *Module) createSocket(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, typ := unix.AF_INET, unix.SOCK_STREAM
	if err := starlark.UnpackArgs("create_socket", args, kwargs, "family?", &family, "type?", &typ); err != nil {
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
func (m *Module) setSocket(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, mp starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("set_socket", args, kwargs, "sock", &sock, "map?", &mp); err != nil {
		return nil, err
	}
	fd, err := sockFileno(th, sock)
	if err != nil {
		return nil, err
	}
	if fd < 0 {
		return nil, fmt.Errorf("set_socket: %w", oserr.New(unix.EBADF))
	}
	// whatever the poller remembers under this number belonged to a
	// descriptor that is closed now
	m.forget(fd)
	setAttr(self, "socket", sock)
	setAttr(self, "_fileno", starlark.MakeInt(fd))
	return callMethod(th, self, "add_channel", mp)
}

func setReuseOpt(name string, opt int) methodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
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
func (m *Module) listen(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var num starlark.Value
	if err := starlark.UnpackPositionalArgs("listen", args, kwargs, 1, &num); err != nil {
		return nil, err
	}
	sock, err := socketOf("listen", self)
	if err != nil {
		return nil, err
	}
	setAttr(self, "accepting", starlark.True)
	return callMethod(th, sock, "listen", num)
}

// bind(addr)
func (m *Module) bind(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs("bind", args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	sock, err := socketOf("bind", self)
	if err != nil {
		return nil, err
	}
	setAttr(self, "addr", addr)
	return callMethod(th, sock, "bind", addr)
}

// connect(address)
func (m *Module) connect(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var address starlark.Value
	if err := starlark.UnpackPositionalArgs("connect", args, kwargs, 1, &address); err != nil {
		return nil, err
	}
	sock, err := socketOf("connect", self)
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
func (m *Module) accept(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("accept", args, kwargs, 0); err != nil {
		return nil, err
	}
	sock, err := socketOf("accept", self)
	if err != nil {
		return nil, err
	}
	var pair starlark.Value
	if s, ok := sock.(*pysocket.Socket); ok {
		conn, addr, aerr := s.Accept()
		if aerr == nil {
			pair = starlark.Tuple{conn, addr}
		}
		err = aerr
	} else {
		pair, err = callMethod(th, sock, "accept")
	}
	if err != nil {
		e, ok := errnoOf(err)
		if ok && (e == unix.EWOULDBLOCK || e == unix.ECONNABORTED || e == unix.EAGAIN) {
			return starlark.None, nil
		}
		if ok && (e == unix.EMFILE || e == unix.ENFILE || e == unix.ENOBUFS || e == unix.ENOMEM) {
			// out of descriptors: the pending connection stays queued; stop
			// watching the listener for a while instead of spinning on it,
			// and say so once
			fd, _ := sockFileno(th, sock)
			m.pauseAccepts(self, fd, err)
			return starlark.None, nil
		}
		return nil, err
	}
	m.resumeAccepts(self)
	return pair, nil
}

// send(data) -> number of bytes sent; 0 when it would block or the peer
// went away (then handle_close() has run).
func (m *Module) send(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackPositionalArgs("send", args, kwargs, 1, &data); err != nil {
		return nil, err
	}
	s, err := dataString("send", data)
	if err != nil {
		return nil, err
	}
	n, err := m.dispatcherSend(th, self, bytesOf(s))
	return starlark.MakeInt(n), err
}

// dispatcherSend is dispatcher.send's work: data to the socket, and the
// number of bytes the kernel took.
func (m *Module) dispatcherSend(th *starlark.Thread, self starlark.Value, data []byte) (int, error) {
	return m.dispatcherSendOn(th, self, nil, data)
}

// dispatcherSendOn is dispatcherSend with self's socket, when the caller
// has just read it (nil: read it here).
func (m *Module) dispatcherSendOn(th *starlark.Thread, self, sock starlark.Value, data []byte) (int, error) {
	if len(m.sends.held) > 0 {
		// what the socket holds goes first (its SendBytes would send it
		// too), before the socket for data is chosen: if that fails and
		// handle_close gives the channel another socket, data goes there,
		// as it would have after the earlier sends had failed at once
		if s := builtinSocket(self); s != nil {
			if err := s.SendHeld(); err != nil {
				return 0, err
			}
		}
		sock = nil // the flush may have changed it
	}
	if sock == nil || sock == starlark.None {
		var err error
		if sock, err = socketOf("send", self); err != nil {
			return 0, err
		}
	}
	var n int
	var err error
	if s, ok := sock.(*pysocket.Socket); ok {
		// the system call (small, to be inlined: see sock.RecvNow), after
		// what the socket holds (bindings/socket/order.go)
		n, err = s.SendBytes(data, 0)
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
// there to read (a spurious wake-up). The method is this closure itself,
// not a method value (which would add a function frame between the
// system call and the handler, see sock.RecvNow).
func (m *Module) recvMethod() methodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		n, err := recvSize(args, kwargs)
		if err != nil {
			return nil, err
		}
		return m.dispatcherRecv(th, self, n)
	}
}

// recvSize is recv()'s one argument, the most bytes to return.
func recvSize(args starlark.Tuple, kwargs []starlark.Tuple) (int, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		if i, ok := args[0].(starlark.Int); ok {
			if n, ok := i.Int64(); ok && n >= 0 && n <= 1<<31 {
				return int(n), nil
			}
		}
	}
	var n int
	if err := starlark.UnpackPositionalArgs("recv", args, kwargs, 1, &n); err != nil {
		return 0, err
	}
	return n, nil
}

// dispatcherRecv is dispatcher.recv's work; the system call is made in
// its own body (RecvAhead is small, to be inlined: see sock.RecvNow),
// what comes of it in received.
func (m *Module) dispatcherRecv(th *starlark.Thread, self starlark.Value, n int) (starlark.Value, error) {
	sock, err := socketOf("recv", self)
	if err != nil {
		return nil, err
	}
	if s, ok := sock.(*pysocket.Socket); ok {
		data, err := s.RecvAhead(n)
		return m.received(th, self, s, data, err)
	}
	data, err := callMethod(th, sock, "recv", starlark.MakeInt(n))
	return m.received(th, self, nil, data, err)
}

// received is what recv() makes of what the socket gave: the data; ""
// without closing when nothing was there (a spurious wake-up); "" after
// handle_close() at end of file or when the peer went away. s, when not
// nil, is the built-in socket read, which may now hold read-ahead bytes.
func (m *Module) received(th *starlark.Thread, self starlark.Value, s *pysocket.Socket, data starlark.Value, err error) (starlark.Value, error) {
	if s != nil {
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
func (m *Module) close(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
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
func (m *Module) handleReadEvent(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
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
func (h *hotAttrs) plainRead(self starlark.Value) *starlark.Function {
	if h.known&planReadFn == 0 {
		h.known |= planReadFn
		h.readFn = nil
		if h.truth&(1<<hotAccepting|1<<hotConnected) == 1<<hotConnected {
			fn, bound, err := lookup(self, "handle_read")
			if f, ok := fn.(*starlark.Function); ok && !bound && err == nil {
				h.readFn = f
			}
		}
	}
	return h.readFn
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
func (m *Module) handleConnectEvent(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sock, err := socketOf("handle_connect_event", self)
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
func (m *Module) handleWriteEvent(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
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
func (m *Module) handleExptEvent(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	// handle_expt_event() is called if there might be an error on the
	// socket, or if there is OOB data; check for the error condition first
	sock, err := socketOf("handle_expt_event", self)
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

func unhandled(name, msg string) methodFunc {
	return func(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		return callMethod(th, self, "log_info", starlark.String(msg), starlark.String("warning"))
	}
}

// handle_accept(): accept and pass the new socket to handle_accepted().
func handleAccept(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("handle_accept", args, kwargs, 0); err != nil {
		return nil, err
	}
	pair, err := callMethod(th, self, "accept")
	if err != nil || pair == starlark.None {
		return starlark.None, err
	}
	t, ok := pair.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return nil, fmt.Errorf("handle_accept: accept() returned %s, want (sock, addr)", pair.Type())
	}
	return callMethod(th, self, "handle_accepted", t[0], t[1])
}

// handle_accepted(sock, addr): the default closes the new socket.
func handleAccepted(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, addr starlark.Value
	if err := starlark.UnpackPositionalArgs("handle_accepted", args, kwargs, 2, &sock, &addr); err != nil {
		return nil, err
	}
	if _, err := callMethod(th, sock, "close"); err != nil {
		return nil, err
	}
	return callMethod(th, self, "log_info", starlark.String("unhandled accepted event"), starlark.String("warning"))
}

// handle_close(): the default logs (silently) and closes.
func handleClose(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("handle_close", args, kwargs, 0); err != nil {
		return nil, err
	}
	if _, err := callMethod(th, self, "log_info", starlark.String("unhandled close event"), starlark.String("warning")); err != nil {
		return nil, err
	}
	return callMethod(th, self, "close")
}

// log(message) writes "log: message" to stderr.
func (m *Module) log(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var msg starlark.Value
	if err := starlark.UnpackPositionalArgs("log", args, kwargs, 1, &msg); err != nil {
		return nil, err
	}
	io.WriteString(m.cfg.Stderr, "log: "+str(msg)+"\n")
	return starlark.None, nil
}

// log_info(message, type="info") prints "type: message" unless type is in
// self.ignore_log_types.
func (m *Module) logInfo(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var msg starlark.Value
	var typ starlark.Value = starlark.String("info")
	if err := starlark.UnpackArgs("log_info", args, kwargs, "message", &msg, "type?", &typ); err != nil {
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
	io.WriteString(m.cfg.Stdout, str(typ)+": "+str(msg)+"\n")
	return starlark.None, nil
}

// str is Python's str(): strings unquoted, everything else as repr.
func str(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	return v.String()
}
