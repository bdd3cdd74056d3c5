# What a pyasync str changes, and the translator handles.
import sys


class Channel:
    def __init__(self):
        self._dotsep = ord(b'.')
        self.addr = ("127.0.0.1", 25)

    def unstuff(self, line):
        if line and line[0] == self._dotsep:
            return line[1:]
        return line

    def send_line(self, msg):
        return bytes(msg + '\r\n', 'utf-8' if self.addr else 'ascii')

    def text_of(self, data):
        return str(data, 'ascii', errors='replace')

    def push(self, thing):
        if isinstance(thing, bytes):
            return "producer"
        return "other"


c = Channel()
print(c.unstuff(b"..two dots").decode(), c.unstuff(b"plain").decode())
print(c.push(b"data"))
print(c.send_line("250 OK") == b"250 OK\r\n", c.text_of(b"abc"))
elems = ("a", "bb", "ccc")
print(("[" + " %-6s" * len(elems) + "]") % elems)
fmt = "%-4s|%4s"
print(fmt % ("x", "y"))
print("error on", c.addr[1], file=sys.stderr)
print("count", 3, file=sys.stderr)

clients = ["a", "b", "c", "d"]


def leave(name):
    clients.remove(name)


for cl in clients:
    if cl == "b":
        leave(cl)
print(len(clients))
