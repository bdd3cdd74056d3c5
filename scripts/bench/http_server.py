# http_server.py: CPython 3.11's twin of examples/http_server.star, line
# for line, for the benchmark: an HTTP/1.0 and HTTP/1.1 file server on
# asynchat written to face clients that misbehave (RFC 9112 framing,
# paths kept under the root, timeouts, back-pressure, lazy files). CPython's
# asyncore has no timers: a small heap of them runs between loop passes.
#
# Run it:   python3 -W ignore scripts/bench/http_server.py [--timeout=SECONDS] [--follow-symlinks] [PORT] [ROOT] [nodelay|nagle]
#
# With "nodelay" (the default) every accepted socket gets TCP_NODELAY.
# CPython's asynchat sends the response head and the file in two send()
# calls, on two passes of the loop; without TCP_NODELAY the second
# segment waits for the client's delayed ACK of the first (Nagle's
# algorithm), about 40 ms per request on a keep-alive connection, and the
# benchmark would measure that wait rather than the server. pyasync sends
# what one handler queued in one call, so Nagle's algorithm never holds
# its replies back. "nagle" leaves the option off, as the server was
# first measured.
import asynchat
import asyncore
import getopt
import heapq
import html
import mimetypes
import os
import re
import socket
import sys
import time
import urllib.parse

opts, args = getopt.gnu_getopt(sys.argv[1:], "", ["timeout=", "follow-symlinks"])
TIMEOUT = 30.0
FOLLOW_SYMLINKS = False
for opt, value in opts:
    if opt == "--timeout":
        TIMEOUT = float(value)
    elif opt == "--follow-symlinks":
        FOLLOW_SYMLINKS = True
port = int(args[0]) if len(args) > 0 else 8000
root = os.path.realpath(args[1] if len(args) > 1 else ".")
nodelay = (args[2] if len(args) > 2 else "nodelay") == "nodelay"

CHUNK = 65536               # bytes read from a file at a time
MAX_LINE = 8192             # a request line or a field line
MAX_HEAD = 65536            # the whole head of a request
MAX_FIELDS = 100
MAX_BODY = 8 * 1024 * 1024
MAX_INFLIGHT = 16           # responses queued on one connection...
HIGH_WATER = 1024 * 1024    # ...or bytes of them held in memory
LINGER = min(TIMEOUT, 5.0)  # seconds a closing connection drains input
MAX_LINGER = 1024 * 1024    # bytes it drains at most

REASONS = {
    100: "Continue", 200: "OK", 301: "Moved Permanently", 400: "Bad Request",
    403: "Forbidden", 404: "Not Found", 413: "Content Too Large", 414: "URI Too Long",
    417: "Expectation Failed", 431: "Request Header Fields Too Large",
    501: "Not Implemented", 505: "HTTP Version Not Supported",
}

TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
VERSION = re.compile(r"HTTP/([0-9])\.([0-9])")
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
HEX = re.compile(r"[0-9A-Fa-f]{1,8}")


def content_type(path):
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def tokens(values):
    # the comma-separated list that several field lines of one name make
    return [t.strip(" \t").lower() for t in ",".join(values).split(",") if t.strip(" \t")]


# pyasync's asyncore.call_later and dispatcher.call_later, as a heap of
# timers run between loop passes
timers = []


class Timer:
    def __init__(self, delay, fn):
        self.delay = delay
        self.fn = fn
        self.cancelled = False
        self.when = time.monotonic() + delay
        heapq.heappush(timers, (self.when, id(self), self))

    def reset(self):
        self.cancelled = False
        self.when = time.monotonic() + self.delay
        heapq.heappush(timers, (self.when, id(self), self))

    def cancel(self):
        self.cancelled = True


def run_timers():
    now = time.monotonic()
    while timers and timers[0][0] <= now:
        when, _, t = heapq.heappop(timers)
        if not t.cancelled and t.when == when:
            t.cancelled = True
            t.fn()


def loop():
    while asyncore.socket_map:
        wait = max(0.0, timers[0][0] - time.monotonic()) if timers else 30.0
        asyncore.loop(timeout=wait, count=1)
        run_timers()


class Request:
    def __init__(self, method, target, version, fields, keep):
        self.method = method
        self.target = target
        self.version = version
        self.fields = fields
        self.keep = keep


# A producer that sends size bytes of a file, 64 KiB at a time. The file
# is opened when the first chunk is asked for, so that a queued response
# holds no descriptor; it is closed at its end and by the channel's close().
class FileProducer:
    def __init__(self, channel, path, size):
        self.channel = channel
        self.path = path
        self.left = size
        self.fd = -1

    def more(self):
        if self.left <= 0:
            self.close()
            return b""
        if self.fd < 0:
            self.fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        data = os.read(self.fd, min(CHUNK, self.left))
        if not data:
            # the file shrank: the length announced cannot be kept
            self.close()
            raise OSError("%s shrank while it was sent" % self.path)
        self.left -= len(data)
        self.channel.timer.reset()  # the client reads: not idle
        return data

    def close(self):
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


# The last entry of every response in the channel's queue: asynchat asks
# it for data once everything before it is on its way, and it tells the
# channel.
class ResponseEnd:
    def __init__(self, channel, size):
        self.channel = channel
        self.size = size

    def more(self):
        if self.channel is not None:
            channel, self.channel = self.channel, None
            channel.response_sent(self.size)
        return b""


class HTTPChannel(asynchat.async_chat):
    def __init__(self, sock):
        asynchat.async_chat.__init__(self, sock)
        self.timers = []
        self.inflight = 0      # responses queued, not yet sent
        self.queued = 0        # bytes of them held as strings
        self.parked = []       # input received while parked
        self.feed = b""        # input handed back to recv() when unparking
        self.lingered = 0
        self.timer = self.call_later(TIMEOUT, self.close)
        self.next_request()

    def call_later(self, delay, fn):
        t = Timer(delay, fn)
        self.timers.append(t)
        return t

    def next_request(self):
        self.state = "head"
        self.lines = []
        self.line = []
        self.line_size = 0
        self.head_size = 0
        self.head_timer = None
        self.body = []
        self.body_size = 0
        self.chunk = []
        self.request = None
        self.set_terminator(b"\n")

    def head_started(self):
        # the first byte of a request: its head must arrive in TIMEOUT
        if self.head_timer is None:
            self.head_timer = self.call_later(TIMEOUT, self.close)

    def readable(self):
        return self.state not in ("parked", "finishing", "closed")

    def writable(self):
        # asynchat's (output queued), and when parked, whether to read on
        return self.state == "parked" and self.resumable() or bool(self.producer_fifo) or not self.connected

    def handle_write(self):
        self.timer.reset()  # the client reads: not idle
        asynchat.async_chat.handle_write(self)
        if self.resumable():
            self.unpark()

    def collect_incoming_data(self, data):
        state = self.state
        if state == "closed":
            return
        self.timer.reset()  # the client sends: not idle
        if state == "head" or state == "trailer":
            if state == "head":
                self.head_started()
            self.line.append(data)
            self.line_size += len(data)
            self.head_size += len(data)
            if self.line_size > MAX_LINE:
                self.error(431 if self.lines or state == "trailer" else 414)
            elif self.head_size > MAX_HEAD:
                self.error(431)
        elif state == "body":
            self.body.append(data)
        elif state == "chunk-size":
            self.line.append(data)
            self.line_size += len(data)
            if self.line_size > MAX_LINE:
                self.error(400)
        elif state == "chunk-data":
            self.chunk.append(data)
        elif state == "parked":
            self.parked.append(data)
        elif state == "linger":
            self.lingered += len(data)
            if self.lingered > MAX_LINGER:
                self.close()
        # "finishing": input after the last request is dropped

    def found_terminator(self):
        state = self.state
        if state == "body":
            self.respond(b"".join(self.body))
            return
        if state == "chunk-data":
            data = b"".join(self.chunk)
            self.chunk = []
            if not data.endswith(b"\r\n"):
                self.error(400)
                return
            self.body.append(data[:-2])
            self.state = "chunk-size"
            self.set_terminator(b"\r\n")
            return
        if state not in ("head", "chunk-size", "trailer"):
            return  # input after the last request
        line = b"".join(self.line).decode("latin-1")
        self.line = []
        self.line_size = 0
        if state == "chunk-size":
            self.chunk_size(line)
            return
        if state == "head":
            self.head_started()
        self.head_size += 1
        if self.head_size > MAX_HEAD:
            self.error(431)
            return
        if line.endswith("\r"):
            line = line[:-1]
        if "\r" in line or "\0" in line:
            self.error(400)
        elif line:
            self.lines.append(line)
            if len(self.lines) > MAX_FIELDS + 1:
                self.error(431)
        elif state == "trailer":
            # trailer fields are checked and dropped
            if self.parse_fields(self.lines) is not None:
                self.respond(b"".join(self.body))
        elif self.lines:
            self.head_timer.cancel()
            self.handle_head()
        # else: an empty line before a request line is ignored (RFC 9112 2.2)

    def parse_fields(self, lines):
        # field lines as (lowercase name, value); None after an error reply
        fields = []
        for line in lines:
            name, colon, value = line.partition(":")
            if not colon or not TOKEN.fullmatch(name):
                # no colon, a folded line, or whitespace before the colon
                self.error(400)
                return None
            value = value.strip(" \t")
            if CONTROL.search(value):
                self.error(400)
                return None
            fields.append((name.lower(), value))
        return fields

    def handle_head(self):
        parts = self.lines[0].split(" ")
        if len(parts) != 3 or not TOKEN.fullmatch(parts[0]):
            self.error(400)
            return
        method, target, version = parts
        if target.startswith("http://") or target.startswith("https://"):
            # absolute-form: the path is what follows the authority
            slash = target.find("/", target.find("//") + 2)
            target = target[slash:] if slash >= 0 else "/"
        v = VERSION.fullmatch(version)
        if not target.startswith("/") or not v:
            self.error(400)
            return
        if v.group(1) != "1":
            self.error(505)
            return
        if v.group(2) != "0":
            version = "HTTP/1.1"
        fields = self.parse_fields(self.lines[1:])
        if fields is None:
            return
        values = {}
        for name, value in fields:
            values.setdefault(name, []).append(value)
        if len(values.get("host", [])) > 1:
            self.error(400)
            return
        connection = tokens(values.get("connection", []))
        if version == "HTTP/1.1":
            keep = "close" not in connection
        else:
            keep = "keep-alive" in connection
        self.request = Request(method, target, version, values, keep)

        # the body's length: RFC 9112 section 6
        lengths = tokens(values.get("content-length", []))
        codings = tokens(values.get("transfer-encoding", []))
        if "transfer-encoding" in values:
            if "content-length" in values or version == "HTTP/1.0":
                self.error(400)
                return
            if not codings or codings[-1] != "chunked" or len([c for c in codings if c == "chunked"]) > 1:
                self.error(400)
                return
            if len(codings) > 1:
                self.error(501)  # a coding before chunked that we cannot undo
                return
            if not self.expect():
                return
            self.state = "chunk-size"
            self.set_terminator(b"\r\n")
            return
        if "content-length" in values:
            if not lengths or not all([n.isdigit() for n in lengths]) or len(set(lengths)) != 1:
                self.error(400)
                return
            if len(lengths[0]) > 10 or int(lengths[0]) > MAX_BODY:
                self.error(413)
                return
            n = int(lengths[0])
            if n > 0:
                if not self.expect():
                    return
                self.state = "body"
                self.set_terminator(n)
                return
        self.respond(b"")

    def expect(self):
        # Expect: 100-continue is answered before the body is read
        expect = tokens(self.request.fields.get("expect", []))
        if not expect:
            return True
        if expect != ["100-continue"]:
            self.error(417)
            return False
        if self.request.version == "HTTP/1.1":
            self.push(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def chunk_size(self, line):
        size = line.partition(";")[0].rstrip(" \t")
        if not HEX.fullmatch(size):
            self.error(400)
            return
        n = int(size, 16)
        self.body_size += n
        if self.body_size > MAX_BODY:
            self.error(413)
            return
        if n == 0:
            self.state = "trailer"
            self.lines = []
            self.head_size = 0
            self.set_terminator(b"\n")
            return
        self.state = "chunk-data"
        self.set_terminator(n + 2)

    def send_head(self, code, ctype, length, extra=""):
        r = self.request
        version = r.version if r else "HTTP/1.0"
        keep = r.keep if r else False
        return ("%s %d %s\r\nServer: pyasync\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: %s\r\n%s\r\n" % (
            version, code, REASONS[code], ctype, length, "keep-alive" if keep else "close", extra)).encode("latin-1")

    def reply(self, code, ctype, body, extra="", length=None, producer=None):
        # queues one response: head, body (a string, or a producer of length
        # bytes), and the ResponseEnd that counts it out again
        head = self.send_head(code, ctype, len(body) if length is None else length, extra)
        self.push(head + body)
        if producer is not None:
            self.push_with_producer(producer)
        self.inflight += 1
        self.queued += len(head) + len(body)
        self.push_with_producer(ResponseEnd(self, len(head) + len(body)))

    def finish(self):
        # the response is queued: read the next request, or end the connection
        if self.request.keep:
            self.next_request()
            if self.inflight >= MAX_INFLIGHT or self.queued >= HIGH_WATER:
                self.state = "parked"
                self.set_terminator(None)
        else:
            self.state = "finishing"
            self.set_terminator(None)
            self.close_when_done()

    def response_sent(self, size):
        self.inflight -= 1
        self.queued -= size

    def resumable(self):
        # parked, and the client has read enough of its answers: writable()
        # is then True, and handle_write() reads on
        return self.state == "parked" and self.inflight < MAX_INFLIGHT and self.queued < HIGH_WATER

    def unpark(self):
        self.next_request()
        self.feed = b"".join(self.parked)
        self.parked = []
        if self.feed:
            # asynchat's handle_read() takes the input parked from recv()
            self.recv = self.recv_fed
            self.handle_read()

    def recv_fed(self, size):
        if self.feed:
            data, self.feed = self.feed, b""
            return data
        return asyncore.dispatcher.recv(self, size)

    def error(self, code):
        if self.head_timer is not None:
            self.head_timer.cancel()
        if self.request:
            self.request.keep = False
        body = ("%d %s\n" % (code, REASONS[code])).encode()
        self.reply(code, "text/plain", body)
        self.request = None
        self.state = "finishing"
        self.set_terminator(None)
        self.close_when_done()

    def handle_close(self):
        # asynchat calls it when close_when_done()'s turn comes, the loop when
        # the client has hung up or failed
        if not self.connected or self.state in ("linger", "closed"):
            self.close()
        elif self.state == "finishing":
            self.linger()
        elif self.producer_fifo:
            # the client has said all it will (it shut down its side): answer
            # what it asked, then close
            self.state = "finishing"
            self.set_terminator(None)
            self.close_when_done()
        else:
            self.close()

    def linger(self):
        # close_when_done() reached: the responses are sent
        self.state = "linger"
        try:
            self.socket.shutdown(socket.SHUT_WR)
        except OSError:
            self.close()
            return
        self.call_later(LINGER, self.close)

    def close(self):
        if self.state == "closed":
            return
        self.state = "closed"
        self.set_terminator(None)
        for p in self.producer_fifo:
            if isinstance(p, FileProducer):
                p.close()
        self.producer_fifo.clear()
        for t in self.timers:
            t.cancel()
        asyncore.dispatcher.close(self)

    def resolve(self, path):
        # the file a request path names, or an error code
        segments = [s for s in path.split("/") if s and s != "."]
        if ".." in segments:
            return None, 403
        full = root + "/" + "/".join(segments) if segments else root
        real = os.path.realpath(full)
        if real != root and not real.startswith(root + "/") and not FOLLOW_SYMLINKS:
            return None, 403
        return (full if FOLLOW_SYMLINKS else real), 0

    def respond(self, body):
        r = self.request
        if r.method == "POST":
            self.reply(200, "text/plain", ("received %d bytes\n" % len(body)).encode() + body)
            self.finish()
            return
        if r.method not in ("GET", "HEAD"):
            self.error(501)
            return
        target, _, query = r.target.partition("?")
        path = urllib.parse.unquote(target, encoding="latin-1")
        if "\0" in path:
            self.error(400)
            return
        full, code = self.resolve(path)
        if code:
            self.error(code)
            return
        get = r.method == "GET"
        if os.path.isdir(full):
            segments = [s for s in path.split("/") if s and s != "."]
            clean = "/" + "".join([s + "/" for s in segments])
            if not path.endswith("/"):
                # to the path as it should be: one slash each, quoted
                location = urllib.parse.quote(clean, encoding="latin-1") + ("?" + query if query else "")
                self.reply(301, "text/plain", b"", "Location: %s\r\n" % location)
                self.finish()
                return
            items = []
            for n in sorted(os.listdir(full)):
                href = urllib.parse.quote(n) + ("/" if os.path.isdir(full + "/" + n) else "")
                items.append('<li><a href="%s">%s</a></li>' % (html.escape(href), html.escape(n)))
            title = html.escape(clean)
            page = ("<html><head><title>Index of %s</title></head><body><h1>Index of %s</h1><ul>\n%s\n</ul></body></html>\n" % (
                title, title, "\n".join(items))).encode()
            self.reply(200, "text/html", page if get else b"", length=len(page))
        elif os.path.isfile(full):
            size = os.path.getsize(full)
            self.reply(200, content_type(full), b"", length=size, producer=FileProducer(self, full, size) if get else None)
        else:
            body = b"404 Not Found\n"
            self.reply(404, "text/plain", body if get else b"", length=len(body))
        self.finish()


class HTTPServer(asyncore.dispatcher):
    def __init__(self, port):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(socket.SOMAXCONN)

    def handle_accepted(self, sock, addr):
        if nodelay:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        HTTPChannel(sock)

    def writable(self):
        return False


server = HTTPServer(port)
print("http server on %s listening on 127.0.0.1:%d" % (root, server.socket.getsockname()[1]), flush=True)
loop()
