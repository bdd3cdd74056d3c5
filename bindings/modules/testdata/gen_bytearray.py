"""Writes bytearray.table.json, cases of the predeclared bytearray, from
CPython 3.11. The cases spell bytes as b"..." (a pyasync str holds bytes
too: bytearray takes both).

Run: python3 testdata/gen_bytearray.py > testdata/bytearray.table.json
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({})
B = 'b = bytearray(b"ab\\ncd\\n")'
# making one
for src in ['b""', 'b"a\\x00\\xff"', "3", "0", "[1, 2, 255]", "(65, 66)", 'bytearray(b"xy")', "range(3)"]:
    t.case("list(bytearray(%s))" % src)
t.case("list(bytearray())")
for bad in ["-1", "[256]", "[-1]", '["a"]', "1.5", "None", "[1.0]"]:
    t.case("bytearray(%s)" % bad)
# reading it
for expr in ["len(b)", "b[0]", "b[-1]", "b[2]", "list(b[1:4])", "list(b[::-1])", "list(b[::2])", "list(b[5:1])",
             "bool(b)", "bool(bytearray())", "[x for x in b]",
             "10 in b", "99 in b", 'b"cd" in b', 'b"x" in b', "b == bytearray(b\"ab\\ncd\\n\")", 'b == b"ab\\ncd\\n"',
             'b != b"ab"', 'b < bytearray(b"b")', "list(b + b\"!\")", "list(b * 2)", "list(b\"<\" + b)",
             "repr(b)", 'repr(bytearray(b"a\'\\x00\\\\"))', "repr(bytearray(b'a\\\"b'))", "repr(bytearray(b'a\\\"b\\''))",
             "repr(bytearray(b'\\t\\r\\x7f\\x80'))", "b.hex()"]:
    t.case(expr, prelude=B)
for bad in ["b[6]", "b[-7]", "300 in b", "1.5 in b", "b + 1", "{b: 1}"]:
    t.case(bad, prelude=B)
# find and its family
for call in ['b.find(b"\\n")', 'b.find(b"\\n", 3)', 'b.find(b"\\n", 3, 5)', 'b.find(b"\\n", -1)', 'b.find(b"zz")',
             "b.find(10)", 'b.find(b"")', 'b.find(b"", 7)', 'b.find(b"", 6)', 'b.rfind(b"\\n")', 'b.rfind(b"c", 0, 4)',
             'b.index(b"c")', 'b.rindex(b"\\n")', 'b.count(b"\\n")', 'b.count(b"")', "b.count(99)",
             'b.startswith(b"ab")', 'b.startswith(b"\\n")', 'b.startswith(b"b", 1)', 'b.startswith((b"x", b"a"))',
             'b.endswith(b"\\n")', 'b.endswith(b"\\r")', 'b.endswith(b"c", 0, 4)', 'b.startswith(b"", 9)']:
    t.case(call, prelude=B)
for bad in ['b.index(b"zz")', 'b.rindex(b"q")', "b.find(300)", "b.find(None)", "b.startswith(1)"]:
    t.case(bad, prelude=B)
# changing it
for stmts in ["b.insert(2, 13)", "b.insert(-1, 13)", "b.insert(100, 13)", "b.insert(-100, 13)", "b.append(33)",
              'b.extend(b"xy")', "b.extend([1, 2])", 'b.extend(bytearray(b"z"))', "b.pop()", "b.pop(0)",
              "b.remove(10)", "b.clear()", "b.reverse()", "b[0] = 65", "b[-1] = 0"]:
    t.case("%s\nr = list(b)" % stmts, prelude=B)
t.case("r = [b.pop(1), list(b)]", prelude=B)
t.case("c = b.copy()\nc.append(1)\nr = [len(b), len(c)]", prelude=B)
for bad in ["b.insert(0, 256)", "b.append(-1)", 'b.append(b"a")', "b.pop(9)", "bytearray().pop()",
            "b.remove(99)", "b[0] = 256", "b[9] = 1", 'b.extend(5)', "b.extend([300])"]:
    t.case(bad, prelude=B)
t.dump()
