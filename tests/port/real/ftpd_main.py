"""Serves a folder read-only to anonymous users over FTP with pyftpdlib
(Debian's python3-pyftpdlib, 1.5: an IO loop on asyncore and asynchat),
as its demo basic_ftpd.py does. tests/port_real_test.go runs it under
CPython 3.11 and, ported with pyasync port -o, under pyasync.

usage: ftpd_main.py ROOT PORT
"""
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

authorizer = DummyAuthorizer()
authorizer.add_anonymous(sys.argv[1])
FTPHandler.authorizer = authorizer
FTPHandler.banner = "pyftpdlib ready."
server = FTPServer(("127.0.0.1", int(sys.argv[2])), FTPHandler)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
