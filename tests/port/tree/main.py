"""A line server in five modules: the program tests/port_real_test.go
ports with pyasync port -o and runs beside CPython. Each module imports
the others another way (a package, a submodule, relative imports, an
alias, a cycle between pkg.server and pkg.session).

usage: main.py PORT
"""
import asyncore
import sys

import pkg.words as words
from pkg import server
from pkg.words import shout

srv = server.LineServer(('127.0.0.1', int(sys.argv[1])))
print('serving', words.GREETING, shout('ready'))
sys.stdout.flush()
asyncore.loop()
