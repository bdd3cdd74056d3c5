"""Writes stat.table.json, the stat module's cases, from CPython 3.11.

Run: python3 testdata/gen_stat.py > testdata/stat.table.json
"""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"stat": stat})
for name in sorted(n for n in dir(stat) if n[:1].isupper() and not callable(getattr(stat, n))):
    t.case("stat." + name)
modes = [0, 0o644, 0o100644, 0o40755, 0o120777, 0o20666, 0o60660, 0o10600, 0o140755,
         0o104755, 0o102755, 0o41777, 0o40700 | 0o1000, 0o2644, 0o170777, 0o4000 | 0o100600, 2**32 - 1]
for fn in ["S_ISDIR", "S_ISREG", "S_ISLNK", "S_ISCHR", "S_ISBLK", "S_ISFIFO", "S_ISSOCK",
           "S_ISDOOR", "S_ISPORT", "S_ISWHT", "S_IMODE", "S_IFMT", "filemode"]:
    for m in modes:
        t.case("stat.%s(%d)" % (fn, m))
    for bad in ["-1", "1 << 32", "1 << 70", "'x'", "1.5", "None", "True"]:
        t.case("stat.%s(%s)" % (fn, bad))
t.case("stat.S_ISDIR()", exact=False)
t.case("stat.filemode(1, 2)", exact=False)
t.dump()
