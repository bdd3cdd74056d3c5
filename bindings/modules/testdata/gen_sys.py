"""Writes sys.table.json, cases of the sys module, from CPython 3.11.

Run: python3 testdata/gen_sys.py > testdata/sys.table.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"sys": sys})
for name in ["maxsize", "byteorder", "platform", "version_info[:2]", "version_info[0] >= 3",
             "version_info >= (3,)", "version_info < (2, 6)", "version_info[3]", "hexversion >> 16",
             "getdefaultencoding()", "getfilesystemencoding()", "getrecursionlimit()",
             "type(sys.path) == type([])", "type(sys.modules) == type({})", "'sys' in sys.modules",
             "sys.modules['sys'] == sys", "type(sys.executable) == type('')", "len(sys.executable) > 0"]:
    t.case(name if name.startswith(("type", "'", "len", "sys.")) else "sys." + name)
for v in ["0", "-1", '"x"', "1.5", "None", "2 * 10000000000000000000000"]:
    t.case("sys.setrecursionlimit(%s)" % v)
t.case("sys.setrecursionlimit(5000); r = sys.getrecursionlimit()")
t.case("sys.stdin.readline('x')")
t.dump()
