"""Asks an HTTP server for the files tests/port_real_test.go serves,
with Python's http.client, and prints one line per answer: status,
reason, the headers that do not change between runs and a digest of the
body. usage: http_checks.py PORT
"""
import hashlib
import http.client
import sys

port = int(sys.argv[1])
SHOWN = ("content-type", "content-length", "location", "connection", "last-modified")


def show(what, r):
    body = r.read()
    headers = sorted("%s: %s" % (k.lower(), v) for k, v in r.getheaders() if k.lower() in SHOWN)
    print(what, r.status, r.reason, headers, len(body), hashlib.sha256(body).hexdigest()[:16])


c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for method, path in [("GET", "/hello.txt"), ("HEAD", "/hello.txt"), ("GET", "/page.html"),
                     ("GET", "/sub/"), ("GET", "/sub"), ("GET", "/missing"), ("GET", "/big.bin"),
                     ("GET", "/with%20space.txt"), ("POST", "/hello.txt")]:
    try:
        c.request(method, path)
        show(method + " " + path, c.getresponse())
    except (http.client.HTTPException, OSError) as e:
        print(method, path, "failed:", type(e).__name__)
        c.close()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
c.close()

# HTTP/1.0, one request per connection
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
c._http_vsn, c._http_vsn_str = 10, "HTTP/1.0"
c.request("GET", "/hello.txt")
show("GET/1.0 /hello.txt", c.getresponse())
c.close()
