# A UDP dispatcher (Python 3): answers each datagram with its text in
# upper case, "#n" appended, n counting the datagrams served; "quit"
# stops the server.
import asyncore
import socket
import sys


class UpperServer(asyncore.dispatcher):

    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.bind(("127.0.0.1", 0))
        self.count = 0

    def writable(self):
        return False  # datagrams go out with sendto at once

    def handle_read(self):
        data, addr = self.socket.recvfrom(2048)
        if data.strip() == b"quit":
            self.socket.sendto(b"BYE", addr)
            self.close()
            return
        self.count += 1
        self.socket.sendto(data.upper() + b"#%d" % self.count, addr)


server = UpperServer()
print("listening on 127.0.0.1:%d" % server.socket.getsockname()[1], flush=True)
asyncore.loop()
print("served", server.count, "datagrams")
