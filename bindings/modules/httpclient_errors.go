package modules

import (
	"fmt"
	"sync"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// http.client's exceptions, as Python's:
//
//	HTTPException(Exception)
//	    NotConnected, InvalidURL, UnknownProtocol, UnknownTransferEncoding,
//	    UnimplementedFileMode, IncompleteRead(partial, expected=None),
//	    ImproperConnectionState: CannotSendRequest, CannotSendHeader, ResponseNotReady
//	    BadStatusLine(line), LineTooLong(line_type)
//	RemoteDisconnected(ConnectionResetError, BadStatusLine)
//	error = HTTPException
var (
	httpException      = sync.OnceValue(func() *class.Class { return httpErrClass("HTTPException", nil, exceptions.Class("Exception")) })
	httpNotConnected   = sync.OnceValue(func() *class.Class { return httpErrClass("NotConnected", nil, httpException()) })
	httpInvalidURL     = sync.OnceValue(func() *class.Class { return httpErrClass("InvalidURL", nil, httpException()) })
	httpUnknownProto   = sync.OnceValue(func() *class.Class { return httpErrClass("UnknownProtocol", nil, httpException()) })
	httpUnknownTE      = sync.OnceValue(func() *class.Class { return httpErrClass("UnknownTransferEncoding", nil, httpException()) })
	httpFileMode       = sync.OnceValue(func() *class.Class { return httpErrClass("UnimplementedFileMode", nil, httpException()) })
	httpIncompleteRead = sync.OnceValue(func() *class.Class {
		return httpErrClass("IncompleteRead", starlark.StringDict{
			"__init__": class.NewMethod("__init__", incompleteReadInit),
			"__repr__": class.NewMethod("__repr__", incompleteReadRepr),
			"__str__":  class.NewMethod("__str__", incompleteReadRepr),
		}, httpException())
	})
	httpImproperState  = sync.OnceValue(func() *class.Class { return httpErrClass("ImproperConnectionState", nil, httpException()) })
	httpCannotSendReq  = sync.OnceValue(func() *class.Class { return httpErrClass("CannotSendRequest", nil, httpImproperState()) })
	httpCannotSendHead = sync.OnceValue(func() *class.Class { return httpErrClass("CannotSendHeader", nil, httpImproperState()) })
	httpNotReady       = sync.OnceValue(func() *class.Class { return httpErrClass("ResponseNotReady", nil, httpImproperState()) })
	httpBadStatusLine  = sync.OnceValue(func() *class.Class {
		return httpErrClass("BadStatusLine", starlark.StringDict{
			"__init__": class.NewMethod("__init__", badStatusLineInit),
		}, httpException())
	})
	httpLineTooLong = sync.OnceValue(func() *class.Class {
		return httpErrClass("LineTooLong", starlark.StringDict{
			"__init__": class.NewMethod("__init__", lineTooLongInit),
		}, httpException())
	})
	httpRemoteDisconnected = sync.OnceValue(func() *class.Class {
		return httpErrClass("RemoteDisconnected", starlark.StringDict{
			"__init__": class.NewMethod("__init__", remoteDisconnectedInit),
		}, exceptions.Class("ConnectionResetError"), httpBadStatusLine())
	})

	httpErrors = sync.OnceValue(func() []*class.Class {
		return []*class.Class{httpException(), httpNotConnected(), httpInvalidURL(), httpUnknownProto(), httpUnknownTE(),
			httpFileMode(), httpIncompleteRead(), httpImproperState(), httpCannotSendReq(), httpCannotSendHead(), httpNotReady(),
			httpBadStatusLine(), httpLineTooLong(), httpRemoteDisconnected()}
	})
)

func httpErrClass(name string, members starlark.StringDict, bases ...*class.Class) *class.Class {
	return class.MustNewBuiltin(name, "http.client", bases, members)
}

// httpRaise makes an instance of c with args, running its __init__, as
// an error to return.
func httpRaise(th *starlark.Thread, c *class.Class, args ...starlark.Value) error {
	return smtpRaise(th, c, args...)
}

func incompleteReadInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("IncompleteRead.__init__", self)
	if err != nil {
		return nil, err
	}
	var partial, expected starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("IncompleteRead", args, kwargs, "partial", &partial, "expected?", &expected); err != nil {
		return nil, err
	}
	e.SetAttr("args", starlark.Tuple{partial})
	e.SetAttr("partial", partial)
	e.SetAttr("expected", expected)
	return starlark.None, nil
}

// incompleteReadRepr is "IncompleteRead(5 bytes read, 3 more expected)",
// its str() too.
func incompleteReadRepr(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("IncompleteRead.__repr__", self)
	if err != nil {
		return nil, err
	}
	partial, _ := e.Attr("partial")
	n := 0
	if s, ok := partial.(starlark.Sequence); ok {
		n = s.Len()
	} else if s, ok := partial.(starlark.String); ok {
		n = len(s)
	}
	more := ""
	if expected, _ := e.Attr("expected"); expected != nil && expected != starlark.None {
		more = fmt.Sprintf(", %s more expected", expected.String())
	}
	return starlark.String(fmt.Sprintf("%s(%d bytes read%s)", e.Class().Name(), n, more)), nil
}

func badStatusLineInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("BadStatusLine.__init__", self)
	if err != nil {
		return nil, err
	}
	var line starlark.Value
	if err := starlark.UnpackArgs("BadStatusLine", args, kwargs, "line", &line); err != nil {
		return nil, err
	}
	if !line.Truth() {
		line = starlark.String(Repr(line))
	}
	e.SetAttr("args", starlark.Tuple{line})
	e.SetAttr("line", line)
	return starlark.None, nil
}

func lineTooLongInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("LineTooLong.__init__", self)
	if err != nil {
		return nil, err
	}
	var lineType starlark.Value
	if err := starlark.UnpackArgs("LineTooLong", args, kwargs, "line_type", &lineType); err != nil {
		return nil, err
	}
	e.SetAttr("args", starlark.Tuple{starlark.String(fmt.Sprintf("got more than %d bytes when reading %s", maxHTTPLine, pyStr(lineType)))})
	return starlark.None, nil
}

// remoteDisconnectedInit is RemoteDisconnected(*args): BadStatusLine's
// line "" and ConnectionResetError's arguments.
func remoteDisconnectedInit(th *starlark.Thread, self starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	e, err := Instance("RemoteDisconnected.__init__", self)
	if err != nil {
		return nil, err
	}
	if len(kwargs) > 0 {
		return nil, pyerr.Errorf("TypeError", "RemoteDisconnected() takes no keyword arguments")
	}
	e.SetAttr("line", starlark.String("''"))
	e.SetAttr("args", append(starlark.Tuple(nil), args...))
	for _, f := range []string{"errno", "strerror", "filename"} {
		e.SetAttr(f, starlark.None)
	}
	return starlark.None, nil
}
