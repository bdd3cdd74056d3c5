s1 = 'single' "double" '''triple single''' """triple double"""
s2 = b'bytes' B"BYTES" rb'\d' Rb"\w" br'raw' u'unicode' U"UNICODE"
s3 = r'\n stays' R"\t stays" r'\'' r"\\"
s4 = 'escapes \n \t \\ \' \" \x41 \101 \u00e9 \U0001F600 \N{BULLET} \d \
continued'
s5 = b'\xff\x00\u1234\N{X}'
s6 = ("implicit "
      "concatenation "  # with a comment
      'across lines')
s7 = """A docstring
with "quotes" and 'quotes'
    and indentation \
and a continued line"""
f1 = f"plain {name}"
f2 = f"{value!r} {value!s:>10} {value=}"
f3 = f"{x:{width}.{precision}f}"
f4 = f"{x:%H:%M:%S}"
f5 = f'{a["key"]} {b[0]:#x} {{literal}} }}'
f6 = F"{'nested' + f'{inner}'}"
f7 = rf"\d{x}\w" fr'{y}\n'
f8 = f"""multi
line {x
      + y} f-string"""
f9 = f"{x:{'>' if left else '<'}{width}}"
f10 = f"{ x = }" f"{lambda: 1}"
percent = "%s %d %5.2f %(name)s" % args
