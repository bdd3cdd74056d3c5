"""Serves one file to each client that connects, through a producer that
reads it block by block, then closes. The file and the block size come
from the command line."""
import asyncore
import asynchat
import os
import socket
import sys


class FileProducer:
    """Reads a file in blocks of blocksize bytes, as push_with_producer
    asks for them."""

    def __init__(self, path, blocksize=4096):
        self.fd = os.open(path, os.O_RDONLY)
        self.blocksize = blocksize

    def more(self):
        if self.fd is None:
            return b""
        block = os.read(self.fd, self.blocksize)
        if not block:  # end of file
            os.close(self.fd)
            self.fd = None
        return block


class Sender(asynchat.async_chat):

    def __init__(self, sock, path, blocksize):
        asynchat.async_chat.__init__(self, sock)
        size = os.path.getsize(path)
        self.push(b"LENGTH %d\r\n" % size)
        self.push_with_producer(FileProducer(path, blocksize))
        self.close_when_done()

    def collect_incoming_data(self, data):
        pass  # the client has nothing to say

    def found_terminator(self):
        pass


class FileServer(asyncore.dispatcher):

    def __init__(self, path, blocksize):
        asyncore.dispatcher.__init__(self)
        self.path = path
        self.blocksize = blocksize
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", 0))
        self.listen(5)

    def handle_accepted(self, sock, addr):
        Sender(sock, self.path, self.blocksize)


server = FileServer(sys.argv[1], int(sys.argv[2]))
print("listening on 127.0.0.1:%d" % server.socket.getsockname()[1])
sys.stdout.flush()
asyncore.loop()
