"""Writes email.json: what CPython 3.11's email._header_value_parser
gives for addresses, as smtpd reads them.

Run: python3 testdata/gen_email.py > testdata/email.json

Each row is [function, input, result]: result is {"error": [class,
message]} or {"repr", "str", "value", "token_type", "rest"} and the
attributes its class has (addr_spec, local_part, domain, route).
RFC 2047 encoded words are left out: pyasync reads them as plain text.
"""
import json
import email._header_value_parser as p

FUNCS = ["get_addr_spec", "get_angle_addr", "get_local_part", "get_domain", "get_dot_atom", "get_atom",
         "get_word", "get_quoted_string", "get_comment", "get_cfws", "get_domain_literal", "get_obs_route",
         "get_obs_local_part", "get_dot_atom_text", "get_atext", "get_bare_quoted_string"]

INPUTS = [
    "", " ", "a", "a@b", "a@b.c", "user@example.com", "user@example.com rest", "user@example.com>",
    "first.last@sub.example.org", "a.b.c@d", "<a@b>", "<a@b> SIZE=100", "<a@b>SIZE=100", " <a@b> x",
    "<>", "<> BODY=8BITMIME", "<", "<a@b", "<a@b x", "<@route:a@b>", "<@r1,@r2:a@b>", "<@r1, @r2 :a@b>",
    "<,@r1:a@b>", "<@r1 a@b>", "<@r1,", "<@r1,:a@b>", "@r1:a@b",
    '"quoted"@b', '"quo ted"@b', '"a\\"b"@c', '"a\\\\b"@c', '"unterminated@b', '""@b', '<""@b>',
    "a..b@c", ".a@b", "a.@b", "a . b@c", "a(comment)@b", "(c)a@b", "a@(c)b", "a@b(c)", "a@b (c) rest",
    "(nested (comment))a@b", "(unterminated a@b", "a\\b@c", "\\a@b", "a b@c", "a@b c", "a@[1.2.3.4]",
    "a@[ 1.2.3.4 ]", "a@[1.2", "a@[", "a@[ ", "a@[1.2]x", "a@[a\\]b]", "a@b.", "a@.b", "a@b..c",
    "a@b . c", "a@b@c", "a@", "@b", "a", "a b", " a@b", "\ta@b", "a@b\t", "a@b\r\n", "a@b,c@d",
    "A@B.C", "caf\u00e9@example.com", "user+tag@example.com", "user%host@example.com", "a!#$%&'*+-/=?^_`{|}~@b",
    "a:b@c", "a;b@c", "a,b@c", "a<b@c", "a>b@c", "a[b@c", "a]b@c", "\"a@b", "(", ")", "()", "(\\))a@b",
    "(a\\(b)c@d", "< a@b >", "<a@b >", "< a@b>", "<(c)a@b(d)>(e)", "<a(c)@b>", "<a@b(c)>", "x<a@b>",
    "a=b@c", "a\x00b@c", "a\x7fb@c", "a@b\x00c", "\"a\x00\"@b",
    "MAIL", "FROM:<a@b>", "<a@b> <c@d>", "<<a@b>>", "<a@@b>", "<a@b@c>", "<@>", "<@:a@b>", "<@a:>",
    "<:a@b>", "<a>", "<a b@c>", "<\"a b\"@c>", "<a.b.c@[ip]>", "<a@b>\t(comment)", "a@b (c) (d) e",
    "a .b@c", "a. b@c", "a (c) . b@c", "a.(c)b@c", "a.\"b\"@c", "\"a\".b@c", "a.\"b c\".d@e",
    "a\\.b@c", "(c) \"q\" (d)@e", "\"a\" \"b\"@c", "a \"b\"@c",
]

rows = []
for f in FUNCS:
    for v in INPUTS:
        try:
            tok, rest = getattr(p, f)(v)
        except Exception as e:
            cls = type(e)
            name = cls.__name__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__name__
            rows.append([f, v, {"error": [name, str(e)]}])
            continue
        r = {"repr": repr(tok), "str": str(tok), "token_type": tok.token_type, "rest": rest}
        for a in ["value", "addr_spec", "local_part", "domain", "route", "domains", "content", "quoted_value", "ip"]:
            if a in ("local_part", "domain") and type(tok).__name__ not in ("AddrSpec", "AngleAddr", "LocalPart", "Domain", "DomainLiteral"):
                continue
            try:
                if hasattr(type(tok), a):
                    r[a] = getattr(tok, a)
            except Exception as e:
                r[a] = {"error": [type(e).__name__, str(e)]}
        rows.append([f, v, r])

print("[")
print(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
print("]")
