"""Writes collections.table.json, cases of the collections module, from
CPython 3.11.

Run: python3 testdata/gen_collections.py > testdata/collections.table.json
"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

t = Table({"collections": collections})
D = "d = collections.deque"

# deque
for src in [
    "collections.deque()", "collections.deque([1, 2, 3])", "collections.deque('abc')",
    "collections.deque([1, 2, 3], 2)", "collections.deque([1, 2, 3], maxlen=0)", "collections.deque(maxlen=-1)",
    "collections.deque(maxlen='x')", "collections.deque(1)",
    D + "([1, 2]); d.append(3); r = d", D + "([1, 2]); d.appendleft(0); r = d",
    D + "([1, 2], 2); d.append(3); r = d", D + "([1, 2], 2); d.appendleft(0); r = d",
    D + "([], 0); d.append(1); r = d", D + "([1, 2]); d.extend([3, 4]); r = d",
    D + "([1, 2]); d.extendleft([3, 4]); r = d", D + "([1, 2], 3); d.extend([3, 4, 5]); r = d",
    D + "([1, 2], 3); d.extendleft([3, 4, 5]); r = d", D + "([1, 2]); d.extend(d); r = d",
    D + "([1, 2]); d.extend(1)", D + "([1, 2, 3]); r = [d.pop(), d.popleft(), d]",
    D + "(); d.pop()", D + "(); d.popleft()",
    D + "([1, 2, 3, 4, 5]); d.rotate(); r = d", D + "([1, 2, 3, 4, 5]); d.rotate(2); r = d",
    D + "([1, 2, 3, 4, 5]); d.rotate(-2); r = d", D + "([1, 2, 3, 4, 5]); d.rotate(12); r = d",
    D + "([1, 2, 3, 4, 5]); d.rotate(-12); r = d", D + "(); d.rotate(3); r = d",
    D + "([1]); d.rotate('x')", D + "([1, 2, 3]); d.rotate(1.5)",
    D + "([1, 2, 1]); d.remove(1); r = d", D + "([1]); d.remove(2)",
    D + "([1, 2, 1]); r = d.count(1)", D + "([1, 2, 3, 2]); r = [d.index(2), d.index(2, 2), d.index(2, -2)]",
    D + "([1, 2, 3]); d.index(3, 0, 2)", D + "([1, 2, 3]); d.index(9)",
    D + "([1, 2, 3]); d.insert(1, 9); r = d", D + "([1, 2, 3]); d.insert(-1, 9); r = d",
    D + "([1, 2, 3]); d.insert(10, 9); r = d", D + "([1, 2, 3]); d.insert(-10, 9); r = d",
    D + "([1], 1); d.insert(0, 2)", D + "([1, 2, 3]); d.reverse(); r = d",
    D + "([1, 2, 3]); d.clear(); r = d", D + "([1, 2], 5); e = d.copy(); e.append(3); r = [d, e]",
    D + "([1, 2, 3]); r = [d[0], d[-1], len(d), 2 in d, 9 in d, bool(d), bool(collections.deque())]",
    D + "([1, 2, 3]); d[1] = 9; r = d",
    D + "([1]); r = d + collections.deque([2])", D + "([1]); r = d + [2]", D + "([1, 2], 3); r = d * 2",
    D + "([1]); r = [collections.deque([1]) == d, collections.deque([2]) == d, d < collections.deque([2])]",
    D + "([1, 2], 4); r = d.maxlen", D + "(); r = d.maxlen",
    D + "([1, 2, 3]); r = [x * 2 for x in d]", D + "([1, 2]); a, b = d; r = (a, b)",
]:
    t.case(src)
for e in ["collections.deque([1, 2])", "collections.deque([1, 2], maxlen=3)", "collections.deque()",
          "collections.deque(['a'], 0)"]:
    t.repr_case(e)

# defaultdict
DD = "d = collections.defaultdict"
for src in [
    DD + "(list); d['a'].append(1); d['a'].append(2); d['b']; r = d",
    DD + "(int); d['x'] += 1; d['x'] += 1; d['y'] += 5; r = d",
    DD + "(lambda: 'v'); r = [d['k'], d]", DD + "(); d['k']", DD + "(None); d['k']",
    DD + "(list, a=1); r = [d.get('b'), 'b' in d, len(d), d]", DD + "(list, [('a', 1)], b=2); r = d",
    DD + "(list, {'a': 1}); r = d", DD + "(1)", DD + "(list, 1)",
    DD + "(list, a=1); r = [d.default_factory == list, sorted(d.keys())]",
    DD + "(list, a=1, b=2); r = [d.popitem(), d]", DD + "(list); d.popitem()",
    DD + "(list, a=1); e = d.copy(); e['b'].append(1); r = [d, e, e.default_factory == list]",
    DD + "(list, a=1); r = dict(d)", DD + "(list, a=1); r = d.setdefault('b', 7)",
    DD + "(list, a=1); r = d.pop('a')", DD + "(list, a=1); d.update({'b': 2}); r = d",
    DD + "(list, a=1); r = [k for k in d]", DD + "(list, a=1); r = d | {'b': 2}",
    DD + "(list, a=1); r = {'b': 2} | d", DD + "(list, {}, {})", DD + "() | 1", "collections.OrderedDict() | 1",
    DD + "(list, a=1); d.default_factory = int; d['z'] += 1; r = d",
    DD + "(list, a=1); r = d == collections.defaultdict(int, a=1)",
]:
    t.case(src)
for e in ["collections.defaultdict(list, a=1)", "collections.defaultdict()", "collections.defaultdict(int)"]:
    t.repr_case(e)

# OrderedDict
OD = "d = collections.OrderedDict"
for src in [
    OD + "(); d['b'] = 1; d['a'] = 2; r = list(d.items())",
    OD + "([('a', 1), ('b', 2), ('c', 3)]); d.move_to_end('a'); r = list(d)",
    OD + "([('a', 1), ('b', 2), ('c', 3)]); d.move_to_end('c', last=False); r = list(d)",
    OD + "([('a', 1), ('b', 2), ('c', 3)]); d.move_to_end('c', False); r = list(d)",
    OD + "(a=1); d.move_to_end('z')",
    OD + "([('a', 1), ('b', 2), ('c', 3)]); r = [d.popitem(), d.popitem(last=False), d]",
    OD + "(); d.popitem()", OD + "(); d.popitem(False)",
    OD + "([('a', 1), ('b', 2)]); r = [d == collections.OrderedDict([('b', 2), ('a', 1)]), d == collections.OrderedDict([('a', 1), ('b', 2)])]",
    OD + "(a=1); r = [d['a'], d.get('z', 0), len(d), 'a' in d]", OD + "(a=1); r = d['z']",
    OD + "(1)", OD + "({}, {})",
    OD + "(a=1); e = d.copy(); e['b'] = 2; r = [d, e]", OD + "(a=1); r = d | {'b': 2}",
    OD + "([('a', 1), ('b', 2)]); del_ = d.pop('a'); d['a'] = 3; r = list(d.items())",
]:
    t.case(src)
for e in ["collections.OrderedDict([('a', 1), ('b', 2)])", "collections.OrderedDict()"]:
    t.repr_case(e)

# Counter
C = "c = collections.Counter"
for src in [
    "collections.Counter('abracadabra')", "collections.Counter(['a', 'b', 'a'])", "collections.Counter({'a': 3, 'b': -1})",
    "collections.Counter(a=2, b=1)", "collections.Counter('ab', a=5)", "collections.Counter(1)",
    "collections.Counter('a', 'b')", "collections.Counter()", "collections.Counter({'a': 1}, a=2)",
    C + "('abracadabra'); r = c.most_common(2)", C + "('abracadabra'); r = c.most_common()",
    C + "('abracadabra'); r = c.most_common(0)", C + "('abracadabra'); r = c.most_common(-1)",
    C + "('abracadabra'); r = c.most_common(99)", C + "('abcab'); r = c.most_common()",
    C + "('ab'); r = [c['a'], c['z'], 'z' in c, len(c)]",
    C + "(a=2, b=-1, c=0, d=3); r = list(c.elements())",
    C + "('ab'); c.update('abc'); r = c", C + "('ab'); c.update({'a': 5, 'z': 1}); r = c",
    C + "('ab'); c.update(a=1); r = c", C + "('ab'); c.update(collections.Counter('bb')); r = c",
    C + "('ab'); c.subtract('abb'); r = c", C + "('ab'); c.subtract({'a': 5}); r = c",
    C + "(a=3, b=1); r = c.total()", C + "(); r = c.total()",
    C + "(a=1); r = c + collections.Counter(a=-2, b=3)", C + "(a=1); r = c - collections.Counter(a=-2, b=3)",
    C + "(a=2, c=1); r = c | collections.Counter(a=3, b=1)", C + "(a=2, c=1); r = c & collections.Counter(a=3, b=1)",
    C + "(a=1, b=-2, c=0); r = -c", C + "(a=1, b=-2, c=0); r = +c", C + "(a=1); r = c + 1", C + "(a=1); r = c | 1", C + "(a=1); r = 1 - c",
    C + "(a=1); r = c == collections.Counter(a=1, b=0)", C + "(a=1); r = c != collections.Counter(a=2)",
    C + "('ab'); r = [c < collections.Counter('abc'), c <= collections.Counter('ab'), c > collections.Counter('a'), c >= collections.Counter('abc')]",
    C + "(a=1); c.fromkeys('ab')", C + "(a=1, b=2); r = [c.popitem(), c]", C + "(); c.popitem()",
    C + "(a=1); d = c.copy(); d['a'] += 5; r = [c, d]", C + "(); c['x'] += 1; c['x'] += 1; r = c",
    C + "('aab'); r = dict(c)", C + "('aab'); r = sorted(c)",
]:
    t.case(src)
for e in ["collections.Counter('abracadabra')", "collections.Counter()", "collections.Counter(a=1.5, b=3)",
          "collections.Counter({'x': 'y', 'z': 'w'})"]:
    t.repr_case(e)

# namedtuple
P = "P = collections.namedtuple('P', 'x y'); "
for src in [
    P + "p = P(1, 2); r = [p.x, p.y, p[0], p[-1], len(p), p]", P + "r = P(x=1, y=2)", P + "r = P(1, y=2)",
    P + "r = P(1)", P + "r = P(1, 2, 3)", P + "r = P(1, z=2)", P + "r = P(1, x=2)", P + "r = P()",
    P + "r = P._fields", P + "r = P._make([3, 4])", P + "r = P._make([1])", P + "r = P(1, 2)._asdict()",
    P + "r = P(1, 2)._replace(y=5)", P + "r = P(1, 2)._replace(z=1)", P + "r = P(1, 2)._replace(z=1, w=2)",
    P + "r = P(1, 2).z", P + "a, b = P(1, 2); r = [a, b]", P + "r = [x for x in P(1, 2)]",
    P + "r = P(1, 2)[0:1]", P + "r = [P(1, 2) == P(1, 2), P(1, 2) < P(1, 3), P(1, 2) != P(2, 1)]",
P + "r = P(1, 2) + (3,)", P + "r = (0,) + P(1, 2)",
    P + "r = P(1, 2) * 2", P + "r = [P(1, 2).count(1), P(1, 2).index(2), 2 in P(1, 2)]",
    P + "r = P(1, 2).index(9)", P + "r = P(1, 2)._fields",
    "P = collections.namedtuple('P', ['a', 'b', 'c'], defaults=[5, 6]); r = [P(1), P(1, 2), P._field_defaults]",
    "P = collections.namedtuple('P', 'a b', defaults=[1, 2, 3])",
    "P = collections.namedtuple('P', 'a, b'); r = P._fields",
    "P = collections.namedtuple('P', 'x def _z x', rename=True); r = P._fields",
    "P = collections.namedtuple('P', 'x _y')", "P = collections.namedtuple('P', 'x x')",
    "P = collections.namedtuple('P', 'x def')", "P = collections.namedtuple('1P', 'x')",
    "P = collections.namedtuple('P', ['x', 1])", "P = collections.namedtuple('class', 'x')",
    "P = collections.namedtuple('P', 'x y z'); P(1)", "P = collections.namedtuple('P', 'x y z'); P()",
    "P = collections.namedtuple('P', ''); r = P()", "P = collections.namedtuple('P', 1)",
    "P = collections.namedtuple('P', 'x'); r = P.__name__",
]:
    t.case(src)
t.repr_case("collections.namedtuple('P', 'x y')(1, 'a')")
t.repr_case("collections.namedtuple('P', 'x y')")
# messages Starlark words its own way: only the class must match
for src in ["collections.deque([1]).pop(0)", "collections.OrderedDict([1])", "collections.deque([1], 2, 3)", "collections.deque([1])[5]", "collections.deque([1])['x']"]:
    t.case(src, exact=False)
t.dump()
