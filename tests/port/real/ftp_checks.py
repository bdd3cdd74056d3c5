"""Asks an FTP server for the files tests/port_real_test.go serves, with
Python's ftplib in passive mode, and prints one line per answer: an
anonymous session that reads (LIST, MLSD, NLST, RETR in binary and ASCII
mode) and is refused writing, then the user "user" (password "secret")
who stores, renames, deletes and sets a time. What differs by nature
between two servers on two copies of a folder is masked: listings' dates,
owners and inode numbers. usage: ftp_checks.py PORT
"""
import ftplib
import hashlib
import io
import re
import sys


def listing(f, cmd):
    lines = []
    resp = f.retrlines(cmd, lines.append)
    out = []
    for line in lines:
        if cmd.startswith("MLSD"):
            line = re.sub(r"(modify|unique)=[^;]*;", r"\1=X;", line)
        else:  # "-rw-r--r--   1 owner    group  6 Dec 07 16:41 hello.txt"
            f_ = line.split(None, 8)
            line = " ".join([f_[0], f_[4], f_[8]])
        out.append(line)
    return resp, sorted(out)


def attempt(label, fn, *args):
    try:
        print(label, fn(*args))
    except ftplib.Error as e:
        print(label, "refused", str(e))


port = int(sys.argv[1])
f = ftplib.FTP()
print("welcome", f.connect("127.0.0.1", port, timeout=60))
print("login", f.login())
print("pwd", f.pwd())
print("nlst", sorted(f.nlst()))
print("list", *listing(f, "LIST"))
print("mlsd", *listing(f, "MLSD"))
print("type", f.voidcmd("TYPE I"))
print("size", f.size("hello.txt"))
data = []
print("retr", f.retrbinary("RETR big.bin", data.append), hashlib.sha256(b"".join(data)).hexdigest()[:16])
lines = []
print("retr text", f.retrlines("RETR hello.txt", lines.append), lines)
print("cwd", f.cwd("sub"), f.pwd(), sorted(f.nlst()))
print("list sub", *listing(f, "LIST"))
attempt("stor anonymous", f.storbinary, "STOR x.txt", io.BytesIO(b"x"))
for cmd in ["MKD x", "DELE /hello.txt", "RNFR /hello.txt", "CWD /missing", "RETR missing", "SITE HELP", "FOO"]:
    attempt(cmd, f.sendcmd, cmd)
print("quit", f.quit())

f = ftplib.FTP()
f.connect("127.0.0.1", port, timeout=60)
attempt("login bad", f.login, "user", "wrong")
print("login user", f.login("user", "secret"))
print("stor", f.storbinary("STOR up.bin", io.BytesIO(bytes(range(256)) * 40)))
print("stor text", f.storlines("STOR up.txt", io.BytesIO(b"one\ntwo\r\nthree\n")))
data = []
print("retr up", f.retrbinary("RETR up.bin", data.append), hashlib.sha256(b"".join(data)).hexdigest()[:16])
data = []
print("retr up text", f.retrbinary("RETR up.txt", data.append), b"".join(data))
print("appe", f.storbinary("APPE up.txt", io.BytesIO(b"four\n")), f.size("up.txt"))
print("rename", f.rename("up.txt", "moved.txt"))
print("nlst", sorted(f.nlst()))
print("mfmt", f.sendcmd("MFMT 20200102030405 moved.txt"))
print("mlst", re.sub(r"(unique)=[^;]*;", r"\1=X;", f.sendcmd("MLST moved.txt")))
attempt("mfmt bad", f.sendcmd, "MFMT 2020 moved.txt")
print("delete", f.delete("moved.txt"), f.delete("up.bin"))
print("mkd", f.mkd("newdir"), f.rmd("newdir"))
attempt("delete missing", f.delete, "moved.txt")
print("nlst", sorted(f.nlst()))
print("quit", f.quit())
