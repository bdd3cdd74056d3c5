# Idioms of pyftpdlib's handlers: a chained comparison with a call in the
# middle (evaluated once, as in Python), contextlib.closing in a with.
import contextlib
import socket

calls = []


def digit(x):
    calls.append(x)
    return int(x)


def valid_mode(mode):
    for i in range(len(mode)):
        if not 0 <= digit(mode[i]) <= 7:
            return False
    return True


print(valid_mode("755"), valid_mode("798"), calls)
print([c for c in ["0", "1", "8", "9"] if 1 <= int(c) < 9])

with contextlib.closing(socket.socket(socket.AF_INET)) as sock:
    print(sock.family == socket.AF_INET)
