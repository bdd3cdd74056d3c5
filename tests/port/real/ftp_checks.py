"""Asks an FTP server for the files tests/port_real_test.go serves, with
Python's ftplib, and prints one line per answer (listings without their
dates and owners, which differ between machines). usage: ftp_checks.py PORT
"""
import ftplib
import hashlib
import sys

f = ftplib.FTP()
print("welcome", f.connect("127.0.0.1", int(sys.argv[1]), timeout=60))
print("login", f.login())
print("pwd", f.pwd())
print("nlst", sorted(f.nlst()))
print("type", f.voidcmd("TYPE I"))
print("size", f.size("hello.txt"))
data = []
print("retr", f.retrbinary("RETR big.bin", data.append), hashlib.sha256(b"".join(data)).hexdigest()[:16])
lines = []
print("retr text", f.retrlines("RETR hello.txt", lines.append), lines)
print("cwd", f.cwd("sub"), f.pwd(), sorted(f.nlst()))
for cmd in ["STOR x", "MKD x", "DELE hello.txt"]:
    try:
        print(cmd, f.sendcmd(cmd))
    except ftplib.Error as e:
        print(cmd, "refused", str(e)[:3])
try:
    f.cwd("/missing")
except ftplib.Error as e:
    print("cwd missing", str(e)[:3])
print("quit", f.quit())
