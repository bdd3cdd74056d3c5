package starlark

// This file is not part of upstream go.starlark.net (see PATCHES.md at
// the module's root): string results with fewer allocations.

import "unsafe"

// iface is the layout of a Go interface value holding a pointer.
type iface struct{ tab, data unsafe.Pointer }

// stringTab is the first word of a Value holding a String.
var stringTab = func() unsafe.Pointer {
	var v Value = String("")
	return (*iface)(unsafe.Pointer(&v)).tab
}()

// stringValues returns the strings ss as Values. Storing a String in a
// Value allocates a copy of its header for each; here ss itself holds
// them all, so the Values share one allocation (ss, which must not be
// used afterwards) instead of one each. The strings of a split share
// their bytes already, so that one of them kept alive keeps no more
// than its neighbours' headers.
func stringValues(ss []string) []Value {
	hdrs := *(*[]String)(unsafe.Pointer(&ss)) // String's underlying type is string
	vals := make([]Value, len(hdrs))
	for i := range hdrs {
		*(*iface)(unsafe.Pointer(&vals[i])) = iface{stringTab, unsafe.Pointer(&hdrs[i])}
	}
	return vals
}
