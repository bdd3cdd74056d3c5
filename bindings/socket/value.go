package socket

import (
	"unsafe"

	"go.starlark.net/starlark"
)

// A Starlark string handed to a script as a starlark.Value costs two
// allocations: one for its bytes and one for the string header the
// interface points to (Go boxes every non-pointer value it puts in an
// interface). Every recv() of the event loop returns one, so stringValue
// makes both in one block: the header first, the bytes after it, and the
// interface pointing at the header. The block holds no pointer the
// collector must follow (the header points into the block itself, which
// the interface keeps alive), so it is allocated as plain bytes; a string
// taken out of the value later points into the block, and keeps it alive
// in turn.

// headerSize is the size of a string header.
const headerSize = int(unsafe.Sizeof(""))

// stringTab is the interface table of starlark.String as a starlark.Value:
// the first word of any such interface value.
var stringTab = func() unsafe.Pointer {
	var v starlark.Value = starlark.String("x")
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&v))[0]
}()

// stringValue returns starlark.String(b) as a starlark.Value, made with a
// single allocation. b is copied.
func stringValue(b []byte) starlark.Value {
	if len(b) == 0 {
		return starlark.String("")
	}
	block := make([]byte, headerSize+len(b))
	copy(block[headerSize:], b)
	hdr := unsafe.Pointer(&block[0])
	*(*string)(hdr) = unsafe.String(&block[headerSize], len(b))
	var v starlark.Value
	words := (*[2]unsafe.Pointer)(unsafe.Pointer(&v))
	words[0], words[1] = stringTab, hdr
	return v
}
