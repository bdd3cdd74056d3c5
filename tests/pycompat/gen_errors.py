"""Prints, as JSON, the exception CPython 3.11 raises for each snippet
below: the error table TestErrorsAreCPythons holds pyasync to.

Run from tests/: python3 pycompat/gen_errors.py > pycompat/errors.json

Each snippet is written in what Python and Starlark share and ends with
the statement that fails; it runs in a fresh interpreter with logging,
warnings, getopt, optparse and sys imported. Each row: [code, exception
class name, str(exception)].
"""
import json
import subprocess
import sys

SNIPPETS = [
    'logging.getLogger().setLevel("BOGUS")',
    'logging.getLogger().setLevel(None)',
    'logging.getLogger().setLevel([1])',
    'logging.Handler().setLevel("LOUD")',
    'logging.getLogger(5)',
    'logging.basicConfig(stream=sys.stdout, filename="x.log")',
    'logging.basicConfig(handlers=[logging.NullHandler()], stream=sys.stdout)',
    'logging.basicConfig(bogus=1, other=2)',
    'logging.basicConfig(style="x")',
    'logging.Formatter("no fields")',
    'logging.Formatter("%(message)s", style="x")',
    'logging.Formatter("{}", style="{")',
    'logging.Formatter("$$ only", style="$")',
    'logging.getLogger().log("x", "msg")',
    'logging.getLogger().warning("msg", extra={"msg": 1})',
    'logging.getLogger().warning("msg", extra={"message": 1})',
    'logging.getLogger().info()',
    'logging.FileHandler("/nonexistent/dir/x.log")',
    'logging.FileHandler("x.log", mode="q")',
    'logging.Handler().emit(None)',
    'logging.disable("NOPE")',
    'warnings.simplefilter("bogus")',
    'warnings.filterwarnings("ignore", lineno=-1)',
    'warnings.warn("x", 5)',
    'warnings.simplefilter("error")\nwarnings.warn("boom")',
    'warnings.filterwarnings("error", message="bo")\nwarnings.warn("not this one")\nwarnings.warn("boom")',
    'c = warnings.catch_warnings()\nc.__exit__()',
    'c = warnings.catch_warnings()\nc.__enter__()\nc.__enter__()',
    'getopt.getopt(["-x"], "ab")',
    'getopt.getopt(["--al"], "", ["alpha", "alps"])',
    'getopt.gnu_getopt(["f", "--beta=1"], "", ["beta"])',
    'getopt.getopt(["-b"], "b:")',
    'optparse.OptionParser().add_option("-x", action="store_true", type="int")',
    'optparse.OptionParser(conflict_handler="maybe")',
    'p = optparse.OptionParser()\np.remove_option("--nope")',
    'p = optparse.OptionParser()\np.add_option("-v")\np.add_option("--verbose", "-v")',
    'optparse.IndentedHelpFormatter().set_long_opt_delimiter(":")',
    'optparse.OptionParser().add_option()',
    'optparse.OptionParser().add_option(1, 2)',
]

BOOT = r'''
import sys, json, logging, warnings, getopt, optparse, os, tempfile
os.chdir(tempfile.mkdtemp())
try:
    exec(sys.argv[1], {"logging": logging, "warnings": warnings, "getopt": getopt, "optparse": optparse, "sys": sys})
except BaseException as e:
    print(json.dumps([type(e).__name__, str(e)]))
else:
    print(json.dumps([None, None]))
'''

rows = []
for code in SNIPPETS:
    out = subprocess.run([sys.executable, "-W", "default", "-c", BOOT, code], capture_output=True, text=True).stdout
    rows.append([code] + json.loads(out))
print("[")
print(",\n".join(json.dumps(r) for r in rows))
print("]")
