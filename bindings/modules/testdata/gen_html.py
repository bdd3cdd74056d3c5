"""Writes html.json: calls to CPython 3.11's html and what they gave.

Run: python3 testdata/gen_html.py > testdata/html.json
(pycases.py describes the table; pycases_test.go reads it.)
"""
import html
import os
import sys
from html.entities import html5

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

c = Cases(html)
for s in ["", "plain", "a & b", "<a href=\"x\">it's</a>", "&amp;", "'\"&<>", "caf\u00e9 <b>", "\0&\0"]:
    c.call("escape", s)
    c.call("escape", s, False)
    c.call("escape", s, quote=True)
    c.call("escape", s, quote=0)

# every named reference, with and without what may follow it
names = sorted(html5)
c.call("unescape", " ".join("&" + n for n in names))
c.call("unescape", " ".join("&" + n + "x" for n in names))
c.call("unescape", " ".join("&" + n + ";" for n in names))
c.call("unescape", "".join("&" + n for n in names))
c.call("unescape", " ".join("&" + n.rstrip(";")[:-1] for n in names if len(n) > 3))
c.call("unescape", " ".join("&" + n.upper() for n in names))
# numeric references: every code below 0x100, the edges above
c.call("unescape", " ".join("&#%d;" % i for i in range(0x100)))
c.call("unescape", " ".join("&#x%x" % i for i in range(0x100)))
for n in [0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfdcf, 0xfdd0, 0xfdef, 0xfdf0, 0xfffd, 0xfffe, 0xffff, 0x10000,
          0x1fffe, 0x1ffff, 0x10fffd, 0x10fffe, 0x10ffff, 0x110000, 2**32, 2**32 + 65, 10**30]:
    c.call("unescape", "&#%d;|&#x%x;|&#X%X|&#%d" % (n, n, n, n))
for s in ["", "no refs", "&", "&&", "&;", "&#", "&#;", "&#x", "&#x;", "&#xg", "&#65", "&#65x", "&#x41;;",
          "&amp", "&amp;", "&ampx", "&ampx;", "&amp-x;", "&notin;", "&notin", "&notit;", "&noti", "&not",
          "&AMP;", "&AmP;", "&lt&gt", "&lt;&gt;", "a&b c", "&\u00e9;", "&caf\u00e9", "&" + "a" * 40 + ";",
          "&" + "x" * 31 + ";", "&" + "x" * 32 + ";", "&" + "x" * 33, "&amp" + "x" * 40, "&\tamp;",
          "& amp;", "&\ramp;", "&\x0bamp;", "&a\u00e9b;", "&\u00e9\u00e9\u00e9", "&CounterClockwiseContourIntegral;",
          "&CounterClockwiseContourIntegral", "&NotNestedGreaterGreater;", "&nbsp&nbsp;&nbspx", "&copy2023",
          "&#0;", "&#13;", "&#128;", "&#x80;", "&#159;", "&#x9F;"]:
    c.call("unescape", s)
c.write()
