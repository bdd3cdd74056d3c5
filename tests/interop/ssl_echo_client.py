"""A CPython ssl client of a lower-casing TLS echo server
(examples/tls_echo_server.star): CONNECTIONS connections, one after the
other, each at TLS version VERSION (1.2 or 1.3), each sending LINES lines
and checking their echo, then ending TLS with unwrap() (close_notify both
ways) before closing. Prints "ok N" or why it failed.

    python3 ssl_echo_client.py PORT CAFILE VERSION CONNECTIONS LINES
"""
import socket
import ssl
import sys

port, cafile, version, conns, lines = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
ctx = ssl.create_default_context(cafile=cafile)
v = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]
ctx.minimum_version = ctx.maximum_version = v
want_version = "TLSv" + version

for i in range(conns):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
        s = ctx.wrap_socket(raw, server_hostname="localhost")
        if s.version() != want_version:
            sys.exit("version %s, want %s" % (s.version(), want_version))
        for j in range(lines):
            msg = b"Connection %d LINE %d: Hello TLS\n" % (i, j)
            s.sendall(msg)
            got = b""
            while len(got) < len(msg):
                chunk = s.recv(len(msg) - len(got))
                if not chunk:
                    sys.exit("connection %d: the server closed early" % i)
                got += chunk
            if got != msg.lower():
                sys.exit("connection %d: echo %r, want %r" % (i, got, msg.lower()))
        plain = s.unwrap()  # our close_notify, then the server's
        plain.close()
print("ok %d" % conns)
