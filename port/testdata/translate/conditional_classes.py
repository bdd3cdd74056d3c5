# Classes defined where an import may fail, the second on the first.
try:
    import struct
except ImportError:
    pass
else:
    class Base(object):
        def kind(self):
            return "base"

    class Derived(Base):
        def kind(self):
            return "derived of " + Base.kind(self)

print(Derived().kind())
