# headers.py: CPython 3.11's twin of headers.star, line for line: the
# benchmark's header-parsing loop, the interpreter's own work with no
# I/O. Each iteration parses an HTTP request head as a handler does
# (split, find, strip, lower, a dict) and stores the headers on an
# object (an attribute store).
#
# Run it:   python3 scripts/bench/headers.py [ITERATIONS]
# It prints the iterations and the CPU seconds the loop took.
import sys
import time

HEAD = "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\nConnection: keep-alive"


class Request:
    pass


def parse(head, r):
    lines = head.split("\r\n")
    headers = {}
    for line in lines[1:]:
        i = line.find(":")
        if i < 0:
            continue
        headers[line[:i].strip().lower()] = line[i + 1:].strip()
    r.headers = headers


def main(n):
    r = Request()
    for _ in range(n):
        parse(HEAD, r)
    return r


n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
t0 = time.process_time()
r = main(n)
t1 = time.process_time()
if len(r.headers) != 4:
    sys.exit("parsed %d headers, want 4" % len(r.headers))
print("%d iterations in %s s" % (n, t1 - t0))
