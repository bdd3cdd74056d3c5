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
