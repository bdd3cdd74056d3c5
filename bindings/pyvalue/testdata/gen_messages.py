"""Write messages.json: for each failure go.starlark.net words its own way,
the exception CPython 3.11 raises for the same operation, as the last line
of the traceback it prints ("KeyError: 'x'").

    python3 gen_messages.py > messages.json

Each case is a program in the common ground of Starlark and Python (star);
py, when given, is the Python spelling of the same operation. ours, when
given, is pyasync's message where it cannot be CPython's (Starlark's
message does not say what CPython's shows); the class must still match.
messages_test.go runs each star program and compares.
"""

import json
import subprocess
import sys

# what a case may use beyond Python: pyasync's subclass()
PRELUDE = """
def subclass(base, name, **members):
    return type(name, base if isinstance(base, tuple) else (base,), members)
"""


CASES = [
    # arithmetic
    dict(name="int division by zero", star="x = 1 / 0"),
    dict(name="floored division by zero", star="x = 1 // 0"),
    dict(name="modulo by zero", star="x = 1 % 0"),
    dict(name="float modulo by zero", star="x = 1.0 % 0"),
    dict(name="float division by zero", star="x = 1.0 / 0", ours="division by zero"),
    dict(name="negative shift", star="x = 1 << -1"),
    dict(name="huge shift", star="x = 1 << 1000", py="x = 10 ** (10 ** 5) + 1.0",
         ours="too many digits in integer"),
    dict(name="in non-container", star="x = 1 in 1"),
    dict(name="str + int", star="x = 'a' + 1"),
    dict(name="list + tuple", star="x = [] + ()"),
    dict(name="str * str", star="x = 'a' * 'b'"),
    dict(name="int + str", star="x = 1 + 'a'"),
    dict(name="None + int", star="x = None + 1"),
    dict(name="unary minus", star="x = -'a'"),
    dict(name="invert float", star="x = ~1.5"),
    dict(name="order int str", star="x = 1 < 'a'"),
    dict(name="order list dict", star="x = [] <= {}"),
    # indexing
    dict(name="list index", star="x = [1][5]"),
    dict(name="empty list index", star="x = [][0]"),
    dict(name="tuple index", star="x = (1,)[3]"),
    dict(name="str index", star="x = 'abc'[10]"),
    dict(name="missing key", star="x = {}['x']"),
    dict(name="missing int key", star="x = {}[1]"),
    dict(name="list index type", star="x = [1]['a']"),
    dict(name="not subscriptable", star="x = (1)[0]"),
    dict(name="not sliceable", star="x = (1)[0:1]"),
    dict(name="tuple item assignment", star="x = (1,)\nx[0] = 2"),
    dict(name="str item assignment", star="x = 'a'\nx[0] = 'b'"),
    dict(name="zero slice step", star="x = [1, 2][::0]"),
    # attributes and calls
    dict(name="dict attribute", star="x = {}.x"),
    dict(name="None attribute", star="x = None.x"),
    dict(name="str attribute hint", star="x = 'abc'.uper"),
    dict(name="getattr", star="x = getattr(1, 'x')"),
    dict(name="object attribute hint", star="C = subclass(object, 'C')\nc = C()\nc.buffer = 1\nx = c.bufer"),
    dict(name="set attribute of int", star="x = 1\nx.y = 2"),
    dict(name="call None", star="x = None()"),
    dict(name="call str", star="x = 'a'()"),
    dict(name="too many arguments", star="def f():\n    pass\nf(1)"),
    dict(name="missing argument", star="def g(a):\n    pass\ng()"),
    dict(name="missing arguments", star="def g(a, b, c):\n    pass\ng()"),
    dict(name="too many positional", star="def g(a):\n    pass\ng(1, 2)"),
    dict(name="optional positional", star="def g(a, b = 1):\n    pass\ng(1, 2, 3)",
         ours="g() takes at most 2 positional arguments but 3 were given"),
    dict(name="unexpected keyword", star="def g(a):\n    pass\ng(b = 1)"),
    dict(name="multiple values", star="def g(a):\n    pass\ng(1, a = 2)"),
    dict(name="recursion", star="def r():\n    r()\nr()"),
    dict(name="unbound local", star="def h():\n    print(zz)\n    zz = 1\nh()"),
    dict(name="global before assignment", star="def f():\n    return yy\nf()\nyy = 1"),
    # hashing, iteration, unpacking
    dict(name="unhashable key", star="x = {[]: 1}"),
    dict(name="unhashable set member", star="x = set([[1]])"),
    dict(name="for over int", star="for x in 1:\n    pass"),
    dict(name="min of int", star="x = min(1)"),
    dict(name="list of int", star="x = list(1)"),
    dict(name="dict of int", star="x = dict(1)"),
    dict(name="zip of int", star="x = zip(1)"),
    dict(name="too many to unpack", star="x, y = 1, 2, 3"),
    dict(name="too few to unpack", star="x, y = [1]"),
    dict(name="unpack int", star="x, y = 1"),
    dict(name="dict changed in iteration", star="d = {1: 2}\nfor k in d:\n    d[k + 1] = 1"),
    # conversions and formatting
    dict(name="int literal", star="x = int('x')"),
    dict(name="int empty literal", star="x = int('')"),
    dict(name="int base", star="x = int('12', 1)"),
    dict(name="int of infinity", star="x = int(1e300 * 1e300)"),
    dict(name="int of nan", star="x = int(float('nan'))"),
    dict(name="float literal", star="x = float('x')"),
    dict(name="%d of str", star="x = '%d' % 'x'"),
    dict(name="too few format arguments", star="x = '%s %s' % (1,)"),
    dict(name="too many format arguments", star="x = '%s' % (1, 2)"),
    dict(name="unknown conversion", star="x = '%z' % 1", ours="unsupported format character 'z'"),
    dict(name="format needs mapping", star="x = '%(a)s' % 1"),
    dict(name="format key", star="x = '%(a)s' % {}"),
    dict(name="%c of str", star="x = '%c' % 'ab'"),
    dict(name="format index", star="x = '{}'.format()",
         ours="Replacement index out of range for positional args tuple"),
    dict(name="range step", star="x = range(0, 1, 0)"),
    # methods of the built-in types
    dict(name="max of empty", star="x = max([])"),
    dict(name="list.index", star="x = [1].index(5)", ours="list.index(x): x not in list"),
    dict(name="str.index", star="x = 'abc'.index('z')"),
    dict(name="str.rindex", star="x = 'abc'.rindex('z')"),
    dict(name="list.remove", star="x = [1, 2].remove(3)"),
    dict(name="pop empty list", star="x = [].pop()"),
    dict(name="pop index", star="x = [1].pop(5)"),
    dict(name="dict.pop", star="x = {}.pop('k')", ours="pop: missing key"),
    dict(name="set.remove", star="x = set().remove(1)", ours="set.remove(x): x not in set"),
    dict(name="set.pop", star="x = set().pop()"),
    dict(name="dict.popitem", star="x = {}.popitem()"),
    dict(name="join non-str", star="x = ','.join([1])", ours="sequence item: expected str instance, int found"),
    dict(name="split empty", star="x = 'abc'.split('')"),
    dict(name="partition empty", star="x = 'abc'.partition('')"),
    dict(name="int of a float with a base", star="x = int(3.5, 10)"),
    dict(name="int of None", star="x = int(None)"),
    dict(name="float of None", star="x = float(None)"),
    dict(name="float too large", star="x = float('1e400000')", py="raise OverflowError('floating-point number too large')"),
    dict(name="len of int", star="x = len(1)"),
    dict(name="chr out of range", star="x = chr(-1)"),
    dict(name="append during iteration", star="l = [1]\nfor a in l:\n    l.append(1)",
         py="raise RuntimeError('append: cannot append to list during iteration')"),
    dict(name="missing attribute of an instance", star="C = subclass(object, 'C')\nx = C().y"),
    dict(name="missing attribute of a class", star="C = subclass(object, 'C')\nx = C.y"),
    dict(name="missing attribute of a class, with a hint", star="C = subclass(object, 'C', close = 1)\nx = C.clos"),
    dict(name="int in str", star="x = 1 in 'a'"),
    dict(name="fail", star="fail('boom')", py="raise Exception('boom')"),
    dict(name="set of unhashable object", star="E = subclass(object, 'E', __eq__ = lambda self, o: True)\nx = set([E()])"),
]


def cpython(src):
    """The last line of the traceback CPython prints running src, as
    (class, message)."""
    run = subprocess.run([sys.executable, "-W", "ignore", "-c", PRELUDE + src],
                         capture_output=True, text=True)
    if run.returncode == 0:
        sys.exit("case did not fail in CPython: %r" % src)
    line = run.stderr.rstrip("\n").split("\n")[-1]
    cls, _, msg = line.partition(": ")
    return cls, msg


def main():
    out = []
    for case in CASES:
        cls, msg = cpython(case.get("py", case["star"]))
        row = {"name": case["name"], "star": case["star"], "class": cls, "message": msg}
        if "ours" in case:
            row["ours"] = case["ours"]
        out.append(row)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
