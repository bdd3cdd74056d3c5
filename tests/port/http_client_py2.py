# The asyncore documentation's HTTP client, as Python 2.x printed it,
# with the host and port taken from the command line.
import asyncore, socket
import sys

class http_client(asyncore.dispatcher):

    def __init__(self, host, port, path):
        asyncore.dispatcher.__init__(self)
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.connect( (host, port) )
        self.buffer = 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' % (path, host)

    def handle_connect(self):
        pass

    def handle_close(self):
        self.close()

    def handle_read(self):
        print self.recv(8192)

    def writable(self):
        return (len(self.buffer) > 0)

    def handle_write(self):
        sent = self.send(self.buffer)
        self.buffer = self.buffer[sent:]

c = http_client('127.0.0.1', int(sys.argv[1]), '/index.html')
asyncore.loop()
