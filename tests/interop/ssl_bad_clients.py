"""Hostile clients of a TLS echo server (examples/tls_echo_server.star),
each on a connection of its own, while a good client is served between
each: a client that stops half-way through its ClientHello (kept open
until the end), a plain-text HTTP client, garbage instead of a
ClientHello, a record header announcing more than TLS allows, a
ClientHello announcing 16 MB (the most its header can) sent in full
records until the server stops it, a client
that offers only TLS 1.1, a client that disconnects mid-handshake. Prints
one line per client: its name and what it saw.

    python3 ssl_bad_clients.py PORT CAFILE
"""
import socket
import ssl
import sys
import warnings

warnings.simplefilter("ignore")  # TLS 1.1 is deprecated: that is the point

port, cafile = int(sys.argv[1]), sys.argv[2]
good_ctx = ssl.create_default_context(cafile=cafile)


def good(n):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
        s = good_ctx.wrap_socket(raw, server_hostname="localhost")
        s.sendall(b"GOOD %d\n" % n)
        got = s.recv(100)
        assert got == b"good %d\n" % n, got
        s.close()


def outcome(sock):
    """What the server did with a connection: closed it (after a TLS
    alert, maybe), or not."""
    sock.settimeout(20)
    data = b""
    try:
        while True:
            chunk = sock.recv(100)
            if not chunk:
                break
            data += chunk
    except ConnectionResetError:
        pass
    except socket.timeout:
        return "kept open"
    if not data:
        return "closed"
    if data[0] == 0x15 and len(data) == 7:
        return "alert %d, closed" % data[6]
    return "answered %r, closed" % data[:20]


stall = socket.create_connection(("127.0.0.1", port))
stall.sendall(b"\x16\x03\x01\x00\xc8\x01\x00")  # the first bytes of a ClientHello
good(1)
print("stalled handshake: waiting", flush=True)

c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"GET / HTTP/1.0\r\nHost: localhost\r\n\r\n")
print("plain text:", outcome(c), flush=True)
c.close()
good(2)

c = socket.create_connection(("127.0.0.1", port))
c.sendall(bytes(range(256)) * 256)
print("garbage:", outcome(c), flush=True)
c.close()
good(3)

c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"\x16\x03\x01\xff\xff" + b"\x00" * 1000)  # a 64 KiB handshake record
print("oversized record:", outcome(c), flush=True)
c.close()
good(4)

c = socket.create_connection(("127.0.0.1", port))
record = b"\x16\x03\x01\x40\x00"  # a full-size handshake record
sent = 0
try:
    c.sendall(record + b"\x01\xff\xff\xff" + b"\x00" * (16384 - 4))  # ClientHello, 2**24-1 bytes
    sent = 16384
    while sent < 1 << 24:
        c.sendall(record + b"\x00" * 16384)
        sent += 16384
    print("16 MB ClientHello: all sent,", outcome(c), flush=True)
except OSError:
    print("16 MB ClientHello: stopped before its end", flush=True)
c.close()
good(5)

old = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
old.check_hostname = False
old.verify_mode = ssl.CERT_NONE
old.set_ciphers("DEFAULT:@SECLEVEL=0")
old.minimum_version = old.maximum_version = ssl.TLSVersion.TLSv1_1
with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
    try:
        old.wrap_socket(raw)
        print("TLS 1.1 only: accepted")
    except ssl.SSLError as e:
        print("TLS 1.1 only: refused:", e.reason, flush=True)
good(6)

c = socket.create_connection(("127.0.0.1", port))
c.sendall(b"\x16\x03\x01\x00\xc8\x01\x00")
c.close()
print("gone mid-handshake: closed", flush=True)
good(7)

stall.close()
good(8)
print("good clients: 8 served", flush=True)
