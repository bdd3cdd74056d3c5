package socket

import (
	"sync"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// Peer addresses: the tuple accept() returns and the one getpeername()
// returns for the same connection are one value, and so are the host
// strings of every connection from one address: a server asks for its
// peer's address twice per connection (asyncore's dispatcher.__init__
// calls getpeername() on the socket accept() gave it), and ten thousand
// connections from one client host would otherwise keep ten thousand
// copies of "127.0.0.1". A tuple never changes, so the last one made is
// kept and given again for the same address; it is shared by the
// interpreters of pyasync -j, hence the lock.

// peerMemo is the last address made into a value, and its value.
type peerMemo struct {
	addr sock.IPAddr
	host starlark.Value // a String
	v    starlark.Value
}

var (
	peerMu   sync.Mutex
	lastPeer peerMemo
)

// ipValue is AddrToValue for an IP address read by sock.AcceptIP or
// sock.PeerIP.
func ipValue(a sock.IPAddr) starlark.Value {
	peerMu.Lock()
	defer peerMu.Unlock()
	last := &lastPeer
	if last.v != nil && last.addr == a {
		return last.v
	}
	var host starlark.Value
	if last.v != nil && last.addr.Family == a.Family && last.addr.IP == a.IP && last.addr.Zone == a.Zone {
		host = last.host
	} else {
		host = starlark.String(a.Host())
	}
	var v starlark.Value
	if a.Family == unix.AF_INET {
		v = starlark.Tuple{host, starlark.MakeInt(a.Port)}
	} else {
		v = starlark.Tuple{host, starlark.MakeInt(a.Port), starlark.MakeInt(0), starlark.MakeInt(int(a.Zone))}
	}
	*last = peerMemo{a, host, v}
	return v
}

// peerValue is the address of the peer of fd, a socket of family just
// accepted with the address a (see sock.AcceptIP).
func peerValue(fd, family int, a sock.IPAddr) starlark.Value {
	if a.Family != 0 {
		return ipValue(a)
	}
	sa, err := sock.Getpeername(fd)
	if err != nil {
		return AddrToValue(family, &unix.SockaddrUnix{Name: "@"})
	}
	return AddrToValue(family, sa)
}
