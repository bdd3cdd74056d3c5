"""Python 3 statements, one of each kind the translator meets."""
from __future__ import annotations, division
from __future__ import (print_function,)
import asyncore
import os.path, socket as sock
from . import sibling
from .. import parent
from ...pkg.mod import name as alias, other
from os import *
from os import (path, sep,
                linesep)

counter = 0
a = b = c = []
x, y = 1, 2
(p, q), [r, *s] = (1, 2), [3, 4, 5]
first, *rest = items
items[0], obj.attr = 1, 2
x += 1; y -= 2; z *= 3
m @= n
x //= 2; x **= 2; x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1; x %= 3; x /= 2
total: int = 0
name: str
point: tuple[int, int] = (0, 0)


def plain(a, b=1, *args, c, d=2, **kwargs):
    global counter
    counter += 1
    return a, b


def positional(a, /, b, *, c):
    pass


def annotated(a: int, b: "str" = "x", *rest: int, **kw: object) -> bool:
    return True


def outer():
    value = 0

    def inner():
        nonlocal value
        value += 1
        return value

    return inner


def gen(n):
    yield
    yield n
    yield n, n + 1
    x = yield
    y = yield from range(n)


async def coroutine(reader):
    data = await reader.read(100)
    async with lock:
        pass
    async for item in reader:
        print(item)
    return [i async for i in reader]


@decorator
@decorator.with_args(1, key="v")
def decorated():
    pass


@property
def prop(self):
    return self._p


class Base:
    pass


class Derived(Base, metaclass=Meta):
    """A class with a nested class and a docstring."""
    attr = 1
    other = attr

    class Inner:
        deep = True

    @staticmethod
    def static(x):
        return x

    @classmethod
    def klass(cls):
        return cls()

    def method(self):
        return super().method()


while counter < 10:
    counter += 1
    if counter == 5:
        continue
    elif counter == 8:
        break
else:
    pass

for i in range(3):
    pass
else:
    print("done")

for i, (j, k) in enumerate(pairs):
    del mapping[i], other[j]

try:
    risky()
except ValueError as err:
    handle(err)
except (TypeError, KeyError):
    pass
except Exception:
    raise
else:
    ok()
finally:
    cleanup()

try:
    pass
finally:
    pass

with open("f") as fh, open("g") as gh:
    fh.read()

with (open("f") as fh, open("g") as gh):
    pass

with lock:
    pass

assert counter > 0
assert counter > 0, "counter must grow"
del counter
raise ValueError("bad") from None

if __name__ == "__main__":
    plain(1, c=2)
