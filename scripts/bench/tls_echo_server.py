"""The TLS echo server of scripts/bench's TLS section for CPython: asyncore and ssl, in the
idiom of CPython's own test suite (the same program as pyasync's
examples/tls_echo_server.star): a handshake taken further at each read
event, readable() draining pending(), each line sent back in lower case.

    python3 echo_server.py CERTFILE KEYFILE
"""
import asyncore
import errno
import socket
import ssl
import sys

context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])


class Handler(asyncore.dispatcher_with_send):

    def __init__(self, conn):
        self.socket = context.wrap_socket(conn, server_side=True, do_handshake_on_connect=False)
        asyncore.dispatcher_with_send.__init__(self, self.socket)
        self._ssl_accepting = True
        self._do_ssl_handshake()

    def readable(self):
        if isinstance(self.socket, ssl.SSLSocket):
            while self.socket.pending() > 0:
                self.handle_read_event()
        return True

    def _do_ssl_handshake(self):
        try:
            self.socket.do_handshake()
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            return
        except ssl.SSLEOFError:
            return self.handle_close()
        except ssl.SSLError:
            return self.close()
        except OSError as err:
            if err.args[0] == errno.ECONNABORTED:
                return self.handle_close()
        else:
            self._ssl_accepting = False

    def handle_read(self):
        if self._ssl_accepting:
            self._do_ssl_handshake()
            return
        try:
            data = self.recv(1024)
        except ssl.SSLWantReadError:
            return
        if not data:
            self.close()
        else:
            self.send(data.lower())

    def initiate_send(self):
        try:
            asyncore.dispatcher_with_send.initiate_send(self)
        except (ssl.SSLWantReadError, ssl.SSLWantWriteError):
            pass

    def handle_close(self):
        self.close()


class Server(asyncore.dispatcher):

    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", 0))
        self.listen(128)

    def handle_accepted(self, sock, addr):
        Handler(sock)


server = Server()
print("TLS echo server listening on 127.0.0.1:%d" % server.socket.getsockname()[1], flush=True)
asyncore.loop(use_poll=True)
