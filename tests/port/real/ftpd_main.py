"""Serves a folder over FTP with pyftpdlib (Debian's python3-pyftpdlib,
1.5: an IO loop of its own on select, asyncore and asynchat), as its demo
basic_ftpd.py does: anonymous users may read, the user "user" (password
"secret") may also write. tests/port_real_test.go runs it under CPython
3.11 and, ported with pyasync port -o, under pyasync, each on its own
copy of the folder.

usage: ftpd_main.py ROOT PORT
"""
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer

authorizer = DummyAuthorizer()
authorizer.add_anonymous(sys.argv[1])
authorizer.add_user("user", "secret", sys.argv[1], perm="elradfmwMT")
FTPHandler.authorizer = authorizer
FTPHandler.banner = "pyftpdlib ready."
server = FTPServer(("127.0.0.1", int(sys.argv[2])), FTPHandler)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
