package socket

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// AddrToValue is a socket address as Python shows it: ("127.0.0.1", 5000)
// for AF_INET, ("::1", 5000, 0, 0) for AF_INET6, the path for AF_UNIX
// ("\x00name" for the abstract namespace, "" for an unnamed socket).
func AddrToValue(family int, sa unix.Sockaddr) starlark.Value {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		host, port := sock.FormatIP(sa)
		return starlark.Tuple{starlark.String(host), starlark.MakeInt(port)}
	case *unix.SockaddrInet6:
		host, port := sock.FormatIP(sa)
		return starlark.Tuple{starlark.String(host), starlark.MakeInt(port), starlark.MakeInt(0), starlark.MakeInt(int(sa.ZoneId))}
	case *unix.SockaddrUnix:
		name := sa.Name
		if name == "@" {
			// an unnamed socket (socketpair, say): x/sys/unix reads its
			// empty path as an abstract name, "@"
			return starlark.String("")
		}
		if strings.HasPrefix(name, "@") {
			name = "\x00" + name[1:]
		}
		return starlark.String(name)
	}
	return starlark.None
}

// ValueToSockaddr converts a Python address for family; fn names the
// calling method in errors.
func ValueToSockaddr(fn string, family int, v starlark.Value) (unix.Sockaddr, error) {
	switch family {
	case unix.AF_UNIX:
		var path string
		switch p := v.(type) {
		case starlark.String:
			path = string(p)
		case starlark.Bytes:
			path = string(p)
		default:
			return nil, fmt.Errorf("%s: AF_UNIX address must be str or bytes, not %s", fn, v.Type())
		}
		if len(path) > 107 {
			return nil, fmt.Errorf("%s: AF_UNIX path too long", fn)
		}
		if i := strings.IndexByte(path, 0); i > 0 {
			return nil, fmt.Errorf("%s: embedded null character in path", fn)
		}
		return sock.SockaddrUnix(path), nil
	case unix.AF_INET, unix.AF_INET6:
		t, ok := v.(starlark.Tuple)
		name := "AF_INET"
		if family == unix.AF_INET6 {
			name = "AF_INET6"
		}
		if !ok {
			return nil, fmt.Errorf("%s: %s address must be tuple, not %s", fn, name, v.Type())
		}
		if family == unix.AF_INET && len(t) != 2 || family == unix.AF_INET6 && (len(t) < 2 || len(t) > 4) {
			return nil, fmt.Errorf("%s: %s address must be a tuple (host, port%s), got %d items", fn, name, map[bool]string{true: "[, flowinfo[, scope_id]]", false: ""}[family == unix.AF_INET6], len(t))
		}
		host, ok := starlark.AsString(t[0])
		if !ok {
			return nil, fmt.Errorf("%s: host must be str, not %s", fn, t[0].Type())
		}
		ints := make([]int, 3)
		for i := 1; i < len(t); i++ {
			n, err := starlark.AsInt32(t[i])
			if err != nil {
				return nil, fmt.Errorf("%s: %s must be int, not %s", fn, []string{"", "port", "flowinfo", "scope_id"}[i], t[i].Type())
			}
			ints[i-1] = n
		}
		if ints[0] < 0 || ints[0] > 65535 {
			return nil, fmt.Errorf("%s: port must be 0-65535.", fn)
		}
		if family == unix.AF_INET {
			return sock.SockaddrInet4(host, ints[0])
		}
		return sock.SockaddrInet6(host, ints[0], ints[1], ints[2])
	}
	return nil, fmt.Errorf("%s: address family %d is not supported", fn, family)
}
