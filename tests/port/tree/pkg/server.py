import asyncore

import pkg.stats as stats
from . import words
from .session import Session


class LineServer(asyncore.dispatcher):

    def __init__(self, addr):
        asyncore.dispatcher.__init__(self)
        self.create_socket()
        self.set_reuse_addr()
        self.bind(addr)
        self.listen(5)

    def handle_accepted(self, sock, addr):
        stats.count('connections')
        Session(sock)
