# port-test: translate only (what the translator warns about)
import asyncore


def digits(data):
    zero = ord(b'0')
    return [ord(c) - zero for c in data]


def kind(x):
    if isinstance(x, str):
        return "text"
    elif isinstance(x, bytes):
        return "data"
    return "other"


def shown(line):
    if not isinstance(line, str):
        line = repr(line)
    return line


def first_is_dot(text):
    return text[0] == ord('.')


def prune(items):
    for i in items:
        if i < 0:
            items.remove(i)
    return items


try:
    asyncore.loop()
except KeyboardInterrupt:
    print("interrupted")
