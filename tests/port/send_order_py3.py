# send_order_py3.py: every way a handler can send, mixed in every order; each
# connection's peer prints what it received, in the order it arrived.
#
# A server channel, on the line "go N", runs case N: the sends of one
# order of OPS, then one of ENDS. The client of case N reads to the end
# of the stream and prints "N order end: received".
import asyncore
import asynchat
import socket
import sys

OPS = ["push", "producer", "send", "sock_send", "sendall", "sendto"]
ENDS = ["close_when_done", "close", "shutdown"]


def permutations(items):
    if len(items) <= 1:
        return [list(items)]
    out = []
    for i in range(len(items)):
        for rest in permutations(items[:i] + items[i + 1:]):
            out.append([items[i]] + rest)
    return out


CASES = []
for order in permutations(OPS[:int(sys.argv[1])] if len(sys.argv) > 1 else OPS):
    for end in ENDS:
        CASES.append((order, end))


def run(chan, op):
    tag = op + ";"
    if op == "push":
        chan.push(tag.encode())
    elif op == "producer":
        chan.push_with_producer(asynchat.simple_producer(tag.encode()))
    elif op == "send":
        chan.send(tag.encode())
    elif op == "sock_send":
        chan.socket.send(tag.encode())
    elif op == "sendall":
        chan.socket.sendall(tag.encode())
    elif op == "sendto":
        chan.socket.sendto(tag.encode(), chan.addr)


class Chan(asynchat.async_chat):
    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.set_terminator(b"\n")
        self.line = []

    def collect_incoming_data(self, data):
        self.line.append(data)

    def found_terminator(self):
        n = int(b"".join(self.line).split()[1])
        self.line = []
        order, end = CASES[n]
        for op in order:
            run(self, op)
        if end == "close_when_done":
            self.close_when_done()
        elif end == "close":
            self.close()
        else:
            self.socket.shutdown(socket.SHUT_WR)
            self.close_when_done()


class Server(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", 0))
        self.listen(128)

    def handle_accepted(self, sock, addr):
        Chan(sock)


RESULTS = {}


class Client(asyncore.dispatcher):
    def __init__(self, port, n):
        asyncore.dispatcher.__init__(self)
        self.n = n
        self.got = []
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect(("127.0.0.1", port))
        self.out = ("go %d\n" % n).encode()

    def handle_connect(self):
        pass

    def writable(self):
        return len(self.out) > 0

    def handle_write(self):
        sent = self.send(self.out)
        self.out = self.out[sent:]

    def handle_read(self):
        data = self.recv(4096)
        if data:
            self.got.append(data)

    def handle_close(self):
        RESULTS[self.n] = b"".join(self.got).decode()
        self.close()


server = Server()
port = server.socket.getsockname()[1]
BATCH = 20
for start in range(0, len(CASES), BATCH):
    for n in range(start, min(start + BATCH, len(CASES))):
        Client(port, n)
    while len(RESULTS) < min(start + BATCH, len(CASES)):
        asyncore.loop(timeout=1, count=1)
server.close()
for n in range(len(CASES)):
    order, end = CASES[n]
    print("%s %s: %s" % (",".join(order), end, RESULTS[n]))
