"""A CPython asynchat client for examples/chat_server.star: joins as NICK,
says hello, asks /who, quits; prints every line the server sent.
usage: asynchat_chat_client.py PORT NICK
"""
import asynchat
import asyncore
import socket
import sys

port, nick = int(sys.argv[1]), sys.argv[2].encode()


class Client(asynchat.async_chat):
    def __init__(self):
        asynchat.async_chat.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect(("127.0.0.1", port))
        self.set_terminator(b"\r\n")
        self.buf = []
        self.step = 0

    def handle_connect(self):
        pass

    def collect_incoming_data(self, data):
        self.buf.append(data)

    def found_terminator(self):
        line = b"".join(self.buf).decode()
        self.buf = []
        print(line)
        if line.startswith("Welcome"):
            self.push(nick + b"\r\n")
        elif line.startswith("Hello"):
            self.push(b"/who\r\n")
        elif line.startswith("Here:"):
            self.push(b"/quit\r\n")

    def handle_close(self):
        self.close()


Client()
asyncore.loop(timeout=5)
