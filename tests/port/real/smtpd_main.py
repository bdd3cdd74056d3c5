"""Serves CPython 3.11's smtpd.DebuggingServer with decode_data=True,
the configuration in which the messages it prints are str, as they are
in pyasync (with smtpd.py's command line, decode_data is False and
Python 3 prints each line as the repr of bytes: b'...').
tests/port_real_test.go runs it under CPython 3.11 and, ported with
pyasync port -o together with smtpd.py, under pyasync.

usage: smtpd_main.py PORT
"""
import asyncore
import sys

import smtpd

server = smtpd.DebuggingServer(("127.0.0.1", int(sys.argv[1])), None, decode_data=True)
try:
    asyncore.loop()
except KeyboardInterrupt:
    pass
