# with, generators, loops with else, del.
import os
import sys



class Lock(object):
    def acquire(self):
        print("acquired")

    def release(self):
        print("released")

    def __enter__(self):
        self.acquire()

    def __exit__(self, kind, value, tb):
        self.release()


class Source(object):
    def __init__(self, text):
        self.text = text

    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, kind, value, tb):
        print("exit")

    def read(self):
        return self.text


lock = Lock()
texts = {"p": "one\ntwo\n\nthree"}


def read_lines(p):
    with Source(texts[p]) as f:
        return f.read().split("\n")


def guarded(n):
    with lock:
        for i in range(n):
            if i == 2:
                return i
    return -1


def words(p):
    for line in read_lines(p):
        if not line:
            continue
        yield line.upper()
    yield "END"


def find(items, want):
    for i in items:
        if i == want:
            print("found", want)
            break
    else:
        print("no", want)
    n = 0
    while n < 3:
        n += 1
        if n == want:
            break
    else:
        print("while ran out")
    return n


path = "p"
print(",".join(words(path)))
print(sorted(words(path))[0])
print(guarded(5), guarded(1))
for w in words(path):
    print("word", w)
find(["a", "b"], "b")
find(["a"], "z")
print(find([], 2))

keys = list(range(12))
del keys[0:8]
print(keys)
buf = [1, 2, 3, 4, 5]
del buf[3:]
print(buf)
del buf[:]
print(len(buf))
tmp = 5
del tmp


class Producer:
    """Steps through an iterator with next(), as pyftpdlib's
    BufferedIteratorProducer does."""

    def __init__(self, iterator):
        self.iterator = iterator

    def more(self, n):
        out = []
        for _ in range(n):
            try:
                out.append(next(self.iterator))
            except StopIteration:
                break
        return "".join(out)


def numbered(lines):
    for i, line in enumerate(lines):
        yield "%d:%s;" % (i, line)


p = Producer(numbered(["a", "b", "c"]))
print(p.more(2), p.more(2), repr(p.more(2)))
print("".join(numbered(["x"])), list(numbered([])))


def letters(perms):
    return [c for c in perms if c not in "arw"]


for ch in "elr":
    print(ch, letters("elradfmw"))
