"""Writes glob.table.json, cases of the glob, fnmatch and tempfile
modules, from CPython 3.11, among the fixture's files.

Run: python3 testdata/gen_glob.py > testdata/glob.table.json
"""
import fnmatch
import glob
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

fixture = [
    ["dir", "a"], ["dir", "a/b"], ["dir", "a/b/c"], ["dir", "a/.hid"], ["dir", "z"],
    ["file", "a/one.py", ""], ["file", "a/two.txt", ""], ["file", "a/.dot.py", ""],
    ["file", "a/b/three.py", ""], ["file", "a/b/c/four.py", ""], ["file", "a/.hid/five.py", ""],
    ["file", "x[1].txt", ""], ["file", "x1.txt", ""], ["file", "top.py", ""], ["file", ".top", ""],
    ["link", "lnk", "a"], ["link", "dangle", "nowhere"],
]
t = Table({"glob": glob, "fnmatch": fnmatch, "tempfile": tempfile, "os": os}, fixture)
for pat in ["*", "*.py", "a/*", "a/*.py", "a/.*", "a/*/*.py", "*/*", "*/b", "a/b/", "a/", "a", "nope", "nope/*",
            "?op.py", "x[1].txt", "x[!2].txt", "x[[]1].txt", "[a-c]", "[!a-c]*", "l*/one.py", "dangle", "d*",
            "**", "**/*.py", "a/**", "a/**/*.py", "**/", "a/**/", "", "./*.py", "*/", "a/b/c/../*.py",
            "[", "x[", "a/[ob]*"]:
    t.case("sorted(glob.glob(%r))" % pat)
    t.case("sorted(glob.glob(%r, recursive=True))" % pat)
    t.case("sorted(glob.glob(%r, recursive=True, include_hidden=True))" % pat)
    t.case("sorted(glob.glob(%r, root_dir='a'))" % pat)
t.case("sorted(glob.iglob('*.py'))")
t.case("sorted(glob.glob(b'*.py'))")
for s in ["a*b", "[x]", "plain", "a?[b]*", ""]:
    t.case("glob.escape(%r)" % s)
    t.case("glob.has_magic(%r)" % s)
t.case("glob.glob(None)", exact=False)
t.case("glob.escape(1)")

names = ["a.py", "b.PY", ".x", "x", "abc", "a-b", "a]b", "a!b", "a^b", "[x]", "a\\b", "", "\u00e9t\u00e9"]
for pat in ["*", "*.py", "?", "??", "a*", "*b", "[ab]*", "[!ab]*", "[a-c]*", "[c-a]*", "[!c-a]*", "[]]*",
            "[!]]*", "a[]]b", "a[!]]b", "[a-]*", "[-a]*", "a[!-]b", "[^a]*", "a[\\]b", "[", "a[", "*[!.]*",
            "[a-b-c]*", "[z-a-c]*", "[!]", "a[]-b]b", "\u00e9*", "[\u00e0-\u00ff]*", "**", "*a*b*"]:
    t.case("fnmatch.filter(%r, %r)" % (names, pat))
    t.case("[fnmatch.fnmatch(n, %r) for n in %r]" % (pat, names[:4]))
t.case("fnmatch.fnmatchcase('A.PY', '*.py')")
t.case("fnmatch.fnmatch(1, '*')")

t.case("fd, p = tempfile.mkstemp(); r = [os.path.dirname(p) == tempfile.gettempdir(), os.path.basename(p)[:3], "
       "len(os.path.basename(p)), os.stat(p).st_mode, os.path.isabs(p)]; os.close(fd); os.unlink(p)")
t.case("fd, p = tempfile.mkstemp('.sfx', 'pre', dir='a'); r = [os.path.relpath(p)[:5], p[-4:], len(os.path.basename(p))]; "
       "os.close(fd); os.unlink(p)")
t.case("d = tempfile.mkdtemp(); r = [os.path.isdir(d), os.stat(d).st_mode, os.path.basename(d)[:3]]; os.rmdir(d)")
t.case("d = tempfile.mkdtemp(suffix='x', prefix='p', dir='z'); r = [os.path.relpath(d)[:3], d[-1]]; os.rmdir(d)")
t.case("tempfile.gettempprefix()")
t.case("tempfile.mkstemp(dir='nowhere')", exact=False)
t.case("tempfile.mkdtemp(dir='nowhere')", exact=False)
t.case("tempfile.mkstemp(suffix=1)")
t.case("fd, p = tempfile.mkstemp(prefix=b'x', dir=b'a'); r = type(p) == type(b''); os.close(fd); os.unlink(p)")
t.dump()
