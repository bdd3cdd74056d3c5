package sock

import (
	"net/netip"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// IPAddr is an IP socket address, read from the kernel without
// allocating (unix.Accept4 and unix.Getpeername allocate the raw address
// and the unix.Sockaddr made of it, twice for every accepted connection).
type IPAddr struct {
	Family int // AF_INET or AF_INET6; 0 when the address was of another family
	IP     [16]byte
	Port   int
	Zone   uint32 // AF_INET6's scope
}

// AcceptIP is Accept with the peer's address as an IPAddr; its Family is
// 0 when the address is not an IP one (then Getpeername reads it).
func AcceptIP(fd int) (nfd int, a IPAddr, err error) {
	var rsa unix.RawSockaddrAny
	var r uintptr
	err = oserr.IgnoringEINTR(func() error {
		n := uint32(unix.SizeofSockaddrAny)
		var e unix.Errno
		r, _, e = unix.Syscall6(unix.SYS_ACCEPT4, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n)), unix.SOCK_CLOEXEC, 0, 0)
		if e != 0 {
			return e
		}
		return nil
	})
	if err != nil {
		return -1, IPAddr{}, wrap(err)
	}
	return int(r), ipAddrOf(&rsa), nil
}

// PeerIP is Getpeername for an IP socket, read without allocating; the
// Family of the result is 0 when the address is of another family.
func PeerIP(fd int) (IPAddr, error) {
	var rsa unix.RawSockaddrAny
	n := uint32(unix.SizeofSockaddrAny)
	_, _, e := unix.RawSyscall(unix.SYS_GETPEERNAME, uintptr(fd), uintptr(unsafe.Pointer(&rsa)), uintptr(unsafe.Pointer(&n)))
	if e != 0 {
		return IPAddr{}, wrap(e)
	}
	return ipAddrOf(&rsa), nil
}

// ipAddrOf reads an AF_INET or AF_INET6 address.
func ipAddrOf(rsa *unix.RawSockaddrAny) IPAddr {
	switch rsa.Addr.Family {
	case unix.AF_INET:
		pp := (*unix.RawSockaddrInet4)(unsafe.Pointer(rsa))
		a := IPAddr{Family: unix.AF_INET, Port: port(&pp.Port)}
		copy(a.IP[:], pp.Addr[:])
		return a
	case unix.AF_INET6:
		pp := (*unix.RawSockaddrInet6)(unsafe.Pointer(rsa))
		return IPAddr{Family: unix.AF_INET6, IP: pp.Addr, Port: port(&pp.Port), Zone: pp.Scope_id}
	}
	return IPAddr{}
}

// port reads a port in network order.
func port(p *uint16) int {
	b := (*[2]byte)(unsafe.Pointer(p))
	return int(b[0])<<8 | int(b[1])
}

// Host is the address as Python shows it ("127.0.0.1", "::1"), as
// FormatIP gives it.
func (a IPAddr) Host() string {
	if a.Family == unix.AF_INET {
		return netip.AddrFrom4([4]byte(a.IP[:4])).String()
	}
	return netip.AddrFrom16(a.IP).String()
}
