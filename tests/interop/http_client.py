"""Drives the pyasync HTTP server with Python's http.client over one
keep-alive connection. usage: http_client.py PORT BIGFILE_NAME
Prints one line per check: "name value".
"""
import hashlib
import http.client
import sys

port, big = int(sys.argv[1]), sys.argv[2]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

conn.request("GET", "/")
r = conn.getresponse()
body = r.read().decode()
print("listing", r.status, big in body)

conn.request("GET", "/" + big)
r = conn.getresponse()
data = r.read()
print("big", r.status, len(data), hashlib.sha256(data).hexdigest())

conn.request("GET", "/missing.txt")
r = conn.getresponse()
r.read()
print("missing", r.status)

conn.request("POST", "/echo", body=b"x" * 100000 + b"end", headers={"Content-Type": "text/plain"})
r = conn.getresponse()
data = r.read()
print("post", r.status, data.startswith(b"received 100003 bytes\n"), data.endswith(b"end"))

# the same connection served every request (keep-alive)
print("keepalive", conn.sock is not None)
conn.close()
