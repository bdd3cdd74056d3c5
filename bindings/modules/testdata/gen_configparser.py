"""Writes configparser.json: CPython 3.11's configparser reading INI
texts and answering, and what each call gave.

Run: python3 testdata/gen_configparser.py > testdata/configparser.json
(pycases.py describes the table; pycases_test.go reads it.) pyasync's
error messages are one line: where Python's runs over several, the
table has its lines joined with a space (see one_line).
"""
import configparser
import os
import sys
import warnings

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

import re


class OneLine(Cases):
    def steps(self, *steps):
        want = super().steps(*steps)
        if isinstance(want, dict) and "error" in want:
            want["error"][1] = re.sub(r"\n\t?", " ", want["error"][1])
        if isinstance(want, str) and "\n" in want and "contains" in want:
            self.rows[-1]["want"] = re.sub(r"\n\t?", " ", want)
        return want


c = OneLine(configparser)
TEXT = """# a comment
; another
[DEFAULT]
home = /srv
Name = d

[server]
port = 8080
Host: example.org
path = %(home)s/www
escaped = 100%%
flag = yes
multi = first
    second

    third
empty =
# inside
[client]
retries=3
ratio = 0.5
bad = %(missing)s
loop = %(loop)s
syntax = 50%
"""
for cls in ["RawConfigParser", "ConfigParser"]:
    def st(*steps):
        c.steps((cls, ()), (".read_string", (TEXT,)), *steps)
    st((".sections", ()))
    st((".defaults", ()))
    st((".options", ("server",)))
    st((".options", ("nope",)))
    st((".has_section", ("server",)))
    st((".has_section", ("DEFAULT",)))
    st((".has_option", ("server", "PORT")))
    st((".has_option", ("server", "home")))
    st((".has_option", ("nope", "home")))
    st((".has_option", ("", "home")))
    for opt in ["port", "Host", "path", "escaped", "flag", "multi", "empty", "home", "name", "nope"]:
        st((".get", ("server", opt)))
    st((".get", ("server", "path"), {"raw": True}))
    st((".get", ("server", "nope"), {"fallback": "fb"}))
    st((".get", ("nope", "x"), {"fallback": None}))
    st((".get", ("nope", "x")))
    st((".get", ("server", "path"), {"vars": {"HOME": "/v"}}))
    for opt in ["bad", "loop", "syntax", "retries", "ratio"]:
        st((".get", ("client", opt)))
    st((".getint", ("server", "port")))
    st((".getint", ("client", "ratio")))
    st((".getint", ("client", "nope"), {"fallback": 7}))
    st((".getfloat", ("client", "ratio")))
    st((".getfloat", ("server", "host")))
    st((".getboolean", ("server", "flag")))
    st((".getboolean", ("server", "port")))
    st((".items", ("server",)))
    st((".items", ("server",), {"raw": True}))
    st((".items", ("nope",)))
    st((".add_section", ("server",)))
    st((".add_section", ("DEFAULT",)))
    st((".add_section", ("new",)), (".sections", ()))
    st((".set", ("server", "port", "9")), (".get", ("server", "port")))
    st((".set", ("nope", "a", "b")))
    st((".set", ("server", "x", "10%")))
    st((".set", ("", "x", "1")), (".defaults", ()))
    st((".remove_option", ("server", "port")), (".options", ("server",)))
    st((".remove_option", ("server", "nope")))
    st((".remove_option", ("nope", "x")))
    st((".remove_section", ("server",)), (".sections", ()))
    st((".remove_section", ("nope",)))
    st((".read_string", ("[server]\nport = 1\n",)))
    st((".read_string", ("[new]\na = 1\na = 2\n",)))
    st((".read_string", ("[x]\n[x]\n",), {"source": "src"}))
    st((".read_dict", ({"d": {"k": 5, "n": None}},)), (".items", ("d",)))
    st((".__contains__", ("server",)))
    st((".__contains__", ("DEFAULT",)))
    st((".__len__", ()))
for text in ["no header = 1\n", "[s]\njunk line\nk = v\nalso junk\n", "[s]\n= nameless\n", "[s]\nk v\n",
             "[s]\n  indented = 1\n", "[s]\na = 1\n b\n", "[s]\na = 1 ; inline\n", "[s] trailing\nk=v\n",
             "[s]]\nk=v\n", "[]\nk=v\n", "[s]\nk:v:w\n", "[s]\nk = v = w\n", "[s]\nK = 1\nk = 2\n", "\n\n[s]\n\n\nk=v\n\n"]:
    c.steps(("RawConfigParser", ()), (".read_string", (text,)), (".items", ("s",)))
    c.steps(("RawConfigParser", (), {"strict": False}), (".read_string", (text,)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"allow_no_value": True}), (".read_string", ("[s]\nflag\nk = v\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"inline_comment_prefixes": (";", "#")}), (".read_string", ("[s]\na = 1 ; c\nb = x;y # d\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"delimiters": ("->",)}), (".read_string", ("[s]\na -> 1\nb = 2 -> 3\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"comment_prefixes": ("//",)}), (".read_string", ("[s]\n// c\n#a = 1\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"empty_lines_in_values": False}), (".read_string", ("[s]\na = 1\n  2\n\n  3\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", (), {"default_section": "general"}), (".read_string", ("[general]\nx = 1\n[s]\ny=2\n",)), (".items", ("s",)))
c.steps(("RawConfigParser", ({"a": "1"},)), (".items", ("DEFAULT",)))
c.steps(("ConfigParser", ()), (".set", ("s", 1, "x")))
c.steps(("ConfigParser", ()), (".add_section", (5,)))
c.steps(("Error", ("msg",)), (".__str__", ()))
c.steps(("NoSectionError", ("s",)), (".__str__", ()))
c.steps(("NoOptionError", ("o", "s")), (".__str__", ()))
c.steps(("DuplicateSectionError", ("s", "f", 3)), (".__str__", ()))
c.steps(("DuplicateOptionError", ("s", "o")), (".__str__", ()))
c.steps(("MissingSectionHeaderError", ("f", 1, "x\n")), (".__str__", ()))
c.steps(("InterpolationMissingOptionError", ("o", "s", "raw", "ref")), (".__str__", ()))
c.steps(("InterpolationDepthError", ("o", "s", "raw")), (".__str__", ()))
c.steps(("ParsingError", ("src",)), (".__str__", ()))
c.write()
