"""What CPython's ssl client raises against a TLS server: the class and
message of the exception (without CPython's "(_ssl.c:NNNN)"), or "ok".

    python3 ssl_client_error.py HOST PORT CAFILE
"""
import re
import socket
import ssl
import sys

host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
ctx = ssl.create_default_context(cafile=cafile)
try:
    with socket.create_connection((host, port), timeout=20) as raw:
        ctx.wrap_socket(raw, server_hostname=host)
    print("ok")
except ssl.SSLError as e:
    print("%s: %s" % (type(e).__name__, re.sub(r" \(_ssl\.c:\d+\)", "", str(e))))
