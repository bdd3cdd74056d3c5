"""Writes random.table.json, cases of the random, heapq and bisect modules,
from CPython 3.11: after seed(n), every function gives CPython's values.

Run: python3 testdata/gen_random.py > testdata/random.table.json
"""
import bisect
import heapq
import os
import random
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

warnings.simplefilter("ignore")
t = Table({"random": random, "heapq": heapq, "bisect": bisect})

# random: the same values after the same seed
for seed in ["0", "1", "42", "-42", "4294967296", "1267650600228229401496703217621", "True", "1.5", "-2.5", "0.0", "1e300",
             "'hello'", "''", "b'bytes'", "'hello', version=1", "b'x', version=1", "12345678901234567890"]:
    s = "random.seed(%s); " % seed
    t.case(s + "r = [random.random() for _ in range(5)]")
    t.case(s + "r = [random.getrandbits(k) for k in (1, 7, 31, 32, 33, 64, 100, 0)]")
    t.case(s + "r = [random.randrange(10) for _ in range(10)]")
    t.case(s + "r = [random.randint(-5, 5) for _ in range(10)]")
for call in ["random.randrange(3, 1000, 7)", "random.randrange(1000, 3, -7)", "random.randrange(1180591620717411303424)",
             "random.randrange(-10, 10)", "random.randint(0, 18446744073709551616)", "random.choice('abcdef')",
             "random.choice([1, 2, 3])", "random.choice((1,))", "random.uniform(1, 2)", "random.uniform(5, -5)",
             "random.uniform(1.5, 1.5)", "random.randrange(5.0)", "random.randrange(1, 7.0, 2)",
             "random.randbytes(5)", "random.randbytes(0)", "random.choices([1, 2, 3], k=5)",
             "random.choices('abc', [1, 0, 5], k=6)", "random.choices('abc', cum_weights=[1, 1, 6], k=6)",
             "random.choices('abc', [0.5, 0.25, 0.25], k=6)", "random.choices('abc')",
             "random.sample(range(100), 5)", "random.sample([1, 2, 3], 3)", "random.sample('abcdef', 2)",
             "random.sample(range(10), 0)", "random.sample(range(10000), 30)", "random.sample(range(30), 25)",
             "random.sample(['a', 'b'], 5, counts=[3, 2])", "random.sample(['a', 'b'], 3, counts=[1, 2])"]:
    t.case("random.seed(7); r = [%s for _ in range(3)]" % call)
t.case("random.seed(7); x = list(range(10)); random.shuffle(x); r = x")
t.case("random.seed(8); x = ['a', 'b', 'c']; random.shuffle(x); random.shuffle(x); r = x")
t.case("g = random.Random(5); h = random.Random(5); r = [g.random() == h.random(), g.randrange(100)]")
t.case("g = random.Random('x'); r = g.random()")
t.case("random.seed(3); a = random.random(); random.seed(3); r = a == random.random()")
for bad in ["random.randrange(0)", "random.randrange(5, 2)", "random.randrange(1, 5, 0)", "random.randrange(1.5)",
            "random.randrange('5')", "random.randrange('x')", "random.randrange(None)", "random.randrange(5, step=2)",
            "random.randrange(1, 2.5)", "random.randrange(1, 5, 1.5)", "random.randrange(5, 2, 1)",
            "random.randrange(5, 2, 3)", "random.randint(1, 0)", "random.randint(1, 'x')", "random.choice([])",
            "random.choice(5)", "random.sample([1, 2], 3)", "random.sample({1: 2}, 1)", "random.sample(range(5), -1)",
            "random.sample([1, 2], 1, counts=[1])", "random.sample([1, 2], 1, counts=[0, 0])",
            "random.sample([1, 2], 1, counts=[1.5, 1])", "random.getrandbits(-1)", "random.getrandbits(1.5)",
            "random.choices([1, 2], [0, 0])", "random.choices([1, 2], [1])", "random.choices([1], 2)",
            "random.choices([1, 2], weights=[1, 1], cum_weights=[1, 2])", "random.choices([], k=1)",
            "random.choices([1], [float('inf')])", "random.shuffle((1, 2))", "random.shuffle(5)",
            "random.uniform('a', 1)"]:
    t.case(bad)
t.case("random.seed([1])", exact=False)

# heapq: the lists look as CPython leaves them
t.case("h = []; [heapq.heappush(h, x) for x in [5, 3, 8, 1, 9, 2, 7]]; r = h")
t.case("h = [5, 3, 8, 1, 9, 2, 7, 4, 6, 0]; heapq.heapify(h); r = h")
t.case("h = [5, 3, 8, 1, 9, 2, 7]; heapq.heapify(h); r = [heapq.heappop(h) for _ in range(7)] + [h]")
t.case("h = [5, 3, 8]; heapq.heapify(h); r = [heapq.heapreplace(h, 4), h]")
t.case("h = [5, 3, 8]; heapq.heapify(h); r = [heapq.heappushpop(h, 1), heapq.heappushpop(h, 6), h]")
t.case("h = []; r = heapq.heappushpop(h, 1)")
t.case("h = [(2, 'b'), (1, 'a'), (3, 'c')]; heapq.heapify(h); r = heapq.heappop(h)")
t.case("h = ['b', 'a', 'c']; heapq.heapify(h); heapq.heappush(h, 'A'); r = h")
for n in [-1, 0, 1, 3, 10]:
    for fn in ["nlargest", "nsmallest"]:
        t.case("heapq.%s(%d, [5, 1, 8, 3, 9, 2, 8, 1])" % (fn, n))
        t.case("heapq.%s(%d, ['bb', 'a', 'ccc', 'dd', 'e'], key=len)" % (fn, n))
t.case("heapq.nlargest(2, [(1, 'a'), (1, 'b'), (0, 'c')], key=lambda p: p[0])")
t.case("heapq.nsmallest(2, [(1, 'a'), (1, 'b'), (0, 'c')], key=lambda p: p[0])")
t.case("list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6, 9]))")
t.case("list(heapq.merge([1, 3], [1, 2], []))")
t.case("list(heapq.merge([7, 4, 1], [8, 2], reverse=True))")
t.case("list(heapq.merge(['a', 'ccc'], ['bb'], key=len))")
t.case("list(heapq.merge())")
for bad in ["heapq.heappush(1, 2)", "heapq.heappop([])", "heapq.heapreplace([], 1)", "heapq.heapify(1)",
            "heapq.heappushpop(1, 2)", "heapq.nsmallest(2, 1)", "heapq.heappop(1)",
            "h = [1, 'a']; heapq.heapify(h)", "h = [1]; heapq.heappush(h, 'a')"]:
    t.case(bad)
t.case("heapq.nlargest(2, [1, 'a'])", exact=False)  # CPython compares the other way round

# bisect
A = "[1, 2, 2, 2, 5, 7]"
for x in [0, 1, 2, 3, 5, 7, 8]:
    for fn in ["bisect", "bisect_left", "bisect_right"]:
        t.case("bisect.%s(%s, %d)" % (fn, A, x))
        t.case("bisect.%s(%s, %d, 2)" % (fn, A, x))
        t.case("bisect.%s(%s, %d, 1, 4)" % (fn, A, x))
        t.case("bisect.%s(%s, %d, hi=3)" % (fn, A, x))
    for fn in ["insort", "insort_left", "insort_right"]:
        t.case("a = %s; bisect.%s(a, %d); r = a" % (A, fn, x))
        t.case("a = [1.0, 2.0, 2.0]; bisect.%s(a, %d); r = a" % (fn, x))
t.case("bisect.bisect(['a', 'bb', 'ccc'], 2, key=len)")
t.case("bisect.bisect_left(['a', 'bb', 'ccc'], 2, key=len)")
t.case("a = ['a', 'ccc']; bisect.insort(a, 'bb', key=len); r = a")
t.case("a = [(1, 'a'), (3, 'c')]; bisect.insort_left(a, (2, 'b'), key=lambda p: p[0]); r = a")
t.case("bisect.bisect((1, 2, 3), 2)")
t.case("bisect.bisect('abc', 'b')")
t.case("bisect.bisect_left([1, 2, 3], 2, hi=None)")
t.case("bisect.bisect([3, 2, 1], 2, hi=-1)")
t.case("bisect.bisect([1, 2, 3], 2, 0, -2)")
t.case("bisect.bisect([1, 2], 1, 5)")
for bad in ["bisect.bisect([1, 2], 1, -1)", "bisect.bisect(1, 1)", "bisect.insort((1, 2), 1)",
            "bisect.bisect([1, 2], 1, 0, 5)", "bisect.bisect([1, 'a'], 2)", "bisect.bisect([1, 2], 1, 'x')"]:
    t.case(bad)
t.dump()
