package ssl

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"sort"
	"unsafe"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// Context is an SSLContext: the settings and certificates that sockets
// it wraps share.
//
// Attributes: protocol, check_hostname, verify_mode, minimum_version,
// maximum_version, options, verify_flags, hostname_checks_common_name,
// keylog_filename, post_handshake_auth, security_level, sni_callback
// (always None).
//
// Methods: load_cert_chain, load_verify_locations, load_default_certs,
// set_default_verify_paths, set_alpn_protocols, set_ciphers,
// get_ciphers, set_ecdh_curve, load_dh_params, wrap_socket,
// cert_store_stats, get_ca_certs, session_stats (context_methods.go).
type Context struct {
	mod *module

	protocol      int
	verifyMode    int
	checkHostname bool
	checkCN       bool
	minVersion    int // a TLSVersion value
	maxVersion    int
	fixed         int // the one version of PROTOCOL_TLSv1*, 0 for the others
	options       int
	verifyFlags   int

	certs    []tls.Certificate   // load_cert_chain's
	cas      []*x509.Certificate // load_verify_locations'
	system   bool                // load_default_certs was called
	alpn     []string
	suites   []uint16 // set_ciphers' choice; nil: crypto/tls's default
	curves   []tls.CurveID
	keylog   string
	keylogW  *os.File
	postAuth bool

	stamp int         // counts changes, so that configs are rebuilt after one
	built *builtState // what the last config was built from
}

// builtState caches the configs made at stamp.
type builtState struct {
	stamp  int
	roots  *x509.CertPool
	server *tls.Config
}

var _ starlark.HasSetField = (*Context)(nil)

// TLS versions (TLSVersion).
const (
	versionMinimumSupported = -2
	versionMaximumSupported = -1
	versionSSLv3            = 0x0300
	versionTLSv1            = 0x0301
	versionTLSv1_1          = 0x0302
	versionTLSv1_2          = 0x0303
	versionTLSv1_3          = 0x0304
)

// Protocols (PROTOCOL_*).
const (
	protocolTLS       = 2
	protocolTLSv1     = 3
	protocolTLSv1_1   = 4
	protocolTLSv1_2   = 5
	protocolTLSClient = 16
	protocolTLSServer = 17
)

// Verification modes (CERT_*).
const (
	certNone     = 0
	certOptional = 1
	certRequired = 2
)

// Options (OP_*) that change what pyasync does; the others are kept and
// reported.
const (
	opNoTLSv1          = 0x04000000
	opNoTLSv1_1        = 0x10000000
	opNoTLSv1_2        = 0x08000000
	opNoTLSv1_3        = 0x20000000
	opNoTicket         = 0x00004000
	defaultOptions     = 2186412112 // CPython 3.11's default on OpenSSL 3
	verifyTrustedFirst = 0x8000     // VERIFY_X509_TRUSTED_FIRST, the default verify_flags
	defaultMinTLS      = versionTLSv1_2
	defaultSecLevel    = 2
	defaultNumTicket   = 2
)

// newContext is SSLContext(protocol) with CPython's defaults.
func newContext(mod *module, protocol int) (*Context, error) {
	c := &Context{mod: mod, protocol: protocol, options: defaultOptions, minVersion: defaultMinTLS,
		maxVersion: versionMaximumSupported, verifyFlags: verifyTrustedFirst, checkCN: true}
	switch protocol {
	case protocolTLSClient:
		c.verifyMode, c.checkHostname = certRequired, true
	case protocolTLSServer, protocolTLS:
	case protocolTLSv1, protocolTLSv1_1, protocolTLSv1_2:
		c.fixed = map[int]int{protocolTLSv1: versionTLSv1, protocolTLSv1_1: versionTLSv1_1, protocolTLSv1_2: versionTLSv1_2}[protocol]
		c.minVersion = versionMinimumSupported
	default:
		return nil, pyerr.Errorf("ValueError", "invalid or unsupported protocol version %d", protocol)
	}
	return c, nil
}

func (c *Context) String() string        { return fmt.Sprintf("<ssl.SSLContext object at %p>", c) }
func (c *Context) Type() string          { return "SSLContext" }
func (c *Context) Freeze()               {}
func (c *Context) Truth() starlark.Bool  { return true }
func (c *Context) Hash() (uint32, error) { return uint32(uintptr(unsafe.Pointer(c))), nil }

// changed notes that the configs built so far are stale.
func (c *Context) changed() { c.stamp++ }

func (c *Context) Attr(name string) (starlark.Value, error) {
	switch name {
	case "protocol":
		return starlark.MakeInt(c.protocol), nil
	case "check_hostname":
		return starlark.Bool(c.checkHostname), nil
	case "verify_mode":
		return starlark.MakeInt(c.verifyMode), nil
	case "minimum_version":
		return starlark.MakeInt(c.minVersion), nil
	case "maximum_version":
		return starlark.MakeInt(c.maxVersion), nil
	case "options":
		return starlark.MakeInt(c.options), nil
	case "verify_flags":
		return starlark.MakeInt(c.verifyFlags), nil
	case "hostname_checks_common_name":
		return starlark.Bool(c.checkCN), nil
	case "keylog_filename":
		if c.keylog == "" {
			return starlark.None, nil
		}
		return starlark.String(c.keylog), nil
	case "post_handshake_auth":
		return starlark.Bool(c.postAuth), nil
	case "security_level":
		return starlark.MakeInt(defaultSecLevel), nil
	case "num_tickets":
		return starlark.MakeInt(defaultNumTicket), nil
	case "sni_callback":
		return starlark.None, nil
	}
	if _, ok := contextMethod(name); ok {
		return starlark.NewBuiltin(name, callContextMethod).BindReceiver(c), nil
	}
	return nil, nil
}

func (c *Context) AttrNames() []string {
	names := []string{"check_hostname", "hostname_checks_common_name", "keylog_filename", "maximum_version",
		"minimum_version", "num_tickets", "options", "post_handshake_auth", "protocol", "security_level",
		"sni_callback", "verify_flags", "verify_mode"}
	for _, m := range contextMethods {
		names = append(names, m.name)
	}
	sort.Strings(names)
	return names
}

func (c *Context) SetField(name string, v starlark.Value) error {
	defer c.changed()
	switch name {
	case "check_hostname":
		c.checkHostname = bool(v.Truth())
		if c.checkHostname && c.verifyMode == certNone {
			c.verifyMode = certRequired
		}
		return nil
	case "verify_mode":
		n, err := intArg("verify_mode", v)
		if err != nil {
			return err
		}
		if n < certNone || n > certRequired {
			return pyerr.Errorf("ValueError", "invalid value for verify_mode")
		}
		if n == certNone && c.checkHostname {
			return pyerr.Errorf("ValueError", "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.")
		}
		c.verifyMode = n
		return nil
	case "minimum_version", "maximum_version":
		n, err := intArg(name, v)
		if err != nil {
			return err
		}
		if !knownVersion(n) {
			return pyerr.Errorf("ValueError", "Unsupported TLS/SSL version 0x%x", n)
		}
		if c.fixed != 0 {
			return pyerr.Errorf("ValueError", "The context's protocol doesn't support modification of highest and lowest version.")
		}
		if name == "minimum_version" {
			c.minVersion = n
		} else {
			c.maxVersion = n
		}
		return nil
	case "options":
		n, err := intArg("options", v)
		c.options = n
		return err
	case "verify_flags":
		n, err := intArg("verify_flags", v)
		c.verifyFlags = n
		return err
	case "hostname_checks_common_name":
		c.checkCN = bool(v.Truth())
		return nil
	case "post_handshake_auth":
		c.postAuth = bool(v.Truth())
		return nil
	case "keylog_filename":
		return c.setKeylog(v)
	case "sni_callback":
		if v == starlark.None {
			return nil
		}
		return pyerr.Errorf("NotImplementedError", "sni_callback is not supported")
	}
	if _, ok := contextMethod(name); ok {
		return pyerr.Errorf("AttributeError", "'SSLContext' object attribute '%s' is read-only", name)
	}
	return pyerr.Errorf("AttributeError", "'SSLContext' object has no attribute '%s'", name)
}

// setKeylog opens the NSS key log file TLS secrets are appended to (for
// Wireshark), or stops logging for None.
func (c *Context) setKeylog(v starlark.Value) error {
	if c.keylogW != nil {
		c.keylogW.Close()
		c.keylogW, c.keylog = nil, ""
	}
	if v == starlark.None {
		return nil
	}
	path, ok := starlark.AsString(v)
	if !ok {
		return pyerr.Errorf("TypeError", "keylog_filename: expected str, got %s", v.Type())
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return oserr.FromErr(err)
	}
	c.keylog, c.keylogW = path, f
	return nil
}

func knownVersion(v int) bool {
	switch v {
	case versionMinimumSupported, versionMaximumSupported, versionSSLv3, versionTLSv1, versionTLSv1_1, versionTLSv1_2, versionTLSv1_3:
		return true
	}
	return false
}

// intArg reads an int attribute value.
func intArg(name string, v starlark.Value) (int, error) {
	var n int
	if err := starlark.AsInt(v, &n); err != nil {
		return 0, pyerr.Errorf("TypeError", "%s: an integer is required (got type %s)", name, v.Type())
	}
	return n, nil
}

// goVersions is the context's version range in crypto/tls's terms,
// with OP_NO_TLSv1* applied.
func (c *Context) goVersions() (min, max uint16) {
	lo, hi := c.minVersion, c.maxVersion
	if c.fixed != 0 {
		lo, hi = c.fixed, c.fixed
	}
	if lo == versionMinimumSupported || lo < versionTLSv1 {
		lo = versionTLSv1
	}
	if hi == versionMaximumSupported || hi > versionTLSv1_3 {
		hi = versionTLSv1_3
	}
	for _, o := range []struct{ op, v int }{{opNoTLSv1, versionTLSv1}, {opNoTLSv1_1, versionTLSv1_1}, {opNoTLSv1_2, versionTLSv1_2}, {opNoTLSv1_3, versionTLSv1_3}} {
		if c.options&o.op != 0 {
			if lo == o.v {
				lo++
			}
			if hi == o.v {
				hi--
			}
		}
	}
	return uint16(lo), uint16(hi)
}
