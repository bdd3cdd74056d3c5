# The CPython twin of tb.star (tests/traceback_test.go compares them).
import traceback, sys
def inner():
    {}["k"]
def outer():
    inner()
def handler():
    try:
        outer()
    except Exception as exc:
        print(traceback.format_exc())
        traceback.print_exc(file = sys.stdout)
        print(traceback.format_exception_only(exc))
        print(traceback.format_exception(exc.__class__, exc, None))
handler()
print(traceback.format_exc())
