package modules

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/pyerr"
)

// NewURLLib makes the urllib package: its parse module, and on urllib
// itself Python 2's names for the functions that moved there (quote,
// quote_plus, unquote, unquote_plus, urlencode).
func NewURLLib() *Lazy {
	return NewLazy("urllib", func() starlark.StringDict {
		parse := NewURLParse()
		m := starlark.StringDict{"parse": parse}
		for _, name := range []string{"quote", "quote_plus", "unquote", "unquote_plus", "urlencode"} {
			m[name], _ = parse.Attr(name)
		}
		return m
	})
}

// NewURLParse makes urllib.parse, as CPython 3.11's.
//
//	urlsplit(url, scheme="", allow_fragments=True) -> SplitResult
//	urlparse(url, scheme="", allow_fragments=True) -> ParseResult
//	urlunsplit(parts), urlunparse(parts) -> str
//	urljoin(base, url, allow_fragments=True), urldefrag(url) -> DefragResult
//	quote(string, safe="/", encoding=None, errors=None), quote_plus(string, safe="", ...)
//	quote_from_bytes(bs, safe="/"), unquote_to_bytes(string) -> bytes
//	unquote(string, encoding="utf-8", errors="replace"), unquote_plus(...)
//	parse_qs(qs, keep_blank_values=False, strict_parsing=False, encoding="utf-8",
//	         errors="replace", max_num_fields=None, separator="&") -> dict of lists
//	parse_qsl(...) -> list of (name, value)
//	urlencode(query, doseq=False, safe="", encoding=None, errors=None, quote_via=quote_plus)
//	splittype, splithost, splituser, splitpasswd, splitport, splitnport,
//	splitquery, splittag, splitattr, splitvalue, unwrap, to_bytes (urllibsplit.go)
//
// The results are named tuples: fields by name (scheme, netloc, path,
// params, query, fragment; url for DefragResult), username, password,
// hostname, port, geturl() and _replace(**fields). Given bytes, the
// functions answer in bytes, as Python's do. A pyasync str holds bytes:
// unquote gives the bytes the escapes spell without decoding them
// (invalid UTF-8 stays as it is, where Python 3 puts U+FFFD), and the
// encodings quote and unquote take are UTF-8 (the bytes as they are)
// and Latin-1.
func NewURLParse() *Lazy {
	return NewLazy("urllib.parse", func() starlark.StringDict {
		m := starlark.StringDict{}
		for name, fn := range map[string]func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error){
			"urlsplit":         urlsplitBuiltin,
			"urlparse":         urlparseBuiltin,
			"urlunsplit":       urlunsplitBuiltin,
			"urlunparse":       urlunparseBuiltin,
			"urljoin":          urljoinBuiltin,
			"urldefrag":        urldefragBuiltin,
			"quote":            quoteBuiltin,
			"quote_plus":       quoteBuiltin,
			"quote_from_bytes": quoteFromBytesBuiltin,
			"unquote":          unquoteBuiltin,
			"unquote_plus":     unquoteBuiltin,
			"unquote_to_bytes": unquoteToBytesBuiltin,
			"parse_qs":         parseQSBuiltin,
			"parse_qsl":        parseQSBuiltin,
			"urlencode":        urlencodeBuiltin,
		} {
			m[name] = starlark.NewBuiltin(name, fn)
		}
		for name, fn := range urlSplitters() {
			m[name] = starlark.NewBuiltin(name, fn)
		}
		return class.BuiltinsInPlace(m)
	})
}

// urlStrings reads the str-or-bytes arguments of a urllib.parse
// function as CPython's _coerce_args does: the first decides whether the
// answer is str or bytes, and another non-empty one of the other kind is
// an error. None and empty values read as "".
func urlStrings(args ...starlark.Value) ([]string, bool, error) {
	out := make([]string, len(args))
	isBytes := false
	if len(args) > 0 {
		switch a := args[0].(type) {
		case starlark.Bytes, starlark.NoneType: // None: Python's answer is bytes too
			isBytes = true
		case starlark.String:
		default:
			return nil, false, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'decode'", pyType(a))
		}
	}
	for i, a := range args {
		switch a := a.(type) {
		case starlark.String:
			if isBytes && a != "" {
				return nil, false, pyerr.Errorf("TypeError", "Cannot mix str and non-str arguments")
			}
			out[i] = string(a)
		case starlark.Bytes:
			if !isBytes && a != "" {
				return nil, false, pyerr.Errorf("TypeError", "Cannot mix str and non-str arguments")
			}
			out[i] = string(a)
		case starlark.NoneType:
		default:
			if a.Truth() {
				return nil, false, pyerr.Errorf("TypeError", "Cannot mix str and non-str arguments")
			}
		}
	}
	return out, isBytes, nil
}

// urlValue is s as the kind of string the arguments were.
func urlValue(s string, isBytes bool) starlark.Value {
	if isBytes {
		return starlark.Bytes(s)
	}
	return starlark.String(s)
}

// The schemes whose URLs have a netloc, params, or resolve relative
// references, as CPython lists them.
var (
	usesRelative = schemeSet("", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms",
		"prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss")
	usesNetloc = schemeSet("", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp",
		"snews", "prospero", "rtsp", "rtsps", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss")
	usesParams = schemeSet("", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtsps", "rtspu", "sip",
		"sips", "mms", "sftp", "tel")
)

func schemeSet(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// c0OrSpace is what urlsplit strips: C0 controls and space.
const c0OrSpace = "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "

var unsafeURLBytes = strings.NewReplacer("\t", "", "\r", "", "\n", "")

func isSchemeChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'
}

// urlsplit is CPython's: the five parts of url.
func urlsplit(url, scheme string, allowFragments bool) ([]string, error) {
	url = unsafeURLBytes.Replace(strings.TrimLeft(url, c0OrSpace))
	scheme = unsafeURLBytes.Replace(strings.Trim(scheme, c0OrSpace))
	var netloc, query, fragment string
	if i := strings.IndexByte(url, ':'); i > 0 && ('a' <= url[0]|0x20 && url[0]|0x20 <= 'z') {
		ok := true
		for j := 0; j < i; j++ {
			ok = ok && isSchemeChar(url[j])
		}
		if ok {
			scheme, url = strings.ToLower(url[:i]), url[i+1:]
		}
	}
	if strings.HasPrefix(url, "//") {
		end := len(url)
		for _, c := range "/?#" {
			if i := strings.IndexRune(url[2:], c); i >= 0 {
				end = min(end, i+2)
			}
		}
		netloc, url = url[2:end], url[end:]
		open, closed := strings.Contains(netloc, "["), strings.Contains(netloc, "]")
		if open != closed {
			return nil, pyerr.Errorf("ValueError", "Invalid IPv6 URL")
		}
		if open {
			_, after, _ := strings.Cut(netloc, "[")
			host, _, _ := strings.Cut(after, "]")
			if err := checkBracketedHost(host); err != nil {
				return nil, err
			}
		}
	}
	if allowFragments {
		url, fragment, _ = strings.Cut(url, "#")
	}
	url, query, _ = strings.Cut(url, "?")
	return []string{scheme, netloc, url, query, fragment}, nil
}

// checkBracketedHost is CPython's check of a host in brackets: an
// IPvFuture ("v1.x") or an IPv6 address.
func checkBracketedHost(host string) error {
	if strings.HasPrefix(host, "v") {
		i := 1
		for i < len(host) && unhex(host[i]) >= 0 {
			i++
		}
		if i == 1 || i+1 >= len(host) || host[i] != '.' || strings.Contains(host[i+1:], "\n") {
			return pyerr.Errorf("ValueError", "IPvFuture address is invalid")
		}
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return pyerr.Errorf("ValueError", "%s does not appear to be an IPv4 or IPv6 address", pyReprStr(host))
	}
	if ip.Is4() {
		return pyerr.Errorf("ValueError", "An IPv4 address cannot be in brackets")
	}
	return nil
}

// urlparse is urlsplit with the path's params split off.
func urlparse(url, scheme string, allowFragments bool) ([]string, error) {
	p, err := urlsplit(url, scheme, allowFragments)
	if err != nil {
		return nil, err
	}
	path, params := p[2], ""
	if usesParams[p[0]] && strings.Contains(path, ";") {
		i := strings.IndexByte(path, ';')
		if slash := strings.LastIndexByte(path, '/'); slash >= 0 {
			i = strings.IndexByte(path[slash:], ';')
			if i >= 0 {
				i += slash
			}
		}
		if i >= 0 {
			path, params = path[:i], path[i+1:]
		}
	}
	return []string{p[0], p[1], path, params, p[3], p[4]}, nil
}

// urlunsplit puts the five parts back together.
func urlunsplit(p []string) string {
	scheme, netloc, url, query, fragment := p[0], p[1], p[2], p[3], p[4]
	if netloc != "" || scheme != "" && usesNetloc[scheme] && !strings.HasPrefix(url, "//") {
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + netloc + url
	}
	if scheme != "" {
		url = scheme + ":" + url
	}
	if query != "" {
		url += "?" + query
	}
	if fragment != "" {
		url += "#" + fragment
	}
	return url
}

// urlunparse puts the six parts back together.
func urlunparse(p []string) string {
	url := p[2]
	if p[3] != "" {
		url += ";" + p[3]
	}
	return urlunsplit([]string{p[0], p[1], url, p[4], p[5]})
}

// urljoin is CPython's: url resolved against base.
func urljoin(base, url string, allowFragments bool) (string, error) {
	if base == "" {
		return url, nil
	}
	if url == "" {
		return base, nil
	}
	b, err := urlparse(base, "", allowFragments)
	if err != nil {
		return "", err
	}
	u, err := urlparse(url, b[0], allowFragments)
	if err != nil {
		return "", err
	}
	scheme, netloc, path, params, query, fragment := u[0], u[1], u[2], u[3], u[4], u[5]
	if scheme != b[0] || !usesRelative[scheme] {
		return url, nil
	}
	if usesNetloc[scheme] {
		if netloc != "" {
			return urlunparse(u), nil
		}
		netloc = b[1]
	}
	if path == "" && params == "" {
		path, params = b[2], b[3]
		if query == "" {
			query = b[4]
		}
		return urlunparse([]string{scheme, netloc, path, params, query, fragment}), nil
	}
	baseParts := strings.Split(b[2], "/")
	if baseParts[len(baseParts)-1] != "" {
		baseParts = baseParts[:len(baseParts)-1]
	}
	var segments []string
	if strings.HasPrefix(path, "/") {
		segments = strings.Split(path, "/")
	} else {
		segments = append(baseParts, strings.Split(path, "/")...)
		if len(segments) > 2 { // drop the empty segments between the first and the last
			middle := segments[:1]
			for _, s := range segments[1 : len(segments)-1] {
				if s != "" {
					middle = append(middle, s)
				}
			}
			segments = append(middle, segments[len(segments)-1])
		}
	}
	var resolved []string
	for _, seg := range segments {
		switch seg {
		case "..":
			if len(resolved) > 0 {
				resolved = resolved[:len(resolved)-1]
			}
		case ".":
		default:
			resolved = append(resolved, seg)
		}
	}
	if last := segments[len(segments)-1]; last == "." || last == ".." {
		resolved = append(resolved, "")
	}
	joined := strings.Join(resolved, "/")
	if joined == "" {
		joined = "/"
	}
	return urlunparse([]string{scheme, netloc, joined, params, query, fragment}), nil
}

func urlsplitArgs(b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) ([]string, bool, bool, error) {
	var url, scheme starlark.Value = nil, starlark.String("")
	var allow starlark.Value = starlark.True
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "url", &url, "scheme?", &scheme, "allow_fragments?", &allow); err != nil {
		return nil, false, false, err
	}
	s, isBytes, err := urlStrings(url, scheme)
	return s, isBytes, bool(allow.Truth()), err
}

func urlsplitBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, isBytes, allow, err := urlsplitArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p, err := urlsplit(s[0], s[1], allow)
	if err != nil {
		return nil, err
	}
	return newURLResult(splitResult, p, isBytes), nil
}

func urlparseBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s, isBytes, allow, err := urlsplitArgs(b, args, kwargs)
	if err != nil {
		return nil, err
	}
	p, err := urlparse(s[0], s[1], allow)
	if err != nil {
		return nil, err
	}
	return newURLResult(parseResult, p, isBytes), nil
}

// urlParts reads the parts argument of urlunsplit and urlunparse: any
// iterable of n strings.
func urlParts(fn string, v starlark.Value, n int) ([]string, bool, error) {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, false, pyerr.Errorf("TypeError", "%s: got %s, want a sequence of %d parts", fn, pyType(v), n)
	}
	var parts []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		parts = append(parts, x)
		if len(parts) > n {
			return nil, false, pyerr.Errorf("ValueError", "too many values to unpack (expected %d)", n+1)
		}
	}
	if len(parts) < n {
		return nil, false, pyerr.Errorf("ValueError", "not enough values to unpack (expected %d, got %d)", n+1, len(parts)+1)
	}
	return urlStrings(parts...)
}

func urlunsplitBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "components", &v); err != nil {
		return nil, err
	}
	p, isBytes, err := urlParts(b.Name(), v, 5)
	if err != nil {
		return nil, err
	}
	return urlValue(urlunsplit(p), isBytes), nil
}

func urlunparseBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "components", &v); err != nil {
		return nil, err
	}
	p, isBytes, err := urlParts(b.Name(), v, 6)
	if err != nil {
		return nil, err
	}
	return urlValue(urlunparse(p), isBytes), nil
}

func urljoinBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var base, url starlark.Value
	var allow starlark.Value = starlark.True
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "base", &base, "url", &url, "allow_fragments?", &allow); err != nil {
		return nil, err
	}
	if !base.Truth() {
		return url, nil
	}
	if !url.Truth() {
		return base, nil
	}
	s, isBytes, err := urlStrings(base, url)
	if err != nil {
		return nil, err
	}
	out, err := urljoin(s[0], s[1], bool(allow.Truth()))
	if err != nil {
		return nil, err
	}
	return urlValue(out, isBytes), nil
}

func urldefragBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var url starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "url", &url); err != nil {
		return nil, err
	}
	s, isBytes, err := urlStrings(url)
	if err != nil {
		return nil, err
	}
	defrag, frag := s[0], ""
	if strings.Contains(s[0], "#") {
		p, err := urlparse(s[0], "", true)
		if err != nil {
			return nil, err
		}
		frag = p[5]
		p[5] = ""
		defrag = urlunparse(p)
	}
	return newURLResult(defragResult, []string{defrag, frag}, isBytes), nil
}

// alwaysSafe are the bytes quote never escapes.
var alwaysSafe = func() (t [256]bool) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~") {
		t[c] = true
	}
	return t
}()

// quoteBytes escapes as %XX every byte of s but the always-safe ones
// and the ASCII bytes of safe.
func quoteBytes(s, safe string) string {
	ok := alwaysSafe
	for i := 0; i < len(safe); i++ {
		if safe[i] < 0x80 {
			ok[safe[i]] = true
		}
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !ok[s[i]] {
			n++
		}
	}
	if n == 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 2*n)
	const upper = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		if c := s[i]; ok[c] {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upper[c>>4])
			b.WriteByte(upper[c&15])
		}
	}
	return b.String()
}

// quotePlus is quote_plus: quote, with spaces as '+'.
func quotePlus(s, safe string) string {
	if !strings.Contains(s, " ") {
		return quoteBytes(s, safe)
	}
	return strings.ReplaceAll(quoteBytes(s, safe+" "), " ", "+")
}

// urlEncoding reads an encoding argument: UTF-8 (the bytes as they are)
// or Latin-1; false for UTF-8.
func urlEncoding(fn string, v starlark.Value) (bool, error) {
	s, ok := v.(starlark.String)
	if v == nil || v == starlark.None {
		return false, nil
	}
	if !ok {
		return false, pyerr.Errorf("TypeError", "%s() argument 'encoding' must be str, not %s", fn, pyType(v))
	}
	switch strings.ReplaceAll(strings.ToLower(string(s)), "_", "-") {
	case "utf-8", "utf8", "u8":
		return false, nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		return true, nil
	}
	return false, pyerr.Errorf("LookupError", "%s: encoding %s: pyasync's strings are bytes; only utf-8 and latin-1 are known here", fn, pyReprValue(s))
}

// toLatin1 is s (UTF-8) in Latin-1, for quote(s, encoding="latin-1").
func toLatin1(s string) (string, error) {
	b := make([]byte, 0, len(s))
	for i, r := range s {
		if r > 0xff {
			return "", pyerr.Errorf("UnicodeEncodeError", "'latin-1' codec can't encode character %U in position %d: ordinal not in range(256)", r, utf8.RuneCountInString(s[:i]))
		}
		b = append(b, byte(r))
	}
	return string(b), nil
}

func quoteBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s, encoding, errors starlark.Value
	var safe starlark.Value = starlark.String("/")
	if b.Name() == "quote_plus" {
		safe = starlark.String("")
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s, "safe?", &safe, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, err
	}
	var data string
	switch v := s.(type) {
	case starlark.String:
		latin1, err := urlEncoding(b.Name(), encoding)
		if err != nil {
			return nil, err
		}
		data = string(v)
		if latin1 {
			if data, err = toLatin1(data); err != nil {
				return nil, err
			}
		}
	case starlark.Bytes:
		if encoding != nil && encoding != starlark.None {
			return nil, pyerr.Errorf("TypeError", "quote() doesn't support 'encoding' for bytes")
		}
		if errors != nil && errors != starlark.None {
			return nil, pyerr.Errorf("TypeError", "quote() doesn't support 'errors' for bytes")
		}
		data = string(v)
	default:
		return nil, pyerr.Errorf("TypeError", "quote_from_bytes() expected bytes")
	}
	sf, err := quoteSafe(safe)
	if err != nil {
		return nil, err
	}
	if b.Name() == "quote_plus" {
		return starlark.String(quotePlus(data, sf)), nil
	}
	return starlark.String(quoteBytes(data, sf)), nil
}

// quoteSafe reads the safe argument: str or bytes.
func quoteSafe(v starlark.Value) (string, error) {
	switch v := v.(type) {
	case starlark.String:
		return string(v), nil
	case starlark.Bytes:
		return string(v), nil
	}
	return "", pyerr.Errorf("TypeError", "'%s' object is not iterable", pyType(v))
}

func quoteFromBytesBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var bs starlark.Value
	var safe starlark.Value = starlark.String("/")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "bs", &bs, "safe?", &safe); err != nil {
		return nil, err
	}
	data, ok := bs.(starlark.Bytes)
	if s, isStr := bs.(starlark.String); isStr {
		data, ok = starlark.Bytes(s), true // a str holds bytes
	}
	if !ok {
		return nil, pyerr.Errorf("TypeError", "quote_from_bytes() expected bytes")
	}
	sf, err := quoteSafe(safe)
	if err != nil {
		return nil, err
	}
	return starlark.String(quoteBytes(string(data), sf)), nil
}

// unquoteBytes replaces each %XX by the byte it names; with latin1, a
// byte above 0x7f becomes that character in UTF-8.
func unquoteBytes(s string, latin1 bool) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	b = append(b, s[:i]...)
	for ; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && unhex(s[i+1]) >= 0 && unhex(s[i+2]) >= 0 {
			c := byte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			if latin1 && c >= 0x80 {
				b = utf8.AppendRune(b, rune(c))
			} else {
				b = append(b, c)
			}
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func unquoteBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		// without UnpackArgs, which puts its variables on the heap
		if str, ok := args[0].(starlark.String); ok && b.Name() == "unquote" && strings.IndexByte(string(str), '%') < 0 {
			return args[0], nil // nothing to unquote: the str itself
		}
		return unquoteValue(b, args[0], nil)
	}
	var s, encoding, errors starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s, "encoding?", &encoding, "errors?", &errors); err != nil {
		return nil, err
	}
	return unquoteValue(b, s, encoding)
}

// unquoteValue is unquote(s, encoding) or unquote_plus (b's name).
func unquoteValue(b *starlark.Builtin, s, encoding starlark.Value) (starlark.Value, error) {
	data, err := decodeData(s)
	if err != nil {
		return nil, pyerr.Errorf("TypeError", "argument of type '%s' is not iterable", pyType(s))
	}
	latin1, err := urlEncoding(b.Name(), encoding)
	if err != nil {
		return nil, err
	}
	if b.Name() == "unquote_plus" {
		data = strings.ReplaceAll(data, "+", " ")
	}
	return starlark.String(unquoteBytes(data, latin1)), nil
}

func unquoteToBytesBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var s starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "string", &s); err != nil {
		return nil, err
	}
	data, err := decodeData(s)
	if err != nil {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'split'", pyType(s))
	}
	return starlark.Bytes(unquoteBytes(data, false)), nil
}

// parseQSL is CPython's parse_qsl on qs (already str): it calls yield
// with each field's name and value, unquoted, in order. With hasMax, a
// query of more than maxFields fields is an error.
func parseQSL(qs, sep string, keepBlank, strict bool, latin1 bool, maxFields int64, hasMax bool, yield func(name, value string)) error {
	if hasMax {
		n := int64(0)
		if qs != "" {
			n = 1 + int64(strings.Count(qs, sep))
		}
		if maxFields < n {
			return pyerr.Errorf("ValueError", "Max number of fields exceeded")
		}
	}
	if qs == "" {
		return nil
	}
	for more := true; more; {
		var field string
		field, qs, more = strings.Cut(qs, sep)
		if field == "" && !strict {
			continue
		}
		name, value, ok := strings.Cut(field, "=")
		if !ok {
			if strict {
				return pyerr.Errorf("ValueError", "bad query field: %s", pyReprStr(field))
			}
			if !keepBlank {
				continue
			}
		}
		if value != "" || keepBlank {
			yield(unquotePlus(name, latin1), unquotePlus(value, latin1))
		}
	}
	return nil
}

// unquotePlus is unquote_plus: "+" read as a space, then %XX as the byte
// it names (s itself when it has neither, as a query's fields mostly do).
func unquotePlus(s string, latin1 bool) string {
	if strings.IndexByte(s, '+') >= 0 {
		s = strings.ReplaceAll(s, "+", " ")
	}
	return unquoteBytes(s, latin1)
}

// parseQSBuiltin is parse_qs(qs, keep_blank_values=False,
// strict_parsing=False, encoding='utf-8', errors='replace',
// max_num_fields=None, separator='&') and parse_qsl (the same
// parameters): a dict of lists of values by name, or a list of (name,
// value) pairs.
func parseQSBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 && len(kwargs) == 0 {
		// parse_qs(qs): what servers call, on every request
		s, isBytes, err := urlStrings(args[0])
		if err != nil {
			return nil, err
		}
		return parseQS(b.Name(), s[0], "&", false, false, false, 0, false, isBytes)
	}
	var qs, encoding, errors starlark.Value
	var keepBlank, strict starlark.Value = starlark.False, starlark.False
	var maxFields starlark.Value = starlark.None
	var sep starlark.Value = starlark.String("&")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "qs", &qs, "keep_blank_values?", &keepBlank,
		"strict_parsing?", &strict, "encoding?", &encoding, "errors?", &errors,
		"max_num_fields?", &maxFields, "separator?", &sep); err != nil {
		return nil, err
	}
	s, isBytes, err := urlStrings(qs)
	if err != nil {
		return nil, err
	}
	sp, err := decodeData(sep)
	if err != nil && sep != starlark.None {
		return nil, pyerr.Errorf("AttributeError", "'%s' object has no attribute 'decode'", pyType(sep))
	}
	if sp == "" {
		return nil, pyerr.Errorf("ValueError", "Separator must be of type string or bytes.")
	}
	latin1, err := urlEncoding(b.Name(), encoding)
	if err != nil {
		return nil, err
	}
	var max int64
	hasMax := maxFields != starlark.None
	if hasMax {
		if max, err = pyIndex(maxFields); err != nil {
			return nil, pyerr.Errorf("TypeError", "'<' not supported between instances of '%s' and 'int'", pyType(maxFields))
		}
	}
	return parseQS(b.Name(), s[0], sp, bool(keepBlank.Truth()), bool(strict.Truth()), latin1, max, hasMax, isBytes)
}

// parseQS builds parse_qs's dict or (fn "parse_qsl") parse_qsl's list.
func parseQS(fn, qs, sep string, keepBlank, strict, latin1 bool, max int64, hasMax, isBytes bool) (starlark.Value, error) {
	fields := 0
	if qs != "" {
		fields = 1 + strings.Count(qs, sep)
	}
	if fn == "parse_qsl" {
		list := make([]starlark.Value, 0, fields)
		err := parseQSL(qs, sep, keepBlank, strict, latin1, max, hasMax, func(name, value string) {
			list = append(list, starlark.Tuple{urlValue(name, isBytes), urlValue(value, isBytes)})
		})
		if err != nil {
			return nil, err
		}
		return starlark.NewList(list), nil
	}
	d := starlark.NewDict(fields)
	// the lists (one a name) are made in one array, and those of one
	// value (most are) keep it in one array too, each its own cell: a
	// list's cap is its length, so appending to one copies it out
	cells := make([]starlark.Value, 0, fields)
	lists := make([]starlark.List, fields)
	var failed error
	err := parseQSL(qs, sep, keepBlank, strict, latin1, max, hasMax, func(name, value string) {
		k, v := urlValue(name, isBytes), urlValue(value, isBytes)
		if old, found, _ := d.Get(k); found {
			old.(*starlark.List).Append(v)
			return
		}
		cells = append(cells, v)
		n := len(cells)
		lists[n-1] = *starlark.NewList(cells[n-1 : n : n])
		if err := d.SetKey(k, &lists[n-1]); err != nil && failed == nil {
			failed = err
		}
	})
	if err == nil {
		err = failed
	}
	if err != nil {
		return nil, err
	}
	return d, nil
}

func urlencodeBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var query, encoding, errors, quoteVia starlark.Value
	var doseq starlark.Value = starlark.False
	var safe starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "query", &query, "doseq?", &doseq, "safe?", &safe,
		"encoding?", &encoding, "errors?", &errors, "quote_via?", &quoteVia); err != nil {
		return nil, err
	}
	if encoding == nil {
		encoding = starlark.None
	}
	if errors == nil {
		errors = starlark.None
	}
	notValid := pyerr.Errorf("TypeError", "not a valid non-string sequence or mapping object")
	var pairs []starlark.Value
	switch q := query.(type) {
	case *starlark.Dict:
		for _, kv := range q.Items() {
			pairs = append(pairs, kv)
		}
	case starlark.String, starlark.Bytes:
		if q.Truth() {
			return nil, notValid
		}
	case starlark.Iterable:
		if _, ok := q.(starlark.Sequence); !ok {
			return nil, notValid
		}
		iter := q.Iterate()
		var x starlark.Value
		for iter.Next(&x) {
			pairs = append(pairs, x)
		}
		iter.Done()
		if len(pairs) > 0 {
			if _, ok := pairs[0].(starlark.Tuple); !ok {
				return nil, notValid
			}
		}
	default:
		return nil, notValid
	}
	quote := func(v starlark.Value) (string, error) {
		if quoteVia == nil || quoteVia == starlark.None {
			s, ok := v.(starlark.Bytes)
			if !ok {
				str := starlark.String(pyStr(v))
				latin1, err := urlEncoding("quote_plus", encoding)
				if err != nil {
					return "", err
				}
				data := string(str)
				if latin1 {
					if data, err = toLatin1(data); err != nil {
						return "", err
					}
				}
				s = starlark.Bytes(data)
			}
			sf, err := quoteSafe(safe)
			if err != nil {
				return "", err
			}
			return quotePlus(string(s), sf), nil
		}
		callArgs := starlark.Tuple{v, safe}
		if _, ok := v.(starlark.Bytes); !ok {
			callArgs = starlark.Tuple{starlark.String(pyStr(v)), safe, encoding, errors}
		}
		r, err := starlark.Call(th, quoteVia, callArgs, nil)
		if err != nil {
			return "", err
		}
		s, ok := r.(starlark.String)
		if !ok {
			return "", pyerr.Errorf("TypeError", "urlencode: quote_via returned %s, want str", pyType(r))
		}
		return string(s), nil
	}
	var out []string
	for _, p := range pairs {
		kv, err := pairOf(p)
		if err != nil {
			return nil, err
		}
		k, err := quote(kv[0])
		if err != nil {
			return nil, err
		}
		v := kv[1]
		_, isStr := v.(starlark.String)
		_, isBytes := v.(starlark.Bytes)
		seq, isSeq := v.(starlark.Iterable)
		if _, hasLen := v.(starlark.Sequence); !hasLen {
			isSeq = false
		}
		if !bool(doseq.Truth()) || isStr || isBytes || !isSeq {
			q, err := quote(v)
			if err != nil {
				return nil, err
			}
			out = append(out, k+"="+q)
			continue
		}
		iter := seq.Iterate()
		var elt starlark.Value
		for iter.Next(&elt) {
			q, err := quote(elt)
			if err != nil {
				iter.Done()
				return nil, err
			}
			out = append(out, k+"="+q)
		}
		iter.Done()
	}
	return starlark.String(strings.Join(out, "&")), nil
}

// pairOf unpacks one (key, value) item of urlencode's query.
func pairOf(p starlark.Value) ([2]starlark.Value, error) {
	var kv [2]starlark.Value
	it, ok := p.(starlark.Iterable)
	if !ok {
		return kv, pyerr.Errorf("TypeError", "cannot unpack non-iterable %s object", pyType(p))
	}
	var xs []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if len(xs) == 2 {
			return kv, pyerr.Errorf("ValueError", "too many values to unpack (expected 2)")
		}
		xs = append(xs, x)
	}
	if len(xs) < 2 {
		return kv, pyerr.Errorf("ValueError", "not enough values to unpack (expected 2, got %d)", len(xs))
	}
	return [2]starlark.Value{xs[0], xs[1]}, nil
}
