# echo_server.py: the asyncore documentation's echo server on CPython
# 3.11, the twin of examples/echo_server.star, for the benchmark.
#
# Run it:   python3 -W ignore scripts/bench/echo_server.py select|poll
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
        self.listen(4096)

    def handle_accepted(self, sock, addr):
        EchoHandler(sock)


s = EchoServer()
print("listening on 127.0.0.1:%d" % s.socket.getsockname()[1], flush=True)
asyncore.loop(use_poll=len(sys.argv) > 1 and sys.argv[1] == "poll")
