package socket

import (
	"net/netip"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// Proxied connections. A listening dispatcher that asked for the PROXY
// protocol (bindings/asyncore/proxy.go) takes its connections with
// AcceptRaw, reads the header the balancer sent first, and hands the
// socket on only then: with the client's address as the balancer saw it
// (SetPeer), which getpeername() and the socket's repr give from then
// on, and with the bytes that came after the header in the same read
// (SetAhead), which the next recv() returns first, as read-ahead bytes.

// AcceptRaw takes a connection as Accept does, but non-blocking, and
// gives the peer's address as the kernel's sockaddr.
func (s *Socket) AcceptRaw() (*Socket, unix.Sockaddr, error) {
	return s.acceptWith(sock.AcceptNonblock, false)
}

// SetPeer makes addr what getpeername() returns.
func (s *Socket) SetPeer(addr starlark.Value) { s.rareOf().peer = addr }

// Peer is the address SetPeer gave, or nil.
func (s *Socket) Peer() starlark.Value { return s.peer() }

// SetAhead gives the socket bytes already read from it, returned by the
// next reads before the kernel is asked; b is copied.
func (s *Socket) SetAhead(b []byte) {
	s.dropAhead()
	if len(b) > 0 {
		s.ahead = append([]byte(nil), b...)
	}
}

// PeerValue is ap as getpeername() shows an address of the socket's
// family: (host, port) for AF_INET, (host, port, flowinfo, scope_id)
// for AF_INET6, an IPv4 address mapped into IPv6 (::ffff:a.b.c.d) on an
// AF_INET6 socket and unmapped on an AF_INET one. An IPv6 address on an
// AF_INET socket keeps its IPv6 form.
func (s *Socket) PeerValue(ap netip.AddrPort) starlark.Value {
	a := ap.Addr()
	switch {
	case s.family == unix.AF_INET6 && a.Is4():
		a = netip.AddrFrom16(a.As16())
	case s.family == unix.AF_INET && a.Is4In6():
		a = a.Unmap()
	}
	if a.Is4() {
		return AddrToValue(unix.AF_INET, &unix.SockaddrInet4{Port: int(ap.Port()), Addr: a.As4()})
	}
	return AddrToValue(unix.AF_INET6, &unix.SockaddrInet6{Port: int(ap.Port()), Addr: a.As16()})
}

// SetBlockingState records the blocking mode the descriptor is in
// already (no system call).
func (s *Socket) SetBlockingState(blocking bool) { s.blocking = blocking }
