"""Writes urllib_parse.json: calls to CPython 3.11's urllib.parse and
what they gave.

Run: python3 testdata/gen_urllib.py > testdata/urllib_parse.json
(pycases.py describes the table; pycases_test.go reads it.) Left out, as
pyasync differs there on purpose: unquote of escapes that are not UTF-8
(pyasync keeps the bytes, Python 3 puts U+FFFD) and str arguments with
characters outside ASCII where Python would decode or encode them.
"""
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

c = Cases(urllib.parse)

urls = [
    "", "http://www.python.org", "http://www.python.org/", "http://www.python.org/a/b?q=1#frag",
    "HTTP://User:Pass@WWW.Example.COM:8080/p;params?q=1&r=2#f",
    "https://user@host", "https://user:@host:/", "https://:pass@host:0", "http://host:65535/", "http://host:65536/",
    "http://host:abc/", "http://host:-1/", "http://host: 80/", "http://host:080/", "http://host:99999999999999999999/",
    "//netloc/path", "/just/a/path", "relative/path?x#y", "?query", "#frag", "mailto:someone@example.com",
    "news:comp.lang.python", "file:///etc/passwd", "file://localhost/etc/passwd", "ftp://ftp.is.co.za/rfc/rfc1808.txt",
    "telnet://192.0.2.16:80/", "urn:oasis:names:specification:docbook:dtd:xml:4.1.2", "tel:+1-816-555-1212",
    "sip:alice@atlanta.com;transport=tcp", "http://[::1]/", "http://[::1]:8080/x", "http://[fe80::1%25eth0]/",
    "http://[::1", "http://::1]/", "http://[1.2.3.4]/", "http://[v1.fe]/", "http://[v1.]/", "http://[vg.x]/",
    "http://[notanip]/", "http://[::ffff:1.2.3.4]/", "http://[fe80::1%eth0]:80/", "http://a[b]c/",
    "  http://leading.space/", "\x00\x01http://c0/", "ht\ttp://tab\nnewline\r/x", "http://host/path\t/with tab",
    "path:with:colons", "1http://notascheme", "a+b-c.d://x/y", "a_b://x/y", "http:", "http:/", "http://",
    "http:path", "http:?q", "HTTP://EXAMPLE.com/%7Euser", "http://a/b/c/d;p?q", "svn+ssh://host/repo",
    "http://user@name@host/", "http://h/p;a;b/c;d", "http://h/p;a/b", "ftp://h/p;type=a", "x://h/p;a",
    "https://host/a#b#c", "https://host/a?b?c", "http://EXAMPLE.COM%Zone/", "http://h:/", "http://h:80:90/",
]
for u in urls:
    for f in ["urlsplit", "urlparse"]:
        r = c.call(f, u)
        c.call(f, u.encode("latin-1"))
        c.call(f, u, "https")
        c.call(f, u, allow_fragments=False)
        for attr in [".username", ".password", ".hostname", ".port"]:
            c.steps((f, (u,)), (attr,))
        c.steps((f, (u,)), (".geturl", ()))
        c.steps((f, (u.encode("latin-1"),)), (".hostname",))
        c.steps((f, (u.encode("latin-1"),)), (".geturl", ()))
        c.steps((f, (u,)), (".netloc",))
        c.steps((f, (u,)), (".fragment",))
    c.call("urldefrag", u)
    c.steps(("urldefrag", (u,)), (".url",))
    c.steps(("urldefrag", (u,)), (".geturl", ()))
c.call("urlsplit", "http://x", b"https")
c.call("urlsplit", b"http://x", "https")
c.call("urlsplit", b"http://x", "")
c.call("urlsplit", 5)
c.call("urlsplit", None)
c.steps(("urlsplit", ("http://x/a?b#c",)), ("._replace", (), {"query": "z=1"}))
c.steps(("urlsplit", ("http://x/a?b#c",)), ("._replace", (), {"nope": "z=1"}))
c.steps(("urlparse", ("http://x/a?b#c",)), ("._fields",))
c.steps(("urlparse", ("http://x/a?b#c",)), (".params",))

for parts in [("http", "h", "/p", "q", "f"), ("http", "", "p", "", ""), ("", "", "//p", "", ""), ("mailto", "", "a@b", "", ""),
              ("http", "", "//p", "", ""), ("file", "", "/etc", "", ""), ("", "h", "p", "", ""), ("x", "", "", "", ""),
              (b"http", b"h", b"/p", b"", b""), ["http", "h", "/p", "q", "f"], ("http", "h", "/p", "q"),
              ("http", "h", "/p", "q", "f", "x"), ("http", b"h", "/p", "", ""), ("", "", "", "", "")]:
    c.call("urlunsplit", parts)
    c.call("urlunparse", parts + type(parts)(("",)) if len(parts) == 5 else parts)
c.call("urlunparse", ("http", "h", "/p", "a;b", "q", "f"))
c.call("urlunparse", ("http", "h", "", "a", "", ""))

base = "http://a/b/c/d;p?q"
rels = ["g:h", "g", "./g", "g/", "/g", "//g", "?y", "g?y", "#s", "g#s", "g?y#s", ";x", "g;x", "g;x?y#s", "",
        ".", "./", "..", "../", "../g", "../..", "../../", "../../g", "../../../g", "../../../../g", "/./g",
        "/../g", "g.", ".g", "g..", "..g", "./../g", "./g/.", "g/./h", "g/../h", "g;x=1/./y", "g;x=1/../y",
        "g?y/./x", "g?y/../x", "g#s/./x", "g#s/../x", "http:g", "http:", "https:g", "//h2/x", "mailto:x",
        "a//b/../c", "/a/b/../../..", "g%20h"]
for b in [base, "http://a/b/c/d", "http://a/b/c/", "http://a", "http://a/", "https://a/b?x#y", "mailto:u@h",
          "file:///tmp/dir/", "", "//a/b", "ftp://a/b/c", "svn://a/b/c"]:
    for r in rels:
        c.call("urljoin", b, r)
    c.call("urljoin", b, "g#s", False)
c.call("urljoin", b"http://a/b/c", b"../d")
c.call("urljoin", b"http://a/b/c", "../d")
c.call("urljoin", "http://a/b/c", None)
c.call("urljoin", None, "x")

texts = ["", "abc", "a b", "a+b", "a/b", "a?b=c&d=e", "~user", "_.-~", "100%", "%41", "caf\u00e9", "\u20ac 5",
         "\x00\x1f\x7f", "!*'();:@&=+$,/?#[]", "a\nb", " ", "++", "\U0001f600"]
for t in texts:
    c.call("quote", t)
    c.call("quote", t, "")
    c.call("quote", t, safe=":/?")
    c.call("quote", t, b"+")
    c.call("quote_plus", t)
    c.call("quote_plus", t, "/")
    c.call("quote_plus", t, safe="+")
    c.call("quote", t.encode())
    c.call("quote_from_bytes", t.encode())
    c.call("quote_from_bytes", t.encode(), "")
    c.call("quote", t, encoding="latin-1", errors="strict") if all(ord(ch) < 256 for ch in t) else None
    q = urllib.parse.quote(t)
    c.call("unquote", q)
    c.call("unquote", q.encode())
    c.call("unquote_plus", urllib.parse.quote_plus(t))
    c.call("unquote_to_bytes", q)
    c.call("unquote_to_bytes", q.encode())
for t in ["%", "%4", "%41%", "%zz", "%4g", "a%2", "%%41", "%c3%a9", "%C3%A9", "%e2%82%ac", "abc%20def", "a+b%2Bc",
          "%7E", "%7e", "caf\u00e9%20x"]:
    c.call("unquote", t)
    c.call("unquote_plus", t)
    c.call("unquote_to_bytes", t)
c.call("unquote", "%E9", encoding="latin-1")
c.call("unquote", "%E9t%C3%A9", "latin-1")
c.call("quote", b"abc", encoding="utf-8")
c.call("quote", b"abc", errors="strict")
c.call("quote", 5)
c.call("quote", None)
c.call("quote_from_bytes", 5)
c.call("unquote", None)
c.call("unquote_to_bytes", 5)

qss = ["", "a=1", "a=1&b=2", "a=1&a=2&b=3", "a", "a=", "=b", "&", "&&a=1&&", "a=1;b=2", "a+b=c+d", "a%20b=c%2Bd",
       "a=%zz", "a=1=2", "=", "a=b&c", "x=%E2%82%AC", "k=v&k&k=", "a=1&b"]
for qs in qss:
    for f in ["parse_qs", "parse_qsl"]:
        c.call(f, qs)
        c.call(f, qs, True)
        c.call(f, qs, keep_blank_values=True, strict_parsing=True)
        c.call(f, qs, strict_parsing=True)
        if qs.isascii() and urllib.parse.unquote(qs).isascii():  # else Python's bytes path fails
            c.call(f, qs.encode())
        c.call(f, qs, separator=";")
        c.call(f, qs, max_num_fields=2)
        c.call(f, qs, max_num_fields=0)
        c.call(f, qs, max_num_fields=-1)
        if qs.isascii() and urllib.parse.unquote(qs).isascii():
            c.call(f, qs.encode(), separator=b";")
c.call("parse_qs", "a=1", separator="")
c.call("parse_qs", "a=1", separator=None)
c.call("parse_qs", "a=1", separator=5)
c.call("parse_qsl", "a=%E9", encoding="latin-1")
c.call("parse_qs", "a=1", max_num_fields="x")

queries = [{}, {"a": "1"}, {"a": "x y", "b": "&="}, [("a", "1"), ("a", "2")], [("k", ["x", "y"])], {"k": ("x", "y")},
           {"k": ["x y", b"z+w", 3]}, {"n": 5, "f": 1.5, "t": True, "z": None}, {b"bk": b"bv"}, {"u": "caf\u00e9"},
           [], (), [("a", "1", "extra")], [("a",)], ["ab"], "ab", "", 5, None, [["a", "1"]], {"k": []},
           {"k": {"x": 1}}, {"k": [["a"], ("b",)]}, {"s": "a/b~c"}]
for q in queries:
    c.call("urlencode", q)
    c.call("urlencode", q, True)
    c.call("urlencode", q, doseq=True, safe="/")
    c.call("urlencode", q, safe=b" ")
c.call("urlencode", {"a": "x y/z"}, quote_via=urllib.parse.quote)
c.call("urlencode", {"a": "x y/z"}, False, "/", quote_via=urllib.parse.quote)
c.call("urlencode", {"a": b"x y/z"}, quote_via=urllib.parse.quote)
c.call("urlencode", {"a": "caf\u00e9"}, encoding="latin-1")

# the split helpers of Python 2's urllib, kept (deprecated) in Python 3
import warnings
warnings.simplefilter("ignore", DeprecationWarning)
pieces = ["", "http://u:p@host:80/p;a=1;b?q=1#t", "HTTP:x", "//host", "//host?q", "//host#f", "//h/p", "///p",
          "/path", "a:b:c", ":x", "/a:b", "user@host", "a@b@c", "user:pw", "user", ":", "host:", "host:080",
          "host:8x", "host:99999999999999999999", "[::1]:80", "a=b=c", "=", "a;b;;c", "?", "#", "a?b?c", "a#b#c",
          "<URL:http://x/>", " < URL: http://x/ > ", "<>", "<", "URL:", "p?q#t", "caf\u00e9:x", "\x00:a", "\n//h\n/p"]
for name in ["splittype", "splithost", "splituser", "splitpasswd", "splitport", "splitnport", "splitquery",
             "splittag", "splitattr", "splitvalue", "unwrap", "to_bytes"]:
    for p in pieces:
        c.call(name, p)
    c.call(name, 5)
c.call("splitnport", "host", 80)
c.call("splitnport", "host:", defport=8080)
c.call("splitnport", "host:8", None)
c.write()
