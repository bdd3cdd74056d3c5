"""Drives a DebuggingServer with Python's smtplib; prints one line per
check. usage: smtp_client.py PORT
"""
import smtplib
import sys

port = int(sys.argv[1])
s = smtplib.SMTP("127.0.0.1", port, timeout=60)
code, msg = s.ehlo("client.example")
print("ehlo", code, b"SIZE" in msg, msg.splitlines()[-1].decode())
code, msg = s.helo("again")
print("helo-after-ehlo", code, msg.decode())
# several recipients
refused = s.sendmail("from@example.com", ["a@example.com", "b@example.com", "c@example.com"],
                     "Subject: several\r\n\r\nto three people\r\n")
print("several", refused)
# dot-stuffing: smtplib doubles a leading dot, the server removes it
s.sendmail("from@example.com", ["a@example.com"], "Subject: dots\r\n\r\n.leading dot\r\n..two dots\r\nend\r\n")
# a 1 MB message
body = ("x" * 1023 + "\r\n") * 1024
s.sendmail("from@example.com", ["big@example.com"], "Subject: big\r\n\r\n" + body)
print("big sent", len(body))
# RSET between transactions
print("mail", s.mail("first@example.com")[0])
print("rset", s.rset()[0])
print("mail-again", s.mail("second@example.com")[0])
print("rcpt", s.rcpt("r@example.com")[0])
print("data", s.data("Subject: after rset\r\n\r\nhello")[0])
# an over-long command line
s.putcmd("NOOP " + "y" * 600)
print("long", s.getreply())
print("noop", s.noop())
print("help", s.help().decode())
print("vrfy", s.verify("x@example.com")[0])
s.putcmd("EXPN x")
print("expn", s.getreply())
print("quit", s.quit())
