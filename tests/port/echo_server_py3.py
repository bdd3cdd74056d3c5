"""The asyncore documentation's echo server (Python 3), on a port the
system picks, announced on the first line."""
import asyncore
import socket
import sys


class EchoHandler(asyncore.dispatcher_with_send):

    def handle_read(self):
        data = self.recv(8192)
        if data:
            self.send(data)


class EchoServer(asyncore.dispatcher):

    def __init__(self, host, port):
        super().__init__()
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind((host, port))
        self.listen(5)

    def handle_accepted(self, sock, addr):
        print('Incoming connection from %s' % repr(addr), file=sys.stderr)
        handler = EchoHandler(sock)


server = EchoServer('127.0.0.1', 0)
print(f"listening on 127.0.0.1:{server.socket.getsockname()[1]}", flush=True)
asyncore.loop()
