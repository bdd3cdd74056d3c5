// Package ssl is the Starlark module ssl: TLS for sockets and asyncore
// channels, with the surface of CPython 3.11's ssl module that asyncore
// programs use, on Go's crypto/tls (no OpenSSL, no cgo). The TLS engine
// (runtime/tlsconn) runs on the loop's thread over the non-blocking
// descriptor; a wrapped socket keeps a dispatcher's non-blocking
// contract, raising SSLWantReadError and SSLWantWriteError where
// Python's does.
//
// Module members:
//
//	SSLContext(protocol=PROTOCOL_TLS)                   (context.go)
//	create_default_context(purpose=Purpose.SERVER_AUTH, cafile=None,
//	    capath=None, cadata=None)
//	wrap_socket(sock, keyfile=None, certfile=None, server_side=False,
//	    cert_reqs=CERT_NONE, ssl_version=PROTOCOL_TLS, ca_certs=None,
//	    do_handshake_on_connect=True, suppress_ragged_eofs=True,
//	    ciphers=None)                                    (the old function)
//	SSLSocket                                            (sslsocket.go; for isinstance)
//	DER_cert_to_PEM_cert(der_cert_bytes) PEM_cert_to_DER_cert(pem_cert_string)
//	SSLError SSLZeroReturnError SSLWantReadError SSLWantWriteError
//	    SSLSyscallError SSLEOFError SSLCertVerificationError CertificateError
//	CERT_NONE CERT_OPTIONAL CERT_REQUIRED
//	PROTOCOL_TLS PROTOCOL_SSLv23 PROTOCOL_TLS_CLIENT PROTOCOL_TLS_SERVER
//	    PROTOCOL_TLSv1 PROTOCOL_TLSv1_1 PROTOCOL_TLSv1_2
//	TLSVersion.{MINIMUM_SUPPORTED, SSLv3, TLSv1, TLSv1_1, TLSv1_2, TLSv1_3, MAXIMUM_SUPPORTED}
//	Purpose.{SERVER_AUTH, CLIENT_AUTH}
//	OP_* VERIFY_* SSL_ERROR_* ALERT_DESCRIPTION_* HAS_* CHANNEL_BINDING_TYPES
//	OPENSSL_VERSION OPENSSL_VERSION_INFO OPENSSL_VERSION_NUMBER PEM_HEADER PEM_FOOTER
//
// Where it differs from CPython (COMPATIBILITY.md): messages have no
// "(_ssl.c:NNNN)" suffix; the constants are ints, not enums; crypto/tls
// picks TLS 1.3's suites and set_ciphers() selects TLS 1.2's by OpenSSL
// name only; a failed verification sends the peer bad_certificate
// whatever the reason; close() sends close_notify; no SNI callback, no
// wrap_bio, no DeprecationWarning.
package ssl

import (
	"encoding/base64"
	"encoding/pem"
	"runtime"
	"strings"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/tlsconn"
)

// module is the state one interpreter's ssl module keeps.
type module struct {
	// abandoned are the engines of sockets a script dropped while their
	// handshake was suspended. The collector finds them on a goroutine of
	// its own, but a suspended handshake may only be ended from the
	// interpreter's (whose thread it ran on): they wait here until the
	// interpreter next wraps or handshakes (reap).
	mu        sync.Mutex
	abandoned []*tlsconn.Conn
}

// abandon queues an engine whose socket was dropped.
func (m *module) abandon(c *tlsconn.Conn) {
	m.mu.Lock()
	m.abandoned = append(m.abandoned, c)
	m.mu.Unlock()
}

// reap ends the handshakes of dropped sockets.
func (m *module) reap() {
	m.mu.Lock()
	list := m.abandoned
	m.abandoned = nil
	m.mu.Unlock()
	for _, c := range list {
		c.Close()
	}
}

// New returns a new interpreter's ssl module, made when first used.
func New() starlark.Value {
	return modules.NewLazy("ssl", func() starlark.StringDict { return members(&module{}) })
}

var intConstants = [...]struct {
	name  string
	value int
}{
	{"CERT_NONE", certNone}, {"CERT_OPTIONAL", certOptional}, {"CERT_REQUIRED", certRequired},
	{"PROTOCOL_TLS", protocolTLS}, {"PROTOCOL_SSLv23", protocolTLS},
	{"PROTOCOL_TLS_CLIENT", protocolTLSClient}, {"PROTOCOL_TLS_SERVER", protocolTLSServer},
	{"PROTOCOL_TLSv1", protocolTLSv1}, {"PROTOCOL_TLSv1_1", protocolTLSv1_1}, {"PROTOCOL_TLSv1_2", protocolTLSv1_2},
	{"OP_ALL", 2147483728}, {"OP_NO_SSLv2", 0}, {"OP_NO_SSLv3", 33554432},
	{"OP_NO_TLSv1", opNoTLSv1}, {"OP_NO_TLSv1_1", opNoTLSv1_1}, {"OP_NO_TLSv1_2", opNoTLSv1_2}, {"OP_NO_TLSv1_3", opNoTLSv1_3},
	{"OP_NO_COMPRESSION", 131072}, {"OP_CIPHER_SERVER_PREFERENCE", 4194304},
	{"OP_SINGLE_DH_USE", 0}, {"OP_SINGLE_ECDH_USE", 0}, {"OP_NO_TICKET", opNoTicket},
	{"OP_NO_RENEGOTIATION", 1073741824}, {"OP_ENABLE_MIDDLEBOX_COMPAT", 1048576}, {"OP_IGNORE_UNEXPECTED_EOF", 128},
	{"VERIFY_DEFAULT", 0}, {"VERIFY_CRL_CHECK_LEAF", 4}, {"VERIFY_CRL_CHECK_CHAIN", 12},
	{"VERIFY_X509_STRICT", 32}, {"VERIFY_X509_TRUSTED_FIRST", 32768}, {"VERIFY_X509_PARTIAL_CHAIN", 524288},
	{"VERIFY_ALLOW_PROXY_CERTS", 64},
	{"SSL_ERROR_SSL", errSSL}, {"SSL_ERROR_WANT_READ", errWantRead}, {"SSL_ERROR_WANT_WRITE", errWantWrite},
	{"SSL_ERROR_WANT_X509_LOOKUP", 4}, {"SSL_ERROR_SYSCALL", errSyscall}, {"SSL_ERROR_ZERO_RETURN", errZeroReturn},
	{"SSL_ERROR_WANT_CONNECT", 7}, {"SSL_ERROR_EOF", errEOF}, {"SSL_ERROR_INVALID_ERROR_CODE", 10},
	{"OPENSSL_VERSION_NUMBER", 805306368},
}

// alertNames are the ALERT_DESCRIPTION_* constants.
var alertNames = [...]struct {
	name  string
	value int
}{
	{"CLOSE_NOTIFY", 0}, {"UNEXPECTED_MESSAGE", 10}, {"BAD_RECORD_MAC", 20}, {"RECORD_OVERFLOW", 22},
	{"DECOMPRESSION_FAILURE", 30}, {"HANDSHAKE_FAILURE", 40}, {"BAD_CERTIFICATE", 42},
	{"UNSUPPORTED_CERTIFICATE", 43}, {"CERTIFICATE_REVOKED", 44}, {"CERTIFICATE_EXPIRED", 45},
	{"CERTIFICATE_UNKNOWN", 46}, {"ILLEGAL_PARAMETER", 47}, {"UNKNOWN_CA", 48}, {"ACCESS_DENIED", 49},
	{"DECODE_ERROR", 50}, {"DECRYPT_ERROR", 51}, {"PROTOCOL_VERSION", 70}, {"INSUFFICIENT_SECURITY", 71},
	{"INTERNAL_ERROR", 80}, {"USER_CANCELLED", 90}, {"NO_RENEGOTIATION", 100}, {"UNSUPPORTED_EXTENSION", 110},
	{"CERTIFICATE_UNOBTAINABLE", 111}, {"UNRECOGNIZED_NAME", 112}, {"BAD_CERTIFICATE_STATUS_RESPONSE", 113},
	{"BAD_CERTIFICATE_HASH_VALUE", 114}, {"UNKNOWN_PSK_IDENTITY", 115},
}

func members(m *module) starlark.StringDict {
	d := starlark.StringDict{
		"SSLContext":             &typeValue{name: "SSLContext", call: m.newSSLContext, is: isContext},
		"SSLSocket":              &typeValue{name: "SSLSocket", is: isSSLSocket},
		"create_default_context": starlark.NewBuiltin("create_default_context", m.createDefaultContext),
		"wrap_socket":            starlark.NewBuiltin("wrap_socket", m.wrapSocket),
		"DER_cert_to_PEM_cert":   starlark.NewBuiltin("DER_cert_to_PEM_cert", derToPEM),
		"PEM_cert_to_DER_cert":   starlark.NewBuiltin("PEM_cert_to_DER_cert", pemToDER),
		"HAS_ALPN":               starlark.True, "HAS_ECDH": starlark.True, "HAS_SNI": starlark.True,
		"HAS_NPN": starlark.False, "HAS_SSLv2": starlark.False, "HAS_SSLv3": starlark.False,
		"HAS_TLSv1": starlark.True, "HAS_TLSv1_1": starlark.True, "HAS_TLSv1_2": starlark.True,
		"HAS_TLSv1_3": starlark.True, "HAS_NEVER_CHECK_COMMON_NAME": starlark.True,
		"CHANNEL_BINDING_TYPES": starlark.NewList([]starlark.Value{starlark.String("tls-unique")}),
		// the OpenSSL release whose ssl module this one stands for
		"OPENSSL_VERSION":      starlark.String("Go " + runtime.Version() + " crypto/tls (in place of OpenSSL 3.0)"),
		"OPENSSL_VERSION_INFO": starlark.Tuple{starlark.MakeInt(3), starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0), starlark.MakeInt(0)},
		"PEM_HEADER":           starlark.String("-----BEGIN CERTIFICATE-----"),
		"PEM_FOOTER":           starlark.String("-----END CERTIFICATE-----"),
	}
	for _, c := range intConstants {
		d[c.name] = starlark.MakeInt(c.value)
	}
	for _, a := range alertNames {
		d["ALERT_DESCRIPTION_"+a.name] = starlark.MakeInt(a.value)
	}
	versions := starlark.StringDict{}
	for _, v := range []struct {
		name  string
		value int
	}{{"MINIMUM_SUPPORTED", versionMinimumSupported}, {"SSLv3", versionSSLv3}, {"TLSv1", versionTLSv1},
		{"TLSv1_1", versionTLSv1_1}, {"TLSv1_2", versionTLSv1_2}, {"TLSv1_3", versionTLSv1_3},
		{"MAXIMUM_SUPPORTED", versionMaximumSupported}} {
		versions[v.name] = starlark.MakeInt(v.value)
	}
	d["TLSVersion"] = starlarkstruct.FromStringDict(starlark.String("TLSVersion"), versions)
	d["Purpose"] = starlarkstruct.FromStringDict(starlark.String("Purpose"), starlark.StringDict{
		"SERVER_AUTH": purposeServerAuth, "CLIENT_AUTH": purposeClientAuth,
	})
	for name, cls := range exceptions.ModuleMembers("ssl") {
		d[name] = cls
	}
	return d
}

// The purposes of load_default_certs and create_default_context, as
// CPython's Purpose members (an _ASN1Object: nid, shortname, longname,
// oid).
var (
	purposeServerAuth = purpose(129, "serverAuth", "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.1")
	purposeClientAuth = purpose(130, "clientAuth", "TLS Web Client Authentication", "1.3.6.1.5.5.7.3.2")
)

func purpose(nid int, short, long, oid string) *starlarkstruct.Struct {
	return starlarkstruct.FromStringDict(starlark.String("Purpose"), starlark.StringDict{
		"nid": starlark.MakeInt(nid), "shortname": starlark.String(short),
		"longname": starlark.String(long), "oid": starlark.String(oid),
	})
}

// SSLContext(protocol=PROTOCOL_TLS)
func (m *module) newSSLContext(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	protocol := protocolTLS
	var p starlark.Value = starlark.None
	if err := starlark.UnpackArgs("SSLContext", args, kwargs, "protocol?", &p); err != nil {
		return nil, err
	}
	if p != starlark.None {
		var err error
		if protocol, err = intArg("SSLContext", p); err != nil {
			return nil, err
		}
	}
	return newContext(m, protocol)
}

// create_default_context(purpose=Purpose.SERVER_AUTH, cafile=None,
// capath=None, cadata=None): a client context that verifies servers
// (SERVER_AUTH), or a server context (CLIENT_AUTH), with the system's
// authorities unless some are given.
func (m *module) createDefaultContext(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var purp starlark.Value = purposeServerAuth
	var cafile, capath, cadata starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "purpose?", &purp, "cafile?", &cafile, "capath?", &capath, "cadata?", &cadata); err != nil {
		return nil, err
	}
	protocol := protocolTLSClient
	switch eq, err := starlark.Equal(purp, purposeClientAuth); {
	case err != nil:
		return nil, err
	case eq:
		protocol = protocolTLSServer
	default:
		if eq, _ := starlark.Equal(purp, purposeServerAuth); !eq {
			return nil, pyerr.Errorf("TypeError", "create_default_context: purpose must be an ssl.Purpose member")
		}
	}
	c, err := newContext(m, protocol)
	if err != nil {
		return nil, err
	}
	if cafile != starlark.None || capath != starlark.None || cadata != starlark.None {
		if _, err := ctxLoadVerifyLocations(th, c, "load_verify_locations", nil, []starlark.Tuple{
			{starlark.String("cafile"), cafile}, {starlark.String("capath"), capath}, {starlark.String("cadata"), cadata}}); err != nil {
			return nil, err
		}
	} else if c.verifyMode != certNone {
		c.system = true
	}
	return c, nil
}

// wrap_socket(sock, keyfile=None, certfile=None, server_side=False,
// cert_reqs=CERT_NONE, ssl_version=PROTOCOL_TLS, ca_certs=None,
// do_handshake_on_connect=True, suppress_ragged_eofs=True,
// ciphers=None): the module function Python 2 programs use, deprecated
// in 3.7 and gone in 3.12; it makes a context of its own.
func (m *module) wrapSocket(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, keyfile, certfile, caCerts, ciphers starlark.Value = nil, starlark.None, starlark.None, starlark.None, starlark.None
	serverSide, onConnect, suppress := false, true, true
	certReqs, version := certNone, protocolTLS
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "sock", &sock, "keyfile?", &keyfile, "certfile?", &certfile,
		"server_side?", &serverSide, "cert_reqs?", &certReqs, "ssl_version?", &version, "ca_certs?", &caCerts,
		"do_handshake_on_connect?", &onConnect, "suppress_ragged_eofs?", &suppress, "ciphers?", &ciphers); err != nil {
		return nil, err
	}
	if serverSide && certfile == starlark.None {
		return nil, pyerr.Errorf("ValueError", "certfile must be specified for server-side operations")
	}
	if keyfile != starlark.None && certfile == starlark.None {
		return nil, pyerr.Errorf("ValueError", "certfile must be specified")
	}
	c, err := newContext(m, version)
	if err != nil {
		return nil, err
	}
	if err := c.SetField("verify_mode", starlark.MakeInt(certReqs)); err != nil {
		return nil, err
	}
	if caCerts != starlark.None {
		if _, err := ctxLoadVerifyLocations(th, c, "load_verify_locations", starlark.Tuple{caCerts}, nil); err != nil {
			return nil, err
		}
	}
	if certfile != starlark.None {
		if _, err := ctxLoadCertChain(th, c, "load_cert_chain", starlark.Tuple{certfile, keyfile}, nil); err != nil {
			return nil, err
		}
	}
	if ciphers != starlark.None {
		if _, err := ctxSetCiphers(th, c, "set_ciphers", starlark.Tuple{ciphers}, nil); err != nil {
			return nil, err
		}
	}
	return wrap(th, c, sock, wrapOptions{serverSide: serverSide, onConnect: onConnect, suppress: suppress, hostname: starlark.None})
}

// DER_cert_to_PEM_cert(der_cert_bytes)
func derToPEM(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var der starlark.Bytes
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &der); err != nil {
		return nil, err
	}
	enc := base64.StdEncoding.EncodeToString([]byte(der))
	var out strings.Builder
	out.WriteString("-----BEGIN CERTIFICATE-----\n")
	for len(enc) > 64 {
		out.WriteString(enc[:64] + "\n")
		enc = enc[64:]
	}
	out.WriteString(enc + "\n-----END CERTIFICATE-----\n")
	return starlark.String(out.String()), nil
}

// PEM_cert_to_DER_cert(pem_cert_string)
func pemToDER(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var text string
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &text); err != nil {
		return nil, err
	}
	if !strings.HasPrefix(text, "-----BEGIN CERTIFICATE-----") {
		return nil, pyerr.Errorf("ValueError", "Invalid PEM encoding; must start with -----BEGIN CERTIFICATE-----")
	}
	if !strings.HasSuffix(strings.TrimSpace(text), "-----END CERTIFICATE-----") {
		return nil, pyerr.Errorf("ValueError", "Invalid PEM encoding; must end with -----END CERTIFICATE-----")
	}
	blk, _ := pem.Decode([]byte(text))
	if blk == nil {
		return nil, pyerr.Errorf("ValueError", "Invalid PEM encoding")
	}
	return starlark.Bytes(blk.Bytes), nil
}
