"""Prints the getopt test table as JSON, from CPython's getopt module.

Run: python3 testdata/gen_getopt_cases.py > testdata/getopt_cases.json
Each row: [function, args, shortopts, longopts, [opts, args] or null,
error message or null]. POSIXLY_CORRECT must be unset.
"""
import getopt
import json
import os

os.environ.pop("POSIXLY_CORRECT", None)

rows = []

def case(fn, args, shortopts, longopts=None):
    f = getattr(getopt, fn)
    try:
        if longopts is None:
            opts, rest = f(args, shortopts)
        else:
            opts, rest = f(args, shortopts, longopts)
        rows.append([fn, args, shortopts, longopts, [[list(o) for o in opts], list(rest)], None])
    except getopt.GetoptError as e:
        rows.append([fn, args, shortopts, longopts, None, str(e)])

longs = ["alpha=", "beta", "verbose", "version", "output="]
argvs = [
    [],
    ["-a"],
    ["-a", "-b"],
    ["-ab"],
    ["-ab", "x"],
    ["-bx"],
    ["-b", "x"],
    ["-bxyz", "rest"],
    ["-b"],
    ["-c"],
    ["-ac"],
    ["-:"],
    ["--alpha=1"],
    ["--alpha", "1"],
    ["--alpha"],
    ["--alpha="],
    ["--al=2", "file"],
    ["--beta"],
    ["--beta=3"],
    ["--be"],
    ["--ver"],
    ["--verb"],
    ["--versio"],
    ["--gamma"],
    ["--"],
    ["--", "-a"],
    ["-", "-a"],
    ["file", "-a"],
    ["-a", "file", "-b", "x", "--beta", "--", "-a"],
    ["-a", "file", "--", "-a"],
    ["file1", "file2"],
    ["--output", "o.txt", "-abc"],
    ["-a", "--", "--beta"],
    ["--=x"],
    ["---"],
    ["-\u00e9"],
]
for fn in ["getopt", "gnu_getopt"]:
    for shortopts in ["ab:", "+ab:", "a:b", ":ab:"]:
        for argv in argvs:
            case(fn, argv, shortopts, longs)
    case(fn, ["-a", "--beta"], "ab")
    case(fn, ["--beta"], "ab", "beta")
    case(fn, ["--beta=1"], "ab", "beta=")
    case(fn, ["--b"], "ab", ["beta", "b"])
    case(fn, ["-\u00e9", "x"], "\u00e9:")
    case(fn, ["--x"], "", [])
    case(fn, ["-a", "b"], "", [])

print("[")
print(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
print("]")
