package socket

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
)

// sockMethod is the Go body of one of the socket object's methods.
type sockMethod func(s *Socket, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// methods are the socket object's Starlark methods, by name. The table is
// constant data, laid out by the linker: nothing is built when the
// program starts.
var methods = [...]struct {
	name string
	fn   sockMethod
}{
	{"accept", sockAccept},
	{"bind", sockBind},
	{"close", sockClose},
	{"connect", sockConnect},
	{"connect_ex", sockConnectEx},
	{"detach", sockDetach},
	{"fileno", sockFileno},
	{"getblocking", sockGetblocking},
	{"getpeername", sockGetpeername},
	{"getsockname", sockGetsockname},
	{"getsockopt", sockGetsockopt},
	{"gettimeout", sockGettimeout},
	{"listen", sockListen},
	{"recv", sockRecv},
	{"recvfrom", sockRecvfrom},
	{"send", sockSend},
	{"sendall", sockSendall},
	{"sendto", sockSendto},
	{"setblocking", sockSetblocking},
	{"setsockopt", sockSetsockopt},
	{"settimeout", sockSettimeout},
	{"shutdown", sockShutdown},
}

// method returns the method called name, if the socket has one.
func method(name string) (sockMethod, bool) {
	i := sort.Search(len(methods), func(i int) bool { return methods[i].name >= name })
	if i < len(methods) && methods[i].name == name {
		return methods[i].fn, true
	}
	return nil, false
}

// callMethod is every bound socket method's built-in: it finds the
// method by the built-in's name and calls it on the receiver.
func callMethod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, ok := b.Receiver().(*Socket)
	fn, found := method(b.Name())
	if !ok || !found {
		return nil, fmt.Errorf("%s: not a socket", b.Name())
	}
	if b.Name() == "bind" {
		return sockBindOn(th, s, b.Name(), args, kwargs)
	}
	return fn(s, b.Name(), args, kwargs)
}

func sockFileno(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.MakeInt(int(s.fd)), nil
}

func sockBind(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return sockBindOn(nil, s, fn, args, kwargs)
}

// sockBindOn is bind() called from th, whose generation of workers may
// hold a listening socket for the address (handover.go).
func sockBindOn(th *starlark.Thread, s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	return starlark.None, s.bindOn(th, addr)
}

func sockListen(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	backlog := 128
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0, &backlog); err != nil {
		return nil, err
	}
	return starlark.None, s.Listen(backlog)
}

func sockAccept(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	c, addr, err := s.Accept()
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{c, addr}, nil
}

func sockConnect(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	e, err := s.ConnectEx(addr)
	if err != nil {
		return nil, err
	}
	if e == unix.EINPROGRESS && s.blocking {
		// a blocking connect interrupted by a signal: wait for it
		if e, err = sock.WaitConnected(int(s.fd)); err != nil {
			return nil, err
		}
	}
	if e != 0 {
		return nil, oserr.New(e)
	}
	return starlark.None, nil
}

func sockConnectEx(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var addr starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &addr); err != nil {
		return nil, err
	}
	e, err := s.ConnectEx(addr)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(int(e)), nil
}

func sockSend(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d starlark.Value
	flags := 0
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &d, &flags); err != nil {
		return nil, err
	}
	str, err := modules.BytesLike(fn, d)
	if err != nil {
		return nil, err
	}
	n, err := s.Send(str, flags)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

func sockSendall(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d starlark.Value
	flags := 0
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &d, &flags); err != nil {
		return nil, err
	}
	str, err := modules.BytesLike(fn, d)
	if err != nil {
		return nil, err
	}
	if err := s.SendHeld(); err != nil {
		return nil, err
	}
	b := []byte(str)
	for len(b) > 0 {
		n, err := s.SendBytes(b, flags)
		if err != nil {
			return nil, err
		}
		b = b[n:]
	}
	return starlark.None, nil
}

func sockRecv(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n, flags int
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &n, &flags); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("recv: negative buffersize in recv")
	}
	return s.Recv(n, flags)
}

func sockRecvfrom(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n, flags int
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &n, &flags); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, fmt.Errorf("recvfrom: negative buffersize in recvfrom")
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if n > maxRecv {
		n = maxRecv
	}
	if len(s.ahead) > 0 && flags&unix.MSG_OOB == 0 && n > 0 {
		// read-ahead bytes of a stream socket: no sender address, as
		// recvfrom() gives on a connected stream
		return starlark.Tuple{s.takeAhead(n, flags&unix.MSG_PEEK != 0), starlark.None}, nil
	}
	buf := make([]byte, n)
	k, sa, err := sock.Recvfrom(int(s.fd), buf, flags)
	if err != nil {
		return nil, err
	}
	var addr starlark.Value = starlark.None
	if sa != nil {
		addr = AddrToValue(int(s.family), sa)
	}
	return starlark.Tuple{starlark.String(buf[:k]), addr}, nil
}

func sockSendto(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var d, addr starlark.Value
	flags := 0
	switch len(args) {
	case 2:
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 2, &d, &addr); err != nil {
			return nil, err
		}
	case 3:
		if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 3, &d, &flags, &addr); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("sendto: takes 2 or 3 arguments (%d given)", len(args))
	}
	str, err := modules.BytesLike(fn, d)
	if err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	sa, err := ValueToSockaddr(fn, int(s.family), addr)
	if err != nil {
		return nil, err
	}
	if err := s.SendHeld(); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	n, err := sock.Sendto(int(s.fd), []byte(str), flags, sa)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

func sockShutdown(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var how int
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &how); err != nil {
		return nil, err
	}
	if err := s.SendHeld(); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return starlark.None, sock.Shutdown(int(s.fd), how)
}

func sockClose(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, s.Close()
}

func sockDetach(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if len(s.ahead) > 0 {
		return nil, s.errAheadDetach()
	}
	if err := s.SendHeld(); err != nil {
		return nil, err
	}
	fd := s.fd
	s.fd = -1
	s.disown()
	s.unlisten()
	return starlark.MakeInt(int(fd)), nil
}

func sockGetpeername(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return s.Getpeername()
}

func sockGetsockname(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	return s.Getsockname()
}

func sockSetsockopt(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level, opt int
	var value starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 3, &level, &opt, &value); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	switch v := value.(type) {
	case starlark.Int, starlark.Bool:
		n, err := starlark.AsInt32(v)
		if err != nil {
			return nil, fmt.Errorf("setsockopt: %v", err)
		}
		return starlark.None, sock.SetsockoptInt(int(s.fd), level, opt, n)
	case starlark.String, starlark.Bytes:
		str, _ := modules.BytesLike(fn, v)
		return starlark.None, sock.SetsockoptBytes(int(s.fd), level, opt, []byte(str))
	}
	return nil, fmt.Errorf("setsockopt: value must be int, str or bytes, not %s", value.Type())
}

func sockGetsockopt(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var level, opt, buflen int
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 2, &level, &opt, &buflen); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	if buflen < 0 || buflen > 1024 {
		return nil, fmt.Errorf("getsockopt: buflen out of range")
	}
	if buflen == 0 {
		n, err := sock.GetsockoptInt(int(s.fd), level, opt)
		if err != nil {
			return nil, err
		}
		return starlark.MakeInt(n), nil
	}
	b, err := sock.GetsockoptBytes(int(s.fd), level, opt, buflen)
	if err != nil {
		return nil, err
	}
	return starlark.String(b), nil
}

func sockSetblocking(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var flag starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &flag); err != nil {
		return nil, err
	}
	return starlark.None, s.SetBlocking(bool(flag.Truth()))
}

func sockGetblocking(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return starlark.Bool(s.blocking), nil
}

// settimeout supports None (blocking) and 0 (non-blocking); socket
// timeouts would block the whole loop and are not offered.
func sockSettimeout(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var t starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &t); err != nil {
		return nil, err
	}
	if t == starlark.None {
		return starlark.None, s.SetBlocking(true)
	}
	if f, ok := starlark.AsFloat(t); ok && f == 0 {
		return starlark.None, s.SetBlocking(false)
	}
	return nil, fmt.Errorf("settimeout: only None (blocking) and 0 (non-blocking) are supported; use asyncore for timeouts")
}

func sockGettimeout(s *Socket, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	if s.blocking {
		return starlark.None, nil
	}
	return starlark.Float(0), nil
}
