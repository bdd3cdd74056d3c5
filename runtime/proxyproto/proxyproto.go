// Package proxyproto reads the PROXY protocol header (versions 1 and 2)
// that a load balancer such as HAProxy sends at the start of each
// connection to say whom the connection is really from.
//
// The header is read from the connection's first bytes, before anything
// reaches the application: Parse says how many bytes it took, or that it
// needs more (ErrIncomplete), or that the bytes are not a valid header.
// The specification is HAProxy's doc/proxy-protocol.txt.
package proxyproto

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
)

// Command is what the balancer says about the connection.
type Command uint8

const (
	// Local: a connection the balancer made itself (a health check);
	// the addresses are the connection's own.
	Local Command = iota
	// Proxy: a relayed connection; Source is the client.
	Proxy
)

// Header is a parsed PROXY header.
type Header struct {
	Version int // 1 or 2
	Command Command
	// Source and Destination are the client's address and the address
	// it connected to, as the balancer saw them; invalid (the zero
	// AddrPort) for UNKNOWN (v1), LOCAL, AF_UNSPEC and AF_UNIX (v2).
	Source, Destination netip.AddrPort
}

// MaxLen is the most bytes a header may take: v1's 107, or v2's 16-byte
// preamble and an address block HAProxy keeps well under this (TLVs
// included). A longer v2 header is refused rather than buffered.
const MaxLen = 16 + 1024

var (
	// ErrIncomplete: the bytes so far are a valid start of a header;
	// read more and call Parse again.
	ErrIncomplete = errors.New("proxy protocol: incomplete header")
	// ErrInvalid is wrapped by every error about a malformed header.
	ErrInvalid = errors.New("proxy protocol: invalid header")
)

var (
	v1Prefix    = []byte("PROXY ")
	v2Signature = []byte("\r\n\r\n\x00\r\nQUIT\n")
)

// v1MaxLen is the longest v1 line, CRLF included.
const v1MaxLen = 107

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Parse reads a header at the start of buf. It returns the header and
// how many bytes of buf it took; ErrIncomplete if buf is a valid start
// but not all of a header; an error wrapping ErrInvalid if buf does not
// start with a valid header.
func Parse(buf []byte) (Header, int, error) {
	switch {
	case hasPrefix(buf, v2Signature):
		return parseV2(buf)
	case hasPrefix(buf, v1Prefix):
		return parseV1(buf)
	}
	return Header{}, 0, invalid("no PROXY header")
}

// hasPrefix reports whether buf starts with p, or with all of buf when
// buf is shorter (then more bytes may still make it match: the caller
// gets ErrIncomplete).
func hasPrefix(buf, p []byte) bool {
	if len(buf) < len(p) {
		return bytes.Equal(buf, p[:len(buf)])
	}
	return bytes.Equal(buf[:len(p)], p)
}

func parseV1(buf []byte) (Header, int, error) {
	if len(buf) < len(v1Prefix) {
		return Header{}, 0, ErrIncomplete
	}
	end := bytes.Index(buf, []byte("\r\n"))
	if end < 0 {
		if len(buf) >= v1MaxLen {
			return Header{}, 0, invalid("v1 line longer than %d bytes", v1MaxLen)
		}
		return Header{}, 0, ErrIncomplete
	}
	if end+2 > v1MaxLen {
		return Header{}, 0, invalid("v1 line longer than %d bytes", v1MaxLen)
	}
	fields := bytes.Split(buf[len(v1Prefix):end], []byte(" "))
	h := Header{Version: 1, Command: Proxy}
	switch string(fields[0]) {
	case "UNKNOWN":
		h.Command = Local
		return h, end + 2, nil
	case "TCP4", "TCP6":
	default:
		return Header{}, 0, invalid("v1 unknown protocol %q", fields[0])
	}
	if len(fields) != 5 {
		return Header{}, 0, invalid("v1 wants 5 fields, got %d", len(fields))
	}
	src, err := v1Addr(fields[0], fields[1], fields[3])
	if err != nil {
		return Header{}, 0, err
	}
	dst, err := v1Addr(fields[0], fields[2], fields[4])
	if err != nil {
		return Header{}, 0, err
	}
	h.Source, h.Destination = src, dst
	return h, end + 2, nil
}

func v1Addr(proto, host, port []byte) (netip.AddrPort, error) {
	a, err := netip.ParseAddr(string(host))
	if err != nil || a.Zone() != "" || (string(proto) == "TCP4") != a.Is4() {
		return netip.AddrPort{}, invalid("v1 bad %s address %q", proto, host)
	}
	if len(port) == 0 || len(port) > 1 && port[0] == '0' {
		return netip.AddrPort{}, invalid("v1 bad port %q", port)
	}
	p, err := strconv.ParseUint(string(port), 10, 16)
	if err != nil {
		return netip.AddrPort{}, invalid("v1 bad port %q", port)
	}
	return netip.AddrPortFrom(a, uint16(p)), nil
}

// v2 families and transports (the high and low nibbles of byte 13).
const (
	afUnspec = 0x0
	afInet   = 0x1
	afInet6  = 0x2
	afUnix   = 0x3
)

func parseV2(buf []byte) (Header, int, error) {
	if len(buf) < 16 {
		return Header{}, 0, ErrIncomplete
	}
	verCmd, fam := buf[12], buf[13]
	if verCmd>>4 != 2 {
		return Header{}, 0, invalid("v2 version %d", verCmd>>4)
	}
	h := Header{Version: 2}
	switch verCmd & 0xf {
	case 0:
		h.Command = Local
	case 1:
		h.Command = Proxy
	default:
		return Header{}, 0, invalid("v2 command %d", verCmd&0xf)
	}
	n := int(binary.BigEndian.Uint16(buf[14:16]))
	total := 16 + n
	if total > MaxLen {
		return Header{}, 0, invalid("v2 header of %d bytes, more than %d", total, MaxLen)
	}
	if len(buf) < total {
		return Header{}, 0, ErrIncomplete
	}
	body := buf[16:total]
	if h.Command == Local {
		return h, total, nil // addresses, if any, are ignored
	}
	switch fam >> 4 {
	case afUnspec, afUnix:
		return h, total, nil // nothing an IP address can say
	case afInet:
		if len(body) < 12 {
			return Header{}, 0, invalid("v2 IPv4 block of %d bytes", len(body))
		}
		h.Source = netip.AddrPortFrom(netip.AddrFrom4([4]byte(body[0:4])), binary.BigEndian.Uint16(body[8:10]))
		h.Destination = netip.AddrPortFrom(netip.AddrFrom4([4]byte(body[4:8])), binary.BigEndian.Uint16(body[10:12]))
	case afInet6:
		if len(body) < 36 {
			return Header{}, 0, invalid("v2 IPv6 block of %d bytes", len(body))
		}
		h.Source = netip.AddrPortFrom(netip.AddrFrom16([16]byte(body[0:16])), binary.BigEndian.Uint16(body[32:34]))
		h.Destination = netip.AddrPortFrom(netip.AddrFrom16([16]byte(body[16:32])), binary.BigEndian.Uint16(body[34:36]))
	default:
		return Header{}, 0, invalid("v2 unknown address family %d", fam>>4)
	}
	return h, total, nil
}
