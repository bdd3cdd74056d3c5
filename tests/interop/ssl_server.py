"""A CPython ssl server for pyasync's TLS clients: it answers every
connection's first request with a short HTTP response and closes it
(sending close_notify: unwrap()). Prints "listening on 127.0.0.1:PORT".

    python3 ssl_server.py CERTFILE KEYFILE [VERSION [ADDRESS]]

VERSION (1.2 or 1.3; - for any) pins the TLS version; ADDRESS is the
loopback address to listen on (127.0.0.1).
"""
import socket
import ssl
import sys
import threading

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
ctx.set_alpn_protocols(["http/1.1"])
if len(sys.argv) > 3 and sys.argv[3] != "-":
    v = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[sys.argv[3]]
    ctx.minimum_version = ctx.maximum_version = v

ls = socket.socket()
address = sys.argv[4] if len(sys.argv) > 4 else "127.0.0.1"
ls.bind((address, 0))
ls.listen(16)
print("listening on %s:%d" % (address, ls.getsockname()[1]), flush=True)


def serve(conn):
    try:
        s = ctx.wrap_socket(conn, server_side=True)
        req = b""
        while b"\r\n\r\n" not in req:
            chunk = s.recv(4096)
            if not chunk:
                break
            req += chunk
        body = b"hello from CPython over %s\n" % s.version().encode()
        s.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        s.unwrap().close()
    except (OSError, ssl.SSLError):
        conn.close()


while True:
    conn, _ = ls.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
