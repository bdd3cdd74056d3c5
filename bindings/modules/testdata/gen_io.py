"""Writes io.json: StringIO and BytesIO of CPython 3.11, driven by calls
on one object, and what each gave.

Run: python3 testdata/gen_io.py > testdata/io.json
(pycases.py describes the table; pycases_test.go reads it.) The texts
are ASCII: pyasync counts positions in bytes, Python in characters.
pyasync's BytesIO gives str (a pyasync str holds bytes) and takes str
too: its rows record Python's bytes as str, and leave out what only
Python refuses (a str written to a BytesIO).
"""
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

class PyasyncBytesIO(io.BytesIO):
    """BytesIO as pyasync's: what it gives is a str (of the bytes)."""
    def __getattribute__(self, name):
        a = super().__getattribute__(name)
        if name.startswith("_") or not callable(a):
            return a
        def call(*args, **kwargs):
            r = a(*args, **kwargs)
            if isinstance(r, bytes):
                return r.decode("latin-1")
            if isinstance(r, list):
                return [x.decode("latin-1") if isinstance(x, bytes) else x for x in r]
            return r
        return call


class Module:
    StringIO = io.StringIO
    BytesIO = PyasyncBytesIO


c = Cases(Module)
text = "a\nb\r\nc\rd\n\nlast"
for nl in ["\n", "", "\r", "\r\n", None]:
    c.steps(("StringIO", (text,), {"newline": nl}), (".getvalue", ()))
    c.steps(("StringIO", (text,), {"newline": nl}), (".readlines", ()))
    c.steps(("StringIO", (), {"newline": nl}), (".write", (text,)))
    c.steps(("StringIO", (), {"newline": nl}), (".write", ("x\ny\r\nz\r",)), (".getvalue", ()))
    c.steps(("StringIO", (text,), {"newline": nl}), (".readline", ()), (".readline", ()), (".readline", ()), (".tell", ()))
for args in [(), ("",), (None,), (5,), (b"x",), ("x", "bad")]:
    c.call("StringIO", *args)
c.call("StringIO", newline=5)
for steps in [
    [(".read", ()), (".read", ())],
    [(".read", (3,)), (".read", (-1,)), (".read", (None,))],
    [(".read", (100,)), (".tell", ())],
    [(".readline", (2,)), (".readline", (0,)), (".readline", (None,)), (".readline", (-5,))],
    [(".readlines", (3,))], [(".readlines", (0,))], [(".readlines", (None,))],
    [(".seek", (3,)), (".read", ())], [(".seek", (100,)), (".read", ()), (".tell", ())],
    [(".seek", (100,)), (".write", ("!",)), (".getvalue", ())],
    [(".seek", (-1,))], [(".seek", (1, 1))], [(".seek", (1, 2))], [(".seek", (0, 2)), (".tell", ())],
    [(".seek", (0, 1))], [(".seek", (0, 3))], [(".seek", ("x",))],
    [(".write", ("XY",)), (".getvalue", ())], [(".write", (5,))], [(".write", (b"x",))],
    [(".truncate", (3,)), (".getvalue", ())], [(".truncate", ()), (".getvalue", ())],
    [(".read", (2,)), (".truncate", ()), (".getvalue", ())], [(".truncate", (-1,))], [(".truncate", (100,)), (".getvalue", ())],
    [(".close", ()), (".read", ())], [(".close", ()), (".write", ("x",))], [(".close", ()), (".getvalue", ())],
    [(".close", ()), (".closed",)], [(".closed",)], [(".close", ()), (".close", ())],
    [(".readable", ())], [(".writable", ())], [(".seekable", ())], [(".isatty", ())], [(".flush", ())],
    [(".fileno", ())], [(".writelines", (["p", "q"],)), (".getvalue", ())], [(".writelines", ([5],))],
]:
    c.steps(("StringIO", ("hello\nworld\n",)), *steps)
    if any(s[0] == ".writelines" for s in steps):
        continue
    c.steps(("BytesIO", (b"hello\nworld\n",)), *[(s[0], tuple(a.encode() if isinstance(a, str) else a for a in s[1])) if len(s) > 1 else s for s in steps])
for args in [(), (b"",), (None,), (5,)]:
    c.call("BytesIO", *args)
c.steps(("BytesIO", (b"ab",)), (".seek", (-1, 2)), (".read", ()))
c.steps(("BytesIO", (b"ab",)), (".seek", (-10, 2)), (".tell", ()))
c.steps(("BytesIO", (b"ab",)), (".seek", (5, 1)), (".tell", ()))
c.steps(("BytesIO", (b"ab",)), (".seek", (0, 5)))
c.write()
