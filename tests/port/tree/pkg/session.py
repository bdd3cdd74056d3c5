import asynchat
import sys

from pkg import server, stats
from .words import shout


class Session(asynchat.async_chat):

    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.set_terminator(b'\n')
        self.buf = []
        self.push(b'welcome, ' + server.words.GREETING.encode() + b'\n')

    def collect_incoming_data(self, data):
        self.buf.append(data)

    def found_terminator(self):
        line = b''.join(self.buf).decode()
        self.buf = []
        stats.count('lines')
        print('line:', line)
        sys.stdout.flush()
        if line == 'quit':
            self.push(b'bye: ' + stats.report().encode() + b'\n')
            self.close_when_done()
        else:
            self.push(shout(line).encode() + b'\n')
