package modules

import (
	"go.starlark.net/starlark"
	"sync"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// smtplib's exceptions, as Python's: SMTPException under OSError, and
// under it the server's refusals, which carry its reply.
//
//	SMTPException(OSError)
//	    SMTPNotSupportedError, SMTPServerDisconnected
//	    SMTPResponseException(code, msg): .smtp_code .smtp_error
//	        SMTPSenderRefused(code, msg, sender): .sender
//	        SMTPDataError, SMTPConnectError, SMTPHeloError, SMTPAuthenticationError
//	    SMTPRecipientsRefused(recipients): .recipients, {address: (code, msg)}
var (
	smtpException          = sync.OnceValue(func() *class.Class { return smtpClass("SMTPException", exceptions.Class("OSError"), smtpNoOSFields) })
	smtpNotSupportedError  = sync.OnceValue(func() *class.Class { return smtpClass("SMTPNotSupportedError", smtpException(), nil) })
	smtpServerDisconnected = sync.OnceValue(func() *class.Class { return smtpClass("SMTPServerDisconnected", smtpException(), nil) })
	smtpResponseException  = sync.OnceValue(func() *class.Class { return smtpClass("SMTPResponseException", smtpException(), smtpResponseInit) })
	smtpSenderRefused      = sync.OnceValue(func() *class.Class { return smtpClass("SMTPSenderRefused", smtpResponseException(), smtpSenderInit) })
	smtpRecipientsRefused  = sync.OnceValue(func() *class.Class { return smtpClass("SMTPRecipientsRefused", smtpException(), smtpRecipientsInit) })
	smtpDataError          = sync.OnceValue(func() *class.Class { return smtpClass("SMTPDataError", smtpResponseException(), nil) })
	smtpConnectError       = sync.OnceValue(func() *class.Class { return smtpClass("SMTPConnectError", smtpResponseException(), nil) })
	smtpHeloError          = sync.OnceValue(func() *class.Class { return smtpClass("SMTPHeloError", smtpResponseException(), nil) })
	smtpAuthError          = sync.OnceValue(func() *class.Class { return smtpClass("SMTPAuthenticationError", smtpResponseException(), nil) })

	smtpErrors = sync.OnceValue(func() []*class.Class {
		return []*class.Class{smtpException(), smtpNotSupportedError(), smtpServerDisconnected(), smtpResponseException(),
			smtpSenderRefused(), smtpRecipientsRefused(), smtpDataError(), smtpConnectError(), smtpHeloError(), smtpAuthError()}
	})
)

func smtpClass(name string, base *class.Class, init class.MethodFunc) *class.Class {
	var members starlark.StringDict
	if init != nil {
		members = starlark.StringDict{"__init__": class.NewMethod("__init__", init)}
	}
	return class.MustNewBuiltin(name, "smtplib", []*class.Class{base}, members)
}

// smtpNoOSFields is SMTPException.__init__: BaseException's, the args
// kept whole; errno, strerror and filename stay None, as in Python,
// whose OSError reads them from the arguments only for its own __init__.
func smtpNoOSFields(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("SMTPException.__init__", self)
	if err != nil {
		return nil, err
	}
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "%s() takes no keyword arguments", e.Class().Name())
	}
	setSMTPArgs(e, args)
	return starlark.None, nil
}

func setSMTPArgs(e *class.Instance, args starlark.Tuple) {
	e.SetAttr("args", append(starlark.Tuple(nil), args...))
	for _, f := range []string{"errno", "strerror", "filename"} {
		e.SetAttr(f, starlark.None)
	}
}

// smtpResponseInit is SMTPResponseException.__init__(code, msg).
func smtpResponseInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("SMTPResponseException.__init__", self)
	if err != nil {
		return nil, err
	}
	var code, msg starlark.Value
	if err := starlark.UnpackArgs("__init__", args, kwargs, "code", &code, "msg", &msg); err != nil {
		return nil, err
	}
	setSMTPArgs(e, starlark.Tuple{code, msg})
	e.SetAttr("smtp_code", code)
	e.SetAttr("smtp_error", msg)
	return starlark.None, nil
}

// smtpSenderInit is SMTPSenderRefused.__init__(code, msg, sender).
func smtpSenderInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("SMTPSenderRefused.__init__", self)
	if err != nil {
		return nil, err
	}
	var code, msg, sender starlark.Value
	if err := starlark.UnpackArgs("__init__", args, kwargs, "code", &code, "msg", &msg, "sender", &sender); err != nil {
		return nil, err
	}
	setSMTPArgs(e, starlark.Tuple{code, msg, sender})
	e.SetAttr("smtp_code", code)
	e.SetAttr("smtp_error", msg)
	e.SetAttr("sender", sender)
	return starlark.None, nil
}

// smtpRecipientsInit is SMTPRecipientsRefused.__init__(recipients).
func smtpRecipientsInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("SMTPRecipientsRefused.__init__", self)
	if err != nil {
		return nil, err
	}
	var recipients starlark.Value
	if err := starlark.UnpackArgs("__init__", args, kwargs, "recipients", &recipients); err != nil {
		return nil, err
	}
	setSMTPArgs(e, starlark.Tuple{recipients})
	e.SetAttr("recipients", recipients)
	return starlark.None, nil
}

// smtpRaise makes an instance of one of these classes, running its
// __init__ with args, as an error to return.
func smtpRaise(th *starlark.Thread, c *class.Class, args ...starlark.Value) error {
	v, err := starlark.Call(th, c, starlark.Tuple(args), nil)
	if err != nil {
		return err
	}
	return exceptions.Err(v.(*class.Instance))
}
