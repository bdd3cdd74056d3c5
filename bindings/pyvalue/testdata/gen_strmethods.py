"""Write strmethods.json: what Python 2.7's str (a byte string, as
pyasync's str is) returns for its case and class methods, byte for byte.

    PYENV_VERSION=2.7.18 python2.7 gen_strmethods.py > strmethods.json

Inputs and str results are lists of byte values, so that bytes that are
not valid UTF-8 pass through JSON. strmethods_test.go runs pyasync's
methods on the same bytes.
"""

import json
import sys

if sys.version_info[0] != 2:
    sys.exit("run this with Python 2.7: its str holds bytes")

INPUTS = [
    "", "abc", "ABC", "Hello World", "hello world", "they're bill's", "1st place",
    "MiXeD 123", "   ", " \t\n\r\x0b\x0c", "\x1c\x1d\x1e\x1f", "123", "12a", "a1", "ABC def",
    "Title Case", "Title case", "title Case", "A", "a", "1", "_",
    "\xff", "\xffabc", "abc\xff", "\xc3\xa9", "caf\xc3\xa9", "\xc3\x89T\xc3\x89", "\xd9\xa3",
    "\xe2\x80\x83", "\x00a\x00", "\x80\x81", "\xb5", "a\xdfb", "\xa0",
]

METHODS = ["lower", "upper", "title", "swapcase", "capitalize",
           "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "istitle"]


def main():
    out = []
    for s in INPUTS:
        row = {"input": [ord(c) for c in s]}
        for m in METHODS:
            r = getattr(s, m)()
            row[m] = [ord(c) for c in r] if isinstance(r, str) else r
        out.append(row)
    sys.stdout.write("[\n" + ",\n".join(json.dumps(r, sort_keys=True) for r in out) + "\n]\n")


main()
