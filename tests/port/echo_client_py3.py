# An echo client (Python 3): sends each argument after the port as a
# line, waits for all of it to come back, then prints what came back.
import asyncore
import socket
import sys


class EchoClient(asyncore.dispatcher):

    def __init__(self, host, port, lines):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect((host, port))
        self.outgoing = b"".join(l.encode() + b"\n" for l in lines)
        self.expected = len(self.outgoing)
        self.received = b""

    def writable(self):
        return len(self.outgoing) > 0

    def handle_write(self):
        sent = self.send(self.outgoing)
        self.outgoing = self.outgoing[sent:]

    def handle_read(self):
        self.received += self.recv(4096)
        if len(self.received) >= self.expected:
            for line in self.received.decode().splitlines():
                print("echoed: %-10s|" % line)
            self.close()

    def handle_close(self):
        print("closed early after %d bytes" % len(self.received))
        self.close()


EchoClient("127.0.0.1", int(sys.argv[1]), sys.argv[2:])
asyncore.loop()
