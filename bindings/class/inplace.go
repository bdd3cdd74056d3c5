package class

import "go.starlark.net/starlark"

// BuiltinsInPlace marks the built-in functions among members with
// ArgsInPlace, so that a call hands them their arguments where they lie
// on the caller's stack instead of a copy, and returns members. The
// caller promises that none of them keeps its args or kwargs slice, or
// changes it (each reads its arguments, by UnpackArgs or by index, and
// keeps the values if any). A built-in already marked is left alone: it
// may be shared by every interpreter (open), and is marked where it is
// made.
func BuiltinsInPlace(members starlark.StringDict) starlark.StringDict {
	for _, v := range members {
		if b, ok := v.(*starlark.Builtin); ok && !b.TakesArgsInPlace() {
			b.ArgsInPlace()
		}
	}
	return members
}
