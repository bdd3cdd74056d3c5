// Package tlstest makes throw-away certificates for tests, at run time:
// a certificate authority, leaves it signs (a server's for localhost,
// 127.0.0.1 and ::1; a client's; one for another name; an expired one),
// and a self-signed server certificate, each written to PEM files in a
// directory the test owns.
//
//	set, err := tlstest.New(t.TempDir())
//	set.CA.CertFile           // the CA file a client trusts
//	set.Server.CertFile, set.Server.KeyFile
package tlstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// Cert is a certificate and its key, in memory and as PEM files.
type Cert struct {
	CertFile, KeyFile string
	Cert              *x509.Certificate
	Key               *ecdsa.PrivateKey
	TLS               tls.Certificate
}

// Set is the certificates a TLS test needs.
type Set struct {
	CA         Cert // a certificate authority; CA.CertFile is what clients trust
	Server     Cert // signed by CA for localhost, 127.0.0.1 and ::1
	Client     Cert // signed by CA for client authentication
	Other      Cert // signed by CA for other.example only
	Expired    Cert // signed by CA for localhost, expired yesterday
	SelfSigned Cert // a self-signed server certificate for localhost
	OtherCA    Cert // a second authority that signed nothing above
}

// New makes a Set in dir.
func New(dir string) (*Set, error) {
	s := &Set{}
	now := time.Now()
	var err error
	mk := func(dst *Cert, name string, tmpl *x509.Certificate, parent *Cert) {
		if err != nil {
			return
		}
		*dst, err = make1(dir, name, tmpl, parent)
	}
	mk(&s.CA, "ca", caTemplate("pyasync test CA", now), nil)
	mk(&s.OtherCA, "other-ca", caTemplate("pyasync other CA", now), nil)
	mk(&s.Server, "server", leaf("localhost", []string{"localhost"}, true, now.Add(-time.Hour), now.Add(24*time.Hour)), &s.CA)
	mk(&s.Client, "client", leaf("pyasync client", nil, false, now.Add(-time.Hour), now.Add(24*time.Hour)), &s.CA)
	mk(&s.Other, "other", leaf("other.example", []string{"other.example"}, true, now.Add(-time.Hour), now.Add(24*time.Hour)), &s.CA)
	mk(&s.Expired, "expired", leaf("localhost", []string{"localhost"}, true, now.Add(-48*time.Hour), now.Add(-24*time.Hour)), &s.CA)
	mk(&s.SelfSigned, "self-signed", leaf("localhost", []string{"localhost"}, true, now.Add(-time.Hour), now.Add(24*time.Hour)), nil)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// newSerial is a random serial number, so that no two certificates of
// a run share one.
func newSerial() *big.Int {
	n, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return n.Add(n, big.NewInt(1))
}

func caTemplate(cn string, now time.Time) *x509.Certificate {
	return &x509.Certificate{
		SerialNumber:          newSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"pyasync tests"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
}

func leaf(cn string, dns []string, server bool, from, until time.Time) *x509.Certificate {
	c := &x509.Certificate{
		SerialNumber:          newSerial(),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"pyasync tests"}},
		NotBefore:             from,
		NotAfter:              until,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		DNSNames:              dns,
	}
	if server {
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		if len(dns) > 0 && dns[0] == "localhost" {
			c.IPAddresses = []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")}
		}
	} else {
		c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
	}
	return c
}

// make1 signs tmpl with parent (itself when nil) and writes
// dir/name.pem and dir/name.key.
func make1(dir, name string, tmpl *x509.Certificate, parent *Cert) (Cert, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return Cert{}, err
	}
	signer, signerCert := key, tmpl
	if parent != nil {
		signer, signerCert = parent.Key, parent.Cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, &key.PublicKey, signer)
	if err != nil {
		return Cert{}, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return Cert{}, err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return Cert{}, err
	}
	c := Cert{
		CertFile: filepath.Join(dir, name+".pem"),
		KeyFile:  filepath.Join(dir, name+".key"),
		Cert:     cert,
		Key:      key,
		TLS:      tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert},
	}
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	if err := os.WriteFile(c.CertFile, certPEM, 0o600); err != nil {
		return Cert{}, err
	}
	if err := os.WriteFile(c.KeyFile, keyPEM, 0o600); err != nil {
		return Cert{}, err
	}
	return c, nil
}

// Pool is a certificate pool holding c alone.
func Pool(c Cert) *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(c.Cert)
	return p
}
