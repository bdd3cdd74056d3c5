"""Runs each pycompat/*.star program under CPython 3.11 and prints, as
JSON, what it wrote on stdout and stderr and its exit status: the golden
table TestProgramsBehaveAsUnderCPython holds pyasync to.

Run from tests/: python3 pycompat/gen_golden.py > pycompat/golden.json

The programs are written in what Python and Starlark share. Their first
line is a comment naming the modules they use ("# import logging, sys"),
which becomes that import statement for CPython, so that line numbers
agree. A line ending in "# starlark only" becomes "pass" (it stands for
what pyasync does not predeclare yet, such as warning classes, or for
what Starlark spells differently, such as subclass()); a comment line
"#py: code" becomes that code (CPython's spelling of it). Each line
"# argv: a b c" is one run of the program with those arguments (none
when there is no such line); the table's keys are "file.star" and the
arguments.
"""
import glob
import json
import os
import subprocess
import sys

BOOT = r'''
import builtins, sys
path = sys.argv[1]
sys.argv = sys.argv[1:]
lines = open(path).read().split("\n")
lines[0] = lines[0].lstrip("# ")
for i, line in enumerate(lines):
    indent = line[:len(line) - len(line.lstrip())]
    if line.rstrip().endswith("# starlark only"):
        lines[i] = indent + "pass"
    elif line.lstrip().startswith("#py: "):
        lines[i] = indent + line.lstrip()[len("#py: "):]
code = compile("\n".join(lines), path, "exec")
exec(code, {"__name__": "__main__", "__builtins__": builtins})
'''

def argvs_of(path):
    runs = [line[len("# argv:"):].split() for line in open(path) if line.startswith("# argv:")]
    return runs or [[]]

env = dict(os.environ)
for k in ("COLUMNS", "POSIXLY_CORRECT", "PYTHONWARNINGS"):
    env.pop(k, None)
golden = {}
for path in sorted(glob.glob("pycompat/*.star")):
    for args in argvs_of(path):
        p = subprocess.run([sys.executable, "-c", BOOT, path] + args, capture_output=True, text=True, env=env)
        golden[" ".join([os.path.basename(path)] + args)] = {"argv": args, "stdout": p.stdout, "stderr": p.stderr, "status": p.returncode}
json.dump(golden, sys.stdout, indent=1, sort_keys=True, ensure_ascii=False)
print()
