"""A CPython client of tests/ssl/starttls_server.star: a line in clear,
STARTTLS, lines over TLS, STOPTLS back to clear (unwrap: close_notify
both ways), a line in clear, QUIT. Prints each reply, then "ok".

    python3 ssl_starttls_client.py PORT CAFILE
"""
import socket
import ssl
import sys

port, cafile = int(sys.argv[1]), sys.argv[2]
ctx = ssl.create_default_context(cafile=cafile)
sock = socket.create_connection(("127.0.0.1", port), timeout=20)
buf = b""


def line(s):
    global buf
    while b"\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("the server closed the connection")
        buf += chunk
    ln, buf = buf.split(b"\r\n", 1)
    print(ln.decode(), flush=True)
    return ln


def cmd(s, text):
    s.sendall(text.encode() + b"\r\n")
    return line(s)


cmd(sock, "HELLO")
assert cmd(sock, "STARTTLS").startswith(b"220")
tls = ctx.wrap_socket(sock, server_hostname="localhost")
print(tls.version(), flush=True)
cmd(tls, "SECRET")
cmd(tls, "SECRET AGAIN")
assert cmd(tls, "STOPTLS").startswith(b"220")
sock = tls.unwrap()
cmd(sock, "PLAIN AGAIN")
cmd(sock, "QUIT")
print("ok")
