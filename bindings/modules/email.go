package modules

import (
	"errors"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
)

// NewEmail makes the email package, as far as asyncore programs reach
// into it:
//
//	email.errors: MessageError, MessageParseError, HeaderParseError,
//	    BoundaryError, MultipartConversionError, CharsetError
//	email._header_value_parser: the address parser (email_header.go)
//
// The rest of Python's email package (messages, parsing and generating
// them) is not there.
func NewEmail() *Lazy {
	return NewLazy("email", func() starlark.StringDict {
		return starlark.StringDict{
			"errors":               NewEmailErrors(),
			"_header_value_parser": NewHeaderValueParser(),
		}
	})
}

// NewEmailErrors makes email.errors: its exception classes.
func NewEmailErrors() *Lazy {
	return NewLazy("email.errors", func() starlark.StringDict {
		out := starlark.StringDict{}
		for _, c := range emailErrorClasses() {
			out[c.Name()] = c
		}
		return out
	})
}

var (
	messageError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("MessageError", "email.errors", []*class.Class{exceptions.Class("Exception")}, nil)
	})
	messageParseError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("MessageParseError", "email.errors", []*class.Class{messageError()}, nil)
	})
	headerParseError = sync.OnceValue(func() *class.Class {
		return class.MustNewBuiltin("HeaderParseError", "email.errors", []*class.Class{messageParseError()}, nil)
	})

	emailErrorClasses = sync.OnceValue(func() []*class.Class {
		return []*class.Class{
			messageError(), messageParseError(), headerParseError(),
			class.MustNewBuiltin("BoundaryError", "email.errors", []*class.Class{messageParseError()}, nil),
			class.MustNewBuiltin("MultipartConversionError", "email.errors", []*class.Class{messageError(), exceptions.Class("TypeError")}, nil),
			class.MustNewBuiltin("CharsetError", "email.errors", []*class.Class{messageError()}, nil),
		}
	})
)

// raiseNew is an instance of the exception class c made with args, as
// an error to return.
func raiseNew(c *class.Class, args ...starlark.Value) error {
	e := class.NewInstance(c)
	e.SetAttr("args", starlark.Tuple(args))
	return exceptions.Err(e)
}

// isInstanceErr reports whether err is an exception of class c.
func isInstanceErr(err error, c *class.Class) bool {
	var r *exceptions.Raised
	return errors.As(err, &r) && r.Exc.Class().IsSubclass(c)
}
