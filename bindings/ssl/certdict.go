package ssl

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"net"
	"strings"

	"go.starlark.net/starlark"
)

// This file decodes a certificate into the dict CPython's getpeercert()
// and get_ca_certs() give (its _decode_certificate):
//
//	{'subject': ((('organizationName', 'pyasync tests'),), (('commonName', 'localhost'),)),
//	 'issuer': (...), 'version': 3, 'serialNumber': '042D6702DB7DB86A',
//	 'notBefore': 'Dec  7 10:44:51 2026 GMT', 'notAfter': '...',
//	 'subjectAltName': (('DNS', 'localhost'), ('IP Address', '127.0.0.1')),
//	 'OCSP': (...), 'caIssuers': (...), 'crlDistributionPoints': (...)}

// attributeNames are OpenSSL's long names of the attributes of a
// distinguished name, by OID; others are shown as the dotted OID.
var attributeNames = map[string]string{
	"2.5.4.3":                    "commonName",
	"2.5.4.4":                    "surname",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "countryName",
	"2.5.4.7":                    "localityName",
	"2.5.4.8":                    "stateOrProvinceName",
	"2.5.4.9":                    "streetAddress",
	"2.5.4.10":                   "organizationName",
	"2.5.4.11":                   "organizationalUnitName",
	"2.5.4.12":                   "title",
	"2.5.4.13":                   "description",
	"2.5.4.15":                   "businessCategory",
	"2.5.4.17":                   "postalCode",
	"2.5.4.42":                   "givenName",
	"2.5.4.43":                   "initials",
	"2.5.4.44":                   "generationQualifier",
	"2.5.4.46":                   "dnQualifier",
	"2.5.4.65":                   "pseudonym",
	"2.5.4.97":                   "organizationIdentifier",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"0.9.2342.19200300.100.1.1":  "userId",
	"0.9.2342.19200300.100.1.25": "domainComponent",
	"1.3.6.1.4.1.311.60.2.1.1":   "jurisdictionLocalityName",
	"1.3.6.1.4.1.311.60.2.1.2":   "jurisdictionStateOrProvinceName",
	"1.3.6.1.4.1.311.60.2.1.3":   "jurisdictionCountryName",
}

// certDict is the dict of c. withSAN adds the extensions' entries
// (subjectAltName and the URLs), as getpeercert does.
func certDict(c *x509.Certificate, withSAN bool) *starlark.Dict {
	d := starlark.NewDict(10)
	d.SetKey(starlark.String("subject"), nameTuple(c.RawSubject))
	d.SetKey(starlark.String("issuer"), nameTuple(c.RawIssuer))
	d.SetKey(starlark.String("version"), starlark.MakeInt(c.Version))
	d.SetKey(starlark.String("serialNumber"), starlark.String(serialHex(c.SerialNumber)))
	d.SetKey(starlark.String("notBefore"), starlark.String(c.NotBefore.UTC().Format("Jan _2 15:04:05 2006 GMT")))
	d.SetKey(starlark.String("notAfter"), starlark.String(c.NotAfter.UTC().Format("Jan _2 15:04:05 2006 GMT")))
	if !withSAN {
		return d
	}
	if san := altNames(c); len(san) > 0 {
		d.SetKey(starlark.String("subjectAltName"), san)
	}
	for _, e := range []struct {
		key  string
		urls []string
	}{{"OCSP", c.OCSPServer}, {"caIssuers", c.IssuingCertificateURL}, {"crlDistributionPoints", c.CRLDistributionPoints}} {
		if len(e.urls) > 0 {
			t := make(starlark.Tuple, len(e.urls))
			for i, u := range e.urls {
				t[i] = starlark.String(u)
			}
			d.SetKey(starlark.String(e.key), t)
		}
	}
	return d
}

// nameTuple is a distinguished name as a tuple of its relative names,
// each a tuple of (attribute, value) pairs, in the certificate's order.
func nameTuple(raw []byte) starlark.Tuple {
	var seq pkix.RDNSequence
	if _, err := asn1.Unmarshal(raw, &seq); err != nil {
		return starlark.Tuple{}
	}
	out := make(starlark.Tuple, 0, len(seq))
	for _, rdn := range seq {
		set := make(starlark.Tuple, 0, len(rdn))
		for _, atv := range rdn {
			oid := atv.Type.String()
			name := attributeNames[oid]
			if name == "" {
				name = oid
			}
			set = append(set, starlark.Tuple{starlark.String(name), starlark.String(fmt.Sprint(atv.Value))})
		}
		out = append(out, set)
	}
	return out
}

// serialHex is the serial number as OpenSSL prints it: capital hex
// digits, an even number of them.
func serialHex(n *big.Int) string {
	s := strings.ToUpper(n.Text(16))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	if neg {
		s = "-" + s
	}
	return s
}

var oidSubjectAltName = asn1.ObjectIdentifier{2, 5, 29, 17}

// altNames is the subjectAltName extension's names, in its order.
func altNames(c *x509.Certificate) starlark.Tuple {
	var raw []byte
	for _, e := range c.Extensions {
		if e.Id.Equal(oidSubjectAltName) {
			raw = e.Value
		}
	}
	if raw == nil {
		return nil
	}
	var seq asn1.RawValue
	if rest, err := asn1.Unmarshal(raw, &seq); err != nil || len(rest) > 0 {
		return nil
	}
	var out starlark.Tuple
	for rest := seq.Bytes; len(rest) > 0; {
		var v asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &v); err != nil {
			break
		}
		if name := generalName(v); name != nil {
			out = append(out, name)
		}
	}
	return out
}

// generalName is one subjectAltName entry as CPython shows it.
func generalName(v asn1.RawValue) starlark.Value {
	pair := func(kind, value string) starlark.Value {
		return starlark.Tuple{starlark.String(kind), starlark.String(value)}
	}
	switch v.Tag {
	case 0:
		return pair("othername", "<unsupported>")
	case 1:
		return pair("email", string(v.Bytes))
	case 2:
		return pair("DNS", string(v.Bytes))
	case 4:
		return starlark.Tuple{starlark.String("DirName"), nameTuple(v.Bytes)}
	case 6:
		return pair("URI", string(v.Bytes))
	case 7:
		return pair("IP Address", ipText(v.Bytes))
	case 8:
		var oid asn1.ObjectIdentifier
		if _, err := asn1.UnmarshalWithParams(v.FullBytes, &oid, "tag:8"); err == nil {
			return pair("Registered ID", oid.String())
		}
	}
	return nil
}

// ipText is an address as OpenSSL prints it: IPv6 in eight groups of
// capital hex digits, none left out.
func ipText(b []byte) string {
	switch len(b) {
	case net.IPv4len:
		return net.IP(b).String()
	case net.IPv6len:
		parts := make([]string, 8)
		for i := range parts {
			parts[i] = fmt.Sprintf("%X", int(b[2*i])<<8|int(b[2*i+1]))
		}
		return strings.Join(parts, ":")
	}
	return "<invalid>"
}
