// Package modules holds the small predeclared modules: errno, time, sys,
// os, signal, getopt and warnings (SPEC section 6), one file each, and
// what the modules share: Lazy (a module made on first look), Callers
// (the script's frames), SourceLine, PyRepr.
//
// A module's classes (io.StringIO, smtplib's and configparser's errors...)
// are package-level sync.OnceValue functions, made the first time they are
// asked for: built at package initialisation, as they were, they were the
// largest share of the memory every start allocated and touched, for
// classes most scripts never use.
package modules

import (
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// NewErrno makes the errno module of one interpreter (errorcode is a
// mutable dict, so each interpreter has its own): every errno name as an
// int, and errorcode (number -> name), as Python's. Its members are made
// when the program first looks at it.
//
//	errno.ECONNREFUSED   errno.errorcode[111] == "ECONNREFUSED"
func NewErrno() *Lazy { return NewLazy("errno", errnoMembers) }

func errnoMembers() starlark.StringDict {
	m := starlark.StringDict{}
	codes := starlark.NewDict(200)
	for name, code := range oserr.Codes {
		m[name] = starlark.MakeInt(int(code))
		if oserr.Name(code) == name {
			codes.SetKey(starlark.MakeInt(int(code)), starlark.String(name))
		}
	}
	m["errorcode"] = codes
	return m
}
