# A class body reads a name before it binds it: Python takes the global
# (pyftpdlib's FTPHandler: proto_cmds = proto_cmds).
proto_cmds = {'USER': 1}
if len(proto_cmds) == 1:
    proto_cmds['PASS'] = 2
level = 5


class Handler(object):
    proto_cmds = proto_cmds
    if len(proto_cmds) > 1:
        size = len(proto_cmds)
    level = level + size

    def count(self):
        return len(self.proto_cmds)


print(sorted(Handler.proto_cmds), Handler.size, Handler.level, level)
print(Handler().count())


# a method defined only where the system has what it needs
import os
import socket


class Store(object):
    if hasattr(os, "getcwd"):
        def where(self):
            return "here"
    else:
        def where(self):
            return "nowhere"


print(Store().where())

# classes defined where an import succeeds, whose attributes read what
# the import bound, and each other
try:
    import struct as packer
except ImportError:
    pass
else:
    class Packer(object):
        size = packer.calcsize("i")

    class Wrapper(object):
        inner = Packer
        size = Packer.size * 2

print(Packer.size, Wrapper.inner is Packer, Wrapper.size)

# a class defined only where the system has what it needs: its
# attributes, its methods' defaults and its body's tests are evaluated
# only there (pyftpdlib's pollers)
if hasattr(socket, "no_such_poller"):
    class Poller(object):
        READ = socket.no_such_poller
        if hasattr(socket.no_such_poller, "fileno"):
            def fileno(self):
                return 1

        def poll(self, _read=socket.no_such_poller):
            return _read
else:
    Poller = None

if hasattr(socket, "socket"):
    class Maker(object):
        family = socket.AF_INET
        if hasattr(socket, "AF_UNIX"):
            unix = socket.AF_UNIX

        def make(self, _family=socket.AF_INET):
            return _family == self.family

print(Poller, Maker().make(), Maker.unix == socket.AF_UNIX)
