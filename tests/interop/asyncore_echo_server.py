"""A CPython asyncore echo server (the asyncore documentation's), used by a
pyasync client. Prints "listening on 127.0.0.1:PORT" and serves until killed.
"""
import asyncore
import socket
import sys


class EchoHandler(asyncore.dispatcher_with_send):
    def handle_read(self):
        data = self.recv(8192)
        if data:
            self.send(data)


class EchoServer(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", 0))
        self.listen(5)

    def handle_accepted(self, sock, addr):
        EchoHandler(sock)


server = EchoServer()
print("listening on 127.0.0.1:%d" % server.socket.getsockname()[1], flush=True)
asyncore.loop()
