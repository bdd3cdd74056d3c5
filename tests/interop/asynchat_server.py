"""A CPython asynchat line server: answers each line with "echo: LINE" and
closes after "QUIT". Prints "listening on 127.0.0.1:PORT".
"""
import asynchat
import asyncore
import socket


class LineChannel(asynchat.async_chat):
    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.set_terminator(b"\r\n")
        self.buf = []

    def collect_incoming_data(self, data):
        self.buf.append(data)

    def found_terminator(self):
        line = b"".join(self.buf)
        self.buf = []
        if line == b"QUIT":
            self.push(b"bye\r\n")
            self.close_when_done()
        else:
            self.push(b"echo: " + line + b"\r\n")


class Server(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", 0))
        self.listen(5)

    def handle_accepted(self, sock, addr):
        LineChannel(sock)


s = Server()
print("listening on 127.0.0.1:%d" % s.socket.getsockname()[1], flush=True)
asyncore.loop()
