package socket

import (
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"
)

func TestAddressRoundTrip(t *testing.T) {
	for _, c := range []struct {
		family int
		v      starlark.Value
		want   string
	}{
		{unix.AF_INET, starlark.Tuple{starlark.String("127.0.0.1"), starlark.MakeInt(80)}, `("127.0.0.1", 80)`},
		{unix.AF_INET, starlark.Tuple{starlark.String(""), starlark.MakeInt(0)}, `("0.0.0.0", 0)`},
		{unix.AF_INET6, starlark.Tuple{starlark.String("::1"), starlark.MakeInt(8080)}, `("::1", 8080, 0, 0)`},
		{unix.AF_UNIX, starlark.String("/tmp/x.sock"), `"/tmp/x.sock"`},
		{unix.AF_UNIX, starlark.String("\x00abstract"), `"\x00abstract"`},
	} {
		sa, err := ValueToSockaddr("t", c.family, c.v)
		if err != nil {
			t.Errorf("%v: %v", c.v, err)
			continue
		}
		if got := AddrToValue(c.family, sa).String(); got != c.want {
			t.Errorf("%v -> %s, want %s", c.v, got, c.want)
		}
	}
}

// FuzzValueToSockaddr: any host, port and path give an address or a
// one-line error naming the caller, never a panic.
func FuzzValueToSockaddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "::1", "", "<broadcast>", "localhost", "1.2.3", "a\x00b", "::ffff:1.2.3.4", "fe80::1%lo", "/tmp/x", "\x00abs"} {
		f.Add(s, int64(80), int64(0))
	}
	f.Fuzz(func(t *testing.T, host string, port, scope int64) {
		if strings.Count(host, ".") > 3 && len(host) > 64 {
			return // long dotted names would go to the resolver: not this test's business
		}
		for _, v := range []struct {
			family int
			addr   starlark.Value
		}{
			{unix.AF_INET, starlark.Tuple{starlark.String(host), starlark.MakeInt64(port)}},
			{unix.AF_INET6, starlark.Tuple{starlark.String(host), starlark.MakeInt64(port), starlark.MakeInt(0), starlark.MakeInt64(scope)}},
			{unix.AF_UNIX, starlark.String(host)},
			{unix.AF_INET, starlark.String(host)},
		} {
			if !isNumeric(host) && v.family != unix.AF_UNIX {
				continue // a name lookup per input would make the fuzzer slow and need DNS
			}
			_, err := ValueToSockaddr("bind", v.family, v.addr)
			if err != nil && (strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "bind") && !strings.Contains(err.Error(), "Errno")) {
				t.Fatalf("%v: error %q", v.addr, err)
			}
		}
	})
}

func isNumeric(h string) bool {
	for _, c := range h {
		if !(c >= '0' && c <= '9' || c == '.' || c == ':' || c >= 'a' && c <= 'f' || c == '%') {
			return false
		}
	}
	return true
}

// An unnamed AF_UNIX socket (one end of a socketpair) has the address
// "", as in Python, not an abstract name.
func TestUnnamedUnixAddressIsEmpty(t *testing.T) {
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	for _, get := range []func(int) (unix.Sockaddr, error){unix.Getsockname, unix.Getpeername} {
		sa, err := get(fds[0])
		if err != nil {
			t.Fatal(err)
		}
		if got := AddrToValue(unix.AF_UNIX, sa); got != starlark.String("") {
			t.Errorf("socketpair address: %s, want \"\"", got)
		}
	}
}
