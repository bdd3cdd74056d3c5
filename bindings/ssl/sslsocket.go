package ssl

import (
	"runtime"
	"sort"
	"strings"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
	"github.com/pyasync/pyasync/runtime/tlsconn"
)

// SSLSocket is a socket wrapped by an SSLContext: Python's ssl.SSLSocket.
// It owns a plain socket (the descriptor, taken from the socket it
// wrapped, which is left detached as in Python) and, while TLS is on,
// the TLS engine. Without an engine (a client not connected yet, or
// after unwrap()) it is a plain socket.
//
// Methods (sslsocket_methods.go): do_handshake, recv, read, send, write,
// sendall, pending, unwrap, getpeercert, version, cipher,
// selected_alpn_protocol, selected_npn_protocol, compression,
// get_channel_binding, connect, connect_ex, accept, close, shutdown,
// detach, fileno, setblocking, settimeout; every other socket method and
// attribute is the plain socket's. Attributes: context, server_side,
// server_hostname, do_handshake_on_connect, suppress_ragged_eofs,
// session, session_reused.
//
// To an asyncore loop it is a socket like any other, which also tells
// what its engine holds (loop.go).
type SSLSocket struct {
	sock *pysocket.Socket
	ctx  *Context
	eng  *tlsconn.Conn

	serverSide bool
	onConnect  bool // do_handshake_on_connect
	suppress   bool // suppress_ragged_eofs
	hostname   starlark.Value
	connected  bool // Python's _connected
	blocking   bool

	clear   []byte // after unwrap(): bytes the peer sent in clear after its close_notify
	scratch []byte // reused by recv
	dropped runtime.Cleanup
	hasDrop bool
}

var _ starlark.HasAttrs = (*SSLSocket)(nil)

// wrapOptions are wrap_socket's arguments beyond the socket.
type wrapOptions struct {
	serverSide, onConnect, suppress bool
	hostname                        starlark.Value
}

// wrap is SSLContext.wrap_socket: v's descriptor goes to a new SSLSocket
// (v is left detached), whose engine starts at once if v is connected.
func wrap(th *starlark.Thread, c *Context, v starlark.Value, o wrapOptions) (starlark.Value, error) {
	c.mod.reap()
	plain, ok := v.(*pysocket.Socket)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "wrap_socket: sock must be a socket, not %s", v.Type())
	}
	if err := c.checkWrap(&o); err != nil {
		return nil, err
	}
	fd := plain.Fileno()
	if fd < 0 {
		return nil, oserr.New(unix.EBADF)
	}
	family, typ, proto, err := sock.SocketType(fd)
	if err != nil {
		return nil, err
	}
	if typ != unix.SOCK_STREAM {
		return nil, pyerr.Errorf("NotImplementedError", "only stream sockets are supported")
	}
	nonblocking, err := sock.IsNonblock(fd)
	if err != nil {
		return nil, err
	}
	_, perr := sock.Getpeername(fd)
	connected := perr == nil
	if connected && o.onConnect && nonblocking {
		return nil, pyerr.Errorf("ValueError", "do_handshake_on_connect should not be specified for non-blocking sockets")
	}
	peer := plain.Peer() // a PROXY header's client, if one gave it
	ahead, err := takeOver(th, plain)
	if err != nil {
		return nil, err
	}
	s := &SSLSocket{
		sock: pysocket.FromFD(fd, family, typ, proto), ctx: c,
		serverSide: o.serverSide, onConnect: o.onConnect, suppress: o.suppress, hostname: o.hostname,
		blocking: !nonblocking,
	}
	if peer != nil {
		s.sock.SetPeer(peer)
	}
	if connected {
		s.connected = true
		if err := s.start(ahead); err != nil {
			s.sock.Close()
			return nil, err
		}
		if o.onConnect {
			if err := s.handshake(); err != nil {
				s.close()
				return nil, err
			}
		}
	}
	return s, nil
}

// checkWrap refuses what CPython's SSLSocket._create refuses, in its
// order.
func (c *Context) checkWrap(o *wrapOptions) error {
	if o.hostname == nil {
		o.hostname = starlark.None
	}
	if h, ok := o.hostname.(starlark.String); ok && h == "" {
		o.hostname = starlark.None // as CPython: no name
	}
	if o.serverSide && o.hostname != starlark.None {
		return pyerr.Errorf("ValueError", "server_hostname can only be specified in client mode")
	}
	if o.hostname == starlark.None {
		if c.checkHostname {
			return pyerr.Errorf("ValueError", "check_hostname requires server_hostname")
		}
		return nil
	}
	h, ok := starlark.AsString(o.hostname)
	if !ok {
		return pyerr.Errorf("TypeError", "server_hostname must be str, not %s", o.hostname.Type())
	}
	if strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
		return pyerr.Errorf("UnicodeError", "encoding with 'idna' codec failed (UnicodeError: label empty or too long)")
	}
	return nil
}

// checkSide refuses, as CPython's _ssl does when it makes the TLS
// object (at the wrap of a connected socket, else at connect), a side
// the context's protocol is not for.
func (c *Context) checkSide(serverSide bool) error {
	switch {
	case serverSide && c.protocol == protocolTLSClient:
		return newError("ssl.SSLError", 0, "", "", "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context")
	case !serverSide && c.protocol == protocolTLSServer:
		return newError("ssl.SSLError", 0, "", "", "Cannot create a client socket with a PROTOCOL_TLS_SERVER context")
	}
	return nil
}

// takeOver detaches plain's descriptor, as Python's wrap_socket does,
// and returns the bytes plain had read ahead of its script, which the
// engine must read first.
func takeOver(th *starlark.Thread, plain *pysocket.Socket) ([]byte, error) {
	var ahead []byte
	if n := plain.Buffered(); n > 0 {
		v, err := plain.Recv(n, 0)
		if err != nil {
			return nil, err
		}
		s, _ := starlark.AsString(v)
		ahead = []byte(s)
	}
	detach, err := plain.Attr("detach")
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(th, detach, nil, nil); err != nil {
		return nil, err
	}
	return ahead, nil
}

// start makes the TLS engine of a connected socket.
func (s *SSLSocket) start(ahead []byte) error {
	if err := s.ctx.checkSide(s.serverSide); err != nil {
		return err
	}
	var eng *tlsconn.Conn
	var err error
	if s.serverSide {
		eng, err = tlsconn.Server(s.sock.Fileno(), s.ctx.serverConfig(), ahead)
	} else {
		host, _ := starlark.AsString(s.hostname)
		eng, err = tlsconn.Client(s.sock.Fileno(), s.ctx.clientConfig(host), ahead)
	}
	if err != nil {
		return pyError(err)
	}
	s.eng = eng
	s.dropped = runtime.AddCleanup(s, abandon, dropped{s.ctx.mod, eng})
	s.hasDrop = true
	return nil
}

// dropped is what the collector needs to end the engine of an SSLSocket
// a script dropped without closing it.
type dropped struct {
	mod *module
	eng *tlsconn.Conn
}

func abandon(d dropped) { d.mod.abandon(d.eng) }

// dropEngine ends TLS on the socket: the engine is freed, the socket is
// plain from now on.
func (s *SSLSocket) dropEngine() {
	if s.eng == nil {
		return
	}
	s.eng.Close()
	s.eng = nil
	if s.hasDrop {
		s.dropped.Stop()
		s.hasDrop = false
	}
}

// close sends close_notify (as far as the kernel takes it now), frees
// the engine and closes the descriptor; what the channel held goes
// first.
func (s *SSLSocket) close() error {
	if s.eng != nil {
		if err := s.sock.SendHeld(); err != nil {
			s.dropEngine()
			s.sock.Close()
			return err
		}
		s.eng.SendCloseNotify()
		s.dropEngine()
	}
	s.clear = nil
	return s.sock.Close()
}

// handshake is do_handshake(): the engine's handshake, waited for on a
// blocking socket.
func (s *SSLSocket) handshake() error {
	s.ctx.mod.reap()
	return pyError(s.io(s.eng.Handshake))
}

// io runs op, one of the engine's calls. On a non-blocking socket it
// runs it once; on a blocking one it waits for the descriptor and runs
// it again for as long as it asks to.
func (s *SSLSocket) io(op func() error) error {
	for {
		err := op()
		if !s.blocking || (err != tlsconn.ErrWantRead && err != tlsconn.ErrWantWrite) {
			return err
		}
		if err := s.wait(err); err != nil {
			return err
		}
	}
}

// wait blocks until the descriptor is ready for what the engine wants,
// sending what the engine holds meanwhile: a peer may wait for it
// before it sends what the engine waits for.
func (s *SSLSocket) wait(want error) error {
	fd := s.sock.Fileno()
	for {
		ev := int16(unix.POLLIN)
		if want == tlsconn.ErrWantWrite {
			ev = unix.POLLOUT
		}
		if s.eng.WantsWrite() {
			ev |= unix.POLLOUT
		}
		pfd := []unix.PollFd{{Fd: int32(fd), Events: ev}}
		if err := oserr.IgnoringEINTR(func() error {
			_, err := unix.Poll(pfd, -1)
			return err
		}); err != nil {
			return oserr.FromErr(err)
		}
		if pfd[0].Revents&unix.POLLOUT != 0 && s.eng.WantsWrite() {
			if err := s.eng.Flush(); err != nil && err != tlsconn.ErrWantWrite {
				return err
			}
			if want == tlsconn.ErrWantRead && pfd[0].Revents&(unix.POLLIN|unix.POLLHUP|unix.POLLERR) == 0 {
				continue
			}
		}
		return nil
	}
}

// What an asyncore loop asks of a socket with an engine of its own
// (bindings/asyncore's Layered), so that the channel is readable and
// writable when TLS, not only the kernel, says so.

// Fileno is the descriptor.
func (s *SSLSocket) Fileno() int { return s.sock.Fileno() }

// Buffered is how much a recv() gives without the kernel: decrypted
// bytes, or 1 for the end of the stream or a failure not yet reported
// (a recv returns at once); after unwrap(), the bytes that came in
// clear with the peer's close_notify.
func (s *SSLSocket) Buffered() int {
	if s.eng == nil {
		return len(s.clear)
	}
	if s.eng.Ready() {
		return max(s.eng.Pending(), 1)
	}
	return 0
}

// ReadReady is asked on a read event before the handler is called: once
// the handshake is done, the engine takes what the kernel has and tells
// whether recv() will give something (bytes, the end, an error) rather
// than raise SSLWantReadError for part of a record.
func (s *SSLSocket) ReadReady() bool {
	if s.eng == nil {
		return true
	}
	return s.eng.Fill()
}

// Plain is the socket under the engine: an asyncore channel holding
// sends for a while registers them with it (socket.Hold), and the
// SSLSocket sends them (sendHeld) before it sends anything else and
// before it ends TLS.
func (s *SSLSocket) Plain() *pysocket.Socket { return s.sock }

// sendHeld sends what the channel held, through this socket's engine.
func (s *SSLSocket) sendHeld() error { return s.sock.SendHeld() }

// WantsWrite reports whether TLS holds records for the kernel.
func (s *SSLSocket) WantsWrite() bool { return s.eng != nil && s.eng.WantsWrite() }

// Flush sends the records TLS holds, as far as the kernel takes them; an
// error is the kernel's (the peer went away), as Python's.
func (s *SSLSocket) Flush() error {
	if s.eng == nil {
		return nil
	}
	if err := s.eng.Flush(); err != nil && err != tlsconn.ErrWantWrite {
		return pyError(err)
	}
	return nil
}

func (s *SSLSocket) String() string {
	return strings.Replace(s.sock.String(), "<socket", "<ssl.SSLSocket", 1)
}
func (s *SSLSocket) Type() string          { return "SSLSocket" }
func (s *SSLSocket) Freeze()               {}
func (s *SSLSocket) Truth() starlark.Bool  { return true }
func (s *SSLSocket) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(s))), nil }

func (s *SSLSocket) Attr(name string) (starlark.Value, error) {
	switch name {
	case "context":
		return s.ctx, nil
	case "server_side":
		return starlark.Bool(s.serverSide), nil
	case "server_hostname":
		return s.hostname, nil
	case "do_handshake_on_connect":
		return starlark.Bool(s.onConnect), nil
	case "suppress_ragged_eofs":
		return starlark.Bool(s.suppress), nil
	case "session":
		return starlark.None, nil
	case "session_reused":
		if s.eng != nil {
			if st, ok := s.eng.State(); ok {
				return starlark.Bool(st.DidResume), nil
			}
		}
		return starlark.False, nil
	}
	if sslMethods.has(name) {
		return starlark.NewBuiltin(name, callSSLMethod).BindReceiver(s), nil
	}
	return s.sock.Attr(name)
}

func (s *SSLSocket) AttrNames() []string {
	names := []string{"context", "do_handshake_on_connect", "server_hostname", "server_side", "session",
		"session_reused", "suppress_ragged_eofs"}
	names = append(names, sslMethods.names()...)
	for _, n := range s.sock.AttrNames() {
		if !sslMethods.has(n) {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}
