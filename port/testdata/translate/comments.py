# port-test: translate only (where comments go)
import asyncore  # the event loop
import socket, sys  # predeclared too
import xmlrpclib  # not in pyasync


class Handler(asyncore.dispatcher):
    # the handler
    def handle_read(self):
        try:  # the read may fail
            data = self.recv(512)  # one block
        except socket.error as e:  # a reset
            # close on error
            self.close()
            return
        del self.pending  # no longer needed
