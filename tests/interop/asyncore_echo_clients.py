"""CPython asyncore echo clients, used against a pyasync echo server.

usage: python3 asyncore_echo_clients.py PORT CLIENTS ROUNDS [use_poll]

Each client sends ROUNDS messages of different sizes one after the other
and checks that each comes back whole; prints "ok N" at the end.
"""
import asyncore
import socket
import sys

port, clients, rounds = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
use_poll = len(sys.argv) > 4 and sys.argv[4] == "poll"
done = []


class Client(asyncore.dispatcher):
    def __init__(self, n):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect(("127.0.0.1", port))
        self.n = n
        self.round = 0
        self.next_message()

    def next_message(self):
        size = 1 + (self.n * 7919 + self.round * 104729) % 20000
        self.message = bytes((self.n + self.round + i) % 256 for i in range(size))
        self.out = self.message
        self.got = b""

    def handle_connect(self):
        pass

    def writable(self):
        return bool(self.out)

    def handle_write(self):
        sent = self.send(self.out)
        self.out = self.out[sent:]

    def handle_read(self):
        self.got += self.recv(65536)
        if len(self.got) >= len(self.message):
            assert self.got == self.message, "client %d round %d: echo differs" % (self.n, self.round)
            self.round += 1
            if self.round == rounds:
                done.append(self.n)
                self.close()
            else:
                self.next_message()

    def handle_close(self):
        self.close()

    def handle_error(self):
        raise


for i in range(clients):
    Client(i)
asyncore.loop(timeout=5, use_poll=use_poll)
print("ok", len(done))
sys.exit(0 if len(done) == clients else 1)
