print
print x
print x,
print x, y,
print >>f
print >>f, x
print >>f, x,
print >> sys.stdout, "a", "b"
print (a), b
print (a)
print ("a" "b") % c
print -1
print [1]
print "%d items" % len(items), "done"
print "a" if x else "b"
print not x
print lambda: 1
print `x`, `y + 1`
exec code
exec code in ns
exec "a" in ns, ns2
exec(code)
print_ = print
d.has_key(k)
if x <> y: pass
n = 0777L + 0x1fL + 0o17 + 0b101 + 1L + 1l
u = u"caf\xe9" + ur"raw\w" + b"bytes" + r"\d"
raise
raise E
raise E, "message"
raise E, "message", tb
raise E("m"), None, tb
try:
    pass
except:
    pass
try:
    pass
except E, e:
    pass
except (E1, E2), e:
    pass
except E, (errno, msg):
    pass
def f((a, b), c=(1, 2)):
    return a
lambda (x, y): x + y
class Old:
    pass
class New(object):
    __slots__ = ()
