"""Prints the re test table as JSON: [expression, expected] pairs.

Run: python3 testdata/gen_re_cases.py > testdata/re_cases.json

Each expression is both Python and Starlark; re_test.go evaluates it with
pyasync's re module and compares the result, encoded the same way, with
what CPython 3.11 gave here:

  None, bools, ints       as JSON
  str                     {"str": s}
  bytes                   {"bytes": s.decode("latin-1")}
  list, tuple, dict       {"list": [...]}, {"tuple": [...]}, {"dict": [[k, v], ...]}
  a finditer iterator     {"list": [...]} of its matches
  re.Match                {"match": {"spans", "pos", "endpos", "lastindex", "lastgroup", "repr"}}
  re.Pattern              {"pattern": {"pattern", "flags", "groups", "groupindex", "repr"}}
  an exception            {"error": class name, "msg": str(e)}

An error's message must equal Python's for re.error, and contain it for
other classes, except in cases marked "type": there pyasync words the
message its own way (naming the function), and only the class is compared.

pyasync counts positions in a str's bytes where Python counts
characters: positions in matches are converted to UTF-8 byte offsets
here, so the table holds what pyasync must answer. Cases whose results
are bare positions use ASCII subjects.
"""
import json
import re
import sys


def byte_offset(s, i):
    if isinstance(s, str):
        return len(s[:i].encode("utf-8", "surrogatepass"))
    return i


def enc(v):
    if v is None or isinstance(v, bool) or isinstance(v, int):
        return v
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, bytes):
        return {"bytes": v.decode("latin-1")}
    if isinstance(v, list):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, dict) or type(v).__name__ == "mappingproxy":
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, re.Match):
        s = v.string
        spans = []
        for g in range(v.re.groups + 1):
            a, b = v.span(g)
            spans.append([byte_offset(s, a), byte_offset(s, b)] if a >= 0 else [-1, -1])
        a, b = spans[0]
        return {"match": {
            "spans": spans,
            "pos": byte_offset(s, v.pos),
            "endpos": byte_offset(s, v.endpos),
            "lastindex": v.lastindex,
            "lastgroup": v.lastgroup,
            "repr": "<re.Match object; span=(%d, %d), match=%.50r>" % (a, b, v.group()),
        }}
    if isinstance(v, re.Pattern):
        return {"pattern": {
            "pattern": enc(v.pattern),
            "flags": v.flags,
            "groups": v.groups,
            "groupindex": enc(dict(v.groupindex)),
            "repr": repr(v),
        }}
    if type(v).__name__ == "callable_iterator":
        return {"list": [enc(x) for x in v]}
    raise TypeError("cannot encode %r" % (v,))


rows = []


def case(expr, compare=""):
    try:
        got = enc(eval(expr, {"re": re}))
    except Exception as e:
        got = {"error": "re.error" if isinstance(e, re.error) else type(e).__name__, "msg": str(e)}
        if compare:
            got["compare"] = compare
    rows.append([expr, got])


# compile: flags, groups, names, repr
for pat in [r'r"a+"', r'r"(a)(?P<x>b)(?:c)(?P<y_1>d)"', r'r"(?i)a"', r'r"(?x) a b"', r'r"(?ims)a"',
            r'r"(?a)\w"', r'r"it' + "'" + r's"', r'"a" * 300', r'r"\n\t"', r'"\u00e9+"']:
    case("re.compile(%s)" % pat)
for flags in ["re.I", "re.I | re.M", "re.S | re.X", "re.A", "re.U", "re.DOTALL | re.ASCII", "0", "re.NOFLAG",
              "re.T", "re.DEBUG & 0", "4096"]:
    case('re.compile(r"a", %s)' % flags)
case('re.compile(b"a")')
case('re.compile(b"a", re.L)')
case('re.compile(b"a+", re.I)')
case('re.compile(b"it\'s")')
case('re.compile(re.compile("a"))')
case('re.compile(re.compile("a"), re.I)')
case('re.compile("a") == re.compile("a")')
case('re.compile(1)')
case('re.compile(None)')
case('re.compile("a", re.L)')
case('re.compile(b"a", re.U)')
case('re.compile(b"a", re.L | re.A)')
case('re.compile("a", re.A | re.U)')
case('re.compile("a").pattern')
case('re.compile(b"a").pattern')
case('re.compile(r"(?P<first>a)(?P<second>b)").groupindex')

# search, match, fullmatch
for f in ["search", "match", "fullmatch"]:
    for pat, s in [("a+", "baaa"), ("a+", "aaab"), ("a|ab", "ab"), ("ab|a", "ab"), ("", ""), ("", "abc"),
                   ("x*", "abc"), (".*", "abc\ndef"), ("(?s).*", "abc\ndef"), ("a.c", "a\nc"),
                   ("abc", "abc"), ("b", "abc"), ("^b", "abc"), ("c$", "abc"), ("a$", "a\n"), ("a\\Z", "a\n"),
                   ("$", "a\n"), ("(a)$", "a\n"), ("a$|b", "a\n"), ("(a$)?", "a\n"), ("a$$", "a\n"),
                   ("a|b$", "b\n"), ("\\Aab", "ab")]:
        case('re.%s(r"%s", "%s")' % (f, pat, s.replace("\n", "\\n")))
case('re.search(r"a+", "caaab").span()')
case('re.search(r"a+", "xyz")')
case('re.match(r"a", "ba")')
case('re.fullmatch(r"a|ab", "ab")')
case('re.fullmatch(r"a*?", "aaa")')
case('re.fullmatch(r"(a|ab)(c|bcd)", "abcd").groups()')

# pos and endpos (not pos > endpos with match(): CPython's answer then
# depends on how its engine compiled the pattern)
for f in ["search", "match", "fullmatch", "findall", "finditer"]:
    for args in ["1", "1, 3", "0, 2", "3, 1", "-5", "2, 100", "5", "0, 0", "4, 4"]:
        case('re.compile(r"[a-z]").%s("abcd", %s)' % (f, args))
for pat, args in [(r"^b", "1"), (r"(?m)^b", "1"), (r"(?m)^b", "2"), (r"\Ab", "1"), (r"\bb", "1"), (r"\Bb", "1"),
                  (r"\bb", "2"), (r"b\b", "0, 2"), (r"b$", "0, 2"), (r"a\Z", "0, 1"), (r"(?m)^", "1"),
                  (r"\b", "1"), (r"\B", "1"), (r"^", "0, 0"), (r"\bcd", "2")]:
    s = "a\nbcd" if "?m" in pat else "abcd"
    for f in ["search", "match", "findall"]:
        case('re.compile(r"%s").%s("%s", %s)' % (pat, f, s.replace("\n", "\\n"), args))
case('re.compile(r"a").search("aaa", pos=1, endpos=2)')
case('re.compile(r"a").search(string="aaa", pos=2)')
case('re.compile(r"\\w+").search("ab cd", 1).pos')
case('re.compile(r"\\w+").search("ab cd", 1, 4).endpos')
case('re.compile(r"").match("abc", 5).pos')

# flags
for pat, flags, s in [("abc", "re.I", "ABC"), ("[a-z]+", "re.I", "HeLLo"), ("[^a-z]", "re.I", "A1"),
                      ("^b", "re.M", "a\nb"), ("a$", "re.M", "a\nb"), (".", "re.S", "\n"), (".+", "0", "a\nb"),
                      ("a b # comment\n c", "re.X", "abc"), ("a\\ b", "re.X", "a b"), ("[ ]", "re.X", " "),
                      ("a#b", "re.X", "a"), ("\\w+", "re.A", "h\u00e9llo"), ("\\w+", "0", "h\u00e9llo"),
                      ("\u00e9", "re.I", "\u00c9"), ("\u00e9", "re.I | re.A", "\u00c9"), ("k", "re.I", "\u212a"),
                      ("k", "re.I | re.A", "\u212a"), ("[a-z]", "re.I", "\u212a"), ("\\d+", "0", "12\u0663"),
                      ("\\d+", "re.A", "12\u0663"), ("\\s+", "0", " \u00a0\u2003x"), ("\\s+", "re.A", " \u00a0x"),
                      ("\\W", "0", "\u00e9!"), ("\\W", "re.A", "\u00e9!"), ("[\\W]", "0", "\u00e9!"),
                      ("[\\Wa]", "0", "\u00e9a!"), ("[^\\W\\d_]+", "0", "ab\u00e912_c"), ("[\\S]+", "0", "ab c"),
                      ("[\\D]+", "0", "ab1"), ("[\\s\\d]+", "0", " 1\u00a0\u0663x"), ("[^\\s]+", "re.A", "ab\u00a0 c"),
                      ("[\\w-]+", "0", "a-b c"), ("(?i:A)b", "0", "ab"), ("(?i:A)b", "0", "aB"), ("(?-i:a)b", "re.I", "AB"),
                      ("(?-i:a)b", "re.I", "aB"), ("(?s:.).", "0", "\n\n"), ("(?m:^a)", "0", "b\na"), ("(?x: a )b", "0", "ab"),
                      ("(?a:\\w)\\w", "0", "\u00e9\u00e9"), ("(?a:\\w)\\w", "0", "a\u00e9"), ("(?u)\\w", "0", "\u00e9")]:
        case('re.search("%s", "%s", %s)' % (pat.replace("\\", "\\\\").replace("\n", "\\n"), s.replace("\n", "\\n"), flags))

# classes and escapes
for pat, s in [(r"[abc]+", "xcabx"), (r"[^abc]+", "abxyc"), (r"[a-c]+", "dabce"), (r"[]a]+", "]a]b"),
               (r"[^]a]+", "]xy"), (r"[a-]+", "a-b"), (r"[-a]+", "-a"), (r"[\]]", "]"), (r"[\\]", "\\"),
               (r"[.*+?]+", "a.*+?b"), (r"[\n]", "a\nb"), (r"[\x41-\x43]+", "ABCD"), (r"[\101]", "A"),
               (r"[\0]", "\x00"), (r"\x41\u0042\U00000043", "ABC"), (r"\101\0\07", "A\x00\x07"),
               (r"\.\*\+", ".*+"), (r"\-\#\&\~", "-#&~"), (r"a{2}", "aaa"), (r"a{2,}", "aaaa"), (r"a{,2}", "aaa"),
               (r"a{1,2}?", "aa"), (r"a{}", "a{}"), (r"a{x}", "a{x}"), (r"a{1,x}", "a{1,x}"), (r"x{", "x{"),
               (r"a??b", "ab"), (r"a*?b", "aab"), (r"a+?", "aaa"), (r"(ab)*", "ababx"), (r"(?:ab)+", "abab"),
               (r"[\d]+", "a12b"), (r"[\w.]+", "a.b c"), (r"[\b]", "\b"), (r"\t\n\r\f\v\a", "\t\n\r\f\v\a"),
               (r"[a-a]", "a"), (r"(?#comment)a", "a"), (r"a(?#x)*", "aaa"), (r"\\", "\\"), (r"[\u00e9-\u00ea]", "\u00ea"),
               (r"\$\^", "$^"), (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "abcdefghijk")]:
    case('re.search(r"%s", "%s")' % (pat, s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
                                     .replace("\r", "\\r").replace("\f", "\\f").replace("\v", "\\v")
                                     .replace("\a", "\\a").replace("\b", "\\b").replace("\x00", "\\x00")
                                     .replace("\x07", "\\x07")))

# bytes
for pat, s in [(r"a+", b"baa"), (r"\w+", b"ab\xe9c"), (r"[\x80-\xff]+", b"a\xe9\xffb"), (r".", b"\xff"),
               (r"\xff", b"a\xff"), (r"[^a]+", b"a\xe9\xe8a"), (r"\d+", b"12"), (r"(?i)\xe9", b"\xc9"),
               (r"(?i)[a-z]+", b"AbC\xc9"), (r"\s+", b" \x85\xa0"), (r"\W+", b"\xe9\xe8a"), (r"(?L)\w", b"a"),
               (r"\bb", b"\xe9b"), (r"\Bb", b"ab")]:
    case('re.search(b"%s", %s)' % (pat.replace("\\", "\\\\"), repr(s)))
case(r're.findall(b"\\xff(.)", b"\xff\x01a\xff\x02")')
case(r're.sub(b"\\xe9", b"E", b"caf\xe9 \xe9t\xe9")')
case(r're.split(b"[\\x00\\xff]", b"a\x00b\xffc")')
case(r're.compile(b"(?P<x>\\xe9)").search(b"a\xe9").group("x")')
case(r're.compile(b"a").search(b"\xe9\xe9a", 2)')
case(r're.compile(b"\\w").findall(b"\xe9a\xe9b", 1, 4)')
case(r're.compile(b"\\bb").search(b"\xe9b", 1)')
case(r're.compile(b"\\Bb").search(b"\xe9b", 1)')
case(r're.compile(b"(?m)^b").search(b"\n\xe9b", 2)')
case(r're.compile(b"(?m)^\xe9").search(b"\n\xe9b", 1)')
case(r're.sub(b"a", b"\\351", b"bab")')
case(r're.sub("a", r"\351", "bab")')
case(r're.findall(b"", b"\xe9\xe9")')
case(r're.split(b"x*", b"\xe9x\xe9")')

# unicode str positions (as UTF-8 offsets)
case('re.search(r"\u00e9+", "ab\u00e9\u00e9c")')
case('re.search(r"c", "\u00e9\u00e9c")')
case('re.findall(r".", "a\u00e9\u4e2d")')
case('re.sub(r".", "-", "a\u00e9\u4e2d")')
case('re.split(r"\u00e9", "a\u00e9b\u00e9c")')
case('[m.group() for m in re.finditer(r"\\w+", "\u00e9t\u00e9 h\u00e9")]')
case('re.search(r"\U0001F600", "a\U0001F600")')

# groups and match objects
case('re.match(r"(a)(b)?", "ac").groups()')
case('re.match(r"(a)(b)?", "ac").groups("z")')
case('re.match(r"(a)(b)?", "ac").groups(default=0)')
case('re.match(r"(?P<x>a)(?P<y>b)?", "ac").groupdict()')
case('re.match(r"(?P<x>a)(?P<y>b)?", "ac").groupdict("-")')
case('re.match(r"(a)(b)?", "ac").group(0, 1, 2)')
case('re.match(r"(a)(b)?", "ac").group()')
case('re.match(r"(?P<x>a)", "a").group("x")')
case('re.match(r"(?P<x>a)", "a").group(1, "x")')
case('re.match(r"(?P<x>a)", "a")["x"]')
case('re.match(r"(a)", "a")[1]')
case('re.match(r"(a)", "a")[0]')
for g in ["3", "-1", '"y"', "1.0", "None", "True"]:
    case('re.match(r"(a)(b)?", "ac").group(%s)' % g)
    case('re.match(r"(a)(b)?", "ac").start(%s)' % g)
case('re.match(r"(a)(b)?", "ac")[5]')
case('re.match(r"(a)(b)?", "ac").start(2)')
case('re.match(r"(a)(b)?", "ac").end(2)')
case('re.match(r"(a)(b)?", "ac").span(2)')
case('re.match(r"(a)(b)?", "ac").span()')
case('re.match(r"(a)(b)?", "ac").end(1)')
case('re.match(r"(a)(b)?", "ac").start(group=1)', "type")
case('re.match(r"(a)(b)?", "ac").regs')
case('re.match(r"(a)(b)?", "ac").string')
case('re.match(r"(a)(b)?", "ac").re.pattern')
for pat, s in [("(a)(b)", "ab"), ("((a)b)", "ab"), ("(a)()", "a"), ("(a())", "a"), ("a", "a"), ("(a)|b", "b"),
               ("(a)|(b)", "b"), ("(?:(a)|(b))+", "ab"), ("(?:(a)|(b))+", "ba"), ("(?:(a)|b)*", "ab"),
               ("(?P<n>a)(b)", "ab"), ("(a)(?P<n>b)", "ab"), ("(?P<n>a(b))", "ab"), ("(a)(b)?", "a"),
               ("(a*)*", "b"), ("(a*)+", "b"), ("(a|b)*", "ab"), ("(a|b)*?c", "abc")]:
    case('re.match(r"%s", "%s")' % (pat, s))
case('re.match(r"(a)(b)", "ab").expand(r"\\2\\1-\\g<0>-\\g<2>")')
case('re.match(r"(a)(b)?", "ac").expand(r"[\\2]")')
case('re.match(r"(?P<x>a)", "a").expand(r"<\\g<x>>")')
case('re.match(r"(a)", "a").expand(r"\\3")')
case('re.match(r"(a)", "a").expand(r"\\g<y>")')
case('re.match(b"(a)", b"a").expand(b"<\\\\1>")')
case('bool(re.match(r"", ""))')
case('str(re.match(r"a" * 60, "a" * 60))')
case('str(re.match(r".+", "it\'s"))')
case('str(re.match(r".+", "a\\"b\'c"))')
case('re.match(r".+", "\\t\\x01\u00e9\\x7f")')
case('str(re.match(b".+", b"\\xff\'"))')

# findall and finditer (not patterns that prefer an empty match where a
# longer one exists, such as a??: see TestReEmptyMatchThenAdvance)
for pat, s in [("a", "banana"), ("(a)(n)", "banana"), ("(a)n", "banana"), ("(a)(x)?", "aa"), ("x*", "abxd"),
               ("", "abc"), ("a|", "bab"), ("\\b", "ab cd"), ("\\B", "ab cd"), ("^", "ab"), ("(?m)^", "a\nb\n"),
               ("(?m)$", "a\nb\n"), ("$", "a\n"), ("\\w+", "hello big world"), ("(\\w)(\\w)?", "abc"),
               ("(?:a|(b))", "ab"), ("a*", "aaba"), ("(a*)", "baaa"), ("\\d+|[a-z]+", "ab12cd3")]:
    case('re.findall(r"%s", "%s")' % (pat, s.replace("\n", "\\n")))
    case('[m.span() for m in re.finditer(r"%s", "%s")]' % (pat, s.replace("\n", "\\n")))
case('re.finditer(r"a", "aba")')
case('[m.group() for m in re.compile(r"\\w").finditer("abcd", 1, 3)]')
case('re.findall(b"a(.)", b"abac")')

# sub and subn
for pat, repl, s in [("a", "x", "banana"), ("x*", "-", "abxd"), ("", "-", "abc"), ("(a)(n)", r"\2\1", "banana"),
                     ("(a)", r"\g<1>\g<0>", "ab"), ("(?P<x>a)", r"<\g<x>>", "ab"), ("a", r"\n\t\\", "a"),
                     ("a", r"\0\07\101\1234", "a"), ("(a)", r"\1\11", "a"), ("a", r"\-\$\é", "a"), ("a", r"\b", "a"),
                     ("(a)(b)?", r"[\2]", "ac"), ("a", r"\x", "a"), ("a", r"\q", "a"), ("(a)", r"\2", "a"),
                     ("(a)", r"\g<2>", "a"), ("(a)", r"\g<y>", "a"), ("(a)", r"\g<1", "a"), ("(a)", r"\g", "a"),
                     ("(a)", r"\g<>", "a"), ("(a)", r"\g<1a>", "a"), ("(a)", r"\g<-1>", "a"), ("a", r"\400", "a"),
                     ("a", "\\", "a"), ("b", "x", "aaa"), ("(a)|b", r"[\1]", "ab"), ("\\s+", " ", "a  b\t\nc"),
                     ("^", ">", "a\nb"), ("(?m)^", ">", "a\nb"), ("$", "<", "a\n"), ("a$", "x", "a\n"),
                     ("(?m)$", "<", "a\nb\n"), ("\\b", "|", "ab cd"), ("a|(b)", r"\1", "ab"), ("(?i)A", "x", "aA"),
                     ("a", "\u00e9", "bab"), ("\u00e9", "e", "caf\u00e9")]:
    esc = lambda t: t.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    case('re.sub(r"%s", "%s", "%s")' % (pat, esc(repl), esc(s)))
    case('re.subn(r"%s", "%s", "%s")' % (pat, esc(repl), esc(s)))
for count in ["1", "2", "0", "-1", "10"]:
    case('re.sub(r"a", "x", "aaaa", %s)' % count)
    case('re.subn(r"a", "x", "aaaa", count=%s)' % count)
case('re.sub(r"\\d", lambda m: str(int(m.group()) * 2), "a1b2c3")')
case('re.sub(r"(\\w)(\\d)?", lambda m: m.group(2) or "-", "a1b")')
case('re.sub(r"a", lambda m: None, "abca")')
case('re.sub(r"a", lambda m: 1, "abca")', "type")
case('re.subn(r"(?P<w>\\w+)", lambda m: m.group("w").upper(), "ab cd")')
case('re.sub(r"x", lambda m: "y", "aaa")')
case('re.sub(r"a", 1, "a")', "type")
case('re.sub(r"a", b"x", "a")', "type")
case('re.sub(b"a", b"x", b"bab")')
case('re.sub(b"(a)", b"[\\\\1]", b"bab")')
case('re.sub(b"a", "x", b"a")', "type")
case('re.compile(r"a").sub("x", "aaa", 2)')
case('re.compile(r"a").sub(repl="x", string="aaa", count=1)')
case('re.compile(r"a").subn("x", "aaa")')
case('re.sub(r"a", r"\\q", "bbb")')
case('re.sub(r"(a)", r"\\2", "bbb")')

# split
for pat, s in [(",", "a,b,,c"), (",", ""), (",", ","), ("(,)", "a,b"), ("(,)|(;)", "a,b;c"), ("x*", "axbc"),
               ("", "abc"), ("\\b", "ab cd"), ("\\s+", " a b "), ("(?m)^", "a\nb"), ("$", "a\n"), ("a|", "bab"),
               ("(a)?b", "xbyab"), ("[,;]\\s*", "a, b;c")]:
    case('re.split(r"%s", "%s")' % (pat, s.replace("\n", "\\n")))
for m in ["1", "2", "0", "-1", "maxsplit=1"]:
    case('re.split(r",", "a,b,c,d", %s)' % m)
case('re.compile(r"(,)").split("a,b,c", 1)')
case('re.compile(r",").split(string="a,b", maxsplit=5)')
case('re.split(b",", b"a,b")')

# escape
for s in ['"a.b c\\n-#&~"', '"\u00e9\\x00"', '"()[]{}?*+|^$\\\\"', '""', 'b"a.b\\xff"', '"_09azAZ!@%:;<>=/\\"\'"']:
    case("re.escape(%s)" % s)
case('re.escape(1)', "type")
case('re.search(re.escape("a.b*c"), "xa.b*cx")')

# module functions given compiled patterns, and flags there
case('re.search(re.compile(r"a"), "ba")')
case('re.search(re.compile(r"a"), "ba", re.I)')
case('re.findall(r"A", "aA", re.I)')
case('re.split(r"A", "bab", flags=re.I)')
case('re.sub(r"A", "x", "aA", flags=re.I)')
case('re.sub(r"A", "x", "aAa", 1, re.I)')
case('re.fullmatch(r"A+", "aA", re.I)')
case('list(re.finditer(r"A", "aA", re.I))')

# type errors
case('re.search(r"a", 1)')
case('re.search(r"a", b"a")')
case('re.findall(r"a", b"a")')
case('re.match(r"a", None)')
case('re.search(1, "a")')

# errors
for pat in ["(", ")", "a)", "(a", "[a", "[", "[^", "[a-", "\\\\", "a**", "a*?*", "a{2}{3}", "*", "+a", "?", "{1}",
            "a|*", "(*)", "^*", "$+", "\\\\b*", "a{3,2}", "(?P<1a>x)", "(?P<a>x)(?P<a>y)", "(?P<a", "(?P<>x)",
            "(?P<a-b>x)", "(?P=", "(?P=a)", "(?P=a", "(?Px)", "(?P", "(?", "(?i", "(?i-", "(?i-i:a)", "(?-a:b)",
            "(?L)b", "(?au)b", "(?z)", "(?iz)", "(?i-z:a)", "(?-", "(?-:a)", "(?t:a)", "(?-t:a)", "a(?i)b",
            "(?i)(?m)a", "a|(?i)b", "\\\\q", "\\\\8", "[z-a]", "[\\\\d-z]", "[a-\\\\d]", "[\\\\A]", "[\\\\8]",
            "\\\\x4", "\\\\xg", "\\\\u12", "\\\\U1234567", "\\\\U00110000", "\\\\400", "[\\\\400]", "(a)\\\\2",
            "\\\\1", "(a\\\\1)", "(?#abc", "(?<x>a)", "(?<", "(?<=a", "(?(1)a|b)", "(?(1a)a)", "(?(0)a)",
            "(a)(?(2)a)", "(?(x)a)", "a{99999999999}", "a{4294967295}", "\\\\N", "\\\\N{", "\\\\N{}",
            "a\\n(", "a\\nb\\n  (?<x", "(?x)a\\n  (", "[]", "[]a", "(?P<\u00e9>a)"]:
    case('re.compile("%s")' % pat)
case('re.compile(b"(?u)a")')
case('re.compile(b"\\\\u1234")')
case('re.compile(b"\\\\N{x}")')
case('re.compile(b"(?P<\\xe9>a)")')
case('re.compile(b"\\xe9(")')
case('re.compile(b"\\\\q\\xe9")')
case('re.compile("\u00e9\u00e9(")')
case('re.compile("\u00e9\\n\u00e9(")')

json.dump(rows, sys.stdout, indent=0, ensure_ascii=False)
sys.stdout.write("\n")
