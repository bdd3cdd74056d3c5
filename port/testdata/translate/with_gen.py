# with, generators, loops with else, del.
import os
import sys

path = "/tmp/pyasync_port_with_gen_%d.txt" % os.getpid()
with open(path, "w") as f:
    f.write("one\ntwo\n\nthree\n")


def read_lines(p):
    with open(p) as f:
        return f.read().split("\n")


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


print(",".join(words(path)))
print(sorted(words(path))[0])
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
os.remove(path)
