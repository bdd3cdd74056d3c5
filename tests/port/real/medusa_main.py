"""Serves a folder over HTTP with supervisor's medusa (supervisor/medusa/
in Debian's supervisor package), as its own http_server.py's __main__
block does, without the FTP, chat and monitor servers that block also
starts. tests/port_real_test.go runs it under Python 2.7 (medusa's HTTP
channel needs Python 2's str) and, ported with pyasync port -o, under
pyasync.

usage: medusa_main.py ROOT PORT
"""
import sys

import supervisor.medusa.asyncore_25 as asyncore
from supervisor.medusa import default_handler, filesys, http_server, logger

fs = filesys.os_filesystem(sys.argv[1])
dh = default_handler.default_handler(fs)
hs = http_server.http_server('127.0.0.1', int(sys.argv[2]), None, logger.file_logger(sys.stdout))
hs.install_handler(dh)
try:
    asyncore.loop()
except KeyboardInterrupt:
    pass
