"""Prints the sprintf test table as JSON: [format, args, result-or-error].

Run: python3 testdata/gen_cases.py > testdata/cases.json
Args are encoded as JSON values; floats that JSON cannot hold are strings
"inf", "-inf", "nan" wrapped as {"float": "..."}; big ints as {"int": "..."}.
"""
import itertools
import json
import math

def enc(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        if math.isinf(v) or math.isnan(v):
            return {"float": repr(v)}
        return {"float": repr(v)}
    if isinstance(v, int):
        return {"int": str(v)}
    return v

rows = []
def case(fmt, *args):
    try:
        out = fmt % args
        rows.append([fmt, [enc(a) for a in args], out, None])
    except Exception as e:
        rows.append([fmt, [enc(a) for a in args], None, type(e).__name__])

ints = [0, 1, -1, 42, -42, 255, 2**64 + 5, -(2**70)]
floats = [0.0, -0.0, 0.5, 1.5, 2.5, 2.675, 3.14159, -3.14159, 1e16, 1e-5, 123456789.0, 1e100, float("inf"), float("-inf"), float("nan")]
flagsets = ["", "-", "+", " ", "#", "0", "-+", "+0", "#0", "- "]
widths = ["", "8"]
precs = ["", ".0", ".3"]

for conv in "dxXo":
    for flags, width, prec in itertools.product(flagsets, widths, precs):
        for v in ints[:6] + ints[6:] if flags == "" else ints[:5]:
            case("%" + flags + width + prec + conv, v)
for conv in "efgEG":
    for flags, width, prec in itertools.product(["", "-", "+", "#", "0", " "], widths, precs):
        for v in floats if flags == "" and width == "" else floats[:8] + floats[12:13]:
            case("%" + flags + width + prec + conv, v)
for flags, width, prec in itertools.product(["", "-", "0"], ["", "8", "2"], ["", ".0", ".2", ".10"]):
    case("%" + flags + width + prec + "s", "abcdef")
    case("%" + flags + width + prec + "s", "h\u00e9llo")
    case("%" + flags + width + prec + "f", 1234.5678)

case("%d", 3.7)
case("%d", -3.7)
case("%d", True)
case("%i|%u", 5, 6)
case("%5.2f%%", 99.555)
case("%c", 65)
case("%c", 233)
case("%c", "z")
case("%3c|%-3c", "a", "b")
case("%*d", 5, 42)
case("%-*d|", 5, 42)
case("%*d|", -5, 42)
case("%.*f", 2, 3.14159)
case("%*.*f", 8, 2, 3.14159)
case("%s and %s", "a", "b")
case("%s", 1)
case("%s", 1.5)
case("%s", True)
case("%s", None)
case("%s", [1, 2])
case("%5s|", "ab")
case("%-5s|", "ab")
case("%.1s", "xyz")
case("%ld %hd %Lf", 1, 2, 1.5)
case("%f", 1)
case("%e", 12345)
case("%g", 100000)
case("%g", 1000000)
case("%g", 0.0001)
case("%g", 0.00001)
case("%.2g", 123)
case("%#.3g", 1.0)
case("%#g", 0.0)
case("%#x %#o %#X", 255, 8, 255)
case("no conversions")
case("%%")
case("100%% %s", "sure")
# errors
case("%d", "x")
case("%x", 1.5)
case("%f", "x")
case("%c", "ab")
case("%c", -1)
case("%y", 1)
case("%", 1)
case("%d %d", 1)
case("%d", 1, 2)
case("%s %s", "a")
case("abc", 1)

json.dump(rows, open(0, "w") if False else __import__("sys").stdout, indent=0, ensure_ascii=False)
