"""Writes time.table.json, cases of the time module, from CPython 3.11.

Run: python3 testdata/gen_time.py > testdata/time.table.json
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"time": time})
for tz in ["UTC", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata",
           "Asia/Tokyo", "America/St_Johns"]:
    t.set_tz(tz)
    for name in ["timezone", "altzone", "daylight", "tzname"]:
        t.case("time." + name)
    for secs in ["0", "1e9 + 0.7", "-1e12", "1700000000", "1719900000", "True", "-0.5", "6.7e16"]:
        t.case("time.ctime(%s)" % secs)
        t.case("time.localtime(%s)" % secs)
    t.case("time.mktime((2024, 7, 2, 12, 0, 0, 0, 0, -1))")
    t.case("time.mktime((2024, 1, 2, 12, 0, 0, 0, 0, -1))")
    t.case("time.strptime('12:00 %s', '%%H:%%M %%Z')" % time.tzname[0])
    t.case("time.strptime('12:00 %s', '%%H:%%M %%Z')" % time.tzname[1])
    t.case("time.strptime('12:00 UTC', '%H:%M %Z')")
    t.case("time.strptime('12:00 gmt', '%H:%M %Z')")
    t.case("time.strptime('12:00 XYZ', '%H:%M %Z')")
t.set_tz("UTC")
for bad in ['"x"', "1e300", 'float("nan")', "None if False else 2 * 1000000000000000000000", "1e17", "[]"]:
    t.case("time.ctime(%s)" % bad)
t.case("time.ctime()[3] + time.ctime()[7]")
t.case("len(time.ctime())")
t.case("time.ctime(1, 2)", exact=False)
for a in ["(2020,1,1,0,0,0,0,1,0)", "(1,2)", "(2020,13,1,0,0,0,0,1,0)", "(2020,0,0,0,0,0,0,0,0)",
          "(2020,1,1,24,0,0,0,1,0)", "(2020,1,1,0,60,0,0,1,0)", "(2020,1,1,0,0,62,0,1,0)",
          "(2020,1,1,0,0,61,0,1,0)", "(2020,1,1,0,0,0,-2,1,0)", "(2020,1,1,0,0,0,-1,1,0)",
          "(2020,1,1,0,0,0,13,1,0)", "(2020,1,32,0,0,0,0,1,0)", "(2020,1,1,0,0,0,0,367,0)",
          "(2020,1,1,0,0,0,0,-1,0)", "(2020,-1,1,0,0,0,0,1,0)", "(99999,1,1,0,0,0,0,1,0)",
          "(-5,1,1,0,0,0,0,1,0)", '"abc"', "(2020.0,1,1,0,0,0,0,1,0)", "[2020,1,1,0,0,0,0,1,0]",
          "(2020,1,1,0,0,0,0,1,0,0)", "(True,1,1,0,0,0,6,1,0)", "(2020,1.5,1,0,0,0,0,1,0)",
          "time.gmtime(0)", "time.gmtime(1e9)", "time.localtime(1234567890)"]:
    t.case("time.asctime(%s)" % a)
t.case("len(time.asctime())")

data = [
    ("2024-03-05 13:04:05", "%Y-%m-%d %H:%M:%S"),
    ("Tue Mar  5 13:04:05 2024", "%a %b %d %H:%M:%S %Y"),
    ("Tue Mar  5 13:04:05 2024", None),
    ("tuesday MARCH 5 2024", "%A %B %d %Y"),
    ("Sun Sep 09 01:46:40 2001", "%c"),
    ("03/05/24", "%x"),
    ("03/05/69", "%x"),
    ("03/05/68", "%x"),
    ("13:04:05", "%X"),
    ("1:04 pm", "%I:%M %p"),
    ("12:04 AM", "%I:%M %p"),
    ("12:04 PM", "%I:%M %p"),
    ("12:04", "%I:%M"),
    ("2024 60", "%Y %j"),
    ("2023 60", "%Y %j"),
    ("2024 366", "%Y %j"),
    ("2023 366", "%Y %j"),
    ("2024 10 3", "%Y %U %w"),
    ("2024 10 0", "%Y %W %w"),
    ("2024 0 0", "%Y %U %w"),
    ("2023 0 1", "%Y %W %w"),
    ("2024 10 3", "%G %V %u"),
    ("2021 1 1", "%G %V %u"),
    ("2024 10", "%G %V"),
    ("10 3", "%V %u"),
    ("2024 10 3", "%Y %V %u"),
    ("2024 10 3 60", "%G %V %u %j"),
    ("Feb 29", "%b %d"),
    ("2023-02-29", "%Y-%m-%d"),
    ("2023-02-30", "%Y-%m-%d"),
    ("0000-01-01", "%Y-%m-%d"),
    ("2024-03-05", "%Y-%m-%d %H"),
    ("2024-03-05 extra", "%Y-%m-%d"),
    ("2024-03-05", "%Y-%m-%"),
    ("2024-03-05", "%Y-%m-%q"),
    ("2024-03-05", "%Y-%m-% d"),
    ("2024%03", "%Y%%%m"),
    ("12.5", "%S.%f"),
    ("+0530", "%z"),
    ("-05:30", "%z"),
    ("+05:30:15", "%z"),
    ("+05:3015", "%z"),
    ("Z", "%z"),
    ("z", "%z"),
    ("a.b(c)", "a.b(c)"),
    ("  2024   3", "%Y %m"),
    ("2024 \t 3", "%Y %m"),
    ("2024x3", "%Yx%m"),
    ("2024X3", "%Yx%m"),
    ("", ""),
    ("x", ""),
    ("5", "%d"),
    (" 5", "%d"),
    ("31 4", "%d %m"),
    ("Monday 2024 10", "%A %Y %W"),
]
for s, f in data:
    if f is None:
        t.case("time.strptime(%r)" % s)
    else:
        t.case("time.strptime(%r, %r)" % (s, f))
t.case("time.strptime(1)")
t.case("time.strptime('1', 1)")
t.case("time.strptime()", exact=False)
# struct_time: a tuple whose items are also attributes
t.set_tz("UTC")
for expr in ["time.gmtime(1e9).tm_mon", "time.gmtime(1e9).tm_yday", "time.localtime(0).tm_year",
             "time.strptime('2024-03-05', '%Y-%m-%d').tm_mday", "time.gmtime(1e9)[1:3]", "list(time.gmtime(0))",
             "time.gmtime(0) == time.gmtime(0)", "time.gmtime(0) < time.gmtime(1)",
             "time.gmtime(0) == (1970, 1, 1, 0, 0, 0, 3, 1, 0)", "(1970, 1, 1, 0, 0, 0, 3, 1, 0) == time.gmtime(0)",
             "time.gmtime(0) < (1971,)", "time.gmtime(0) != (1970,)", "repr(time.gmtime(1e9))", "str(time.gmtime(0))",
             "repr([time.gmtime(0)])", "'%s' % (time.gmtime(0),)", "len(time.gmtime(0))"]:
    t.case(expr)
t.dump()
