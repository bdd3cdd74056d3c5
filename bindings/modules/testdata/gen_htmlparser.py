"""Writes htmlparser.json: the calls CPython 3.11's html.parser.HTMLParser
makes to its handlers for pieces of HTML, fed whole and fed one
character at a time, with and without convert_charrefs.

Run: python3 testdata/gen_htmlparser.py > testdata/htmlparser.json

Each row is [html, convert_charrefs, one_by_one, events]; an event is
[handler, args...] (an exception: ["error", class, message]), and the
last is ["pos", lineno, offset, rawdata left]. The pieces are ASCII
where their offsets matter: pyasync counts bytes.
"""
import json
from html.parser import HTMLParser


class Recorder(HTMLParser):
    def __init__(self, convert):
        super().__init__(convert_charrefs=convert)
        self.events = []

    def rec(self, *e):
        self.events.append(list(e))

    def handle_starttag(self, tag, attrs):
        self.rec("starttag", tag, [list(a) for a in attrs], self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.rec("startendtag", tag, [list(a) for a in attrs])

    def handle_endtag(self, tag):
        self.rec("endtag", tag)

    def handle_data(self, data):
        self.rec("data", data)

    def handle_charref(self, name):
        self.rec("charref", name)

    def handle_entityref(self, name):
        self.rec("entityref", name)

    def handle_comment(self, data):
        self.rec("comment", data)

    def handle_decl(self, decl):
        self.rec("decl", decl)

    def handle_pi(self, data):
        self.rec("pi", data)

    def unknown_decl(self, data):
        self.rec("unknown_decl", data)


PIECES = [
    "", "plain text", "<p>para</p>", "<P CLASS=x>Up</P>", "<br/>", "<br />", "<img src='a.png' alt=\"A &amp; B\">",
    "<a href=x.html>link</a>", "<a href = 'x' title=\"t\" checked>", "<input value=a=b>", "<x a= 'unclosed>",
    "<x a==b>", "<x a =>", "<x a='1'b='2'>", "<x a=\"1\"/b>", "<x/a>", "<x / >", "<x a/>", "<x\ta\n=\r\"v\">",
    "<!-- a comment -->", "<!---->", "<!-- -- -->", "<!-- unclosed", "<!DOCTYPE html>", "<!doctype HTML PUBLIC \"x\">",
    "<!bogus thing>", "<![CDATA[ raw <stuff> ]]>", "<![if !IE]>x<![endif]>", "<![weird x]>", "<?xml version='1.0'?>",
    "<?php echo 1 ?>", "</>", "</ p>", "</p x>", "</p", "<", "<<", "a < b", "a<b", "a&b", "a & b", "&amp;", "&amp",
    "&amp;x", "&#65;", "&#65", "&#x41;", "&#X41;y", "&#65x", "&#;", "&#", "&", "&x", "&x;", "&unknown;", "&lt&gt",
    "<script>if (a < b && c > d) {}</script>", "<script>x</SCRIPT >y", "<script>a</scripty>b</script>",
    "<style>p { color: red }</style>", "<style>", "<script>unclosed", "<title>&lt;t&gt;</title>",
    "<div\n  class=\"a\"\n  id=b>\n text\n</div>", "line1\nline2\n<p>\n", "<p a=\"&#65;&amp;&quot;\" b='&unknown;'>",
    "<p a=&amp;>", "<p a=\"\">", "<p a=''>", "<p a=>", "<p =x>", "<p \"quoted\">", "<p a='x' 'y'>", "<p a b c>",
    "<p<p>", "<p\x00x>", "<1p>", "< p>", "<p a=\"multi\nline\">", "text &amp more &lt; stuff", "x&#1234567;y",
    "<br>&nbsp;<br>", "<a href='x'>&copy; 2023</a>", "<html><body><h1>T</h1><p>a<b>b</b>c</p></body></html>",
]
rows = []
for html in PIECES:
    for convert in (True, False):
        for one in (False, True):
            p = Recorder(convert)
            try:
                if one:
                    for ch in html:
                        p.feed(ch)
                else:
                    p.feed(html)
                p.close()
            except Exception as e:
                p.events.append(["error", type(e).__name__, str(e)])
            p.events.append(["pos", p.lineno, p.offset, p.rawdata])
            rows.append([html, convert, one, p.events])
print("[")
print(",\n".join(json.dumps(r) for r in rows))
print("]")
