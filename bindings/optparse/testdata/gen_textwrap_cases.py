"""Prints the textwrap test table as JSON, from CPython's textwrap.wrap.

Run: python3 testdata/gen_textwrap_cases.py > testdata/textwrap_cases.json
Each row: [text, width, initial_indent, subsequent_indent, lines].
"""
import json
import textwrap

texts = [
    "",
    "   ",
    "hello",
    "Hello there -- you goof-ball, use the -b option!",
    "show this help message and exit",
    "show program's version number and exit",
    "don't print status messages to stdout",
    "write report to FILE [default: %default]",
    "a very-long-hyphenated-word-that-goes-on-and-on and more text after it",
    "supercalifragilisticexpialidocious is a word that is much too long to fit",
    "tabs\there\tand\tthere, and\nnewlines\ntoo",
    "multiple   spaces    between     words",
    "ends with spaces   ",
    "   starts with spaces",
    "e-mail x-ray a-b ab-cd abc-de well-known re-enter 1-2 a1-b2 --verbose --long-option=VALUE",
    "words--with--em--dashes and word -- spaced dash -- here",
    "--leading dashes and trailing--",
    "--",
    "-",
    "a-",
    "-a",
    "ab-",
    "x" * 30,
    "-" * 30,
    "a" * 12 + "-" + "b" * 12,
    "naïve café déjà-vu über-cool résumé",
    "Options such as -x and --yy-zz are described below; see the manual for the rest.",
    "This program frobnicates the widgets it is given, quickly and quietly, unless told otherwise.",
    "one two three four five six seven eight nine ten eleven twelve thirteen",
    "path/to/some/file.txt and http://example.com/a-b-c/d-e?x=1&y=2",
    "3-4 hyphen-ated numbers-1 and x-1y",
    "He said: \"well-done!\" -- and left.",
    "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p",
]
rows = []
for text in texts:
    for width in [1, 5, 10, 11, 20, 35, 54, 78]:
        for ind in [("", ""), ("  ", "  "), ("* ", "  ")]:
            if width <= len(ind[0]) or width <= len(ind[1]):
                continue
            rows.append([text, width, ind[0], ind[1], textwrap.wrap(text, width, initial_indent=ind[0], subsequent_indent=ind[1])])
print("[")
print(",\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
print("]")
