package sock

import (
	"context"
	"net"
	"net/netip"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// ResolveHost turns a Python host string into an address of family: ""
// is the any address, "<broadcast>" the IPv4 broadcast address, a numeric
// address is parsed, and a name is looked up. A failed lookup is an
// *oserr.GaiError, as Python's socket.gaierror.
func ResolveHost(family int, host string) (net.IP, error) {
	switch host {
	case "":
		if family == unix.AF_INET6 {
			return net.IPv6zero, nil
		}
		return net.IPv4zero, nil
	case "<broadcast>":
		return net.IPv4bcast, nil
	}
	if strings.IndexByte(host, 0) >= 0 {
		return nil, &oserr.GaiError{Code: -2, Msg: "Name or service not known"}
	}
	if a, err := netip.ParseAddr(strings.SplitN(host, "%", 2)[0]); err == nil {
		if family == unix.AF_INET && !a.Unmap().Is4() || family == unix.AF_INET6 && !a.Is6() && !a.Is4In6() {
			return nil, &oserr.GaiError{Code: -9, Msg: "Address family for hostname not supported"}
		}
		return net.IP(a.AsSlice()), nil
	}
	network := "ip4"
	if family == unix.AF_INET6 {
		network = "ip6"
	}
	ips, err := net.DefaultResolver.LookupIP(context.Background(), network, host)
	if err != nil || len(ips) == 0 {
		return nil, &oserr.GaiError{Code: -2, Msg: "Name or service not known"}
	}
	return ips[0], nil
}

// SockaddrInet4 is the AF_INET address of host and port.
func SockaddrInet4(host string, port int) (unix.Sockaddr, error) {
	ip, err := ResolveHost(unix.AF_INET, host)
	if err != nil {
		return nil, err
	}
	sa := &unix.SockaddrInet4{Port: port}
	copy(sa.Addr[:], ip.To4())
	return sa, nil
}

// SockaddrInet6 is the AF_INET6 address of host, port and scope.
func SockaddrInet6(host string, port, flowinfo, scope int) (unix.Sockaddr, error) {
	ip, err := ResolveHost(unix.AF_INET6, host)
	if err != nil {
		return nil, err
	}
	sa := &unix.SockaddrInet6{Port: port, ZoneId: uint32(scope)}
	copy(sa.Addr[:], ip.To16())
	return sa, nil
}

// SockaddrUnix is the AF_UNIX address of path (a leading NUL names the
// abstract namespace).
func SockaddrUnix(path string) unix.Sockaddr {
	if strings.HasPrefix(path, "\x00") {
		return &unix.SockaddrUnix{Name: "@" + path[1:]}
	}
	return &unix.SockaddrUnix{Name: path}
}

// FormatIP returns the host and port of an IP address as Python shows
// them ("127.0.0.1", "::1").
func FormatIP(sa unix.Sockaddr) (string, int) {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrFrom4(sa.Addr).String(), sa.Port
	case *unix.SockaddrInet6:
		return netip.AddrFrom16(sa.Addr).String(), sa.Port
	}
	return "", 0
}
