# records_server.py: CPython 3.11's twin of records_server.star, for the
# benchmark: binary records parsed with struct, urllib.parse and re, answered
# with a record of the same size packed with struct.
#
# Run it:   python3 -W ignore scripts/bench/records_server.py [PORT]
import asyncore
import binascii
import re
import socket
import struct
import sys
import urllib.parse

port = int(sys.argv[1]) if len(sys.argv) > 1 else 0

LENGTH = struct.Struct(">I")
HEADER = struct.Struct(">HBBIQ")
REPLY = struct.Struct(">IHBBIQII132s")
LANG = re.compile(r"([a-z]{2})-([A-Z]{2})")


def handle_record(rec):
    kind, version, flags, rid, ts = HEADER.unpack_from(rec)
    form = urllib.parse.parse_qs(rec[HEADER.size:].decode())
    total = int(form["item"][0]) * int(form["qty"][0]) * int(form["price"][0])
    lang = LANG.fullmatch(form["lang"][0])
    return REPLY.pack(REPLY.size - 4, kind | 0x8000, version, flags, rid, ts, total % 4294967296,
                      binascii.crc32(rec), (form["user"][0] + " " + lang.group(2) + " " + form["ref"][0]).encode())


class RecordHandler(asyncore.dispatcher_with_send):
    def __init__(self, sock):
        asyncore.dispatcher_with_send.__init__(self, sock)
        self.buf = b""

    def handle_read(self):
        data = self.recv(65536)
        if not data:
            return
        buf = self.buf + data
        out = []
        i = 0
        while len(buf) - i >= 4:
            n = LENGTH.unpack_from(buf, i)[0]
            if len(buf) - i - 4 < n:
                break
            out.append(handle_record(buf[i + 4:i + 4 + n]))
            i += 4 + n
        self.buf = buf[i:]
        if out:
            self.send(b"".join(out))


class Server(asyncore.dispatcher):
    def __init__(self):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(4096)

    def handle_accepted(self, sock, addr):
        RecordHandler(sock)


s = Server()
print("listening on 127.0.0.1:%d" % s.socket.getsockname()[1], flush=True)
asyncore.loop()
