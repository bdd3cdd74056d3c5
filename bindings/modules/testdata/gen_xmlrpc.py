"""Writes xmlrpc.json: calls to CPython 3.11's xmlrpc.client (dumps and
loads of each type, faults, the errors) and what they gave.

Run: python3 testdata/gen_xmlrpc.py > testdata/xmlrpc.json
(pycases.py describes the table; pycases_test.go reads it.) Left out:
malformed XML (Python raises expat's ExpatError, pyasync ResponseError)
and bytes, which pyasync's str stands for (a str is marshalled as
<string>; a Binary's data is a str, b"" when not given in Python).
"""
import os
import sys
import xmlrpc.client as x

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

c = Cases(x)
values = [1, -5, 2**31 - 1, -2**31, 2**31, True, False, 0.5, 1e20, -0.0, 1.0, 123456789.125, float("inf"), "", "plain",
          "a<b&c>d", "multi\nline", [], [1, "two", [3.5]], (1, 2), {}, {"k": 1, "nested": {"l": [True]}}, None]
for v in values:
    c.call("dumps", (v,))
    c.call("dumps", (v,), "method", allow_none=True)
    c.call("dumps", (v,), methodresponse=True, allow_none=True)
    c.call("dumps", (v,), "m", encoding="iso-8859-1", allow_none=True)
c.call("dumps", ())
c.call("dumps", (), "m")
c.call("dumps", (1, "a", [2]), "many")
c.call("dumps", (1, 2), methodresponse=True)
c.call("dumps", [1])
c.call("dumps", ({1: 2},))
for v in values:
    if v is None or v == 2**31:
        continue
    c.call("loads", x.dumps((v,), "m"))
    c.call("loads", x.dumps((v,), methodresponse=True))
c.call("loads", x.dumps((1, "a", [2], {"k": 3.5}), "m"))
c.call("loads", x.dumps((None,), "m", allow_none=True))
for xml in ["<methodResponse><params><param><value>bare</value></param></params></methodResponse>",
            "<methodResponse><params><param><value><i8>12</i8></value></param><param><value><i4>-3</i4></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>",
            "<methodResponse><params><param><value><int>zz</int></value></param></params></methodResponse>",
            "<methodResponse></methodResponse>", "<a/>",
            "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member>"
            "<member><name>faultString</name><value><string>bad</string></value></member></struct></value></fault></methodResponse>",
            "<?xml version='1.0'?>\n<methodCall>\n<methodName>a.b</methodName>\n<params>\n</params>\n</methodCall>\n"]:
    c.call("loads", xml)
c.call("loads", x.dumps(x.Fault(3, "three")))
c.call("escape", "a&b<c>d\"e'")
c.steps(("Fault", (4, "bad")), (".faultCode",))
c.steps(("Fault", (4, "bad")), (".faultString",))
c.steps(("Fault", (4, "bad")), (".__repr__", ()))
c.steps(("Fault", (4, "bad")), (".__str__", ()))
c.steps(("Fault", (4, "bad")), (".args",))
c.steps(("Fault", (), {"faultCode": 1, "faultString": "s", "extra": 2}), (".__repr__", ()))
c.steps(("ProtocolError", ("host/RPC2", 404, "Not Found", {})), (".__repr__", ()))
c.steps(("ProtocolError", ("host/RPC2", 404, "Not Found", {})), (".errcode",))
c.steps(("ResponseError", ()), (".__str__", ()))
c.steps(("DateTime", ("20200102T03:04:05",)), (".value",))
c.steps(("DateTime", ((2020, 1, 2, 3, 4, 5, 0, 0, 0),)), (".value",))
c.steps(("DateTime", ("20200102T03:04:05",)), (".__str__", ()))
c.steps(("Binary", (b"ab",)), (".data",))
c.write()
