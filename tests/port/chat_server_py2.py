# A line chat on asynchat, Python 2 style. Each client first sends its
# name; every line after that goes to all the other clients as
# "name: line". "/who" lists who is here; "/quit" leaves.
import asyncore, asynchat
import socket
import sys

class ChatChannel(asynchat.async_chat):

    def __init__(self, server, sock):
        asynchat.async_chat.__init__(self, sock)
        self.server = server
        self.set_terminator("\n")
        self.data = []
        self.name = None

    def collect_incoming_data(self, data):
        self.data.append(data)

    def found_terminator(self):
        line = "".join(self.data).rstrip("\r")
        self.data = []
        if self.name is None:
            self.name = line
            self.server.broadcast(self, "* %s joined\n" % self.name)
            self.push("welcome, %s\n" % self.name)
        elif line == "/who":
            names = [c.name for c in self.server.channels if c.name is not None]
            names.sort()
            self.push("here: %s\n" % ", ".join(names))
        elif line == "/quit":
            self.push("bye\n")
            self.close_when_done()
            self.server.leave(self)
        else:
            self.server.broadcast(self, "%s: %s\n" % (self.name, line))

    def handle_close(self):
        self.server.leave(self)
        self.close()

class ChatServer(asyncore.dispatcher):

    def __init__(self, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(('127.0.0.1', port))
        self.listen(5)
        self.channels = []

    def handle_accept(self):
        pair = self.accept()
        if pair is None:
            return
        conn, addr = pair
        self.channels.append(ChatChannel(self, conn))

    def broadcast(self, sender, line):
        for c in self.channels:
            if c is not sender and c.name is not None:
                c.push(line)

    def leave(self, channel):
        if channel in self.channels:
            self.channels.remove(channel)
            if channel.name is not None:
                self.broadcast(channel, "* %s left\n" % channel.name)

server = ChatServer(0)
print "listening on 127.0.0.1:%d" % server.getsockname()[1]
sys.stdout.flush()
asyncore.loop()
