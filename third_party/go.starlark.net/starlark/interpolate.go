package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): what the % operator on strings (interpolate)
// needs to build its result in one allocation without fmt.

import (
	"fmt"
	"strconv"
)

// interpolatedSize is a guess at the length of format % x: the format's,
// the lengths of the strings among the arguments, and a few bytes for
// each other argument.
func interpolatedSize(format string, x Value) int {
	n := len(format)
	add := func(v Value) {
		if s, ok := v.(String); ok {
			n += len(s)
		} else {
			n += 8
		}
	}
	if t, ok := x.(Tuple); ok {
		for _, v := range t {
			add(v)
		}
	} else {
		add(x)
	}
	return n
}

// appendInt appends i formatted by the conversion c of the % operator
// (d, i, o, x or X), as fmt formats it: with strconv when i fits an
// int64, else through fmt.
func appendInt(buf []byte, i Int, c byte) []byte {
	v, ok := i.Int64()
	if !ok {
		if c == 'i' {
			c = 'd'
		}
		return fmt.Appendf(buf, "%"+string(c), i)
	}
	switch c {
	case 'o':
		return strconv.AppendInt(buf, v, 8)
	case 'x':
		return strconv.AppendInt(buf, v, 16)
	case 'X':
		start := len(buf)
		buf = strconv.AppendInt(buf, v, 16)
		for j := start; j < len(buf); j++ {
			if 'a' <= buf[j] && buf[j] <= 'f' {
				buf[j] -= 'a' - 'A'
			}
		}
		return buf
	}
	return strconv.AppendInt(buf, v, 10) // d, i
}
