# An echo server in Python 2 style: old-style print statements, a
# has_key table of connections and a global counter.
import asyncore, socket, sys

connections = {}
served = 0

class EchoHandler(asyncore.dispatcher_with_send):
    def __init__(self, sock, number):
        asyncore.dispatcher_with_send.__init__(self, sock)
        self.number = number
        connections[number] = self

    def handle_read(self):
        data = self.recv(8192)
        if data:
            if data.strip() == "stats":
                self.send("connection %d of %d\n" % (self.number, len(connections)))
            else:
                self.send(data)

    def handle_close(self):
        if connections.has_key(self.number):
            del connections[self.number]
        self.close()

class EchoServer(asyncore.dispatcher):
    def __init__(self, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(5)

    def handle_accept(self):
        global served
        pair = self.accept()
        if pair is not None:
            sock, addr = pair
            served += 1
            print >>sys.stderr, "connection", served, "from", addr[0]
            EchoHandler(sock, served)

if __name__ == '__main__':
    server = EchoServer(0)
    print "listening on 127.0.0.1:%d" % server.socket.getsockname()[1]
    sys.stdout.flush()
    asyncore.loop()
