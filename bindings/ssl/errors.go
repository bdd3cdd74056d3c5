package ssl

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"reflect"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
	"github.com/pyasync/pyasync/runtime/tlsconn"
)

// This file turns what the TLS engine and crypto/tls report into the
// exceptions CPython's ssl module raises, with its classes, errno
// (OpenSSL's SSL_ERROR_* code), library, reason and message:
//
//	SSLWantReadError(2, 'The operation did not complete (read)')
//	SSLError(1, '[SSL: WRONG_VERSION_NUMBER] wrong version number')
//	SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate
//	    verify failed: self-signed certificate'), verify_code 18
//
// CPython ends each message with the place in its C source that raised
// it, "(_ssl.c:1006)"; pyasync has no such place and leaves it out.

// OpenSSL's SSL_get_error codes, the errno of the ssl exceptions.
const (
	errSSL        = 1
	errWantRead   = 2
	errWantWrite  = 3
	errSyscall    = 5
	errZeroReturn = 6
	errEOF        = 8
)

// newError makes the exception cls (an ssl class name) with errno and
// OpenSSL's message: "[LIBRARY: REASON] text", "[LIBRARY] text" without
// a reason, or text alone without a library. attrs are more attributes
// to set, name then value (verify_code...).
func newError(cls string, errno int, library, reason, text string, attrs ...any) error {
	msg := text
	var lib, why starlark.Value = starlark.None, starlark.None
	switch {
	case library != "" && reason != "":
		msg = "[" + library + ": " + reason + "] " + text
		lib, why = starlark.String(library), starlark.String(reason)
	case library != "":
		msg = "[" + library + "] " + text
		lib = starlark.String(library)
	}
	e := exceptions.Of(&pyerr.Error{Type: cls, Msg: msg, Args: starlark.Tuple{starlark.MakeInt(errno), starlark.String(msg)}})
	e.SetAttr("library", lib)
	e.SetAttr("reason", why)
	for i := 0; i+1 < len(attrs); i += 2 {
		e.SetAttr(attrs[i].(string), attrs[i+1].(starlark.Value))
	}
	return exceptions.Err(e)
}

// wantError is the exception for the engine's ErrWantRead or
// ErrWantWrite.
func wantError(err error) error {
	if err == tlsconn.ErrWantWrite {
		return newError("ssl.SSLWantWriteError", errWantWrite, "", "", "The operation did not complete (write)")
	}
	return newError("ssl.SSLWantReadError", errWantRead, "", "", "The operation did not complete (read)")
}

// eofError is SSLEOFError: the peer closed the connection in a way TLS
// does not allow (without close_notify, or in the middle of the
// handshake).
func eofError() error {
	return newError("ssl.SSLEOFError", errEOF, "SSL", "UNEXPECTED_EOF_WHILE_READING", "EOF occurred in violation of protocol")
}

// reasonError is SSLError(1, "[SSL: REASON] text").
func reasonError(reason, text string) error {
	return newError("ssl.SSLError", errSSL, "SSL", reason, text)
}

// pyError returns the Python exception err means. Errors that already
// are Python's (an OSError from the kernel) pass through.
func pyError(err error) error {
	switch err {
	case nil:
		return nil
	case tlsconn.ErrWantRead, tlsconn.ErrWantWrite:
		return wantError(err)
	case tlsconn.ErrRaggedEOF, io.EOF, io.ErrUnexpectedEOF:
		return eofError()
	case tlsconn.ErrShutdownInInit:
		return reasonError("SHUTDOWN_WHILE_IN_INIT", "shutdown while in init")
	case tlsconn.ErrShortRetry:
		return reasonError("BAD_LENGTH", "bad length")
	case tlsconn.ErrClosed:
		return oserr.New(9) // EBADF
	}
	var ce *certError
	if errors.As(err, &ce) {
		return ce.pyError()
	}
	var oe *oserr.Error
	if errors.As(err, &oe) {
		return oe
	}
	var re *pyerr.Error
	if errors.As(err, &re) {
		return err
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return recordHeaderError(rh)
	}
	var op *net.OpError
	if errors.As(err, &op) {
		if a, ok := alertOf(op.Err); ok {
			if op.Op == "remote error" {
				return remoteAlertError(a, op)
			}
			return localAlertError(a, op)
		}
	}
	return goError(err)
}

// alertOf is the alert number a crypto/tls alert error carries (its type
// is not exported: it is a uint8 named alert).
func alertOf(err error) (uint8, bool) {
	if a, ok := err.(tls.AlertError); ok {
		return uint8(a), true
	}
	v := reflect.ValueOf(err)
	if v.Kind() == reflect.Uint8 && v.Type().PkgPath() == "crypto/tls" {
		return uint8(v.Uint()), true
	}
	return 0, false
}

// remoteAlertError is the exception for an alert the peer sent: OpenSSL
// names it for the alert ("[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert
// unknown ca").
func remoteAlertError(a uint8, op *net.OpError) error {
	text := alertReasons[a]
	if text == "" {
		return newError("ssl.SSLError", errSSL, "", "", op.Error())
	}
	return reasonError(reasonName(text), text)
}

// reasonName is an OpenSSL reason's name from its text.
func reasonName(text string) string {
	return strings.ToUpper(strings.ReplaceAll(text, " ", "_"))
}

// localAlertError is the exception for an alert crypto/tls sent, named
// for what OpenSSL found wrong in the same case.
func localAlertError(a uint8, op *net.OpError) error {
	switch a {
	case 20: // bad_record_mac
		return reasonError("DECRYPTION_FAILED_OR_BAD_RECORD_MAC", "decryption failed or bad record mac")
	case 22: // record_overflow
		return reasonError("PACKET_LENGTH_TOO_LONG", "packet length too long")
	case 10: // unexpected_message
		return reasonError("UNEXPECTED_MESSAGE", "unexpected message")
	case 70: // protocol_version
		return reasonError("UNSUPPORTED_PROTOCOL", "unsupported protocol")
	case 100: // no_renegotiation
		return reasonError("NO_RENEGOTIATION", "no renegotiation")
	case 120: // no_application_protocol
		return reasonError("NO_APPLICATION_PROTOCOL", "no application protocol")
	case 116: // certificate_required
		return reasonError("PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate")
	case 50: // decode_error
		return reasonError("LENGTH_MISMATCH", "length mismatch")
	}
	return goError(op)
}

// recordHeaderError is the exception for bytes that are not a TLS
// record: OpenSSL tells an HTTP request (sent in clear to a TLS port)
// from other garbage.
func recordHeaderError(rh tls.RecordHeaderError) error {
	h := string(rh.RecordHeader[:])
	switch {
	case strings.HasPrefix(rh.Msg, "oversized record"):
		return reasonError("PACKET_LENGTH_TOO_LONG", "packet length too long")
	case strings.HasPrefix(rh.Msg, "unsupported SSLv2"):
		return reasonError("UNSUPPORTED_PROTOCOL", "unsupported protocol")
	case strings.HasPrefix(h, "GET "), strings.HasPrefix(h, "POST "), strings.HasPrefix(h, "HEAD "), strings.HasPrefix(h, "PUT "):
		return reasonError("HTTP_REQUEST", "http request")
	case strings.HasPrefix(h, "CONNE"):
		return reasonError("HTTPS_PROXY_REQUEST", "https proxy request")
	}
	return reasonError("WRONG_VERSION_NUMBER", "wrong version number")
}

// goErrors are crypto/tls's own failures that OpenSSL reports under a
// reason of its own, by a part of crypto/tls's message.
var goErrors = [...]struct{ part, reason, text string }{
	{"tls: client offered only unsupported versions", "UNSUPPORTED_PROTOCOL", "unsupported protocol"},
	{"tls: server selected unsupported protocol version", "UNSUPPORTED_PROTOCOL", "unsupported protocol"},
	{"tls: no supported versions satisfy MinVersion and MaxVersion", "NO_PROTOCOLS_AVAILABLE", "no protocols available"},
	{"tls: client didn't provide a certificate", "PEER_DID_NOT_RETURN_A_CERTIFICATE", "peer did not return a certificate"},
	{"tls: no cipher suite supported by both client and server", "NO_SHARED_CIPHER", "no shared cipher"},
	{"tls: no certificates configured", "NO_SHARED_CIPHER", "no shared cipher"},
	{"tls: unsupported SSLv2 handshake received", "UNSUPPORTED_PROTOCOL", "unsupported protocol"},
	// a handshake message announcing more than crypto/tls takes (its
	// header may announce up to 16 MB)
	{"tls: handshake message of length", "EXCESSIVE_MESSAGE_SIZE", "excessive message size"},
	// a TLS 1.2 client's ClientHello after the handshake: renegotiation,
	// which crypto/tls's servers refuse
	{"*tls.clientHelloMsg when waiting for *tls.helloRequestMsg", "NO_RENEGOTIATION", "no renegotiation"},
	{"tls: received unexpected handshake message", "UNEXPECTED_MESSAGE", "unexpected message"},
	{"tls: unexpected message", "UNEXPECTED_MESSAGE", "unexpected message"},
}

// goError is the exception for any other failure of crypto/tls: an
// SSLError carrying crypto/tls's own message.
func goError(err error) error {
	msg := err.Error()
	for _, g := range goErrors {
		if strings.Contains(msg, g.part) {
			return reasonError(g.reason, g.text)
		}
	}
	return newError("ssl.SSLError", errSSL, "", "", msg)
}
