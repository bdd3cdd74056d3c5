# http_server.py: CPython 3.11's twin of examples/http_server.star, line
# for line, for the benchmark: an HTTP/1.0 and HTTP/1.1 file server on
# asynchat with keep-alive, GET/HEAD of files and directories, POST.
#
# Run it:   python3 -W ignore scripts/bench/http_server.py [PORT] [ROOT] [nodelay|nagle]
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
import html
import os
import socket
import sys
import urllib.parse

port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
root = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else ".")
nodelay = (sys.argv[3] if len(sys.argv) > 3 else "nodelay") == "nodelay"

CHUNK = 65536
MAX_HEADER = 65536
MAX_BODY = 64 * 1024 * 1024

REASONS = {
    200: "OK", 301: "Moved Permanently", 400: "Bad Request", 403: "Forbidden",
    404: "Not Found", 413: "Payload Too Large", 431: "Request Header Fields Too Large",
    501: "Not Implemented", 505: "HTTP Version Not Supported",
}

TYPES = {
    "html": "text/html", "htm": "text/html", "txt": "text/plain", "css": "text/css",
    "js": "application/javascript", "json": "application/json", "png": "image/png",
    "jpg": "image/jpeg", "gif": "image/gif", "star": "text/plain", "py": "text/plain",
}


def content_type(path):
    ext = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return TYPES.get(ext, "application/octet-stream")


def escape(s):
    return html.escape(s, quote=True)


class Request:
    def __init__(self, method, target, version, headers, keep):
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.keep = keep


class FileProducer:
    # reads a file 64 KiB at a time
    def __init__(self, path):
        self.fd = os.open(path, os.O_RDONLY)

    def more(self):
        if self.fd < 0:
            return b""
        data = os.read(self.fd, CHUNK)
        if not data:
            os.close(self.fd)
            self.fd = -1
        return data


class HTTPChannel(asynchat.async_chat):
    def __init__(self, server, sock):
        asynchat.async_chat.__init__(self, sock)
        self.server = server
        self.reset()

    def reset(self):
        self.data = []
        self.size = 0
        self.request = None
        self.set_terminator(b"\r\n\r\n")

    def collect_incoming_data(self, data):
        self.size += len(data)
        if self.request is None and self.size > MAX_HEADER:
            self.error(431)
            return
        self.data.append(data)

    def found_terminator(self):
        data = b"".join(self.data)
        self.data = []
        self.size = 0
        if self.request is None:
            self.handle_request(data.decode("latin-1"))
        else:
            self.respond(data)

    def handle_request(self, head):
        lines = head.split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3 or not parts[1].startswith("/") or not parts[2].startswith("HTTP/"):
            self.error(400)
            return
        method, target, version = parts
        if version not in ("HTTP/1.0", "HTTP/1.1"):
            self.error(505)
            return
        headers = {}
        for line in lines[1:]:
            if ":" not in line:
                self.error(400)
                return
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        if version == "HTTP/1.1":
            keep = connection != "close"
        else:
            keep = connection == "keep-alive"
        self.request = Request(method, target, version, headers, keep)
        length = headers.get("content-length", "0")
        if not length.isdigit():
            self.error(400)
            return
        n = int(length)
        if n > MAX_BODY:
            self.error(413)
            return
        if n > 0:
            self.set_terminator(n)
        else:
            self.respond(b"")

    def send_head(self, code, ctype, length, extra=""):
        r = self.request
        version = r.version if r else "HTTP/1.0"
        keep = r.keep if r else False
        self.push(("%s %d %s\r\nServer: pyasync\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: %s\r\n%s\r\n" % (
            version, code, REASONS[code], ctype, length, "keep-alive" if keep else "close", extra)).encode("latin-1"))

    def finish(self):
        if self.request and self.request.keep:
            self.reset()
        else:
            self.set_terminator(None)
            self.close_when_done()

    def error(self, code):
        body = ("%d %s\n" % (code, REASONS[code])).encode()
        if self.request:
            self.request.keep = False
        self.send_head(code, "text/plain", len(body))
        self.push(body)
        self.request = None
        self.set_terminator(None)
        self.close_when_done()

    def respond(self, body):
        r = self.request
        if r.method == "POST":
            reply = ("received %d bytes\n" % len(body)).encode() + body
            self.send_head(200, "text/plain", len(reply))
            self.push(reply)
            self.finish()
            return
        if r.method not in ("GET", "HEAD"):
            self.error(501)
            return
        path = urllib.parse.unquote(r.target.split("?", 1)[0], encoding="latin-1")
        segments = [s for s in path.split("/") if s]
        if ".." in segments or "\0" in path:
            self.error(403)
            return
        full = root + "/" + "/".join(segments)
        if os.path.isdir(full):
            if not path.endswith("/"):
                self.send_head(301, "text/plain", 0, "Location: %s/\r\n" % path)
                self.finish()
                return
            items = ['<li><a href="%s">%s</a></li>' % (escape(n) + ("/" if os.path.isdir(full + "/" + n) else ""), escape(n))
                     for n in os.listdir(full)]
            page = ("<html><head><title>Index of %s</title></head><body><h1>Index of %s</h1><ul>\n%s\n</ul></body></html>\n" % (
                escape(path), escape(path), "\n".join(items))).encode()
            self.send_head(200, "text/html", len(page))
            if r.method == "GET":
                self.push(page)
            self.finish()
            return
        if not os.path.isfile(full):
            body = b"404 Not Found\n"
            self.send_head(404, "text/plain", len(body))
            if r.method == "GET":
                self.push(body)
            self.finish()
            return
        self.send_head(200, content_type(full), os.path.getsize(full))
        if r.method == "GET":
            self.push_with_producer(FileProducer(full))
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
        HTTPChannel(self, sock)

    def writable(self):
        return False


server = HTTPServer(port)
print("http server on %s listening on 127.0.0.1:%d" % (root, server.socket.getsockname()[1]), flush=True)
asyncore.loop()
