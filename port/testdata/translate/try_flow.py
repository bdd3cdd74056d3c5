# try/except/else/finally: what the translator must keep.


class EndSession(Exception):
    pass


def parse(s):
    n = -1
    try:
        n = 0
        n = int(s)  # may fail
        kind = "number"
    except ValueError as e:
        print("not a number:", s)
        kind = "text"
    else:
        print("parsed", n)
    finally:
        print("done with", s)
    return n, kind


def first_number(words):
    for w in words:
        try:
            v = int(w)
            if v < 0:
                continue
            if v > 100:
                break
            return v
        except ValueError:
            continue
    return None


def lookup(d, k):
    try:
        return d[k]
    except KeyError:
        return "missing"


def count(lines):
    total = 0
    for line in lines:
        try:
            total += int(line)
        except (ValueError, TypeError) as e:
            print("skip", line)
            if line == "stop":
                break
    else:
        print("all lines read")
    return total


def reraise(x):
    try:
        try:
            return 10 // x
        except ZeroDivisionError:
            print("zero")
            raise
    except ArithmeticError as e:
        print("outer caught", type(e).__name__)
        return -1


def session(cmds):
    handled = []
    for c in cmds:
        try:
            if c == "quit":
                raise EndSession("bye")
            handled.append(c)
        except EndSession as e:
            print("session ends:", str(e))
            break
        finally:
            print("after", c)
    return len(handled)


def everything():
    try:
        raise SystemExit(3)
    except BaseException as e:
        print("caught SystemExit", e.code)
    try:
        x = [1][2]
    except:
        print("bare except")


def cleanup_paths(items):
    out = []
    for i in items:
        try:
            if i == 0:
                continue
            if i > 5:
                return out
            out.append(i)
        finally:
            print("cleanup", i)
    return out


def unmatched(v):
    try:
        try:
            return {"a": 1}[v]
        except ValueError:
            return "never"
    except KeyError:
        return "rethrown and caught outside"


class Counter(object):
    def __init__(self):
        self.n = 0

    def bump(self, v):
        try:
            self.n += int(v)
        except ValueError:
            return False
        return True


n, kind = parse("12")
print(n, kind)
n, kind = parse("x")
print(n, kind)
print(first_number(["a", "-1", "7"]), first_number(["500", "3"]))
print(lookup({"a": 1}, "a"), lookup({}, "b"))
print(count(["1", "2", "x", "3"]))
print(count(["1", "stop", "3"]))
print(reraise(2), reraise(0))
print(session(["a", "b", "quit", "c"]))
everything()
print(len(cleanup_paths([0, 1, 9, 2])))
print(unmatched("a"), unmatched("b"))
c = Counter()
print(c.bump("4"), c.bump("y"), c.n)
try:
    try:
        raise ValueError("inner")
    except ValueError as e:
        raise KeyError("k") from e
except LookupError as e:
    print("module level", type(e).__name__)
