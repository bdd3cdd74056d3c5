# prelude.py: the helpers the cases of cases.json call, in Python (gen_cases.py);
# prelude.star has the same in Starlark.
import socket
import ssl


def catch(fn, *args):
    try:
        return (None, fn(*args))
    except Exception as e:
        return (e, None)


def reraise(exc):
    raise exc


def set_get(obj, name, value, read=None):
    setattr(obj, name, value)
    return getattr(obj, read or name)


def outcome(fn):
    exc, v = catch(fn)
    if exc != None:
        return {"exc": exc.__class__.__name__, "msg": str(exc), "errno": getattr(exc, "errno", None),
                "reason": getattr(exc, "reason", None)}
    return {"value": v}


def unconnected(fn, close_first=False):
    s = socket.socket()
    s.setblocking(False)
    w = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).wrap_socket(s, server_side=True)
    if close_first:
        w.close()
    exc, v = catch(fn, w)
    w.close()
    if exc != None:
        reraise(exc)
    return v


def before_handshake(fn):
    a, b = socket.socketpair()
    a.setblocking(False)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    w = ctx.wrap_socket(a, do_handshake_on_connect=False)
    exc, v = catch(fn, w)
    w.close()
    b.close()
    if exc != None:
        reraise(exc)
    return v


def wrap_connected_nonblocking():
    a, b = socket.socketpair()
    a.setblocking(False)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    exc, v = catch(ctx.wrap_socket, a)
    a.close()
    b.close()
    if exc != None:
        reraise(exc)
    return v


def wrap_datagram():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    exc, v = catch(lambda: ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT).wrap_socket(s, server_hostname="x"))
    s.close()
    if exc != None:
        reraise(exc)
    return v


def wrap_plain(ctx, **kwargs):
    s = socket.socket()
    exc, v = catch(lambda: ctx.wrap_socket(s, **kwargs))
    s.close()
    if exc != None:
        reraise(exc)
    v.close()
    return v.server_side


def wrap_connected(ctx, **kwargs):
    a, b = socket.socketpair()
    a.setblocking(False)
    exc, v = catch(lambda: ctx.wrap_socket(a, do_handshake_on_connect=False, **kwargs))
    a.close()
    b.close()
    if exc != None:
        reraise(exc)
    v.close()
    return v.server_side
