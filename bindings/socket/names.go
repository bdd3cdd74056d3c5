package socket

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/sock"
)

// This file is the socket module's host-name functions beyond
// gethostbyname, as glibc answers them with "hosts: files dns":
//
//	gethostbyaddr(ip_address) -> (hostname, aliaslist, ipaddrlist)
//	gethostbyname_ex(hostname) -> (hostname, aliaslist, ipaddrlist)
//	getfqdn(name="")
//
// /etc/hosts is read as glibc reads it (the first line with the address
// names it; a name's lines give its canonical name, aliases and
// addresses); the rest goes to Go's resolver.

// hostsFile is the hosts file read; a variable for the tests.
var hostsFile = "/etc/hosts"

// hostsLine is one line of the hosts file: an address and its names,
// the first canonical.
type hostsLine struct {
	addr  netip.Addr
	names []string
}

func readHosts() []hostsLine {
	f, err := os.Open(hostsFile)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []hostsLine
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(line)
		if len(fields) < 2 {
			continue
		}
		a, err := netip.ParseAddr(fields[0])
		if err != nil {
			continue
		}
		out = append(out, hostsLine{a.Unmap(), fields[1:]})
	}
	return out
}

// hostArg is the host argument of fn: a str (or bytes) without NUL.
func hostArg(fn string, v starlark.Value) (string, error) {
	var s string
	switch x := v.(type) {
	case starlark.String:
		s = string(x)
	case starlark.Bytes:
		s = string(x)
	default:
		t := v.Type()
		if v == starlark.None {
			t = "None"
		}
		return "", pyerr.Errorf("TypeError", "%s() argument 1 must be str, bytes or bytearray, not %s", fn, t)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return "", pyerr.Errorf("ValueError", "embedded null character")
	}
	return s, nil
}

func herror(code int, msg string) error {
	return &pyerr.Error{Type: "socket.herror", Msg: fmt.Sprintf("[Errno %d] %s", code, msg),
		Args: starlark.Tuple{starlark.MakeInt(code), starlark.String(msg)}}
}

func hostEntry(name string, aliases []string, addrs []string) starlark.Tuple {
	al := make([]starlark.Value, len(aliases))
	for i, a := range aliases {
		al[i] = starlark.String(a)
	}
	ad := make([]starlark.Value, len(addrs))
	for i, a := range addrs {
		ad[i] = starlark.String(a)
	}
	return starlark.Tuple{starlark.String(name), starlark.NewList(al), starlark.NewList(ad)}
}

func gethostbyaddr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("gethostbyaddr", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	host, err := hostArg("gethostbyaddr", v)
	if err != nil {
		return nil, err
	}
	entry, err := hostByAddr(host)
	if err != nil {
		return nil, err
	}
	return entry, nil
}

// hostByAddr is gethostbyaddr: host (an address, or a name resolved to
// its first address) named by the hosts file or reverse DNS.
func hostByAddr(host string) (starlark.Tuple, error) {
	if host == "" {
		return nil, pyerr.Errorf("OSError", "wildcard resolved to multiple address")
	}
	hosts := readHosts()
	a, err := netip.ParseAddr(host)
	if err != nil {
		a = netip.Addr{}
		for _, l := range hosts { // IPv4 first, as glibc orders them
			if hasName(l.names, host) && (!a.IsValid() || a.Is6() && l.addr.Is4()) {
				a = l.addr
			}
		}
		if !a.IsValid() {
			ip, err := sock.ResolveHost(unix.AF_UNSPEC, host)
			if err != nil {
				return nil, err
			}
			a, _ = netip.AddrFromSlice(ip)
		}
	}
	a = a.Unmap()
	for _, l := range hosts {
		if l.addr == a {
			return hostEntry(l.names[0], l.names[1:], []string{a.String()}), nil
		}
	}
	names, err := net.DefaultResolver.LookupAddr(context.Background(), a.String())
	if err != nil || len(names) == 0 {
		return nil, herror(1, "Unknown host")
	}
	for i, n := range names {
		names[i] = strings.TrimSuffix(n, ".")
	}
	return hostEntry(names[0], names[1:], []string{a.String()}), nil
}

func gethostbynameEx(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("gethostbyname_ex", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	host, err := hostArg("gethostbyname_ex", v)
	if err != nil {
		return nil, err
	}
	if host == "" {
		return nil, herror(3, "Unknown server error")
	}
	if a, err := netip.ParseAddr(host); err == nil {
		if !a.Unmap().Is4() {
			return nil, &oserr.GaiError{Code: -9, Msg: "Address family for hostname not supported"}
		}
		return hostEntry(host, nil, []string{a.Unmap().String()}), nil
	}
	// the hosts file's lines that have the name, IPv4 only
	var canonical string
	var aliases, addrs []string
	for _, l := range readHosts() {
		if !l.addr.Is4() || !hasName(l.names, host) {
			continue
		}
		if canonical == "" {
			canonical = l.names[0]
		}
		for _, n := range l.names {
			if n != canonical && !hasName(aliases, n) {
				aliases = append(aliases, n)
			}
		}
		if s := l.addr.String(); !hasName(addrs, s) {
			addrs = append(addrs, s)
		}
	}
	if canonical != "" {
		return hostEntry(canonical, aliases, addrs), nil
	}
	ips, err := net.DefaultResolver.LookupIP(context.Background(), "ip4", host)
	if err != nil || len(ips) == 0 {
		return nil, &oserr.GaiError{Code: -2, Msg: "Name or service not known"}
	}
	for _, ip := range ips {
		addrs = append(addrs, ip.String())
	}
	canonical = host
	if cname, err := net.DefaultResolver.LookupCNAME(context.Background(), host); err == nil && cname != "" {
		canonical = strings.TrimSuffix(cname, ".")
	}
	if canonical != host {
		aliases = []string{host}
	}
	return hostEntry(canonical, aliases, addrs), nil
}

// hasName reports whether names holds name, ignoring case as resolvers do.
func hasName(names []string, name string) bool {
	for _, n := range names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

// getfqdn is socket.py's getfqdn(name=""): the first dotted name among
// gethostbyaddr(name)'s hostname and aliases, else the hostname; name
// itself when it cannot be resolved; an empty name (or 0.0.0.0, ::) is
// the local host.
func getfqdn(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("getfqdn", args, kwargs, "name?", &v); err != nil {
		return nil, err
	}
	s, ok := v.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'strip'", v.Type())
	}
	name := strings.TrimSpace(string(s))
	if name == "" || name == "0.0.0.0" || name == "::" {
		h, err := os.Hostname()
		if err != nil {
			return nil, oserr.FromErr(err)
		}
		name = h
	}
	if strings.IndexByte(name, 0) >= 0 {
		return nil, pyerr.Errorf("ValueError", "embedded null character")
	}
	entry, err := hostByAddr(name)
	if err != nil {
		return starlark.String(name), nil
	}
	hostname := entry[0]
	names := append([]starlark.Value{hostname}, listItems(entry[1].(*starlark.List))...)
	for _, n := range names {
		if strings.Contains(string(n.(starlark.String)), ".") {
			return n, nil
		}
	}
	return hostname, nil
}

func listItems(l *starlark.List) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}
