# lines_server.py: CPython 3.11's twin of lines_server.star, for the
# benchmark. Every line received is pushed back as it came.
#
# Run it:   python3 -W ignore scripts/bench/lines_server.py [PORT]
import asynchat
import asyncore
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0


class LineChannel(asynchat.async_chat):
    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.set_terminator(b"\n")
        self.parts = []

    def collect_incoming_data(self, data):
        self.parts.append(data)

    def found_terminator(self):
        self.push(b"".join(self.parts) + b"\n")
        self.parts = []


class Server(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(4096)

    def handle_accepted(self, sock, addr):
        LineChannel(sock)


s = Server()
print("listening on 127.0.0.1:%d" % s.socket.getsockname()[1], flush=True)
asyncore.loop()
