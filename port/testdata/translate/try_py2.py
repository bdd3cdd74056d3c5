# Python 2 forms of raise and except, with string and types.
import sys, string, types


class Error(Exception):
    pass


def check(v):
    if type(v) != types.IntType:
        raise Error, "not an int: %s" % v
    if v < 0:
        raise ValueError, ("negative", v)
    return v


for v in [1, "two", -3]:
    try:
        check(v)
        print "ok", v
    except Error, e:
        print "error:", e.args[0]
    except (ValueError, TypeError), e:
        print "value error:", e.args[0], e.args[1]

words = string.split("a:b:c", ":")
print string.join(words, "-"), string.upper(words[0]), string.atoi("42") + 1
if isinstance("x", types.StringTypes):
    print >>sys.stderr, "a string:", ("x", 1)[0]
try:
    d = {}
    d["k"]
except KeyError, e:
    print "missing key"


def fails():
    raise IOError(32, "Broken pipe")


try:
    fails()
except IOError, (code, message):
    print "io error", code, message

try:
    fails()
except IOError, why:
    if why[0] == 32:
        print "broken pipe:", why[1]
