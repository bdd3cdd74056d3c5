"""Writes mimetypes.json: calls to CPython 3.11's mimetypes, on its
built-in table (a MimeTypes() instance, which reads no system file), and
what they gave.

Run: python3 testdata/gen_mimetypes.py > testdata/mimetypes.json
(pycases.py describes the table; pycases_test.go reads it.)
"""
import mimetypes
import os
import sys
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

db = mimetypes.MimeTypes()
module = types.SimpleNamespace(
    guess_type=db.guess_type, guess_extension=db.guess_extension,
    guess_all_extensions=db.guess_all_extensions,
    types_map=db.types_map[True], common_types=db.types_map[False],
    encodings_map=db.encodings_map, suffix_map=db.suffix_map)
c = Cases(module)

for name in ["types_map", "common_types", "encodings_map", "suffix_map"]:
    c.steps((name,))
exts = sorted(set(db.types_map[True]) | set(db.types_map[False]) | set(db.encodings_map) | set(db.suffix_map))
for ext in exts + [".XYZ", ".HTML", ".Gz", ".JPG", "", ".", ".unknown"]:
    for name in ["file" + ext, "/a/b/file" + ext, "http://host/x/y" + ext + "?q", "FILE" + ext.upper()]:
        c.call("guess_type", name)
        c.call("guess_type", name, False)
for name in ["x.tar.gz", "x.tgz", "x.svgz", "x.tar.bz2", "x.TGZ", "x.txt.Z", "x.txt.z", "x.html.gz.gz", ".bashrc",
             "..x", "a/.b.txt", "a.b/c", "dir.d/", "x.", "noext", "", "data:,hello", "data:text/html;base64,xx",
             "data:text/html,<b>", "data:;base64,xx", "data:a=b,x", "DATA:image/png,x", "data:nocomma",
             "ftp:/x.pdf", "mailto:a@b.c.txt", "C:\\dir\\x.txt", "a:b/c.mp3", "a/b:c.mp3", "x.js?y", "x.json#a.txt",
             "x.mjs", "x.tar.xz", "x.tbz2", "x.txz", "x.tar.br", "x.wasm", "x.webp", "x.rtf", "x.rtf.gz"]:
    c.call("guess_type", name)
    c.call("guess_type", name, strict=False)
c.call("guess_type", 5)
c.call("guess_type", None)
types_ = sorted(set(db.types_map[True].values()) | set(db.types_map[False].values()))
for t in types_ + ["TEXT/HTML", "Image/JPEG", "x/unknown", ""]:
    c.call("guess_extension", t)
    c.call("guess_extension", t, False)
    c.call("guess_all_extensions", t)
    c.call("guess_all_extensions", t, strict=False)
c.write()
