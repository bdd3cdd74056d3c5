package modules

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"sort"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewHashlib makes the hashlib module: message digests, as CPython
// 3.11's.
//
//	md5(data=b"") sha1 sha224 sha256 sha384 sha512 sha3_224 sha3_256 sha3_384 sha3_512
//	new(name, data=b"")          name in any case: "md5", "SHA256"
//	algorithms_guaranteed, algorithms_available   the names, sorted, in a tuple
//
// A hash object has update(data), digest() -> bytes, hexdigest() -> str,
// copy(), and the attributes name, digest_size and block_size. Data is
// bytes or str (a str holds raw bytes; Python 3 refuses a str). The
// constructors take usedforsecurity= and ignore it, as Python does for
// these algorithms.
func NewHashlib() *Lazy {
	return NewLazy("hashlib", func() starlark.StringDict {
		m := starlark.StringDict{"new": starlark.NewBuiltin("new", hashlibNew)}
		names := make([]string, 0, len(hashAlgorithms))
		for name := range hashAlgorithms {
			name := name
			names = append(names, name)
			m[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				var data starlark.Value
				var usedForSecurity bool
				if err := starlark.UnpackArgs(name, args, kwargs, "string?", &data, "usedforsecurity?", &usedForSecurity); err != nil {
					return nil, err
				}
				return newHash(name, data)
			})
		}
		sort.Strings(names)
		// tuples, not Python's frozensets: enough for "md5" in
		// hashlib.algorithms_available, and go.starlark.net's set
		// methods fail on a call without arguments
		algorithms := make(starlark.Tuple, len(names))
		for i, n := range names {
			algorithms[i] = starlark.String(n)
		}
		m["algorithms_guaranteed"] = algorithms
		m["algorithms_available"] = algorithms
		return m
	})
}

// hashAlgorithms are the digests hashlib offers, by Python's name.
var hashAlgorithms = map[string]func() hash.Hash{
	"md5":      md5.New,
	"sha1":     sha1.New,
	"sha224":   sha256.New224,
	"sha256":   sha256.New,
	"sha384":   sha512.New384,
	"sha512":   sha512.New,
	"sha3_224": func() hash.Hash { return sha3.New224() },
	"sha3_256": func() hash.Hash { return sha3.New256() },
	"sha3_384": func() hash.Hash { return sha3.New384() },
	"sha3_512": func() hash.Hash { return sha3.New512() },
}

// hashNames are the spellings new() takes in any case, as CPython's
// OpenSSL does ("SHA256", "sha-256", "SHA3-256"); Python's own names of
// the SHA-3 digests ("sha3_256") it takes in lower case only.
var hashNames = map[string]string{
	"md5": "md5", "sha1": "sha1", "sha-1": "sha1",
	"sha224": "sha224", "sha-224": "sha224", "sha256": "sha256", "sha-256": "sha256",
	"sha384": "sha384", "sha-384": "sha384", "sha512": "sha512", "sha-512": "sha512",
	"sha3-224": "sha3_224", "sha3-256": "sha3_256", "sha3-384": "sha3_384", "sha3-512": "sha3_512",
}

// newHash is a hash object of algorithm name fed data (None: nothing).
func newHash(name string, data starlark.Value) (starlark.Value, error) {
	h := &hashObject{name: name, h: hashAlgorithms[name]()}
	if data != nil && data != starlark.None {
		if err := h.write(data); err != nil {
			return nil, err
		}
	}
	return h, nil
}

func hashlibNew(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name, data starlark.Value
	var usedForSecurity bool
	if err := starlark.UnpackArgs("new", args, kwargs, "name", &name, "data?", &data, "usedforsecurity?", &usedForSecurity); err != nil {
		return nil, err
	}
	s, ok := name.(starlark.String)
	if !ok {
		return nil, pyerr.Errorf("TypeError", "name must be a string")
	}
	n, ok := hashNames[strings.ToLower(string(s))]
	if _, builtin := hashAlgorithms[string(s)]; builtin {
		n, ok = string(s), true
	}
	if !ok {
		return nil, pyerr.Errorf("ValueError", "unsupported hash type %s", string(s))
	}
	return newHash(n, data)
}

// hashObject is what the constructors return.
type hashObject struct {
	name string
	h    hash.Hash
}

var _ starlark.HasAttrs = (*hashObject)(nil)

func (h *hashObject) String() string        { return fmt.Sprintf("<%s HASH object>", h.name) }
func (h *hashObject) Type() string          { return "HASH" }
func (h *hashObject) Freeze()               {}
func (h *hashObject) Truth() starlark.Bool  { return true }
func (h *hashObject) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: HASH") }

// write feeds data, bytes or str, to the digest.
func (h *hashObject) write(data starlark.Value) error {
	s, ok := data.(starlark.String)
	if b, isBytes := data.(starlark.Bytes); isBytes {
		s, ok = starlark.String(b), true
	}
	if !ok {
		return pyerr.Errorf("TypeError", "object supporting the buffer API required")
	}
	h.h.Write([]byte(s))
	return nil
}

func (h *hashObject) AttrNames() []string {
	return []string{"block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"}
}

func (h *hashObject) Attr(name string) (starlark.Value, error) {
	method := func(fn func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)) starlark.Value {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(args, kwargs)
		}).BindReceiver(h)
	}
	noArgs := func(args starlark.Tuple, kwargs []starlark.Tuple) error {
		return starlark.UnpackPositionalArgs(name, args, kwargs, 0)
	}
	switch name {
	case "name":
		return starlark.String(h.name), nil
	case "digest_size":
		return starlark.MakeInt(h.h.Size()), nil
	case "block_size":
		return starlark.MakeInt(h.h.BlockSize()), nil
	case "update":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var data starlark.Value
			if err := starlark.UnpackPositionalArgs("update", args, kwargs, 1, &data); err != nil {
				return nil, err
			}
			return starlark.None, h.write(data)
		}), nil
	case "digest":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(args, kwargs); err != nil {
				return nil, err
			}
			return starlark.Bytes(h.h.Sum(nil)), nil
		}), nil
	case "hexdigest":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(args, kwargs); err != nil {
				return nil, err
			}
			return starlark.String(hex.EncodeToString(h.h.Sum(nil))), nil
		}), nil
	case "copy":
		return method(func(args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := noArgs(args, kwargs); err != nil {
				return nil, err
			}
			c, err := h.h.(hash.Cloner).Clone()
			if err != nil {
				return nil, fmt.Errorf("copy: %v", err)
			}
			return &hashObject{name: h.name, h: c}, nil
		}), nil
	}
	return nil, nil
}
