package socket

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"

	"go.starlark.net/starlark"
)

// stringValue's result is an ordinary Starlark string: same type, same
// bytes, equal and hashed as one made the usual way, usable after the
// source buffer changes and after collections.
func TestStringValueIsAString(t *testing.T) {
	for _, src := range []string{"a", "hello, world", strings.Repeat("x\x00\xff", 1000)} {
		buf := []byte(src)
		v := stringValue(buf)
		for i := range buf {
			buf[i] = '?' // the value owns a copy
		}
		runtime.GC()
		s, ok := v.(starlark.String)
		if !ok || string(s) != src {
			t.Fatalf("stringValue(%q) = %#v", src, v)
		}
		if eq, err := starlark.Equal(v, starlark.String(src)); err != nil || !eq {
			t.Fatalf("stringValue(%q) not equal to the string: %v %v", src, eq, err)
		}
		h1, _ := v.Hash()
		h2, _ := starlark.String(src).Hash()
		if h1 != h2 || v.Type() != "string" || v.Truth() != starlark.True {
			t.Fatalf("stringValue(%q): hash %d vs %d, type %s", src, h1, h2, v.Type())
		}
	}
	if v := stringValue(nil); v != starlark.String("") {
		t.Fatalf("stringValue(nil) = %#v", v)
	}
}

// A string taken out of the value keeps its bytes alive on its own.
func TestStringValueOutlivesItsValue(t *testing.T) {
	var kept []string
	for i := 0; i < 1000; i++ {
		v := stringValue([]byte(strings.Repeat(string(rune('a'+i%26)), 64)))
		kept = append(kept, string(v.(starlark.String)))
	}
	runtime.GC()
	runtime.GC()
	for i, s := range kept {
		if s != strings.Repeat(string(rune('a'+i%26)), 64) {
			t.Fatalf("string %d changed after collection: %q", i, s)
		}
	}
}

// The point of stringValue: one allocation where a conversion makes two.
func TestStringValueAllocatesOnce(t *testing.T) {
	buf := []byte(strings.Repeat("z", 64))
	var sink starlark.Value
	if n := testing.AllocsPerRun(100, func() { sink = stringValue(buf) }); n != 1 {
		t.Fatalf("stringValue allocates %v times, want 1", n)
	}
	_ = sink
}

// stringValue forges an interface value from two words: the interface
// table of starlark.String as a starlark.Value, and a pointer to a
// string header. This is what it assumes of Go's layout of interface
// values; if a Go release changes it, this test fails before anything
// reads a forged value.
func TestStringValueLayoutAssumptions(t *testing.T) {
	var v starlark.Value
	if unsafe.Sizeof(v) != 2*unsafe.Sizeof(uintptr(0)) {
		t.Fatalf("an interface value is %d bytes, not two words", unsafe.Sizeof(v))
	}
	if headerSize != 2*int(unsafe.Sizeof(uintptr(0))) {
		t.Fatalf("a string header is %d bytes, not two words", headerSize)
	}
	for _, src := range []string{"x", "hello", strings.Repeat("y", 100)} {
		made := starlark.Value(starlark.String(src))
		words := (*[2]unsafe.Pointer)(unsafe.Pointer(&made))
		if words[0] != stringTab {
			t.Fatalf("the first word of %q as a Value is not the one table every string shares", src)
		}
		if *(*string)(words[1]) != src {
			t.Fatalf("the second word of %q as a Value does not point to its string header", src)
		}
		if forged := stringValue([]byte(src)); forged != made {
			t.Fatalf("a forged value of %q is not == to one Go made", src)
		}
	}
}
