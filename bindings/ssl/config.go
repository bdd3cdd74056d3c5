package ssl

import (
	"crypto/tls"
	"crypto/x509"
	"slices"
)

// This file makes the crypto/tls configuration of a socket a context
// wraps. crypto/tls's own certificate verification is off: verify.go
// does it, as OpenSSL does for CPython, from VerifyConnection.

// roots is the pool of authorities the context trusts: the system's if
// load_default_certs was called, and those load_verify_locations read.
func (c *Context) roots() *x509.CertPool {
	if b := c.built; b != nil && b.stamp == c.stamp && b.roots != nil {
		return b.roots
	}
	var pool *x509.CertPool
	if c.system {
		if sys, err := x509.SystemCertPool(); err == nil {
			pool = sys
		}
	}
	if pool == nil {
		pool = x509.NewCertPool()
	}
	for _, ca := range c.cas {
		pool.AddCert(ca)
	}
	c.cache().roots = pool
	return pool
}

// cache is the state built at the current stamp.
func (c *Context) cache() *builtState {
	if c.built == nil || c.built.stamp != c.stamp {
		c.built = &builtState{stamp: c.stamp}
	}
	return c.built
}

// base is what the server's and the client's configs share.
func (c *Context) base() *tls.Config {
	lo, hi := c.goVersions()
	cfg := &tls.Config{
		MinVersion:             lo,
		MaxVersion:             hi,
		CipherSuites:           c.suites,
		CurvePreferences:       c.curves,
		SessionTicketsDisabled: c.options&opNoTicket != 0,
		Renegotiation:          tls.RenegotiateNever,
	}
	if c.keylogW != nil {
		cfg.KeyLogWriter = c.keylogW
	}
	return cfg
}

// serverConfig is the config of the server side of a connection; it is
// shared by every socket wrapped until the context changes, so that
// session tickets one connection gets resume on the next.
func (c *Context) serverConfig() *tls.Config {
	st := c.cache()
	if st.server != nil {
		return st.server
	}
	cfg := c.base()
	cfg.Certificates = c.certs
	switch c.verifyMode {
	case certOptional:
		cfg.ClientAuth = tls.RequestClientCert
	case certRequired:
		cfg.ClientAuth = tls.RequireAnyClientCert
	}
	if c.verifyMode != certNone {
		v := &verification{roots: c.roots(), usage: x509.ExtKeyUsageClientAuth}
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return nil // CERT_OPTIONAL; CERT_REQUIRED failed already
			}
			return v.verify(cs.PeerCertificates)
		}
	}
	if len(c.alpn) > 0 {
		cfg.NextProtos = c.alpn
		// OpenSSL, for CPython, goes on without ALPN when the client
		// offers none of the server's protocols; crypto/tls would fail
		noALPN := cfg.Clone()
		noALPN.NextProtos = nil
		cfg.GetConfigForClient = func(hello *tls.ClientHelloInfo) (*tls.Config, error) {
			for _, p := range hello.SupportedProtos {
				if slices.Contains(c.alpn, p) {
					return nil, nil
				}
			}
			return noALPN, nil
		}
	}
	st.server = cfg
	return cfg
}

// clientConfig is the config of the client side of a connection to
// hostname ("" for none): sent as SNI, and checked against the
// server's certificate when check_hostname is set.
func (c *Context) clientConfig(hostname string) *tls.Config {
	cfg := c.base()
	cfg.ServerName = hostname
	cfg.InsecureSkipVerify = true // verify.go verifies
	cfg.Certificates = c.certs
	cfg.NextProtos = c.alpn
	if c.verifyMode != certNone {
		v := &verification{roots: c.roots(), usage: x509.ExtKeyUsageServerAuth, checkCN: c.checkCN}
		if c.checkHostname {
			v.hostname = hostname
		}
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			return v.verify(cs.PeerCertificates)
		}
	}
	return cfg
}
