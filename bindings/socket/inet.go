package socket

import (
	"fmt"
	"net/netip"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file is the socket module's address conversions, as Python's on
// glibc:
//
//	inet_aton(str) -> 4 bytes (inet_aton(3): "127.1", "0x7f.0.0.1")
//	inet_ntoa(packed) -> "a.b.c.d"
//	inet_pton(family, str) -> bytes   inet_ntop(family, packed) -> str
//	htons(x) ntohs(x) htonl(x) ntohl(x)
//
// Packed addresses may be bytes or, as Python 2's were, a str of the raw
// bytes (what recv() returns).

func inetAton(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("inet_aton", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	s, err := addrText("inet_aton", 1, v)
	if err != nil {
		return nil, err
	}
	n, ok := parseAton(s)
	if !ok {
		return nil, pyerr.Errorf("OSError", "illegal IP address string passed to inet_aton")
	}
	return starlark.Bytes([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), nil
}

// addrText is the str argument number i of fn.
func addrText(fn string, i int, v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyerr.Errorf("TypeError", "%s() argument %d must be str, not %s", fn, i, v.Type())
	}
	if strings.IndexByte(string(s), 0) >= 0 {
		return "", pyerr.Errorf("ValueError", "embedded null character")
	}
	return string(s), nil
}

// parseAton is glibc's inet_aton: one to four parts separated by dots,
// each decimal, octal (leading 0) or hex (0x); the last part fills the
// bytes the others left; anything after a space is ignored.
func parseAton(s string) (uint32, bool) {
	var parts []uint64
	var val uint64
	digit := false
	i := 0
	at := func() byte {
		if i < len(s) {
			return s[i]
		}
		return 0
	}
	for {
		c := at()
		if c < '0' || c > '9' {
			return 0, false
		}
		base := uint64(10)
		val = 0
		if c == '0' {
			i++
			if c = at(); c == 'x' || c == 'X' {
				base = 16
				i++
			} else {
				base, digit = 8, true
			}
		}
		for {
			c = at()
			switch {
			case c >= '0' && c <= '9':
				if base == 8 && c >= '8' {
					return 0, false
				}
				val = val*base + uint64(c-'0')
			case base == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'):
				val = val<<4 | uint64(c|0x20-'a'+10)
			default:
				goto endPart
			}
			if val > 0xffffffff {
				return 0, false
			}
			digit = true
			i++
		}
	endPart:
		if c != '.' {
			break
		}
		if len(parts) > 2 || val > 0xff {
			return 0, false
		}
		parts = append(parts, val)
		i++
	}
	if c := at(); i < len(s) && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
		return 0, false
	}
	if !digit {
		return 0, false
	}
	if max := uint64(0xffffffff) >> (8 * len(parts)); val > max {
		return 0, false
	}
	for k, p := range parts {
		val |= p << (24 - 8*k)
	}
	return uint32(val), true
}

// packedArg is a packed address argument: bytes, or a str of raw bytes.
func packedArg(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.Bytes:
		return string(x), nil
	case starlark.String:
		return string(x), nil
	}
	return "", pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", v.Type())
}

func inetNtoa(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("inet_ntoa", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	p, err := packedArg(v)
	if err != nil {
		return nil, err
	}
	if len(p) != 4 {
		return nil, pyerr.Errorf("OSError", "packed IP wrong length for inet_ntoa")
	}
	return starlark.String(fmt.Sprintf("%d.%d.%d.%d", p[0], p[1], p[2], p[3])), nil
}

func inetPton(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var family int
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("inet_pton", args, kwargs, 2, &family, &v); err != nil {
		return nil, err
	}
	s, err := addrText("inet_pton", 2, v)
	if err != nil {
		return nil, err
	}
	bad := pyerr.Errorf("OSError", "illegal IP address string passed to inet_pton")
	switch family {
	case unix.AF_INET:
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is4() {
			return nil, bad
		}
		b := a.As4()
		return starlark.Bytes(b[:]), nil
	case unix.AF_INET6:
		a, err := netip.ParseAddr(s)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return nil, bad
		}
		b := a.As16()
		return starlark.Bytes(b[:]), nil
	}
	return nil, oserr.New(unix.EAFNOSUPPORT)
}

func inetNtop(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var family int
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("inet_ntop", args, kwargs, 2, &family, &v); err != nil {
		return nil, err
	}
	p, err := packedArg(v)
	if err != nil {
		return nil, err
	}
	want := map[int]int{unix.AF_INET: 4, unix.AF_INET6: 16}[family]
	if want == 0 {
		return nil, pyerr.Errorf("ValueError", "unknown address family %d", family)
	}
	if len(p) != want {
		return nil, pyerr.Errorf("ValueError", "invalid length of packed IP address string")
	}
	if family == unix.AF_INET {
		return starlark.String(fmt.Sprintf("%d.%d.%d.%d", p[0], p[1], p[2], p[3])), nil
	}
	return starlark.String(ntop6(p)), nil
}

// ntop6 is glibc's inet_ntop for IPv6: the longest run (the first of
// equals) of two or more zero words becomes "::", and an IPv4-compatible
// or -mapped address ends in dotted quad.
func ntop6(p string) string {
	var w [8]int
	for i := range w {
		w[i] = int(p[2*i])<<8 | int(p[2*i+1])
	}
	best, bestLen, cur, curLen := -1, 0, -1, 0
	for i := 0; i < 8; i++ {
		if w[i] == 0 {
			if cur < 0 {
				cur, curLen = i, 1
			} else {
				curLen++
			}
			if curLen > bestLen {
				best, bestLen = cur, curLen
			}
		} else {
			cur = -1
		}
	}
	if bestLen < 2 {
		best = -1
	}
	var b strings.Builder
	for i := 0; i < 8; i++ {
		if best >= 0 && i >= best && i < best+bestLen {
			if i == best {
				b.WriteByte(':')
			}
			continue
		}
		if i > 0 {
			b.WriteByte(':')
		}
		if i == 6 && best == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xffff) {
			fmt.Fprintf(&b, "%d.%d.%d.%d", p[12], p[13], p[14], p[15])
			break
		}
		fmt.Fprintf(&b, "%x", w[i])
	}
	if best >= 0 && best+bestLen == 8 {
		b.WriteByte(':')
	}
	return b.String()
}

// byteSwap is htons/ntohs (bits 16) or htonl/ntohl (bits 32): x with its
// bytes reversed, with Python 3.11's errors.
func byteSwap(bits int) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
			return nil, err
		}
		if bv, ok := v.(starlark.Bool); ok {
			v = starlark.MakeInt(map[starlark.Bool]int{false: 0, true: 1}[bv])
		}
		x, ok := v.(starlark.Int)
		if !ok {
			t := v.Type()
			if t == "string" {
				t = "str"
			}
			if bits == 32 {
				return nil, pyerr.Errorf("TypeError", "expected int, %s found", t)
			}
			return nil, pyerr.Errorf("TypeError", "'%s' object cannot be interpreted as an integer", t)
		}
		if bits == 16 {
			n, fits := x.Int64()
			switch {
			case !fits:
				return nil, pyerr.Errorf("OverflowError", "Python int too large to convert to C long")
			case n > 1<<31-1:
				return nil, pyerr.Errorf("OverflowError", "signed integer is greater than maximum")
			case n < -1<<31:
				return nil, pyerr.Errorf("OverflowError", "signed integer is less than minimum")
			case n < 0:
				return nil, pyerr.Errorf("OverflowError", "%s: can't convert negative Python int to C 16-bit unsigned integer", b.Name())
			case n > 0xffff:
				return nil, pyerr.Errorf("OverflowError", "%s: Python int too large to convert to C 16-bit unsigned integer", b.Name())
			}
			return starlark.MakeInt64(n>>8 | n&0xff<<8), nil
		}
		u64, fits := x.Uint64()
		switch {
		case x.Sign() < 0:
			return nil, pyerr.Errorf("OverflowError", "can't convert negative value to unsigned int")
		case !fits:
			return nil, pyerr.Errorf("OverflowError", "Python int too large to convert to C unsigned long")
		case u64 > 0xffffffff:
			return nil, pyerr.Errorf("OverflowError", "int larger than 32 bits")
		}
		u := uint32(u64)
		return starlark.MakeUint64(uint64(u>>24 | u>>8&0xff00 | u<<8&0xff0000 | u<<24)), nil
	}
}
