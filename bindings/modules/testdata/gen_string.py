"""Writes string.table.json, cases of the string module, from Python 2.7 for
its Python 2 functions and from Python 3.11 for capwords and the
constants both have.

Run: PYENV_VERSION=2.7.18 python2.7 testdata/gen_string.py > testdata/string.table.json
(it runs python3 itself for the Python 3 part).
"""
import json
import os
import string
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"string": string})
if sys.version_info[0] == 3:
    for name in ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
                 "octdigits", "punctuation", "printable", "whitespace"]:
        t.case("string." + name)
    for s in ["hello world", "  hello   world  ", "HELLO wORLD", "", "a-b-c", "x\ty\nz", "1st thing"]:
        t.case("string.capwords(%r)" % s)
        t.case("string.capwords(%r, '-')" % s)
    t.case("string.capwords('a b', '')")
    t.dump()
    sys.exit(0)

for name in ["letters", "lowercase", "uppercase", "ascii_letters", "digits", "hexdigits", "octdigits",
             "punctuation"]:  # whitespace and printable: Python 3's order, below
    t.case("string." + name)
S = ["", "abc", "Hello World", "  a b\tc\n  d  ", "a,b,,c", "aaa", "MiXeD 123 !?", "x\x0by\x0cz"]
for s in S:
    for fn in ["lower", "upper", "swapcase", "capitalize", "strip", "lstrip", "rstrip", "split", "rsplit",
               "splitfields", "expandtabs"]:
        t.case("string.%s(%r)" % (fn, s))
    for arg in ["','", "'a'", "'ab'", "None"]:
        for fn in ["strip", "lstrip", "rstrip", "split", "rsplit"]:
            t.case("string.%s(%r, %s)" % (fn, s, arg))
    for n in ["0", "1", "2", "-1"]:
        t.case("string.split(%r, None, %s)" % (s, n))
        t.case("string.rsplit(%r, None, %s)" % (s, n))
        t.case("string.split(%r, ',', %s)" % (s, n))
        t.case("string.rsplit(%r, ',', %s)" % (s, n))
    for sub in ["''", "'a'", "'b'", "'aa'", "'z'"]:
        for rng in ["", ", 1", ", -1", ", 1, 2", ", 0, -1", ", None, 2", ", 10", ", -10, -2", ", 3", ", 4"]:
            for fn in ["find", "rfind", "index", "rindex", "count"]:
                t.case("string.%s(%r, %s%s)" % (fn, s, sub, rng))
    for w in ["0", "5", "10", "-3"]:
        for fn in ["ljust", "rjust", "center", "zfill"]:
            t.case("string.%s(%r, %s)" % (fn, s, w))
        t.case("string.center(%r, %s, '*')" % (s, w))
    t.case("string.replace(%r, 'a', 'XY')" % s)
    t.case("string.replace(%r, 'a', 'XY', 1)" % s)
    t.case("string.replace(%r, '', '-')" % s)
    t.case("string.replace(%r, '', '-', 2)" % s)
    t.case("string.expandtabs(%r, 4)" % s)
    t.case("string.capwords(%r)" % s)
    t.case("string.capwords(%r, ',')" % s)
for words, sep in [("['a', 'b']", None), ("['a', 'b']", "'-'"), ("[]", None), ("'abc'", None), ("('x',)", "''"),
                   ("[1]", None), ("['a', 1]", "','"), ("1", None), ("['a']", "1"), ("['a', 'b']", "'::'")]:
    for fn in ["join", "joinfields"]:
        t.case("string.%s(%s)" % (fn, words) if sep is None else "string.%s(%s, %s)" % (fn, words, sep))
for s in ["'12'", "' -12 '", "'+ 12'", "'- 12'", "'0x1f'", "'0X1F'", "'1f'", "'017'", "'0o17'", "'0b11'", "'08'",
          "'12L'", "'12l'", "''", "' '", "'x'", "'1_0'", "'99999999999999999999'", "'1 2'", "'-0'", "'0x'",
          "'z'", "'Z'", "'1.5'", "5", "None"]:
    for base in ["", ", 0", ", 16", ", 8", ", 2", ", 36", ", 1", ", 37", ", None"]:
        t.case("string.atoi(%s%s)" % (s, base))
        t.case("string.atol(%s%s)" % (s, base))
for s in ["'1.5'", "' 1e5 '", "'-.5'", "'5.'", "'.'", "'inf'", "'-Infinity'", "'nan'", "'1.5L'", "'x'", "''",
          "'1e'", "'1_0'", "'0x10'", "'1.5 x'", "'+-1'", "5", "1.5", "None", "'1e400'"]:
    t.case("string.atof(%s)" % s)
for x in ["5", "-5", "'+12'", "'-12'", "'12'", "''", "'-'", "1.5", "-1.5", "1180591620717411303424", "True"]:
    for w in ["0", "1", "4", "6"]:
        t.case("string.zfill(%s, %s)" % (x, w))
t.case("string.zfill('a', '5')")
for bad in ["string.lower(1)", "string.lower(None)", "string.split(1)", "string.find(1, 'a')",
            "string.find('abc', 1)", "string.find('abc', 'b', 'x')", "string.split('a b', '')",
            "string.split('a b', 1)", "string.strip('abc', 1)", "string.ljust('a', 5, 'xy')",
            "string.ljust('a', '5')", "string.ljust('a', 5, 1)", "string.replace('aaa', 'a', 'b', 'x')",
            "string.replace('aaa', 'a', 'b', -2)", "string.replace('abc', 1, 'x')", "string.expandtabs('a\\tb', 'x')",
            "string.expandtabs('a\\tb', -1)", "string.expandtabs('a\\tb', 0)", "string.expandtabs('a\\tb', 1)",
            "string.index('abc', 'z')", "string.rindex('abc', 'z')", "string.capitalize(5)",
            "string.maketrans('ab', 'c')", "string.maketrans('ab', 'cd')[97:100]", "string.maketrans('', '')[65:70]",
            "len(string.maketrans('', ''))", "string.translate('abc', string.maketrans('ab', 'xy'))",
            "string.translate('abc', string.maketrans('ab', 'xy'), 'c')", "string.translate('abc', None, 'b')",
            "string.translate('abc', 'x')", "string.translate('abc', None)", "string.maketrans(1, 2)",
            "string.center('ab', 5)", "string.center('a', 4)", "string.center('abc', 6, '-')",
            "string.swapcase('aBc1')", "string.capwords('a  b', ' ')"]:
    t.case(bad)

# the Python 3 part: the same file, run by python3
py3 = subprocess.check_output(["python3", os.path.abspath(__file__)], env=dict(os.environ, PYENV_VERSION="system"))
t.rows.extend(json.loads(py3.decode()))
t.dump()
