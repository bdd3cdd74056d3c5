"""Run a pyasync test script under CPython, to write what it must print.

    python3 tests/star/cpython.py tests/star/lang/test_special_methods.star \
        > tests/star/lang/test_special_methods.stdout

(A script marked "# oracle: python2" is run with Python 2.7 instead.)

A script written for this runs unchanged under pyasync and under CPython:
it prints what it finds, and the test driver compares what pyasync prints
with this golden output (tests/star_test.go), while tests/cpython_test.go
checks that the golden output is still what CPython prints. This file
gives CPython the few built-ins pyasync adds or has otherwise: subclass
(a class from a base and members, Python's type(name, bases, dict)),
error_of (the exception a call raises, "TypeError: message", or None),
delitem(x, k) (del x[k]), throw and catch (raise, try), rawstr, and
type(x), which in pyasync is the name of x's type.
"""

from __future__ import print_function  # the script's print() too

import shutil
import sys
import tempfile


def subclass(base, name, **members):
    bases = base if isinstance(base, tuple) else (base,)
    return type(name, bases, members)


def error_of(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception as e:  # what pyasync's error_of reports
        name = type(e).__name__
        if type(e).__module__ not in ("builtins", "exceptions", "__main__"):
            name = type(e).__module__ + "." + name  # io.UnsupportedOperation
        if str(e) == "":
            return name
        return "%s: %s" % (name, e)
    return None


def type_name(x):
    return type(x).__name__


def rawstr(x):
    return bytes(x).decode("latin-1") if not isinstance(x, str) else x


def delitem(x, key):
    del x[key]


def throw(exc, *args):
    if isinstance(exc, type):
        exc = exc(*args)
    raise exc


def catch(fn, *args, **kwargs):
    try:
        return None, fn(*args, **kwargs)
    except Exception as e:
        return e, None


pyasync = {
    "type": type_name,
    "subclass": subclass,
    "error_of": error_of,
    "delitem": delitem,
    "throw": throw,
    "catch": catch,
    "rawstr": rawstr,
    "__name__": "__main__",
}


def predeclared_modules():
    """The standard library modules pyasync predeclares that the oracle
    scripts use, imported."""
    import importlib
    mods = {}
    for name in ("os", "os.path", "tempfile", "logging", "logging.handlers"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        top = name.split(".")[0]
        mods[top] = sys.modules[top]
    return mods


def main():
    path = sys.argv[1]
    with open(path) as f:
        src = f.read()
    code = compile(src, path, "exec")
    tmp = tempfile.mkdtemp()
    try:
        # as the test driver runs a script: sys.argv is [script, variant, tmpdir]
        sys.argv = [path, "", tmp]
        exec(code, dict(pyasync, sys=sys, **predeclared_modules()))
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
