package proxyproto

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
)

// v2 builds a version 2 header: command, family byte, address block.
func v2(cmd, fam byte, block []byte) []byte {
	b := append([]byte(nil), v2Signature...)
	b = append(b, 0x20|cmd, fam, 0, 0)
	binary.BigEndian.PutUint16(b[14:], uint16(len(block)))
	return append(b, block...)
}

func ipv4Block(src, dst string, sport, dport uint16) []byte {
	s, d := netip.MustParseAddr(src).As4(), netip.MustParseAddr(dst).As4()
	b := append(s[:], d[:]...)
	return binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16(b, sport), dport)
}

func ipv6Block(src, dst string, sport, dport uint16) []byte {
	s, d := netip.MustParseAddr(src).As16(), netip.MustParseAddr(dst).As16()
	b := append(s[:], d[:]...)
	return binary.BigEndian.AppendUint16(binary.BigEndian.AppendUint16(b, sport), dport)
}

func TestParseValidHeaders(t *testing.T) {
	withTLV := append(ipv4Block("10.0.0.1", "10.0.0.2", 1000, 80), 0x04, 0x00, 0x01, 0xff)
	cases := []struct {
		name    string
		in      []byte
		want    Header
		wantLen int
	}{
		{"v1 tcp4", []byte("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\nGET /"),
			Header{1, Proxy, netip.MustParseAddrPort("192.168.0.1:56324"), netip.MustParseAddrPort("192.168.0.11:443")}, 47},
		{"v1 tcp6", []byte("PROXY TCP6 ::1 2001:db8::2 1 65535\r\n"),
			Header{1, Proxy, netip.MustParseAddrPort("[::1]:1"), netip.MustParseAddrPort("[2001:db8::2]:65535")}, 36},
		{"v1 unknown", []byte("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\nrest"), Header{Version: 1, Command: Local}, 35},
		{"v1 unknown bare", []byte("PROXY UNKNOWN\r\n"), Header{Version: 1, Command: Local}, 15},
		{"v2 tcp4", append(v2(1, 0x11, ipv4Block("127.0.0.9", "127.0.0.1", 4242, 8080)), "data"...),
			Header{2, Proxy, netip.MustParseAddrPort("127.0.0.9:4242"), netip.MustParseAddrPort("127.0.0.1:8080")}, 28},
		{"v2 tcp6", v2(1, 0x21, ipv6Block("::9", "::1", 7, 8)),
			Header{2, Proxy, netip.MustParseAddrPort("[::9]:7"), netip.MustParseAddrPort("[::1]:8")}, 52},
		{"v2 with a TLV", v2(1, 0x11, withTLV),
			Header{2, Proxy, netip.MustParseAddrPort("10.0.0.1:1000"), netip.MustParseAddrPort("10.0.0.2:80")}, 16 + len(withTLV)},
		{"v2 local (health check)", v2(0, 0x00, nil), Header{Version: 2, Command: Local}, 16},
		{"v2 unspec", v2(1, 0x00, nil), Header{Version: 2, Command: Proxy}, 16},
		{"v2 unix", v2(1, 0x31, make([]byte, 216)), Header{Version: 2, Command: Proxy}, 232},
	}
	for _, c := range cases {
		h, n, err := Parse(c.in)
		if err != nil || h != c.want || n != c.wantLen {
			t.Errorf("%s: got %+v, %d, %v; want %+v, %d", c.name, h, n, err, c.want, c.wantLen)
		}
	}
}

// TestEveryPrefixIsIncomplete: a header split across tiny packets asks
// for more at every byte, and is whole at the last.
func TestEveryPrefixIsIncomplete(t *testing.T) {
	for _, full := range [][]byte{
		[]byte("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\n"),
		v2(1, 0x11, ipv4Block("1.2.3.4", "5.6.7.8", 1, 2)),
	} {
		for i := 0; i < len(full); i++ {
			if _, _, err := Parse(full[:i]); err != ErrIncomplete {
				t.Fatalf("%q: %d of %d bytes: %v, want ErrIncomplete", full, i, len(full), err)
			}
		}
		if _, n, err := Parse(full); err != nil || n != len(full) {
			t.Errorf("%q: whole: %d, %v", full, n, err)
		}
	}
}

func TestParseRejectsMalformedHeaders(t *testing.T) {
	long := make([]byte, 200)
	copy(long, "PROXY TCP4 ")
	for i := 11; i < len(long); i++ {
		long[i] = '1'
	}
	cases := map[string][]byte{
		"not a header":             []byte("GET / HTTP/1.0\r\n\r\n"),
		"v1 unknown protocol":      []byte("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n"),
		"v1 missing fields":        []byte("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n"),
		"v1 family mismatch":       []byte("PROXY TCP4 ::1 ::2 1 2\r\n"),
		"v1 bad port":              []byte("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n"),
		"v1 leading zero port":     []byte("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n"),
		"v1 line too long":         long,
		"v2 bad version":           append(append([]byte(nil), v2Signature...), 0x11, 0x11, 0, 0),
		"v2 bad command":           v2(2, 0x11, ipv4Block("1.2.3.4", "5.6.7.8", 1, 2)),
		"v2 unknown family":        v2(1, 0x41, make([]byte, 12)),
		"v2 short ipv4 block":      v2(1, 0x11, make([]byte, 8)),
		"v2 short ipv6 block":      v2(1, 0x21, make([]byte, 20)),
		"v2 length past the bound": append(append([]byte(nil), v2Signature...), 0x21, 0x11, 0xff, 0xff),
	}
	for name, in := range cases {
		if _, _, err := Parse(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want an ErrInvalid", name, err)
		}
	}
}
