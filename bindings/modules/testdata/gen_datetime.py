"""Writes datetime.table.json, cases of the datetime module (naive
datetimes and timedeltas), from CPython 3.11, in UTC and another zone.

Run: python3 testdata/gen_datetime.py > testdata/datetime.table.json
"""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"datetime": datetime})
D = "d = datetime.datetime(2020, 1, 2, 3, 4, 5)"
for tz in ["UTC", "Europe/Berlin"]:
    t.set_tz(tz)
    for ts in ["0", "1e9 + 0.25", "-86400.5", "1700000000", "0.0000005", "0.0000015"]:
        t.case("str(datetime.datetime.utcfromtimestamp(%s))" % ts)
        t.case("repr(datetime.datetime.fromtimestamp(%s))" % ts)
    t.case("datetime.datetime(2020, 7, 1, 12).timestamp()")
for src in ["datetime.datetime(2020, 1, 2)", "datetime.datetime(2020, 1, 2, 3, 4, 5)",
            "datetime.datetime(2020, 1, 2, 3, 4, 0, 7)", "datetime.datetime(1, 1, 1)",
            "datetime.datetime(9999, 12, 31, 23, 59, 59, 999999)", "datetime.datetime(2024, 2, 29, microsecond=5)"]:
    t.case("str(%s)" % src)
    t.case("repr(%s)" % src)
    t.case("repr([%s])" % src)
for bad in ["0, 1, 1", "2020, 13, 1", "2020, 2, 30", "2021, 2, 29", "2020, 1, 1, 24", "2020, 1, 1, 0, 60",
            "2020, 1, 1, 0, 0, 60", "2020, 1, 1, 0, 0, 0, 1000000", "10000, 1, 1", "2020, 1, 0"]:
    t.case("datetime.datetime(%s)" % bad)
t.case("datetime.datetime(2020, 1)", exact=False)
for expr in ["d.year", "d.month", "d.day", "d.hour", "d.minute", "d.second", "d.microsecond", "d.weekday()",
             "d.isoweekday()", "d.isoformat()", "d.isoformat(' ')", "d.strftime('%Y%m%d%H%M%S')",
             "d.strftime('%a %b %d %H:%M:%S.%f %j %%f')", "tuple(d.timetuple())", "d.timetuple().tm_yday",
             "str(d - datetime.datetime(2020, 1, 1))", "repr(d - datetime.datetime(2021, 1, 1))",
             "(d - datetime.datetime.utcfromtimestamp(0)).total_seconds()",
             "str(d + datetime.timedelta(days=30, hours=21))", "str(d - datetime.timedelta(seconds=1))",
             "str(datetime.timedelta(hours=1) + d)",
             "d == datetime.datetime(2020, 1, 2, 3, 4, 5)", "d < datetime.datetime(2020, 1, 2, 3, 4, 6)",
             "d != datetime.datetime(2020, 1, 2)", "len(dict([(d, 1), (datetime.datetime(2020, 1, 2, 3, 4, 5), 2)]))",
             "str(datetime.datetime.strptime('20200102030405', '%Y%m%d%H%M%S'))",
             "str(datetime.datetime.strptime('Jan 5 2021', '%b %d %Y'))"]:
    t.case(expr, prelude=D)
for bad in ["datetime.datetime.strptime('2020', '%Y%m%d%H%M%S')", "datetime.datetime.strptime('20200102030460', '%Y%m%d%H%M%S')",
            "datetime.datetime.strptime('2020x', '%Y')", "datetime.datetime.strptime(1, '%Y')",
            "datetime.datetime.strptime('2020', '%Q')", "datetime.datetime.utcfromtimestamp('0')",
            "datetime.datetime(9999, 12, 31) + datetime.timedelta(days=1)", "d + 1", "d - 1",
            "datetime.datetime(1, 1, 1) - datetime.timedelta(microseconds=1)"]:
    t.case(bad, prelude=D)
for src in ["", "1", "days=1, seconds=5", "seconds=-1", "hours=-1", "minutes=90", "milliseconds=1500",
            "microseconds=-1", "weeks=2, days=-1", "days=-2, hours=5", "seconds=0.5", "days=0.1",
            "microseconds=0.5", "microseconds=1.5", "hours=1.25"]:
    td = "datetime.timedelta(%s)" % src
    t.case("str(%s)" % td)
    t.case("repr(%s)" % td)
    t.case("[%s.days, %s.seconds, %s.microseconds, %s.total_seconds(), bool(%s)]" % (td, td, td, td, td))
T = "a = datetime.timedelta(days=1, seconds=30)\nb = datetime.timedelta(hours=2)"
for expr in ["str(a + b)", "str(a - b)", "str(b - a)", "str(-a)", "str(a * 3)", "str(3 * a)", "str(a * -1)",
             "a > b", "a == datetime.timedelta(seconds=86430)", "len(dict([(a, 1), (datetime.timedelta(seconds=86430), 2)]))"]:
    t.case(expr, prelude=T)
for bad in ["datetime.timedelta(days='1')", "datetime.timedelta(seconds=None)", "a + 1", "a * 1.5 if False else a * 'x'"]:
    t.case(bad, prelude=T, exact=False)
t.dump()
