"""Writes struct.json: calls to CPython 3.11's struct and what they gave.

Run: python3 testdata/gen_struct.py > testdata/struct.json
(pycases.py describes the table; pycases_test.go reads it.)
"""
import itertools
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

c = Cases(struct)

ints = [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32768, -32769, 65535, 65536,
        2**31 - 1, 2**31, -2**31, -2**31 - 1, 2**32 - 1, 2**32, 2**63 - 1, 2**63, -2**63, -2**63 - 1,
        2**64 - 1, 2**64, -2**64, 2**100, True, False, 1.0, "1", None, b"\x01"]
floats = [0.0, -0.0, 1.0, -1.5, 0.1, 1e-8, 6e-8, 6.1e-5, 65504.0, 65519.99, 65520.0, 1e38,
          3.4028234e38, 3.4028236e38, 1e300, -1e300, float("inf"), float("-inf"), float("nan"),
          5e-324, 1, -7, 70000, 2**200, 2**1100, True, "x", None]

for order in ["", "@", "=", "<", ">", "!"]:
    for code in "bBhHiIlLqQnNP":
        for v in ints:
            c.call("pack", order + code, v)
    for code in "efd":
        for v in floats:
            c.call("pack", order + code, v)
    for code in "?":
        for v in [0, 1, 2, -1, "", "x", None, [], [0], 0.0, True]:
            c.call("pack", order + code, v)

# unpack of every integer and float code from patterned bytes
patterns = [bytes(range(1, 9)), b"\xff" * 8, b"\x80" + b"\x00" * 7, b"\x00" * 7 + b"\x80",
            b"\x7f" + b"\xff" * 7, b"\x00" * 8]
for order in ["", "@", "=", "<", ">", "!"]:
    for code in "bBhHiIlLqQnNP?efdc":
        try:
            n = struct.calcsize(order + code)
        except struct.error:
            c.call("calcsize", order + code)
            continue
        for p in patterns:
            c.call("unpack", order + code, p[:n])
# half floats: every exponent, a few fractions
for hi in range(0, 256, 3):
    for lo in (0, 1, 0x55, 0xff):
        c.call("unpack", "<e", bytes([lo, hi]))
for x in [1e-7, 3e-8, 2.9802322387695312e-08, 5.960464477539063e-08, 8.940696716308594e-08,
          0.000061035156, 6.103515625e-05, 6.097555160522461e-05, 1.0009765625, 1.00048828125,
          1.00146484375, 2049.0, 2051.0, 65503.0, 65504.0, 65505.0, 65519.0, 65520.0, -2.5, 1e-30]:
    c.call("pack", "<e", x)
    c.call("pack", ">e", -x)
for x in [0.1, 1.1, 16777217.0, 3.4028235677973366e+38, 3.4028235677973362e+38, 1e-46, 1e-45]:
    c.call("pack", "<f", x)
    c.call("pack", "f", x)
    c.call("pack", ">f", x)

# chars, strings, pascal strings
for f, v in [("c", b"a"), ("c", b""), ("c", b"ab"), ("c", 1), ("3c", b"a"),
             ("s", b""), ("s", b"abc"), ("0s", b"abc"), ("5s", b"ab"), ("5s", b"abcdefg"), ("s", 1),
             ("p", b"abc"), ("0p", b"abc"), ("1p", b"abc"), ("2p", b"abc"), ("3p", b"abcdef"), ("10p", b"abc"),
             ("300p", b"x" * 400), ("256p", b"y" * 300), ("p", None)]:
    c.call("pack", f, v)
for f, b in [("s", b"a"), ("3s", b"abc"), ("0s", b""), ("0p", b""), ("1p", b"\x05"), ("3p", b"\x05ab"),
             ("3p", b"\x01ab"), ("5p", b"\x00abcd"), ("2c", b"xy"), ("c", b"\xff")]:
    c.call("unpack", f, b)

# formats: order, alignment, repeat counts, space, errors
formats = ["", "x", "xx", "3x", "bi", "ib", "bh", "bq", "bd", "be", "bf", "b0i", "b0q", "0i", "i0b",
           "cih", "<cih", ">cih", "=cih", "!cih", "@cih", "2h3i", "5s", "5p", "s0i", "3si", "bP", "bn",
           "?q", "i x", " i", "i ", "\ti\n", "  2i  ", "2 i", "3", "i3", "z", "i\0", "<n", "<N", "<P", "!P",
           "=?", "@@i", "<>i", "i<", "ll", "<ll", "LLL", "qQ", "100s", "999999999999s",
           "4611686018427387904s", "4611686018427387904s4611686018427387904s",
           "9223372036854775807i", "9223372036854775807s", "9223372036854775808s",
           "999999999999999999999i", "2305843009213693951q", "2305843009213693952q",
           "b9223372036854775807s", "bi9223372036854775800s", "0s0p0x", "\x80"]
for f in formats:
    if f.isascii():  # a pyasync str holds bytes: "\x80" is two of them
        c.call("calcsize", f)
    c.call("calcsize", f.encode("latin-1"))

for f, vals in [("bi", (1, 2)), ("ib", (1, 2)), ("bq", (-1, -2)), ("bd", (1, 2.5)), ("b0i", (3,)),
                ("cih", (b"z", 7, -7)), ("<cih", (b"z", 7, -7)), (">cih", (b"z", 7, -7)),
                ("!cih", (b"z", 7, -7)), ("=cih", (b"z", 7, -7)), ("2h3i", (1, 2, 3, 4, 5)),
                ("s0i", (b"a",)), ("3si", (b"ab", 9)), ("?q", (True, 5)), ("i x", (1,)),
                ("  2i  ", (1, 2)), ("2i", (1,)), ("2i", (1, 2, 3)), ("i", ()), ("", ()), ("", (1,)),
                ("x", ()), ("3x", ()), ("0s0p0x", (b"a", b"b")), ("bP", (1, 2)), ("bn", (1, 2)),
                ("<hHiIlLqQ", (-1, 2, -3, 4, -5, 6, -7, 8)), (">hHiIlLqQ", (-1, 2, -3, 4, -5, 6, -7, 8)),
                ("<efd", (1.5, 2.5, 3.5)), (">efd", (1.5, 2.5, 3.5)), ("efd", (1.5, 2.5, 3.5)),
                ("999999999999i", (1,)), ("999999999999s", (b"",)), ("z", (1,)), ("3", (1,))]:
    c.call("pack", f, *vals)
    c.call("pack", f.encode(), *vals)
for f, b in [("bi", bytes(range(8))), ("ib", bytes(range(5))), ("<ib", bytes(range(5))), ("bq", bytes(range(16))),
             ("i", b"abc"), ("i", b"abcde"), ("", b""), ("", b"x"), ("999999999999s", b""), ("x", b"\x00"),
             ("3x", b"abc"), (">hHiIlLqQ", bytes(range(1, 37))), ("<hHiIlLqQ", bytes(range(1, 37))),
             ("cih", b"zzzz\x07\x00\x00\x00\xf9\xff")]:
    c.call("unpack", f, b)

c.call("pack", 1)
c.call("pack", 1, 2)
c.call("unpack", None, b"")
c.call("calcsize", 2.5)

# unpack_from and offsets
buf = bytes(range(10, 30))
for off in [0, 1, 3, 16, 17, 20, 21, -1, -4, -5, -20, -21, -100, True]:
    for f in ["i", "q", "", "2h"]:
        c.call("unpack_from", f, buf, off)
c.call("unpack_from", "i", buf)
c.call("unpack_from", "i", buffer=buf, offset=2)
c.call("unpack_from", "i", buf, offset=-8)
c.call("unpack_from", "i", b"abcdef", 3)
c.call("unpack_from", "q", b"abcdef", -5)
c.call("unpack_from", "q", b"abcdef", -7)
c.call("unpack_from", "i", buf, "x")
c.call("unpack_from", "i", buf, 2**70)

# pack_into into a bytearray (pyasync: a list of ints)
for f, off, vals in [("i", 0, (1,)), ("i", 2, (-1,)), ("i", 6, (5,)), ("i", 7, (5,)), ("i", -4, (258,)),
                     ("i", -3, (1,)), ("i", -10, (1,)), ("i", -11, (1,)), ("q", -7, (1,)), ("q", -12, (1,)),
                     ("<hh", 1, (1, -1)), (">hh", 1, (1, -1)), ("3s", 4, (b"abcdef",)), ("2p", 0, (b"xyz",)),
                     ("i", 0, ()), ("i", 0, (1, 2)), ("b", 0, (300,)), ("", 10, ()), ("", 11, ())]:
    c.call("pack_into", f, bytearray(b"\xee" * 10), off, *vals)
c.call("pack_into", "i")
c.call("pack_into", "i", bytearray(4))
c.call("pack_into", "i", bytearray(4), 0)
c.call("pack_into", "i", bytearray(4), "x", 1)
c.call("pack_into", "i", b"abcd", 0, 1)
c.call("pack_into", "i", "abcd", 0, 1)

# iter_unpack
for f, b in [("<h", bytes(range(6))), ("<h", b""), (">hb", bytes(range(9))), ("i", bytes(range(6))),
             ("", b""), ("0i", b"ab"), ("3x", b"abcdef")]:
    c.call("iter_unpack", f, b)

# Struct objects
for f in ["<i", b"<i", "2h", ">q3s", "", "bad!", 5]:
    c.steps(("Struct", (f,)), (".format",))
    c.steps(("Struct", (f,)), (".size",))
c.steps(("Struct", ("<ih",)), (".pack", (1, 2)))
c.steps(("Struct", ("<ih",)), (".pack", (1,)))
c.steps(("Struct", ("<ih",)), (".unpack", (bytes(range(6)),)))
c.steps(("Struct", ("<ih",)), (".unpack", (bytes(range(5)),)))
c.steps(("Struct", ("<ih",)), (".unpack_from", (bytes(range(9)), 2)))
c.steps(("Struct", ("<ih",)), (".unpack_from", (bytes(range(9)),), {"offset": 3}))
c.steps(("Struct", ("<ih",)), (".unpack_from", (bytes(range(9)), 4)))
c.steps(("Struct", ("<h",)), (".iter_unpack", (bytes(range(6)),)))
c.steps(("Struct", ("<h",)), (".iter_unpack", (bytes(range(5)),)))
c.steps(("Struct", ("<h",)), (".pack_into", (bytearray(4), 1, 513)))
c.steps(("Struct", ("<h",)), (".pack_into", (bytearray(4), 3, 513)))
c.steps(("Struct", ("<h",)), (".pack_into", (bytearray(4), -2, 513)))
c.steps(("Struct", (),))

c.write()
