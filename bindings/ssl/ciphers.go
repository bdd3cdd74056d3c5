package ssl

import (
	"crypto/tls"
	"sort"

	"go.starlark.net/starlark"
)

// cipherByID is what OpenSSL calls the suite numbered id, or nil.
func cipherByID(id uint16) *cipherInfo {
	i := sort.Search(len(ciphers), func(i int) bool { return ciphers[i].id >= id })
	if i < len(ciphers) && ciphers[i].id == id {
		return &ciphers[i]
	}
	return nil
}

// cipherTuple is SSLSocket.cipher()'s (name, protocol, secret bits).
func cipherTuple(id uint16) starlark.Tuple {
	if info := cipherByID(id); info != nil {
		return starlark.Tuple{starlark.String(info.name), starlark.String(info.protocol), starlark.MakeInt(info.strengthBits)}
	}
	return starlark.Tuple{starlark.String(tls.CipherSuiteName(id)), starlark.None, starlark.None}
}

// dict is the suite as SSLContext.get_ciphers() describes it.
func (c *cipherInfo) dict() *starlark.Dict {
	opt := func(s string) starlark.Value {
		if s == "" {
			return starlark.None
		}
		return starlark.String(s)
	}
	d := starlark.NewDict(11)
	d.SetKey(starlark.String("id"), starlark.MakeInt(0x03000000|int(c.id)))
	d.SetKey(starlark.String("name"), starlark.String(c.name))
	d.SetKey(starlark.String("protocol"), starlark.String(c.protocol))
	d.SetKey(starlark.String("description"), starlark.String(c.description))
	d.SetKey(starlark.String("strength_bits"), starlark.MakeInt(c.strengthBits))
	d.SetKey(starlark.String("alg_bits"), starlark.MakeInt(c.algBits))
	d.SetKey(starlark.String("aead"), starlark.Bool(c.aead))
	d.SetKey(starlark.String("symmetric"), opt(c.symmetric))
	d.SetKey(starlark.String("digest"), opt(c.digest))
	d.SetKey(starlark.String("kea"), opt(c.kea))
	d.SetKey(starlark.String("auth"), opt(c.auth))
	return d
}

// versionName is SSLSocket.version()'s name for a TLS version.
func versionName(v uint16) string {
	switch v {
	case tls.VersionTLS10:
		return "TLSv1"
	case tls.VersionTLS11:
		return "TLSv1.1"
	case tls.VersionTLS12:
		return "TLSv1.2"
	case tls.VersionTLS13:
		return "TLSv1.3"
	}
	return "unknown"
}
