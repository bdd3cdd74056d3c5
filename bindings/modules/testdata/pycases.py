"""Records calls to a CPython module and what they gave, as JSON, for the
Go tests of pyasync's native modules (pycases_test.go reads the tables).

A row is {"steps": [[name, args, kwargs], ...], "want": value} or
{"steps": ..., "want": {"error": [exception class, message]}}. The first
step calls module.name(*args, **kwargs); each later step acts on what the
first returned: [".attr"] reads an attribute, [".meth", args, kwargs]
calls a method. "want" is what the last step gave. Values are JSON:
null, true/false, "str", [list], {"int": "12"}, {"float": repr},
{"bytes": hex}, {"tuple": [...]} (named tuples too), {"dict": [[k, v],
...]}, {"buffer": hex} (a bytearray, which pyasync passes as a list of
ints), {"member": name} (a function of the module, as an argument); an iterator is the list of what it gives. After a call that took a
bytearray, "want" is {"buffer": hex}: what the calls left in the first.

Only calls whose Python result pyasync means to match belong in a table:
where pyasync differs on purpose (a str accepted as bytes), the Go or
Starlark tests say so.
"""
import json
import sys


def enc(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {"int": str(v)}
    if isinstance(v, float):
        return {"float": repr(v)}
    if isinstance(v, str):
        return v
    if isinstance(v, bytes):
        return {"bytes": v.hex()}
    if isinstance(v, bytearray):
        return {"buffer": bytes(v).hex()}
    if isinstance(v, tuple):
        return {"tuple": [enc(x) for x in v]}
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {"dict": [[enc(k), enc(x)] for k, x in v.items()]}
    if hasattr(v, "__next__"):
        return [enc(x) for x in v]
    if callable(v) and hasattr(v, "__module__"):
        return {"member": v.__name__}
    raise TypeError("cannot encode %r" % (v,))


def class_name(cls):
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__name__
    return cls.__module__.lstrip("_") + "." + cls.__name__


class Cases:
    """Cases(module) records rows; write() prints them as JSON."""

    def __init__(self, module):
        self.module = module
        self.rows = []

    def call(self, name, *args, **kwargs):
        """Records module.name(*args, **kwargs)."""
        return self.steps((name, args, kwargs))

    def steps(self, *steps):
        """Records a first call and then attribute reads and method calls
        on what it returned: steps(("md5", (b"a",), {}), (".update", (b"b",)), (".hexdigest",))."""
        rec = []
        for s in steps:
            args = s[1] if len(s) > 1 else None
            kwargs = s[2] if len(s) > 2 else {}
            if args is None:
                rec.append([s[0]])
            else:
                rec.append([s[0], [enc(a) for a in args], {k: enc(v) for k, v in kwargs.items()}])
        try:
            name = steps[0][0]
            args = [bytearray(a) if isinstance(a, bytearray) else a for a in (steps[0][1] if len(steps[0]) > 1 else ())]
            kwargs = steps[0][2] if len(steps[0]) > 2 else {}
            buffers = [a for a in args if isinstance(a, bytearray)]
            if len(steps[0]) == 1:  # a member of the module
                obj = result = getattr(self.module, name)
            else:
                obj = result = getattr(self.module, name)(*args, **kwargs)
            for s in steps[1:]:
                a = getattr(obj, s[0][1:])
                if len(s) > 1:
                    buffers += [x for x in s[1] if isinstance(x, bytearray)]
                    result = a(*s[1], **(s[2] if len(s) > 2 else {}))
                else:
                    result = a
            want = enc(buffers[0]) if buffers else enc(result)
        except Exception as e:
            want = {"error": [class_name(type(e)), str(e)]}
        self.rows.append({"steps": rec, "want": want})
        return want

    def write(self, out=sys.stdout):
        out.write("[\n")
        out.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in self.rows))
        out.write("\n]\n")
