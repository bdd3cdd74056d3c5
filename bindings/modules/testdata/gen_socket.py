"""Writes socket.table.json, cases of socket's address conversions, from
CPython 3.11. (The host-name functions depend on the machine's hosts
file and resolver; bindings/socket's tests cover them.)

Run: python3 testdata/gen_socket.py > testdata/socket.table.json
"""
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"socket": socket})
for fn in ["htons", "ntohs", "htonl", "ntohl"]:
    for v in ["0", "1", "0x0102", "0xffff", "0x10000", "-0x80000001", "-0x80000000", "0x01020304", "0xffffffff", "0x100000000",
              "-1", "0x8000000000000000", "0x10000000000000000", "True", "'x'", "1.5", "None"]:
        t.case("socket.%s(%s)" % (fn, v))
for s in ["1.2.3.4", "1.2.3.4 junk", "1.2.3.4\tx", "1.2.3.4x", "127.1", "0x7f.1", "0X7F.0.0.1", "010.1.1.1",
          "09.1.1.1", "08", "1.2.3.4.5", "256.1.1.1", "1.256.1", "1.65536", "1.65535", "1.2.65536",
          "1.2.65535", "", " 1.2.3.4", "0x", "0", "00", "0x0", "0xg", "1.2.3.", ".1.2.3", "1..2",
          "4294967295", "4294967296", "0xffffffff", "0x100000000", "037777777777", "040000000000",
          "99999999999999999999", "1.2.3.4\x00", "localhost"]:
    t.case("socket.inet_aton(%r)" % s)
t.case("socket.inet_aton(b'1.2.3.4')")
t.case("socket.inet_aton(1)")
for b in [b"\x01\x02\x03\x04", b"\xff\xff\xff\xff", b"\x01\x02", b"", b"\x01\x02\x03\x04\x05"]:
    t.case("socket.inet_ntoa(%r)" % b)
t.case("socket.inet_ntoa(1)")
for fam in ["AF_INET", "AF_INET6"]:
    for s in ["1.2.3.4", "01.2.3.4", "127.1", "256.1.2.3", "::1", "::", "::ffff:1.2.3.4", "fe80::1%eth0",
              "2001:db8::1", "2001:DB8:0:0:1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", ":::", "",
              "1.2.3.4 "]:
        t.case("socket.inet_pton(socket.%s, %r)" % (fam, s))
t.case("socket.inet_pton(99, '1.2.3.4')")
t.case("socket.inet_pton(socket.AF_INET, 1)")
t.case("socket.inet_pton(socket.AF_INET, '1.2.3.4\\x00')")
words = [
    bytes(16), bytes(15) + b"\x01", bytes(12) + b"\x01\x02\x03\x04", bytes(10) + b"\xff\xff\x01\x02\x03\x04",
    bytes(10) + b"\xff\xfe\x01\x02\x03\x04", bytes(12) + b"\x00\x00\x01\x00", b"\x20\x01\x0d\xb8" + bytes(4) + b"\x00\x01" + bytes(6),
    b"\x20\x01\x0d\xb8\x00\x00\x00\x01\x00\x01\x00\x00\x00\x00\x00\x01", b"\x00\x01" + bytes(14),
    b"\x00\x01" + bytes(12) + b"\x00\x01", b"\x00\x00\x00\x01" + bytes(2) + b"\x00\x01" + bytes(8),
    bytes(2) + b"\x00\x01" + bytes(12), b"\xfe\x80" + bytes(6) + b"\x02\x11\x22\xff\xfe\x33\x44\x55",
    bytes(4) + b"\x00\x01" + bytes(4) + b"\x00\x02" + bytes(4), bytes(8) + b"\x00\x01" + bytes(7),
]
for w in words:
    t.case("socket.inet_ntop(socket.AF_INET6, %r)" % w)
t.case("socket.inet_ntop(socket.AF_INET, b'\\x01\\x02\\x03\\x04')")
t.case("socket.inet_ntop(socket.AF_INET, b'\\x01')")
t.case("socket.inet_ntop(socket.AF_INET6, bytes(3))".replace("bytes(3)", "b'abc'"))
t.case("socket.inet_ntop(99, b'abcd')")
t.case("socket.inet_ntop(socket.AF_INET, 1)")
t.case("socket.gethostbyaddr(1)")
t.case("socket.gethostbyname_ex(None)")
t.case("socket.getfqdn(None)")
t.case("socket.gethostbyname_ex('1.2.3.4')")
t.case("socket.gethostbyaddr('')")
t.dump()
