package ssl

import (
	"crypto/tls"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// contextMethods are SSLContext's methods, by name.
var contextMethods = [...]struct {
	name string
	fn   func(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)
}{
	{"cert_store_stats", ctxCertStoreStats},
	{"get_ca_certs", ctxGetCACerts},
	{"get_ciphers", ctxGetCiphers},
	{"load_cert_chain", ctxLoadCertChain},
	{"load_default_certs", ctxLoadDefaultCerts},
	{"load_dh_params", ctxLoadDHParams},
	{"load_verify_locations", ctxLoadVerifyLocations},
	{"session_stats", ctxSessionStats},
	{"set_alpn_protocols", ctxSetALPNProtocols},
	{"set_ciphers", ctxSetCiphers},
	{"set_default_verify_paths", ctxSetDefaultVerifyPaths},
	{"set_ecdh_curve", ctxSetECDHCurve},
	{"wrap_socket", ctxWrapSocket},
}

func contextMethod(name string) (int, bool) {
	i := sort.Search(len(contextMethods), func(i int) bool { return contextMethods[i].name >= name })
	return i, i < len(contextMethods) && contextMethods[i].name == name
}

// callContextMethod is every bound SSLContext method's built-in.
func callContextMethod(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	c, ok := b.Receiver().(*Context)
	i, found := contextMethod(b.Name())
	if !ok || !found {
		return nil, fmt.Errorf("%s: not an SSLContext", b.Name())
	}
	return contextMethods[i].fn(th, c, b.Name(), args, kwargs)
}

// pathArg reads a file name argument: str, or bytes.
func pathArg(fn, param string, v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", pyerr.Errorf("TypeError", "%s should be a valid filesystem path", param)
}

// load_cert_chain(certfile, keyfile=None, password=None)
func ctxLoadCertChain(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var certfile, keyfile, password starlark.Value = nil, starlark.None, starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, "certfile", &certfile, "keyfile?", &keyfile, "password?", &password); err != nil {
		return nil, err
	}
	cert, err := pathArg(fn, "certfile", certfile)
	if err != nil {
		return nil, err
	}
	key := ""
	if keyfile != starlark.None {
		if key, err = pathArg(fn, "keyfile", keyfile); err != nil {
			return nil, err
		}
	}
	pw, err := passwordOf(th, password)
	if err != nil {
		return nil, err
	}
	pair, err := loadCertChain(cert, key, pw)
	if err != nil {
		return nil, err
	}
	c.certs = append(c.certs, pair)
	c.changed()
	return starlark.None, nil
}

// load_verify_locations(cafile=None, capath=None, cadata=None)
func ctxLoadVerifyLocations(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cafile, capath, cadata starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, "cafile?", &cafile, "capath?", &capath, "cadata?", &cadata); err != nil {
		return nil, err
	}
	if cafile == starlark.None && capath == starlark.None && cadata == starlark.None {
		return nil, pyerr.Errorf("TypeError", "cafile, capath and cadata cannot be all omitted")
	}
	if cafile != starlark.None {
		path, err := pathArg(fn, "cafile", cafile)
		if err != nil {
			return nil, err
		}
		certs, err := caFile(path)
		if err != nil {
			return nil, err
		}
		c.cas = append(c.cas, certs...)
	}
	if capath != starlark.None {
		dir, err := pathArg(fn, "capath", capath)
		if err != nil {
			return nil, err
		}
		certs, err := caPath(dir)
		if err != nil {
			return nil, err
		}
		c.cas = append(c.cas, certs...)
	}
	if cadata != starlark.None {
		certs, err := caData(cadata)
		if err != nil {
			return nil, err
		}
		c.cas = append(c.cas, certs...)
	}
	c.changed()
	return starlark.None, nil
}

// load_default_certs(purpose=Purpose.SERVER_AUTH): the system's
// authorities (those Go finds: SSL_CERT_FILE and SSL_CERT_DIR as
// OpenSSL honours them, else the distribution's bundle).
func ctxLoadDefaultCerts(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var purpose starlark.Value = starlark.None
	if err := starlark.UnpackArgs(fn, args, kwargs, "purpose?", &purpose); err != nil {
		return nil, err
	}
	c.system = true
	c.changed()
	return starlark.None, nil
}

// set_default_verify_paths()
func ctxSetDefaultVerifyPaths(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	c.system = true
	c.changed()
	return starlark.None, nil
}

// set_alpn_protocols(alpn_protocols)
func ctxSetALPNProtocols(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var protos starlark.Iterable
	if err := starlark.UnpackArgs(fn, args, kwargs, "alpn_protocols", &protos); err != nil {
		return nil, err
	}
	var list []string
	it := protos.Iterate()
	defer it.Done()
	var p starlark.Value
	for it.Next(&p) {
		s, ok := starlark.AsString(p)
		if b, isBytes := p.(starlark.Bytes); isBytes {
			s, ok = string(b), true
		}
		if !ok {
			return nil, pyerr.Errorf("TypeError", "a bytes-like object is required, not '%s'", p.Type())
		}
		if len(s) == 0 || len(s) > 255 {
			return nil, pyerr.Errorf("ssl.SSLError", "ALPN protocols must be 1 to 255 in length")
		}
		list = append(list, s)
	}
	c.alpn = list
	c.changed()
	return starlark.None, nil
}

// set_ciphers(ciphers): OpenSSL's cipher strings are a language of
// their own; pyasync honours the suites it names that crypto/tls has
// (for TLS 1.2 and below: TLS 1.3's are fixed, as in OpenSSL), in the
// order given, and ignores keywords (ALL, HIGH, !aNULL, @SECLEVEL...).
func ctxSetCiphers(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var spec string
	if err := starlark.UnpackArgs(fn, args, kwargs, "cipherlist", &spec); err != nil {
		return nil, err
	}
	suites, ok := parseCiphers(spec)
	if !ok {
		return nil, pyerr.Errorf("ssl.SSLError", "No cipher can be selected.")
	}
	c.suites = suites
	c.changed()
	return starlark.None, nil
}

// get_ciphers(): the enabled suites, as CPython describes them.
func ctxGetCiphers(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, id := range enabledSuites(c) {
		if info := cipherByID(id); info != nil {
			out = append(out, info.dict())
		}
	}
	return starlark.NewList(out), nil
}

// set_ecdh_curve(name)
func ctxSetECDHCurve(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &name); err != nil {
		return nil, err
	}
	curves := map[string]tls.CurveID{"prime256v1": tls.CurveP256, "secp256r1": tls.CurveP256, "P-256": tls.CurveP256,
		"secp384r1": tls.CurveP384, "P-384": tls.CurveP384, "secp521r1": tls.CurveP521, "P-521": tls.CurveP521,
		"X25519": tls.X25519, "x25519": tls.X25519}
	id, ok := curves[name]
	if !ok {
		return nil, pyerr.Errorf("ValueError", "unknown elliptic curve name '%s'", name)
	}
	c.curves = []tls.CurveID{id}
	c.changed()
	return starlark.None, nil
}

// load_dh_params(path): crypto/tls has no finite-field Diffie-Hellman,
// so the parameters are read (a missing file fails as in CPython) and
// not used.
func ctxLoadDHParams(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var path starlark.Value
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 1, &path); err != nil {
		return nil, err
	}
	p, err := pathArg(fn, "path", path)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(p); err != nil {
		return nil, fileError(err, p)
	}
	return starlark.None, nil
}

// cert_store_stats()
func ctxCertStoreStats(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	ca := 0
	for _, x := range c.cas {
		if x.IsCA {
			ca++
		}
	}
	d := starlark.NewDict(3)
	d.SetKey(starlark.String("x509"), starlark.MakeInt(len(c.cas)))
	d.SetKey(starlark.String("crl"), starlark.MakeInt(0))
	d.SetKey(starlark.String("x509_ca"), starlark.MakeInt(ca))
	return d, nil
}

// get_ca_certs(binary_form=False): the authorities load_verify_locations
// read (not the system's, which OpenSSL loads only when it needs them).
func ctxGetCACerts(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	binary := false
	if err := starlark.UnpackArgs(fn, args, kwargs, "binary_form?", &binary); err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, x := range c.cas {
		if !x.IsCA {
			continue
		}
		if binary {
			out = append(out, starlark.Bytes(x.Raw))
		} else {
			out = append(out, certDict(x, false))
		}
	}
	return starlark.NewList(out), nil
}

// session_stats(): OpenSSL's counters; crypto/tls keeps none.
func ctxSessionStats(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(fn, args, kwargs, 0); err != nil {
		return nil, err
	}
	d := starlark.NewDict(11)
	for _, k := range []string{"number", "connect", "connect_good", "connect_renegotiate", "accept", "accept_good",
		"accept_renegotiate", "hits", "misses", "timeouts", "cache_full"} {
		d.SetKey(starlark.String(k), starlark.MakeInt(0))
	}
	return d, nil
}

// wrap_socket(sock, server_side=False, do_handshake_on_connect=True,
// suppress_ragged_eofs=True, server_hostname=None, session=None)
func ctxWrapSocket(th *starlark.Thread, c *Context, fn string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var sock, hostname, session starlark.Value = nil, starlark.None, starlark.None
	serverSide, onConnect, suppress := false, true, true
	if err := starlark.UnpackArgs(fn, args, kwargs, "sock", &sock, "server_side?", &serverSide,
		"do_handshake_on_connect?", &onConnect, "suppress_ragged_eofs?", &suppress,
		"server_hostname?", &hostname, "session?", &session); err != nil {
		return nil, err
	}
	return wrap(th, c, sock, wrapOptions{serverSide: serverSide, onConnect: onConnect, suppress: suppress, hostname: hostname})
}

// parseCiphers picks, from an OpenSSL cipher string, the suites it
// names that crypto/tls has, in order. ok is false when the string
// selects nothing: no keyword (ALL, HIGH, ECDH+AESGCM, !aNULL...) and
// none of crypto/tls's suites.
func parseCiphers(spec string) (suites []uint16, ok bool) {
	have := map[string]uint16{}
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		if info := cipherByID(s.ID); info != nil {
			have[info.name] = s.ID
		}
	}
	keyword := false
	for _, part := range strings.FieldsFunc(spec, func(r rune) bool { return r == ':' || r == ',' || r == ' ' }) {
		switch {
		case strings.ContainsAny(part[:1], "!-+@"):
			// an exclusion, a move or a setting: changes no choice here
		case strings.Contains(part, "+") || cipherKeywords[part]:
			keyword = true
		default:
			if id, found := have[part]; found {
				suites = append(suites, id)
			}
		}
	}
	if len(suites) > 0 {
		return suites, true
	}
	return nil, keyword
}

// cipherKeywords are the words of OpenSSL's cipher strings that select
// groups of suites.
var cipherKeywords = map[string]bool{
	"ALL": true, "COMPLEMENTOFALL": true, "COMPLEMENTOFDEFAULT": true, "DEFAULT": true, "HIGH": true,
	"MEDIUM": true, "LOW": true, "aRSA": true, "kRSA": true, "RSA": true, "ECDH": true, "ECDHE": true,
	"EECDH": true, "kECDHE": true, "kEECDH": true, "aECDSA": true, "ECDSA": true, "DH": true, "DHE": true,
	"EDH": true, "kDHE": true, "kEDH": true, "AES": true, "AES128": true, "AES256": true, "AESGCM": true,
	"CHACHA20": true, "SHA": true, "SHA1": true, "SHA256": true, "SHA384": true, "TLSv1.2": true,
	"TLSv1.0": true, "TLSv1": true, "SSLv3": true, "SUITEB128": true, "SUITEB192": true, "PSK": true,
}

// enabledSuites are the suites a context offers: TLS 1.3's, then its own
// or crypto/tls's default ones.
func enabledSuites(c *Context) []uint16 {
	ids := []uint16{tls.TLS_AES_256_GCM_SHA384, tls.TLS_CHACHA20_POLY1305_SHA256, tls.TLS_AES_128_GCM_SHA256}
	if c.suites != nil {
		return append(ids, c.suites...)
	}
	for _, s := range tls.CipherSuites() {
		if !slices.Contains(ids, s.ID) {
			ids = append(ids, s.ID)
		}
	}
	return ids
}
