package ssl

import (
	"crypto/tls"
	"io"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
	"github.com/pyasync/pyasync/runtime/tlsconn"
)

// sslMethods are SSLSocket's own methods, by name.
var sslMethods = methodTable[*SSLSocket]{
	{"accept", sslAccept},
	{"cipher", sslCipher},
	{"close", sslClose},
	{"compression", sslNone},
	{"connect", sslConnect},
	{"connect_ex", sslConnectEx},
	{"detach", sslDetach},
	{"do_handshake", sslDoHandshake},
	{"fileno", sslFileno},
	{"get_channel_binding", sslChannelBinding},
	{"getpeercert", sslGetpeercert},
	{"pending", sslPending},
	{"read", sslRead},
	{"recv", sslRecv},
	{"recvfrom", sslNotAllowed},
	{"selected_alpn_protocol", sslSelectedALPN},
	{"selected_npn_protocol", sslNone},
	{"send", sslSend},
	{"sendall", sslSendall},
	{"sendto", sslNotAllowed},
	{"setblocking", sslSetblocking},
	{"settimeout", sslSettimeout},
	{"shutdown", sslShutdown},
	{"unwrap", sslUnwrap},
	{"version", sslVersion},
	{"write", sslWrite},
}

// callSSLMethod is every bound SSLSocket method's built-in.
func callSSLMethod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return sslMethods.call("SSLSocket", th, b, args, kwargs)
}

// plainMethod calls the plain socket's method name.
func (s *SSLSocket) plainMethod(th *starlark.Thread, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	m, err := s.sock.Attr(name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(th, m, args, kwargs)
}

// noFlags is CPython's refusal of flags on a TLS socket.
func noFlags(fn string, flags int) error {
	if flags != 0 {
		return pyerr.Errorf("ValueError", "non-zero flags not allowed in calls to %s() on <class 'ssl.SSLSocket'>", fn)
	}
	return nil
}

// checkOpen fails as Python's socket calls do on a closed socket.
func (s *SSLSocket) checkOpen() error {
	if s.sock.Fileno() < 0 {
		return oserr.New(unix.EBADF)
	}
	return nil
}

// checkConnected is Python's _check_connected: a socket not known to be
// connected asks the kernel (ENOTCONN if it is not).
func (s *SSLSocket) checkConnected() error {
	if err := s.checkOpen(); err != nil {
		return err
	}
	if !s.connected {
		if _, err := sock.Getpeername(s.sock.Fileno()); err != nil {
			return err
		}
		s.connected = true
	}
	return nil
}

// noWrapper is unwrap()'s error without TLS.
func (s *SSLSocket) noWrapper() error {
	return pyerr.Errorf("ValueError", "No SSL wrapper around %s", s.String())
}

// do_handshake(block=False)
func sslDoHandshake(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	block := false
	if err := starlark.UnpackArgs(fn, args, kwargs, "block?", &block); err != nil {
		return nil, err
	}
	if err := s.checkConnected(); err != nil {
		return nil, err
	}
	if s.eng == nil {
		return nil, s.noWrapper()
	}
	if block && !s.blocking {
		s.blocking = true
		defer func() { s.blocking = false }()
	}
	return starlark.None, s.handshake()
}

// recv(buflen=1024, flags=0)
func sslRecv(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n, flags := 1024, 0
	if err := starlark.UnpackArgs(fn, args, kwargs, "buflen?", &n, "flags?", &flags); err != nil {
		return nil, err
	}
	if err := noFlags(fn, flags); err != nil {
		return nil, err
	}
	return s.Recv(n)
}

// read(len=1024)
func sslRead(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := 1024
	if err := starlark.UnpackArgs(fn, args, kwargs, "len?", &n); err != nil {
		return nil, err
	}
	if s.eng == nil {
		return nil, pyerr.Errorf("ValueError", "Read on closed or unwrapped SSL socket.")
	}
	return s.Recv(n)
}

// maxRecv caps the buffer one recv() allocates.
const maxRecv = 16 << 20

// Recv is recv(n): decrypted bytes, "" at the end of the stream, or
// SSLWantReadError when a non-blocking socket has no whole record yet.
func (s *SSLSocket) Recv(n int) (starlark.Value, error) {
	v, err := s.recv(n)
	return v, pyError(err)
}

// ChannelRecv is recv(n) for an asyncore channel (bindings/asyncore's
// Layered): as Recv, but EAGAIN, as from a plain socket, where the
// engine would block.
func (s *SSLSocket) ChannelRecv(n int) (starlark.Value, error) {
	v, err := s.recv(n)
	if err == tlsconn.ErrWantRead || err == tlsconn.ErrWantWrite {
		return starlark.String(""), oserr.New(unix.EAGAIN)
	}
	return v, pyError(err)
}

// recv is Recv with the engine's own errors.
func (s *SSLSocket) recv(n int) (starlark.Value, error) {
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyerr.Errorf("ValueError", "size should not be negative")
	}
	if s.eng == nil {
		return s.plainRecv(n)
	}
	if n == 0 {
		return starlark.String(""), nil
	}
	n = min(n, maxRecv)
	if cap(s.scratch) < n {
		s.scratch = make([]byte, n)
	}
	buf := s.scratch[:n]
	var k int
	err := s.io(func() (err error) {
		k, err = s.eng.Read(buf)
		return err
	})
	switch err {
	case nil:
		out := starlark.String(buf[:k])
		if cap(s.scratch) > 1<<20 {
			s.scratch = nil
		}
		return out, nil
	case io.EOF:
		return starlark.String(""), nil
	case tlsconn.ErrRaggedEOF:
		if s.suppress {
			return starlark.String(""), nil
		}
	}
	return nil, err
}

// plainRecv is recv() without TLS: the bytes unwrap() found first.
func (s *SSLSocket) plainRecv(n int) (starlark.Value, error) {
	if len(s.clear) > 0 && n > 0 {
		k := min(n, len(s.clear))
		out := starlark.String(s.clear[:k])
		s.clear = s.clear[k:]
		return out, nil
	}
	return s.sock.Recv(n, 0)
}

// send(data, flags=0)
func sslSend(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	b, err := sendArgs(fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	n, err := s.Send(b)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

// write(data)
func sslWrite(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value
	if err := starlark.UnpackArgs(fn, args, kwargs, "data", &data); err != nil {
		return nil, err
	}
	b, err := dataArg(fn, data)
	if err != nil {
		return nil, err
	}
	if s.eng == nil {
		return nil, pyerr.Errorf("ValueError", "Write on closed or unwrapped SSL socket.")
	}
	n, err := s.Send(b)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

// sendall(data, flags=0)
func sslSendall(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	b, err := sendArgs(fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	for len(b) > 0 {
		n, err := s.Send(b)
		if err != nil {
			return nil, err
		}
		b = b[n:]
	}
	return starlark.None, nil
}

// sendArgs unpacks send's and sendall's (data, flags=0), refusing flags.
func sendArgs(fn string, args starlark.Tuple, kwargs []starlark.Tuple) ([]byte, error) {
	var data starlark.Value
	flags := 0
	if err := starlark.UnpackArgs(fn, args, kwargs, "data", &data, "flags?", &flags); err != nil {
		return nil, err
	}
	if err := noFlags(fn, flags); err != nil {
		return nil, err
	}
	return dataArg(fn, data)
}

// dataArg accepts str or bytes.
func dataArg(fn string, v starlark.Value) ([]byte, error) {
	switch v := v.(type) {
	case starlark.String:
		return []byte(v), nil
	case starlark.Bytes:
		return []byte(v), nil
	}
	return nil, pyerr.Errorf("TypeError", "%s: a bytes-like object is required, not '%s'", fn, v.Type())
}

// Send is send(data): how many bytes TLS took (all of them on a blocking
// socket), or SSLWantWriteError while a non-blocking socket's earlier
// records still wait for the kernel.
func (s *SSLSocket) Send(b []byte) (int, error) {
	n, err := s.send(b)
	return n, pyError(err)
}

// ChannelSend is send(data) for an asyncore channel (bindings/asyncore's
// Layered): as Send, but 0 bytes, as a plain socket's EAGAIN, where the
// engine would block.
func (s *SSLSocket) ChannelSend(b []byte) (int, error) {
	n, err := s.send(b)
	if err == tlsconn.ErrWantRead || err == tlsconn.ErrWantWrite {
		return 0, nil
	}
	return n, pyError(err)
}

// send is Send with the engine's own errors.
func (s *SSLSocket) send(b []byte) (int, error) {
	if err := s.checkOpen(); err != nil {
		return 0, err
	}
	if err := s.sendHeld(); err != nil {
		return 0, err
	}
	if s.eng == nil {
		return s.sock.SendBytes(b, 0)
	}
	if !s.blocking {
		return s.eng.Write(b)
	}
	total := 0
	for {
		var n int
		err := s.io(func() (err error) {
			n, err = s.eng.Write(b[total:])
			return err
		})
		total += n
		if err != nil {
			return total, err
		}
		if total == len(b) {
			return total, s.io(s.eng.Flush)
		}
	}
}

// pending()
func sslPending(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.eng == nil {
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeInt(s.eng.Pending()), nil
}

// unwrap(): close_notify both ways; the socket goes on in clear and is
// returned.
func sslUnwrap(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.eng == nil {
		return nil, s.noWrapper()
	}
	if err := s.sendHeld(); err != nil {
		return nil, err
	}
	if err := s.io(s.eng.Shutdown); err != nil {
		return nil, pyError(err)
	}
	s.clear = s.eng.TakeBuffered()
	s.dropEngine()
	return s, nil
}

// state is the engine's connection state once the handshake is done.
func (s *SSLSocket) state() (st tls.ConnectionState, ok bool) {
	if s.eng == nil {
		return st, false
	}
	return s.eng.State()
}

// getpeercert(binary_form=False)
func sslGetpeercert(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	binary := false
	if err := starlark.UnpackArgs(fn, args, kwargs, "binary_form?", &binary); err != nil {
		return nil, err
	}
	if err := s.checkConnected(); err != nil {
		return nil, err
	}
	st, ok := s.state()
	if !ok {
		return nil, pyerr.Errorf("ValueError", "handshake not done yet")
	}
	if len(st.PeerCertificates) == 0 {
		return starlark.None, nil
	}
	leaf := st.PeerCertificates[0]
	if binary {
		return starlark.Bytes(leaf.Raw), nil
	}
	if s.ctx.verifyMode == certNone {
		return starlark.NewDict(0), nil // not validated: CPython gives {}
	}
	return certDict(leaf, true), nil
}

// version()
func sslVersion(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if st, ok := s.state(); ok {
		return starlark.String(versionName(st.Version)), nil
	}
	return starlark.None, nil
}

// cipher()
func sslCipher(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if st, ok := s.state(); ok {
		return cipherTuple(st.CipherSuite), nil
	}
	return starlark.None, nil
}

// selected_alpn_protocol()
func sslSelectedALPN(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if st, ok := s.state(); ok && st.NegotiatedProtocol != "" {
		return starlark.String(st.NegotiatedProtocol), nil
	}
	return starlark.None, nil
}

// compression(), selected_npn_protocol(): never any.
func sslNone(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// get_channel_binding(cb_type="tls-unique")
func sslChannelBinding(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	cb := "tls-unique"
	if err := starlark.UnpackArgs(fn, args, kwargs, "cb_type?", &cb); err != nil {
		return nil, err
	}
	if cb != "tls-unique" {
		return nil, pyerr.Errorf("ValueError", "'%s' channel binding type not implemented", cb)
	}
	if st, ok := s.state(); ok && len(st.TLSUnique) > 0 {
		return starlark.Bytes(st.TLSUnique), nil
	}
	return starlark.None, nil
}

// recvfrom, sendto: not on a TLS socket.
func sslNotAllowed(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if s.eng != nil {
		return nil, pyerr.Errorf("ValueError", "%s not allowed on instances of <class 'ssl.SSLSocket'>", fn)
	}
	return s.plainMethod(th, fn, args, kwargs)
}

// connect(address), connect_ex(address): the engine starts with the
// connection; the handshake follows at once if do_handshake_on_connect.
func sslConnect(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.connect(th, fn, args, kwargs)
}

func sslConnectEx(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.connect(th, fn, args, kwargs)
}

func (s *SSLSocket) connect(th *starlark.Thread, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if s.serverSide {
		return nil, pyerr.Errorf("ValueError", "can't connect in server-side mode")
	}
	if s.connected || s.eng != nil {
		return nil, pyerr.Errorf("ValueError", "attempt to connect already-connected SSLSocket!")
	}
	if err := s.start(nil); err != nil {
		return nil, err
	}
	rc, err := s.plainMethod(th, fn, args, kwargs)
	if err != nil {
		s.dropEngine()
		return nil, err
	}
	if fn == "connect_ex" {
		if n, _ := starlark.AsInt32(rc); n != 0 {
			return rc, nil
		}
	}
	s.connected = true
	if s.onConnect {
		if err := s.handshake(); err != nil {
			return nil, err
		}
	}
	return rc, nil
}

// accept(): a connection, wrapped for the server side.
func sslAccept(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	pair, err := s.plainMethod(th, fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	t, ok := pair.(starlark.Tuple)
	if !ok || len(t) != 2 {
		return pair, nil
	}
	w, err := wrap(th, s.ctx, t[0], wrapOptions{serverSide: true, onConnect: s.onConnect, suppress: s.suppress})
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{w, t[1]}, nil
}

// close()
func sslClose(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, s.close()
}

// shutdown(how): TLS ends without close_notify, as in CPython.
func sslShutdown(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := s.sendHeld(); err != nil {
		return nil, err
	}
	s.dropEngine()
	return s.plainMethod(th, fn, args, kwargs)
}

// detach()
func sslDetach(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := s.sendHeld(); err != nil {
		return nil, err
	}
	s.dropEngine()
	return s.plainMethod(th, fn, args, kwargs)
}

// fileno()
func sslFileno(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(s.sock.Fileno()), nil
}

// setblocking(flag), settimeout(value): the plain socket's, noted.
func sslSetblocking(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.setMode(th, fn, args, kwargs)
}

func sslSettimeout(th *starlark.Thread, s *SSLSocket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return s.setMode(th, fn, args, kwargs)
}

func (s *SSLSocket) setMode(th *starlark.Thread, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	v, err := s.plainMethod(th, fn, args, kwargs)
	if err != nil {
		return nil, err
	}
	if nb, err := sock.IsNonblock(s.sock.Fileno()); err == nil {
		s.blocking = !nb
	}
	return v, nil
}
