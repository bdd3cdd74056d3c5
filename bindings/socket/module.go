package socket

import (
	"fmt"
	"net"
	"os"
	"strconv"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
)

// aiPassive is glibc's AI_PASSIVE.
const aiPassive = 1

// NewModule makes the socket module of one interpreter (a module, as
// every predeclared one is, whose members a script may set).
func NewModule() starlark.Value { return modules.NewLazy("socket", members) }

// constants are the module's integer constants.
var constants = [...]struct {
	name  string
	value int
}{
	{"AF_INET", unix.AF_INET},
	{"AF_INET6", unix.AF_INET6},
	{"AF_UNIX", unix.AF_UNIX},
	{"AF_UNSPEC", unix.AF_UNSPEC},
	{"SOCK_STREAM", unix.SOCK_STREAM},
	{"SOCK_DGRAM", unix.SOCK_DGRAM},
	{"SOCK_RAW", unix.SOCK_RAW},
	{"SOCK_SEQPACKET", unix.SOCK_SEQPACKET},
	{"SOCK_NONBLOCK", unix.SOCK_NONBLOCK},
	{"SOCK_CLOEXEC", unix.SOCK_CLOEXEC},
	{"SOL_SOCKET", unix.SOL_SOCKET},
	{"SOL_TCP", unix.SOL_TCP},
	{"SOL_IP", unix.SOL_IP},
	{"SO_REUSEADDR", unix.SO_REUSEADDR},
	{"SO_REUSEPORT", unix.SO_REUSEPORT},
	{"SO_ERROR", unix.SO_ERROR},
	{"SO_RCVBUF", unix.SO_RCVBUF},
	{"SO_SNDBUF", unix.SO_SNDBUF},
	{"SO_LINGER", unix.SO_LINGER},
	{"SO_KEEPALIVE", unix.SO_KEEPALIVE},
	{"SO_BROADCAST", unix.SO_BROADCAST},
	{"SO_TYPE", unix.SO_TYPE},
	{"SO_RCVLOWAT", unix.SO_RCVLOWAT},
	{"SO_SNDLOWAT", unix.SO_SNDLOWAT},
	{"SO_OOBINLINE", unix.SO_OOBINLINE},
	{"SO_ACCEPTCONN", unix.SO_ACCEPTCONN},
	{"IPPROTO_IP", unix.IPPROTO_IP},
	{"IPPROTO_TCP", unix.IPPROTO_TCP},
	{"IPPROTO_UDP", unix.IPPROTO_UDP},
	{"IPPROTO_IPV6", unix.IPPROTO_IPV6},
	{"IPV6_V6ONLY", unix.IPV6_V6ONLY},
	{"TCP_NODELAY", unix.TCP_NODELAY},
	{"TCP_KEEPIDLE", unix.TCP_KEEPIDLE},
	{"TCP_KEEPINTVL", unix.TCP_KEEPINTVL},
	{"TCP_KEEPCNT", unix.TCP_KEEPCNT},
	{"MSG_OOB", unix.MSG_OOB},
	{"MSG_PEEK", unix.MSG_PEEK},
	{"MSG_DONTWAIT", unix.MSG_DONTWAIT},
	{"MSG_WAITALL", unix.MSG_WAITALL},
	{"MSG_NOSIGNAL", unix.MSG_NOSIGNAL},
	{"SHUT_RD", unix.SHUT_RD},
	{"SHUT_WR", unix.SHUT_WR},
	{"SHUT_RDWR", unix.SHUT_RDWR},
	{"AI_PASSIVE", aiPassive},
	{"AI_CANONNAME", 2},
	{"AI_NUMERICHOST", 4},
	{"SOMAXCONN", unix.SOMAXCONN},
	{"INADDR_ANY", 0},
	{"INADDR_LOOPBACK", 0x7f000001},
}

func members() starlark.StringDict {
	m := starlark.StringDict{
		"socket":        starlark.NewBuiltin("socket", newSocket),
		"socketpair":    starlark.NewBuiltin("socketpair", socketpair),
		"gethostname":   starlark.NewBuiltin("gethostname", gethostname),
		"gethostbyname": starlark.NewBuiltin("gethostbyname", gethostbyname),
		"getaddrinfo":   starlark.NewBuiltin("getaddrinfo", getaddrinfo),
		"gethostbyaddr": starlark.NewBuiltin("gethostbyaddr", gethostbyaddr),
		"getfqdn":       starlark.NewBuiltin("getfqdn", getfqdn),
		"inet_aton":     starlark.NewBuiltin("inet_aton", inetAton),
		"inet_ntoa":     starlark.NewBuiltin("inet_ntoa", inetNtoa),
		"inet_pton":     starlark.NewBuiltin("inet_pton", inetPton),
		"inet_ntop":     starlark.NewBuiltin("inet_ntop", inetNtop),
		"htons":         starlark.NewBuiltin("htons", byteSwap(16)),
		"ntohs":         starlark.NewBuiltin("ntohs", byteSwap(16)),
		"htonl":         starlark.NewBuiltin("htonl", byteSwap(32)),
		"ntohl":         starlark.NewBuiltin("ntohl", byteSwap(32)),
	}
	m["gethostbyname_ex"] = starlark.NewBuiltin("gethostbyname_ex", gethostbynameEx)
	for _, c := range constants {
		m[c.name] = starlark.MakeInt(c.value)
	}
	// error (OSError), timeout, gaierror, herror
	for name, cls := range exceptions.ModuleMembers("socket") {
		m[name] = cls
	}
	return m
}

// socket(family=AF_INET, type=SOCK_STREAM, proto=0, fileno=None)
func newSocket(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, typ, proto := unix.AF_INET, unix.SOCK_STREAM, 0
	var fileno starlark.Value = starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "family?", &family, "type?", &typ, "proto?", &proto, "fileno?", &fileno); err != nil {
		return nil, err
	}
	if fileno != starlark.None {
		fd, err := starlark.AsInt32(fileno)
		if err != nil || fd < 0 {
			return nil, fmt.Errorf("socket: fileno must be a non-negative int")
		}
		f, t, p, err := sock.SocketType(fd)
		if err != nil {
			return nil, err
		}
		return FromFD(fd, f, t, p), nil
	}
	s, err := New(family, typ, proto)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// socketpair(family=AF_UNIX, type=SOCK_STREAM, proto=0)
func socketpair(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	family, typ, proto := unix.AF_UNIX, unix.SOCK_STREAM, 0
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "family?", &family, "type?", &typ, "proto?", &proto); err != nil {
		return nil, err
	}
	var fds [2]int
	err := withDescriptors(func() (err error) {
		fds, err = sock.Socketpair(family, typ, proto)
		return err
	})
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{FromFD(fds[0], family, typ, proto), FromFD(fds[1], family, typ, proto)}, nil
}

func gethostname(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	h, err := os.Hostname()
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return starlark.String(h), nil
}

func gethostbyname(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &name); err != nil {
		return nil, err
	}
	ip, err := sock.ResolveHost(unix.AF_INET, name)
	if err != nil {
		return nil, err
	}
	return starlark.String(ip.String()), nil
}

// getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)
func getaddrinfo(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var host, port starlark.Value
	family, typ, proto, flags := 0, 0, 0, 0
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "host", &host, "port", &port, "family?", &family, "type?", &typ, "proto?", &proto, "flags?", &flags); err != nil {
		return nil, err
	}
	var portNum int
	switch p := port.(type) {
	case starlark.NoneType:
	case starlark.Int:
		n, err := starlark.AsInt32(p)
		if err != nil || n < 0 || n > 65535 {
			return nil, fmt.Errorf("getaddrinfo: port must be 0-65535")
		}
		portNum = n
	case starlark.String:
		n, err := strconv.Atoi(string(p))
		if err != nil {
			sp, lerr := net.LookupPort("tcp", string(p))
			if lerr != nil {
				return nil, &oserr.GaiError{Code: -8, Msg: "Servname not supported for ai_socktype"}
			}
			n = sp
		}
		portNum = n
	default:
		return nil, fmt.Errorf("getaddrinfo: port must be int, str or None, not %s", port.Type())
	}
	var ips []net.IP
	switch h := host.(type) {
	case starlark.NoneType:
		if flags&aiPassive != 0 {
			ips = []net.IP{net.IPv4zero}
		} else {
			ips = []net.IP{net.IPv4(127, 0, 0, 1)}
		}
	case starlark.String:
		for _, fam := range []int{unix.AF_INET, unix.AF_INET6} {
			if family != 0 && family != fam {
				continue
			}
			if ip, err := sock.ResolveHost(fam, string(h)); err == nil {
				ips = append(ips, ip)
			}
		}
		if len(ips) == 0 {
			return nil, &oserr.GaiError{Code: -2, Msg: "Name or service not known"}
		}
	default:
		return nil, fmt.Errorf("getaddrinfo: host must be str or None, not %s", host.Type())
	}
	types := []int{unix.SOCK_STREAM, unix.SOCK_DGRAM}
	if typ != 0 {
		types = []int{typ}
	}
	var out []starlark.Value
	for _, ip := range ips {
		fam := unix.AF_INET6
		var addr starlark.Value
		if ip4 := ip.To4(); ip4 != nil && (family == 0 || family == unix.AF_INET) {
			fam = unix.AF_INET
			addr = starlark.Tuple{starlark.String(ip4.String()), starlark.MakeInt(portNum)}
		} else {
			addr = starlark.Tuple{starlark.String(ip.String()), starlark.MakeInt(portNum), starlark.MakeInt(0), starlark.MakeInt(0)}
		}
		for _, t := range types {
			p := proto
			if p == 0 {
				p = map[int]int{unix.SOCK_STREAM: unix.IPPROTO_TCP, unix.SOCK_DGRAM: unix.IPPROTO_UDP}[t]
			}
			out = append(out, starlark.Tuple{starlark.MakeInt(fam), starlark.MakeInt(t), starlark.MakeInt(p), starlark.String(""), addr})
		}
	}
	return starlark.NewList(out), nil
}
