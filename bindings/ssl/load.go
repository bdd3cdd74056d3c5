package ssl

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/runtime/oserr"
)

// This file reads certificates and keys as SSLContext's load_* methods
// do: PEM files (a certificate chain, then or separately its key, in any
// of the PEM forms openssl writes), DER or PEM data in memory, and the
// system's authorities. Failures raise what CPython raises: the OSError
// of a file that cannot be read, or OpenSSL's SSLError for one that does
// not hold what it should.

// pemLibError is OpenSSL's error for a PEM file without what was asked.
func pemLibError(detail string) error {
	text := "PEM lib"
	if detail != "" {
		text += " (" + detail + ")"
	}
	return newError("ssl.SSLError", 524297, "SSL", "", text)
}

// fileError is the OSError of a file, with its name, as Python's open()
// raises it.
func fileError(err error, path string) error {
	var en unix.Errno
	if errors.As(err, &en) {
		return exceptions.Err(exceptions.NewOSError(int(en), oserr.Strerror(en), starlark.String(path)))
	}
	return oserr.FromErr(err)
}

// readFile reads a file named by a script, failing as OpenSSL's readers
// do for CPython: an OSError without the file's name.
func readFile(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	return b, nil
}

// loadCertChain reads a certificate chain from certfile and its private
// key from keyfile (certfile itself when ""), decrypting a key encrypted
// in the old PEM way with password.
func loadCertChain(certfile, keyfile string, password func() ([]byte, error)) (tls.Certificate, error) {
	certPEM, err := readFile(certfile)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM := certPEM
	if keyfile != "" {
		if keyPEM, err = readFile(keyfile); err != nil {
			return tls.Certificate{}, err
		}
	}
	if !hasBlock(certPEM, "CERTIFICATE") {
		return tls.Certificate{}, pemLibError("")
	}
	keyPEM, err = plainKey(keyPEM, password)
	if err != nil {
		return tls.Certificate{}, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		if strings.Contains(err.Error(), "does not match") {
			return tls.Certificate{}, newError("ssl.SSLError", 116, "X509", "KEY_VALUES_MISMATCH", "key values mismatch")
		}
		return tls.Certificate{}, pemLibError("")
	}
	return pair, nil
}

// hasBlock reports whether data holds a PEM block of type typ.
func hasBlock(data []byte, typ string) bool {
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return false
		}
		if b.Type == typ {
			return true
		}
	}
}

// plainKey returns the PEM of the first private key in data, decrypted
// with password if it is encrypted the old PEM way (Proc-Type:
// 4,ENCRYPTED).
func plainKey(data []byte, password func() ([]byte, error)) ([]byte, error) {
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, pemLibError("")
		}
		switch {
		case b.Type == "ENCRYPTED PRIVATE KEY":
			return nil, pemLibError("a PKCS#8 encrypted key is not supported; decrypt it with: openssl pkey -in KEY -out PLAIN_KEY")
		case !strings.HasSuffix(b.Type, "PRIVATE KEY"):
			continue
		case !x509.IsEncryptedPEMBlock(b): //nolint:staticcheck // the old PEM encryption openssl still writes
			return pem.EncodeToMemory(b), nil
		}
		if password == nil {
			return nil, pemLibError("")
		}
		pw, err := password()
		if err != nil {
			return nil, err
		}
		der, err := x509.DecryptPEMBlock(b, pw) //nolint:staticcheck // as above
		if err != nil {
			return nil, newError("ssl.SSLError", 101077092, "EVP", "BAD_DECRYPT", "bad decrypt")
		}
		return pem.EncodeToMemory(&pem.Block{Type: b.Type, Bytes: der}), nil
	}
}

// passwordOf turns load_cert_chain's password argument (str, bytes, or a
// function returning one) into what plainKey asks; nil for None.
func passwordOf(th *starlark.Thread, v starlark.Value) (func() ([]byte, error), error) {
	switch v := v.(type) {
	case starlark.NoneType:
		return nil, nil
	case starlark.String:
		return func() ([]byte, error) { return []byte(v), nil }, nil
	case starlark.Bytes:
		return func() ([]byte, error) { return []byte(v), nil }, nil
	case starlark.Callable:
		return func() ([]byte, error) {
			r, err := starlark.Call(th, v, nil, nil)
			if err != nil {
				return nil, err
			}
			switch r := r.(type) {
			case starlark.String:
				return []byte(r), nil
			case starlark.Bytes:
				return []byte(r), nil
			}
			return nil, pyerr.Errorf("TypeError", "password callback must return a string")
		}, nil
	}
	return nil, pyerr.Errorf("TypeError", "password should be a string or callable")
}

// certsFromPEM parses every certificate of PEM data.
func certsFromPEM(data []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return out, nil
		}
		if b.Type != "CERTIFICATE" && b.Type != "TRUSTED CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			return nil, newError("ssl.SSLError", 0, "X509", "", fmt.Sprintf("bad certificate: %v", err))
		}
		out = append(out, c)
	}
}

// caFile reads the authorities of a PEM file.
func caFile(path string) ([]*x509.Certificate, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	certs, err := certsFromPEM(data)
	if err == nil && len(certs) == 0 {
		err = newError("ssl.SSLError", 136, "X509", "NO_CERTIFICATE_OR_CRL_FOUND", "no certificate or crl found")
	}
	return certs, err
}

// caPath reads the authorities of every PEM file in a directory.
func caPath(dir string) ([]*x509.Certificate, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, oserr.FromErr(err)
	}
	var out []*x509.Certificate
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if certs, err := certsFromPEM(data); err == nil {
			out = append(out, certs...)
		}
	}
	return out, nil
}

// caData reads the authorities of cadata: PEM text (str) or DER
// (bytes, one certificate after another).
func caData(v starlark.Value) ([]*x509.Certificate, error) {
	switch v := v.(type) {
	case starlark.String:
		certs, err := certsFromPEM([]byte(v))
		if err == nil && len(certs) == 0 {
			err = newError("ssl.SSLError", 0, "", "", "no start line: cadata does not contain a certificate")
		}
		return certs, err
	case starlark.Bytes:
		certs, err := x509.ParseCertificates([]byte(v))
		if err != nil || len(certs) == 0 {
			return nil, newError("ssl.SSLError", 0, "", "", "not enough data: cadata does not contain a certificate")
		}
		return certs, nil
	}
	return nil, pyerr.Errorf("TypeError", "cadata should be an ASCII string or a bytes-like object")
}
