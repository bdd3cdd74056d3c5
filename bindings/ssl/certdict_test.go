package ssl

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// python3 returns the path of CPython's interpreter, or skips the test.
func python3(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: ", err)
	}
	return py
}

// pyDecode is CPython's own decoding of PEM certificate files: the
// dicts getpeercert() would give, as JSON, by file.
func pyDecode(t *testing.T, py string, paths []string) map[string]any {
	t.Helper()
	prog := "import json, ssl, sys; print(json.dumps({p: ssl._ssl._test_decode_cert(p) for p in sys.argv[1:]}))"
	out, err := exec.Command(py, append([]string{"-c", prog}, paths...)...).CombinedOutput()
	if err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	var v map[string]any
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// jsonOf turns a Starlark value into what encoding/json makes of the
// same Python value: tuples are lists, dicts maps.
func jsonOf(v starlark.Value) any {
	switch v := v.(type) {
	case starlark.String:
		return string(v)
	case starlark.Int:
		n, _ := v.Int64()
		return float64(n)
	case starlark.Tuple:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = jsonOf(x)
		}
		return out
	case *starlark.Dict:
		out := map[string]any{}
		for _, kv := range v.Items() {
			k, _ := starlark.AsString(kv[0])
			out[k] = jsonOf(kv[1])
		}
		return out
	}
	return v.String()
}

// TestCertDictMatchesCPython: the dict getpeercert() gives for
// certificates with every kind of name and extension CPython shows is
// the one CPython's own decoder gives for the same file.
func TestCertDictMatchesCPython(t *testing.T) {
	py := python3(t)
	dir := t.TempDir()
	set, err := tlstest.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := []string{set.CA.CertFile, set.Server.CertFile, set.Client.CertFile, set.SelfSigned.CertFile, richCert(t, dir)}
	wants := pyDecode(t, py, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			blk, _ := pem.Decode(data)
			c, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			got, want := jsonOf(certDict(c, true)), wants[f]
			if !reflect.DeepEqual(got, want) {
				g, _ := json.MarshalIndent(got, "", " ")
				w, _ := json.MarshalIndent(want, "", " ")
				t.Fatalf("pyasync:\n%s\nCPython:\n%s", g, w)
			}
		})
	}
}

// richCert writes a certificate with a multi-valued relative name, the
// usual attributes, every kind of subjectAltName, the authority
// information URLs and an odd-length serial number.
func richCert(t *testing.T, dir string) string {
	t.Helper()
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	oid := func(s ...int) asn1.ObjectIdentifier { return asn1.ObjectIdentifier(s) }
	subject := pkix.RDNSequence{
		{{Type: oid(2, 5, 4, 6), Value: "FR"}},
		{{Type: oid(2, 5, 4, 8), Value: "Ile-de-France"}, {Type: oid(2, 5, 4, 7), Value: "Paris"}},
		{{Type: oid(2, 5, 4, 10), Value: "pyasync"}},
		{{Type: oid(2, 5, 4, 11), Value: "tests"}},
		{{Type: oid(2, 5, 4, 3), Value: "rich.example"}},
		{{Type: oid(1, 2, 840, 113549, 1, 9, 1), Value: "admin@rich.example"}},
		{{Type: oid(0, 9, 2342, 19200300, 100, 1, 25), Value: "example"}},
		{{Type: oid(1, 2, 3, 4, 5), Value: "private"}},
	}
	raw, err := asn1.Marshal(subject)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse("https://rich.example/path")
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(0xABC),
		RawSubject:            raw,
		NotBefore:             time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC),
		NotAfter:              time.Date(2034, 11, 12, 13, 14, 15, 0, time.UTC),
		DNSNames:              []string{"rich.example", "*.rich.example"},
		IPAddresses:           []net.IP{net.ParseIP("192.0.2.7"), net.ParseIP("2001:db8::1"), net.ParseIP("fe80::abcd:12")},
		EmailAddresses:        []string{"admin@rich.example"},
		URIs:                  []*url.URL{u},
		OCSPServer:            []string{"http://ocsp.rich.example"},
		IssuingCertificateURL: []string{"http://ca.rich.example/ca.der"},
		CRLDistributionPoints: []string{"http://crl.rich.example/ca.crl"},
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "rich.pem")
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
