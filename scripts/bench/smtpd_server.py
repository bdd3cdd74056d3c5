# smtpd_server.py: CPython 3.11's own smtpd.DebuggingServer, from the
# interpreter's standard library, for the benchmark's SMTP sessions: the
# twin of examples/smtpd.star, which is CPython's smtpd.py on pyasync.
# Data is handled as str (decode_data=True), as examples/smtpd.star
# does; every message is printed. Accepted sockets get TCP_NODELAY:
# CPython's SMTPChannel pushes the lines of its EHLO reply one by one,
# and asynchat sends each in its own send(), so that without it the last
# waits for the client's delayed ACK (Nagle's algorithm), about 40 ms a
# session; pyasync sends them in one.
#
# Run it:   python3 -W ignore scripts/bench/smtpd_server.py [PORT]
import asyncore
import smtpd
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8025


class Server(smtpd.DebuggingServer):
    def handle_accepted(self, conn, addr):
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        smtpd.DebuggingServer.handle_accepted(self, conn, addr)


server = Server(("127.0.0.1", port), None, decode_data=True)
print("smtpd listening on 127.0.0.1:%d" % server.socket.getsockname()[1], flush=True)
asyncore.loop()
