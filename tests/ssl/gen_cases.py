"""Runs the cases of cases.txt in CPython and writes cases.json, which
tests/ssl_test.go compares pyasync's results with.

Run from this folder (needs openssl, to make the case's files):
    python3 gen_cases.py > cases.json
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import prelude  # noqa: E402


def files(d):
    def run(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    f = {name: os.path.join(d, name) for name in ("ca.pem", "ca.key", "cert.pem", "key.pem", "other.key", "notpem.txt")}
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", "/CN=case CA", "-keyout", f["ca.key"], "-out", f["ca.pem"])
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
        "-subj", "/CN=localhost", "-keyout", f["key.pem"], "-out", f["cert.pem"])
    run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", f["other.key"])
    with open(f["notpem.txt"], "w") as out:
        out.write("not a certificate\n")
    cadir = os.path.join(d, "cadir")
    os.mkdir(cadir)
    with open(f["ca.pem"]) as src, open(os.path.join(cadir, "ca.pem"), "w") as dst:
        dst.write(src.read())
    return {"{CERT}": f["cert.pem"], "{KEY}": f["key.pem"], "{CA}": f["ca.pem"], "{OTHERKEY}": f["other.key"],
            "{NOTPEM}": f["notpem.txt"], "{MISSING}": os.path.join(d, "missing.pem"), "{CADIR}": cadir}


def canon(v):
    """The value as JSON holds it, the same way for pyasync's values."""
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, bytes):
        return {"bytes": v.decode("latin-1")}
    if isinstance(v, (tuple, list)):
        return [canon(x) for x in v]
    if isinstance(v, dict):
        return {str(k): canon(x) for k, x in v.items()}
    return {"type": type(v).__name__}


SUFFIX = re.compile(r" \(_ssl\.c:\d+\)")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    cases = [line.rstrip("\n") for line in open(os.path.join(here, "cases.txt"))
             if line.strip() and not line.startswith("#")]
    env = {k: getattr(prelude, k) for k in dir(prelude) if not k.startswith("__")}
    out = []
    with tempfile.TemporaryDirectory() as d:
        paths = files(d)
        for case in cases:
            src = case
            for k, v in paths.items():
                src = src.replace(k, v)
            got = prelude.outcome(lambda: eval(src, env))
            if "msg" in got:
                msg = SUFFIX.sub("", got["msg"])
                for k, v in paths.items():
                    msg = msg.replace(v, k)
                got["msg"] = msg
            out.append({"case": case, "want": canon(got)})
    json.dump(out, sys.stdout, indent=1)
    print()


main()
