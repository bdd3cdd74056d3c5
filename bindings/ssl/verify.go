package ssl

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"

	"go.starlark.net/starlark"
)

// This file verifies a peer's certificate chain as OpenSSL does for
// CPython (CERT_REQUIRED, check_hostname), so that a failure reads the
// same: SSLCertVerificationError with OpenSSL's verify_code and
// verify_message. crypto/tls's own verification is turned off
// (InsecureSkipVerify) and this runs in its place (VerifyConnection).

// OpenSSL's X509_V_ERR codes that the verification gives.
const (
	vUnspecified        = 1
	vNotYetValid        = 9
	vExpired            = 10
	vSelfSigned         = 18
	vSelfSignedInChain  = 19
	vUnableLocalIssuer  = 20
	vChainTooLong       = 22
	vUnsuitablePurpose  = 26
	vPermittedViolation = 47
	vHostnameMismatch   = 62
	vIPMismatch         = 64
	vInvalidCA          = 79
)

// certError is a failed verification: OpenSSL's code and message.
type certError struct {
	code int
	msg  string
}

func (e *certError) Error() string { return "certificate verify failed: " + e.msg }

// pyError is the SSLCertVerificationError CPython raises for e.
func (e *certError) pyError() error {
	return newError("ssl.SSLCertVerificationError", errSSL, "SSL", "CERTIFICATE_VERIFY_FAILED", e.Error(),
		"verify_code", starlark.MakeInt(e.code), "verify_message", starlark.String(e.msg))
}

func verifyFailure(code int) *certError {
	msg := ""
	if code < len(verifyMessages) {
		msg = verifyMessages[code]
	}
	return &certError{code: code, msg: msg}
}

// verification is what a peer's chain is checked against.
type verification struct {
	roots    *x509.CertPool // nil: none loaded, so nothing is trusted
	usage    x509.ExtKeyUsage
	hostname string // checked when not ""
	checkCN  bool   // hostname_checks_common_name
}

// verify checks chain (the peer's certificates, leaf first).
func (v *verification) verify(chain []*x509.Certificate) error {
	if len(chain) == 0 {
		return verifyFailure(vUnableLocalIssuer)
	}
	roots := v.roots
	if roots == nil {
		roots = x509.NewCertPool()
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{v.usage}}
	if _, err := chain[0].Verify(opts); err != nil {
		return classify(err, chain, opts)
	}
	if v.hostname != "" {
		return v.verifyHostname(chain[0])
	}
	return nil
}

// classify names a failure of x509's verification as OpenSSL does.
func classify(err error, chain []*x509.Certificate, opts x509.VerifyOptions) error {
	var ua x509.UnknownAuthorityError
	var ci x509.CertificateInvalidError
	switch {
	case errors.As(err, &ua):
		return untrusted(chain)
	case errors.As(err, &ci):
		switch ci.Reason {
		case x509.Expired:
			// OpenSSL builds the chain first: an expired certificate
			// from an unknown issuer is reported for its issuer
			at := opts
			at.CurrentTime = ci.Cert.NotBefore.Add(time.Second)
			if _, err2 := chain[0].Verify(at); errors.As(err2, &ua) {
				return untrusted(chain)
			}
			if time.Now().Before(ci.Cert.NotBefore) {
				return verifyFailure(vNotYetValid)
			}
			return verifyFailure(vExpired)
		case x509.NotAuthorizedToSign:
			return verifyFailure(vInvalidCA)
		case x509.TooManyIntermediates:
			return verifyFailure(vChainTooLong)
		case x509.IncompatibleUsage, x509.CANotAuthorizedForExtKeyUsage:
			return verifyFailure(vUnsuitablePurpose)
		case x509.CANotAuthorizedForThisName:
			return verifyFailure(vPermittedViolation)
		}
	}
	return &certError{code: vUnspecified, msg: err.Error()}
}

// untrusted is the failure for a chain that leads to no trusted
// authority: a self-signed leaf, a self-signed certificate further up,
// or a missing issuer.
func untrusted(chain []*x509.Certificate) error {
	for i, c := range chain {
		if selfSigned(c) {
			if i == 0 {
				return verifyFailure(vSelfSigned)
			}
			return verifyFailure(vSelfSignedInChain)
		}
	}
	return verifyFailure(vUnableLocalIssuer)
}

// selfSigned reports whether c is its own issuer and signed by its own
// key (whether or not it may sign others).
func selfSigned(c *x509.Certificate) bool {
	return bytes.Equal(c.RawIssuer, c.RawSubject) && c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature) == nil
}

// verifyHostname checks the leaf against the name the client asked
// for: its subjectAltName, or, when the certificate has no DNS name and
// hostname_checks_common_name is set, its common name (as OpenSSL).
func (v *verification) verifyHostname(leaf *x509.Certificate) error {
	err := leaf.VerifyHostname(v.hostname)
	if err == nil {
		return nil
	}
	ip := net.ParseIP(v.hostname)
	if ip == nil && v.checkCN && len(leaf.DNSNames) == 0 && leaf.Subject.CommonName != "" {
		byCN := &x509.Certificate{DNSNames: []string{leaf.Subject.CommonName}}
		if byCN.VerifyHostname(v.hostname) == nil {
			return nil
		}
	}
	if ip != nil {
		return &certError{code: vIPMismatch, msg: fmt.Sprintf("IP address mismatch, certificate is not valid for '%s'.", v.hostname)}
	}
	return &certError{code: vHostnameMismatch, msg: fmt.Sprintf("Hostname mismatch, certificate is not valid for '%s'.", v.hostname)}
}
