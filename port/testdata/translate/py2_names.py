# Python 2's built-ins in Python 3 code: a compatibility module tests
# for them, and meets a NameError where Python 3 lacks one.
import sys


def is_file(stream):
    try:
        return isinstance(stream, file)
    except NameError:
        return "no file type"


def total(xs):
    try:
        return reduce(lambda a, b: a + b, xs)
    except NameError as e:
        return str(e)


def ask(prompt):
    return raw_input(prompt)


if sys.version_info[0] == 2:
    read_line = raw_input
else:
    read_line = input
print(is_file(sys.stdout), total([1, 2]), read_line == input)

# a compatibility module binds Python 2's names itself
if sys.version_info[0] == 2:
    long = long
    unicode = unicode
else:
    long = int
    unicode = str


def as_long(x):
    return long(x)


print(as_long("12") + 1, unicode is str)
