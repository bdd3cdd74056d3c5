// Package socket is the Starlark module socket: socket objects with
// Python's methods and signatures over runtime/sock, for IPv4, IPv6 and
// Unix sockets, stream and datagram.
//
// Module members:
//
//	socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)
//	socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)
//	gethostname()   gethostbyname(name)
//	getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)
//	gethostbyaddr(ip) gethostbyname_ex(name) getfqdn(name="") (names.go)
//	inet_aton inet_ntoa inet_pton inet_ntop htons ntohs htonl ntohl (inet.go)
//	AF_INET AF_INET6 AF_UNIX AF_UNSPEC SOCK_STREAM SOCK_DGRAM ...
//
// Socket methods: fileno bind listen accept connect connect_ex send
// sendall recv recvfrom sendto shutdown close getpeername getsockname
// setsockopt getsockopt setblocking getblocking settimeout gettimeout
// detach; attributes family, type, proto.
//
// recv() returns a str holding exactly the bytes received; send accepts
// str or bytes. A socket is blocking until setblocking(False), as in
// Python.
package socket

import (
	"fmt"
	"runtime"
	"sort"
	"sync/atomic"
	"unsafe"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
)

// Socket is a Starlark socket object.
type Socket struct {
	fd                 int32
	family, typ, proto int32
	ahead              []byte           // read ahead, not yet returned (ahead.go)
	aheadBuf           *[AheadSize]byte // the pooled buffer ahead lives in, if copied out
	owned              runtime.Cleanup  // closes fd if the script drops s (owner.go)
	held               Held             // bytes to send before any other output (order.go)
	rare               *rareState       // what few sockets need, made when first needed
	blocking           bool
	lent               bool // ahead lives in a buffer lent to strings
	isOwned            bool // owned is set
}

// rareState is what only some sockets hold: kept apart so that the
// socket of an idle connection stays small.
type rareState struct {
	peer   starlark.Value // getpeername()'s answer when a PROXY header gave it (proxied.go)
	listen *listenState   // a listening socket handed over between generations (handover.go)
}

// peer is the address a PROXY header gave, or nil.
func (s *Socket) peer() starlark.Value {
	if s.rare == nil {
		return nil
	}
	return s.rare.peer
}

// listenOf returns the handover state of a listening socket, or nil.
func (s *Socket) listenOf() *listenState {
	if s.rare == nil {
		return nil
	}
	return s.rare.listen
}

// rareOf returns s's rare state, made on first use.
func (s *Socket) rareOf() *rareState {
	if s.rare == nil {
		s.rare = new(rareState)
	}
	return s.rare
}

var _ starlark.HasAttrs = (*Socket)(nil)

// ReusePort makes every TCP socket bind with SO_REUSEPORT, so that the
// workers of pyasync -j N can listen on one port and the kernel spreads
// connections among them. Set once, before any script runs.
var ReusePort atomic.Bool

// maxRecv caps what one recv() may ask for: the buffer is allocated up
// front, so a huge bufsize from a script must not allocate unbounded
// memory. Python would allocate it; a stream read returns what is there.
const maxRecv = 16 << 20

// New creates a blocking socket.
func New(family, typ, proto int) (*Socket, error) {
	var fd int
	err := withDescriptors(func() (err error) {
		fd, err = sock.Socket(family, typ, proto)
		return err
	})
	if err != nil {
		return nil, err
	}
	return own(&Socket{fd: int32(fd), family: int32(family), typ: int32(typ &^ (unix.SOCK_NONBLOCK | unix.SOCK_CLOEXEC)), proto: int32(proto), blocking: typ&unix.SOCK_NONBLOCK == 0}), nil
}

// FromFD wraps an open descriptor; the Socket owns it from then on.
func FromFD(fd, family, typ, proto int) *Socket {
	nb, _ := sock.IsNonblock(fd)
	return own(&Socket{fd: int32(fd), family: int32(family), typ: int32(typ), proto: int32(proto), blocking: !nb})
}

// Fileno is the descriptor, -1 once closed.
func (s *Socket) Fileno() int { return int(s.fd) }

// Family is the address family.
func (s *Socket) Family() int { return int(s.family) }

func (s *Socket) check() error {
	if s.fd < 0 {
		return oserr.New(unix.EBADF)
	}
	return nil
}

// Close closes the socket, after sending what it holds (order.go);
// closing twice is harmless.
func (s *Socket) Close() error {
	herr := s.SendHeld()
	if s.fd < 0 {
		return herr
	}
	fd := s.fd
	s.fd = -1
	s.disown()
	s.unlisten()
	s.dropAhead()
	if err := sock.Close(int(fd)); err != nil {
		return err
	}
	return herr
}

// SetBlocking sets blocking mode.
func (s *Socket) SetBlocking(blocking bool) error {
	if err := s.check(); err != nil {
		return err
	}
	if err := sock.SetNonblock(int(s.fd), !blocking); err != nil {
		return err
	}
	s.blocking = blocking
	return nil
}

// Recv reads up to n bytes.
func (s *Socket) Recv(n, flags int) (starlark.Value, error) {
	if err := s.check(); err != nil {
		return starlark.String(""), err
	}
	if n < 0 {
		return starlark.String(""), fmt.Errorf("negative buffersize in recv")
	}
	if n > maxRecv {
		n = maxRecv
	}
	if n == 0 {
		return starlark.String(""), nil
	}
	if len(s.ahead) > 0 && flags&unix.MSG_OOB == 0 {
		return s.takeAhead(n, flags&unix.MSG_PEEK != 0), nil
	}
	// read into a pooled buffer (ahead.go), so that a socket keeps none
	// between reads; a larger read than it holds gets its own
	var buf []byte
	var pooled *[AheadSize]byte
	if n <= AheadSize {
		pooled = getBuf()
		buf = pooled[:n]
	} else {
		buf = make([]byte, n)
	}
	k, err := s.recv(buf, flags)
	var out starlark.Value = starlark.String("")
	if err == nil {
		out = stringValue(buf[:k])
	}
	if pooled != nil {
		putBuf(pooled)
	}
	return out, err
}

// Send writes data, after what the socket holds (order.go), and returns
// how much of data was taken.
func (s *Socket) Send(data string, flags int) (int, error) {
	return s.SendBytes([]byte(data), flags)
}

// SendBytes is Send without the string copy.
func (s *Socket) SendBytes(data []byte, flags int) (int, error) {
	if s.held != nil {
		if err := s.SendHeld(); err != nil {
			return 0, err
		}
	}
	if err := s.check(); err != nil {
		return 0, err
	}
	return s.send(data, flags)
}

// recv and send make the system call, without waiting on a non-blocking
// socket (where it is cheaper, see sock.RecvNow).
func (s *Socket) recv(buf []byte, flags int) (int, error) {
	if s.blocking {
		return sock.Recv(int(s.fd), buf, flags)
	}
	return sock.RecvNow(int(s.fd), buf, flags)
}

func (s *Socket) send(p []byte, flags int) (int, error) {
	if s.blocking {
		return sock.Send(int(s.fd), p, flags)
	}
	return sock.SendNow(int(s.fd), p, flags)
}

// Accept takes a connection: a new blocking socket and the peer address.
func (s *Socket) Accept() (*Socket, starlark.Value, error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	fd, peer, err := sock.AcceptIP(int(s.fd))
	if err != nil {
		return nil, nil, err
	}
	c := own(&Socket{fd: int32(fd), family: s.family, typ: s.typ, proto: s.proto, blocking: true})
	return c, peerValue(fd, int(s.family), peer), nil
}

// acceptWith takes a connection with accept, which makes a blocking
// descriptor or not.
func (s *Socket) acceptWith(accept func(int) (int, unix.Sockaddr, error), blocking bool) (*Socket, unix.Sockaddr, error) {
	if err := s.check(); err != nil {
		return nil, nil, err
	}
	fd, sa, err := accept(int(s.fd))
	if err != nil {
		return nil, nil, err
	}
	return own(&Socket{fd: int32(fd), family: s.family, typ: s.typ, proto: s.proto, blocking: blocking}), sa, nil
}

// Bind binds to a Python address value.
func (s *Socket) Bind(addr starlark.Value) error { return s.bindOn(nil, addr) }

// bindOn is Bind from thread th, whose generation of workers may hold a
// listening socket for addr already (handover.go).
func (s *Socket) bindOn(th *starlark.Thread, addr starlark.Value) error {
	if err := s.check(); err != nil {
		return err
	}
	sa, err := ValueToSockaddr("bind", int(s.family), addr)
	if err != nil {
		return err
	}
	if th != nil {
		if adopted, err := s.adopt(th, sa); adopted || err != nil {
			return err
		}
	}
	if ReusePort.Load() && s.typ == unix.SOCK_STREAM && (s.family == unix.AF_INET || s.family == unix.AF_INET6) {
		if err := sock.SetsockoptInt(int(s.fd), unix.SOL_SOCKET, unix.SO_REUSEPORT, 1); err != nil {
			return err
		}
	}
	return sock.Bind(int(s.fd), sa)
}

// Listen starts accepting connections.
func (s *Socket) Listen(backlog int) error {
	if err := s.check(); err != nil {
		return err
	}
	if backlog < 0 {
		backlog = 0
	}
	if err := sock.Listen(int(s.fd), backlog); err != nil {
		return err
	}
	return s.listening()
}

// ConnectEx starts a connection and returns the errno (0 on success); the
// error is for a bad address only.
func (s *Socket) ConnectEx(addr starlark.Value) (unix.Errno, error) {
	if err := s.check(); err != nil {
		return unix.EBADF, nil
	}
	sa, err := ValueToSockaddr("connect_ex", int(s.family), addr)
	if err != nil {
		return 0, err
	}
	if err := sock.Connect(int(s.fd), sa); err != nil {
		if oe, ok := err.(*oserr.Error); ok {
			return oe.Errno, nil
		}
		return 0, err
	}
	return 0, nil
}

// Getsockopt reads an integer option.
func (s *Socket) Getsockopt(level, opt int) (int, error) {
	if err := s.check(); err != nil {
		return 0, err
	}
	return sock.GetsockoptInt(int(s.fd), level, opt)
}

// Setsockopt sets an integer option.
func (s *Socket) Setsockopt(level, opt, value int) error {
	if err := s.check(); err != nil {
		return err
	}
	return sock.SetsockoptInt(int(s.fd), level, opt, value)
}

// Getpeername is the peer's address as a Python value.
func (s *Socket) Getpeername() (starlark.Value, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if p := s.peer(); p != nil {
		return p, nil
	}
	if s.family == unix.AF_INET || s.family == unix.AF_INET6 {
		a, err := sock.PeerIP(int(s.fd))
		if err != nil {
			return nil, err
		}
		if a.Family != 0 {
			return ipValue(a), nil
		}
	}
	sa, err := sock.Getpeername(int(s.fd))
	if err != nil {
		return nil, err
	}
	return AddrToValue(int(s.family), sa), nil
}

// Getsockname is the local address as a Python value.
func (s *Socket) Getsockname() (starlark.Value, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	sa, err := sock.Getsockname(int(s.fd))
	if err != nil {
		return nil, err
	}
	return AddrToValue(int(s.family), sa), nil
}

func (s *Socket) String() string {
	if s.fd < 0 {
		return fmt.Sprintf("<socket [closed] fd=-1, family=%d, type=%d, proto=%d>", s.family, s.typ, s.proto)
	}
	out := fmt.Sprintf("<socket fd=%d, family=%d, type=%d, proto=%d", s.fd, s.family, s.typ, s.proto)
	if sa, err := sock.Getsockname(int(s.fd)); err == nil {
		out += ", laddr=" + AddrToValue(int(s.family), sa).String()
	}
	if p := s.peer(); p != nil {
		out += ", raddr=" + p.String()
	} else if sa, err := sock.Getpeername(int(s.fd)); err == nil {
		out += ", raddr=" + AddrToValue(int(s.family), sa).String()
	}
	return out + ">"
}
func (s *Socket) Type() string          { return "socket" }
func (s *Socket) Freeze()               {}
func (s *Socket) Truth() starlark.Bool  { return true }
func (s *Socket) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(s))), nil }

func (s *Socket) Attr(name string) (starlark.Value, error) {
	switch name {
	case "family":
		return starlark.MakeInt(int(s.family)), nil
	case "type":
		return starlark.MakeInt(int(s.typ)), nil
	case "proto":
		return starlark.MakeInt(int(s.proto)), nil
	}
	if _, ok := method(name); ok {
		return starlark.NewBuiltin(name, callMethod).BindReceiver(s), nil
	}
	return nil, nil
}

func (s *Socket) AttrNames() []string {
	names := []string{"family", "type", "proto"}
	for _, m := range methods {
		names = append(names, m.name)
	}
	sort.Strings(names)
	return names
}
