"""Writes binascii.json, base64.json and hashlib.json: calls to CPython
3.11's binascii, base64 and hashlib and what they gave.

Run: python3 testdata/gen_codecs.py testdata
(pycases.py describes the tables; pycases_test.go reads them.) Only bytes
go in: pyasync also takes a str as bytes, where Python 3 refuses it.
"""
import base64
import binascii
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pycases import Cases

out = sys.argv[1]
samples = [b"", b"a", b"ab", b"abc", b"abcd", b"abcde", b"\x00", b"\xff\xfe\xfd", bytes(range(256)),
           b"hello, world\n" * 10, b"The quick brown fox jumps over the lazy dog"]

# binascii
c = Cases(binascii)
for s in samples:
    for f in ["hexlify", "b2a_hex", "b2a_base64", "crc32"]:
        c.call(f, s)
    c.call("b2a_base64", s, newline=False)
    c.call("crc32", s, 12345)
    c.call("unhexlify", binascii.hexlify(s))
    c.call("a2b_hex", binascii.hexlify(s).upper().decode())
    c.call("a2b_base64", binascii.b2a_base64(s))
    c.call("a2b_base64", binascii.b2a_base64(s).decode(), strict_mode=True)
for sep, n in [("-", 1), ("-", 2), ("-", -2), (b":", 3), (b":", -3), ("  ", 1), ("", 1), (b"x", 0), (1, 1), (None, 2)]:
    c.call("hexlify", b"\x01\x02\x03\x04\x05", sep, n)
    c.call("b2a_hex", b"\x01\x02\x03\x04\x05", sep=sep, bytes_per_sep=n)
for h in ["abc", "abcx", "0g", "", "ABCDEF", b"ab cd", 5, None]:
    c.call("unhexlify", h)
for crc in [0, 1, -1, 2**32, 2**70, -2**70, 1.5, "x"]:
    c.call("crc32", b"abc", crc)
for s in [b"", b"YWJj", b"YWJj\n", b"YW Jj", b"YWJ", b"YWJjZ", b"YWJjZA", b"YWJjZA=", b"YWJjZA==", b"YWJjZA===",
          b"YWJjZA==YWJj", b"=YWJj", b"YW=Jj", b"YWJjZA=x=", b"YW!Jj", b"YWJjZ===", b"Y===", b"====", b"YWJj=",
          b"YWJj==", b"YQ", b"YQ=", b"YQ==", b"YQ==\n", b"Y", b"YWJjZGVmZ2hp", b"YWJjZGVmZ2h", b"\xffYWJj", "YWJj", 5]:
    c.call("a2b_base64", s)
    c.call("a2b_base64", s, strict_mode=True)
c.write(open(os.path.join(out, "binascii.json"), "w"))

# base64
c = Cases(base64)
for s in samples:
    for f in ["b64encode", "standard_b64encode", "urlsafe_b64encode", "b32encode", "b32hexencode",
              "b16encode", "encodebytes"]:
        c.call(f, s)
    c.call("b64encode", s, b"-_")
    c.call("b64decode", base64.b64encode(s))
    c.call("b64decode", base64.b64encode(s).decode(), validate=True)
    c.call("b64decode", base64.b64encode(s, b"*@"), altchars=b"*@")
    c.call("standard_b64decode", base64.b64encode(s))
    c.call("urlsafe_b64decode", base64.urlsafe_b64encode(s))
    c.call("b32decode", base64.b32encode(s))
    c.call("b32decode", base64.b32encode(s).lower(), casefold=True)
    c.call("b32hexdecode", base64.b32hexencode(s))
    c.call("b16decode", base64.b16encode(s))
    c.call("b16decode", base64.b16encode(s).lower(), True)
    c.call("decodebytes", base64.encodebytes(s))
for s in [b"YWJj", b"YW Jj", b"YW!Jj", b"YWJ", b"YWJjZA==x", b"=YWJj", b"YW-_", "YWJj", 5, None]:
    c.call("b64decode", s)
    c.call("b64decode", s, validate=True)
    c.call("urlsafe_b64decode", s)
c.call("b64encode", b"abc", b"-")
c.call("b64encode", b"abc", b"-_=")
c.call("b64encode", 5)
c.call("b64decode", b"YW-_", b"-_")
c.call("b64decode", b"YW+/", "-_")
c.call("b64decode", b"YW-_", b"-")
c.call("b64decode", b"YW-_", 5)
for s in [b"MFRGG===", b"mfrgg===", b"MFRGG", b"MFRGG==", b"MFRGG=======", b"M=======", b"MF======",
          b"MFR=====", b"MFRG====", b"MFRGGZ==", b"MFRGGZD=", b"MFRGGZDF", b"MFRG1===", b"MFRG0===",
          b"MFRG!===", b"========", b"", "MFRGG===", 5]:
    c.call("b32decode", s)
    c.call("b32decode", s, True)
    c.call("b32hexdecode", s)
for m in [b"L", b"I", "L", b"LL", 5, None]:
    c.call("b32decode", b"MFRG1===", False, m)
    c.call("b32decode", b"MFRG0===", map01=m)
for s in [b"414243", b"41424", b"41424g", b"61626a", b"", b"4 1", "414243", 5]:
    c.call("b16decode", s)
    c.call("b16decode", s, casefold=True)
c.call("decodebytes", b"YWJj\nZGVm\n")
c.call("decodebytes", b"YWJ")
c.call("encodebytes", b"x" * 200)
c.write(open(os.path.join(out, "base64.json"), "w"))

# hashlib
c = Cases(hashlib)
algos = ["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512"]
for a in algos:
    for s in samples:
        c.steps((a, (s,)), (".hexdigest", ()))
        c.steps((a, (s,)), (".digest", ()))
        c.steps(("new", (a, s)), (".hexdigest", ()))
    c.steps((a, ()), (".hexdigest", ()))
    c.steps((a, (), {"string": b"x"}), (".hexdigest", ()))
    c.steps((a, (b"x",), {"usedforsecurity": False}), (".hexdigest", ()))
    for attr in [".name", ".digest_size", ".block_size"]:
        c.steps((a, (b"x",)), (attr,))
    c.steps((a, (b"ab",)), (".update", (b"cd",)))
    c.steps((a, (5,)))
    c.steps(("new", (a.upper(), b"abc")), (".hexdigest", ()))
    c.steps(("new", (a,), {"data": b"abc"}), (".hexdigest", ()))
    c.steps(("new", (a,)), (".name",))
for n in ["foo", "", 5, "Md5", "MD5", "sha-1", "SHA1", "sha-224", "SHA-512", "Sha256", "sha3-256", "SHA3-512",
          "sha3_256", "SHA3_256", "sha_256", "sha-384"]:
    c.steps(("new", (n,)), (".name",))
    c.steps(("new", (n, b"x")), (".hexdigest", ()))
c.write(open(os.path.join(out, "hashlib.json"), "w"))
