"""Writes thread.json: the locks of CPython 3.11's _thread, used by one
thread, and what each call gave.

Run: python3 testdata/gen_thread.py > testdata/thread.json
(pycases.py describes the table; pycases_test.go reads it.) Left out:
acquiring a held lock without a timeout, which waits for ever in Python
and is an error in pyasync.
"""
import _thread
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

c = Cases(_thread)
for make in ["allocate_lock", "allocate", "LockType"]:
    c.steps((make, ()), (".locked", ()))
    c.steps((make, ()), (".acquire", ()), (".locked", ()))
    c.steps((make, ()), (".acquire", ()), (".acquire", (False,)))
    c.steps((make, ()), (".acquire", ()), (".acquire", (True, 0.01)))
    c.steps((make, ()), (".acquire", ()), (".acquire", (), {"timeout": 0}))
    c.steps((make, ()), (".acquire", ()), (".release", ()), (".locked", ()))
    c.steps((make, ()), (".release", ()))
    c.steps((make, ()), (".acquire", (False, 1)))
    c.steps((make, ()), (".acquire", (), {"timeout": -2}))
    c.steps((make, ()), (".acquire", ("x",)))
    c.steps((make, ()), (".acquire_lock", ()), (".locked_lock", ()))
    c.steps((make, ()), (".__enter__", ()), (".locked", ()))
    c.steps((make, ()), (".__enter__", ()), (".__exit__", (None, None, None)), (".locked", ()))
c.steps(("RLock", ()), (".acquire", ()), (".acquire", ()), (".release", ()), (".release", ()))
c.steps(("RLock", ()), (".release", ()))
c.steps(("RLock", ()), (".acquire", ()), (".acquire", (False,)))
c.steps(("RLock", ()), (".acquire", ()), (".release", ()), (".release", ()))
c.steps(("RLock", ()), (".acquire", ()), (".acquire", ()), (".release", ()), (".release", ()), (".release", ()))
c.steps(("RLock", ()), (".__enter__", ()), (".__exit__", (None, None, None)), (".release", ()))
c.steps(("RLock", ()), (".acquire", ()), (".acquire", ()), (".release", ()), (".release", ()), (".acquire", ()))
c.call("stack_size")
c.call("stack_size", 100)
c.call("stack_size", 0)
c.call("_count")
c.steps(("TIMEOUT_MAX",))
c.write()
