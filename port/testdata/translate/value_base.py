# A compatibility module's class that extends a built-in type: the file
# loads, and the class fails where it is used.
import sys

if sys.version_info[0] == 2:
    text = unicode
else:
    class text(str):
        def __init__(self, string, encoding, errors):
            str.__init__(self, string)


def make(s):
    try:
        return text(s, "utf-8", "strict")
    except TypeError:
        return "no text type"


print(make("abc"))
