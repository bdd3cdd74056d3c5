package interp

import (
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// unichr(i) is Python 2's: the character of code point i, as text is
// kept in a pyasync str, in UTF-8 (unichr(233) is "\xc3\xa9", two
// bytes, where chr(233) is the one byte 0xe9, as Python 2's chr).
// Python 2 programs that name it where Python 3 has chr
// (unichr = chr in a compatibility module) then run unchanged.
func unichr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs("unichr", args, kwargs, 1, &x); err != nil {
		return nil, err
	}
	n, ok := x.(starlark.Int)
	if !ok {
		if bl, isBool := x.(starlark.Bool); isBool {
			n = starlark.MakeInt(map[bool]int{true: 1, false: 0}[bool(bl)])
		} else {
			return nil, pyerr.Errorf("TypeError", "an integer is required")
		}
	}
	i, ok := n.Int64()
	if !ok || i < 0 || i > utf8.MaxRune {
		return nil, pyerr.Errorf("ValueError", "unichr() arg not in range(0x110000)")
	}
	if i >= 0xd800 && i <= 0xdfff { // a surrogate: UTF-8 has no encoding of it; Python 2 writes these bytes
		return starlark.String([]byte{0xe0 | byte(i>>12), 0x80 | byte(i>>6)&0x3f, 0x80 | byte(i)&0x3f}), nil
	}
	return starlark.String(string(rune(i))), nil
}
