"""Prints, as JSON, what CPython's optparse says of option definitions:
the exception class and message add_option raises, or the attributes of
the option it makes.

Run: python3 testdata/gen_option_errors.py > testdata/option_cases.json
Each row: [opts, attrs, error class or null, message or attributes].
Callables are written as the string "<callable>"; in a message, "*"
stands for the repr of one.
"""
import json
import re
import optparse

def cb(*a):
    pass

cases = [
    [[], {}],
    [[""], {}],
    [["-"], {}],
    [["x"], {}],
    [["--"], {}],
    [["-x-"], {}],
    [["---x"], {}],
    [["--x"], {}],
    [["-x"], {}],
    [["-x", "--ex-why"], {}],
    [["--ex-why", "-x"], {}],
    [["-x"], {"action": "bogus"}],
    [["-x"], {"action": "store_true", "type": "int"}],
    [["-x"], {"type": "bogus"}],
    [["-x"], {"type": "str"}],
    [["-x"], {"type": "choice"}],
    [["-x"], {"type": "choice", "choices": "ab"}],
    [["-x"], {"choices": ["a"]}],
    [["-x"], {"type": "int", "choices": ["a"]}],
    [["-x"], {"action": "store", "const": 1}],
    [["-x"], {"action": "store_true", "nargs": 2}],
    [["-x"], {"action": "callback"}],
    [["-x"], {"action": "callback", "callback": 5}],
    [["-x"], {"action": "callback", "callback": "<callable>", "callback_args": [1]}],
    [["-x"], {"action": "callback", "callback": "<callable>", "callback_kwargs": [1]}],
    [["-x"], {"callback": "<callable>"}],
    [["-x"], {"callback_args": (1,)}],
    [["-x"], {"callback_kwargs": {}}],
    [["-x"], {"bogus": 1, "other": 2}],
    [["-x"], {"action": "count"}],
    [["-x"], {"action": "store_const", "const": 3}],
    [["-x"], {"action": "append_const", "const": 3, "dest": "d"}],
    [["-x", "--long-name"], {"action": "append", "type": "float", "nargs": 2, "metavar": "M", "help": "h"}],
    [["-x"], {"action": "help"}],
    [["--ver"], {"action": "version"}],
    [["-h"], {}],
    [["--help"], {}],
]

rows = []
for opts, attrs in cases:
    real = {k: (cb if v == "<callable>" else v) for k, v in attrs.items()}
    p = optparse.OptionParser()
    try:
        o = p.add_option(*opts, **real)
    except Exception as e:
        # a function's repr holds its address: "*" stands for it
        msg = re.sub(r"<function cb at 0x[0-9a-f]+>", "*", str(e))
        rows.append([opts, {k: (v if not isinstance(v, tuple) else list(v)) for k, v in attrs.items()}, type(e).__name__, msg])
        continue
    got = {a: getattr(o, a) for a in ["action", "type", "dest", "nargs", "metavar", "help", "const"]}
    got["str"] = str(o)
    got["takes_value"] = o.takes_value()
    got["opt_string"] = o.get_opt_string()
    rows.append([opts, {k: (v if not isinstance(v, tuple) else list(v)) for k, v in attrs.items()}, None, got])
print("[")
print(",\n".join(json.dumps(r) for r in rows))
print("]")
