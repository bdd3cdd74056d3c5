#!/usr/bin/env python
# A Python 2 asyncore server, written the old way.
"""Echo and chat server.

Kept in the old dialect on purpose."""

import asyncore, asynchat, socket, sys
import os.path as osp
from string import upper

PORT = 0777 + 10L       # old octal and long literals
BIG = 0xFFL
NAME = ur"chat\d"


class ChatHandler(asynchat.async_chat):
    """One client."""

    prompt = '> '   # shown to the client

    def __init__(self, sock, server):
        asynchat.async_chat.__init__(self, sock)
        self.server = server
        self.buffer = []
        self.set_terminator("\r\n")
        # a comment inside a method

    def collect_incoming_data(self, data):
        self.buffer.append(data)

    def found_terminator(self):
        line = "".join(self.buffer)
        self.buffer = []
        if line <> "" and not self.server.names.has_key(line):
            print >>sys.stderr, "got", `line`
            print "line:", line,
            print
        elif line == "quit":
            self.close_when_done()
        else:
            self.push(line + "\r\n")
            # comment after the last statement of a block

    def handle_error(self):
        try:
            raise
        except (socket.error, IOError), e:
            print >>sys.stderr, "error:", e
        except ValueError, e:
            raise ValueError, "bad value: %s" % e
        except Exception:
            raise RuntimeError, "failed", sys.exc_info()[2]
        else:
            pass
        finally:
            self.close()


class ChatServer(asyncore.dispatcher):

    def __init__(self, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.names = {}
        self.bind(("", port)); self.listen(5)

    def handle_accept(self):
        pair = self.accept()
        if pair is not None:
            sock, addr = pair
            print 'connection from %s' % repr(addr)
            ChatHandler(sock, self)


def main(argv):
    code = "x = 1"
    env = {}
    exec code in env
    exec "y = 2" in env, env
    exec "z = 3"
    print env.keys()
    for k, v in env.iteritems():
        print k, v
    s = ChatServer(int(argv[1]) if len(argv) > 1 else PORT)
    asyncore.loop()

if __name__ == '__main__':
    main(sys.argv)
# end of file
