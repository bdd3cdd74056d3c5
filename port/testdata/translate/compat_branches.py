# A module written for Python 2 and 3 (pyftpdlib's _compat): the tests
# of the version are worked out when translating, and the branches for
# Python 2 are not written.
import sys
import types

PY3 = sys.version_info[0] == 3

if PY3:
    text = str

    def u(s):
        return s
else:
    text = unicode

    def u(s):
        return unicode(s, "ascii")

    _builtin_super = super

if PY3:
    super = super
else:
    def super(type_=None, obj=None):
        assert isinstance(obj, types.InstanceType)
        return _builtin_super(type_, obj)

if sys.version_info < (3, 0):
    import cPickle as pickle
elif (3, 0) < sys.version_info < (3, 2, 3):
    kind = "early 3"
else:
    kind = "3"

if not PY3 and sys.version_info[:2] >= (2, 6):
    kind = "2.6"


class Base(object):
    def greet(self):
        return "base"


# a class defined one way for each Python: super() below goes past it
if PY3:
    class NewStyle(Base):
        pass
else:
    class NewStyle(object, Base):
        def greet(self):
            return super(object, self).greet()


class Mixin(object):
    def greet(self):
        return "mixin"


class Greeter(NewStyle, Mixin):
    def greet(self):
        return "greeter of " + super().greet()


print(u("x"), text is str, kind, Greeter().greet())
