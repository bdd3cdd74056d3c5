# The try statements that have a short natural form.
import asyncore

try:
    import cPickle as pickle
except ImportError:
    pickle = None

try:
    import socket
except ImportError:
    socket = None

cache = {"a": 1, "b": 2}
try:
    del cache["a"]
except KeyError:
    pass
try:
    del cache["zzz"]
except KeyError:
    pass
print(len(cache))

try:
    x = cache["b"]
except KeyError:
    x = 0
try:
    y = cache["nope"]
except KeyError:
    y = -1
print(x, y)

print(pickle == None, socket != None)


def port_of(spec):
    try:
        port = int(spec)  # one statement: no def needed
    except ValueError:
        return None
    return port


def safe_div(a, b):
    try:
        return a // b
    except ZeroDivisionError:
        return 0


print(port_of("25"), port_of("x"))
print(safe_div(7, 2), safe_div(1, 0))

try:
    asyncore.loop()
except KeyboardInterrupt:
    pass
print("end")
