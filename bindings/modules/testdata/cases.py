"""The table format the gen_*.py scripts share (Python 2.7 and 3.11).

Each case is a Starlark-compatible snippet of Python that sets r; the
generator runs it under CPython and records r, or the exception:

    {"src": "r = heapq.nsmallest(2, [5, 1, 3])", "want": [...]}
    {"src": "r = bisect.bisect(None, 1)", "error": "TypeError", "msg": "...", "exact": false}

A row {"tz": "Europe/Berlin"} makes the cases after it run in that time
zone. A table may open with {"fixture": [...]}: files to make, in a fresh
directory that is the current one while its cases run (make_fixture).

exact: false when only the exception's class must match (Starlark's own
argument errors word themselves differently). Values are encoded by enc:
ints {"int": "..."}, floats {"float": repr}, str as JSON strings (Python
2's str too), bytes {"bytes": hex}, tuples {"tuple": [...]}, dicts
{"dict": [[k, v], ...]} in order, sets {"set": [...]}, deques
{"deque": [...], "maxlen": n}; lists are JSON arrays.
"""
import binascii
import collections
import json
import sys

PY2 = sys.version_info[0] == 2
if PY2:
    text_type, int_types = unicode, (int, long)  # noqa: F821
else:
    text_type, int_types = str, (int,)


def enc(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int_types):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if PY2 and isinstance(v, str):
        return v.decode("latin-1") if all(ord(c) < 128 for c in v) else {"raw": binascii.hexlify(v)}
    if isinstance(v, text_type):
        return v
    if isinstance(v, bytes):
        return {"bytes": binascii.hexlify(v).decode()}
    if isinstance(v, collections.deque):
        return {"deque": [enc(x) for x in v], "maxlen": v.maxlen}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, (set, frozenset)):
        return {"set": [enc(x) for x in v]}
    raise TypeError("cannot encode %r" % (v,))


def make_fixture(entries):
    """Makes the files a table's cases run among, in a new directory that
    becomes the current one: ["dir", path], ["file", path, text],
    ["link", path, target], ["mode", path, mode]. The Go test makes the
    same in its own directory."""
    import os
    import tempfile
    os.chdir(tempfile.mkdtemp())
    for e in entries:
        if e[0] == "dir":
            os.mkdir(e[1])
        elif e[0] == "file":
            with open(e[1], "w") as f:
                f.write(e[2])
        elif e[0] == "link":
            os.symlink(e[2], e[1])
        elif e[0] == "mode":
            os.chmod(e[1], e[2])


class Table(object):
    """Collects cases: t.case(src, **opts) runs src with the names in env."""

    def __init__(self, env, fixture=None):
        self.env = env
        self.rows = []
        if fixture:
            self.rows.append({"fixture": fixture})
            make_fixture(fixture)

    def set_tz(self, name):
        """Runs the cases that follow in the time zone name (a row
        {"tz": name}: the Go test sets its local zone)."""
        import os
        import time
        os.environ["TZ"] = name
        time.tzset()
        self.rows.append({"tz": name})

    def case(self, src, exact=True, prelude=""):
        """Runs prelude + src (src an expression, or statements setting r)."""
        try:
            compile(src, "<case>", "eval")
            src = "r = " + src  # an expression
        except SyntaxError:
            pass  # statements

        if prelude:
            src = prelude + "\n" + src
        g = dict(self.env)
        try:
            exec(src, g)
        except Exception as e:
            self.rows.append({"src": src, "error": type(e).__name__, "msg": str(e), "exact": exact})
            return
        self.rows.append({"src": src, "want": enc(g["r"])})

    def repr_case(self, expr, prelude=""):
        """A case whose value is repr(expr), as CPython shows it."""
        self.case("r = repr(%s)" % expr, prelude=prelude)

    def dump(self):
        """Prints the table as JSON, one case a line."""
        lines = [json.dumps(r, sort_keys=True) for r in self.rows]
        sys.stdout.write("[\n" + ",\n".join(lines) + "\n]\n")
