"""Writes os.table.json, cases of os and os.path, from CPython 3.11.

Run: python3 testdata/gen_os.py > testdata/os.table.json
The cases run in a directory holding the fixture below.
"""
import os
import stat
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import Table  # noqa: E402

fixture = [
    ["dir", "d"], ["dir", "d/sub"], ["file", "d/f.txt", "hello"], ["file", "d/.hidden", ""],
    ["file", "d/sub/g.py", "x = 1\n"], ["link", "l", "d/f.txt"], ["link", "ldir", "d"],
    ["link", "dangling", "nowhere"], ["link", "loop1", "loop2"], ["link", "loop2", "loop1"],
    ["link", "up", "../"], ["file", "ro", "r"], ["mode", "ro", 0o444],
]
os.environ["HOME"] = "/nonexistent/tester"
os.environ["PYA_X"] = "ex"
t = Table({"os": os, "stat": stat}, fixture)
env = 'os.environ["HOME"] = "/nonexistent/tester"; os.environ["PYA_X"] = "ex"; '

# the pure functions of posixpath
paths = ["", "/", "//", "///", "a", "a/", "a/b", "a//b", "/a/b/", "a/b/c.txt", ".", "..", "../a",
         "a/./b/../c", "/../a", "//a/b", "///a/b", ".bashrc", "a/.bashrc", "a.tar.gz", "a.", "..a",
         "a/b.", "a.b/c", "...x", "~", "~/x", "~nosuchuser/x", "$PYA_X/y", "${PYA_X}z",
         "$NOPE/y", "${NOPE}", "$", "a$", "${}", "${PYA_X", "x\x00y"]
for fn in ["split", "splitext", "basename", "dirname", "normpath", "isabs", "normcase", "splitdrive"]:
    for p in paths:
        t.case("os.path.%s(%r)" % (fn, p))
    t.case("os.path.%s(b'a/b.c')" % fn)
    t.case("os.path.%s(None)" % fn)
    t.case("os.path.%s(1)" % fn)
for p in paths:
    t.case(env + "r = os.path.expanduser(%r)" % p)
    t.case(env + "r = os.path.expandvars(%r)" % p)
for args in [("a",), ("a", "b"), ("a/", "b"), ("a", "/b", "c"), ("", "a"), ("a", ""), ("/", "a", "b/"),
             ("a", "b", "", "c")]:
    t.case("os.path.join%r" % (args,))
t.case("os.path.join(b'a', b'b')")
for bad in ["os.path.join()", "os.path.join(1)", "os.path.join('a', None)", "os.path.join('a', b'b')",
            "os.path.join(b'a', 'b')"]:
    t.case(bad)
for m in [[], None, ["abc", "abd"], ["/usr/lib", "/usr/local"], ["a"], ["", "a"], ("ab", "ab")]:
    t.case("os.path.commonprefix(%r)" % (m,))

# the file system, relative to the fixture's directory
for p in ["d", "d/f.txt", "l", "ldir", "dangling", "loop1", "nowhere", "d/f.txt/x", "x\x00y", "", "ro"]:
    for fn in ["exists", "lexists", "isfile", "isdir", "islink"]:
        t.case("os.path.%s(%r)" % (fn, p))
    t.case("os.path.getsize(%r)" % p)
    t.case("os.path.relpath(os.path.realpath(%r))" % p)
    t.case("os.path.relpath(os.path.abspath(%r))" % p)
    t.case("os.stat(%r).st_size" % p)
    t.case("os.lstat(%r)[stat.ST_SIZE]" % p)
    t.case("stat.S_ISDIR(os.stat(%r)[stat.ST_MODE])" % p)
    t.case("stat.filemode(os.lstat(%r).st_mode)" % p)
    t.case("os.access(%r, os.F_OK)" % p)
for fn in ["exists", "isfile", "isdir", "islink", "lexists", "getsize", "getmtime"]:
    t.case("os.path.%s(None)" % fn)
    t.case("os.path.%s(1.5)" % fn)
t.case("os.path.relpath(os.path.realpath('loop1', strict=True))")
t.case("os.path.relpath(os.path.realpath('nowhere', strict=True))")
t.case("os.path.relpath(os.path.realpath('d/sub/../../l'))")
t.case("os.path.relpath(os.path.realpath('up/x'), os.path.dirname(os.getcwd()))")
t.case("os.path.relpath('d/sub', 'd/f.txt')")
t.case("os.path.relpath('/a/b', '/a/c/d')")
t.case("os.path.relpath('a', '')")
t.case("os.path.relpath('')")
t.case("os.path.relpath(b'd', b'.')")
t.case("os.path.relpath('d', b'.')")
t.case("os.path.samefile('l', 'd/f.txt')")
t.case("os.path.samefile('l', 'nowhere')")
t.case("os.path.ismount('/')")
t.case("os.path.ismount('d')")
t.case("sorted(os.listdir('d'))")
t.case("sorted(os.listdir(b'd'))")
t.case("os.listdir('nowhere')")
t.case("os.listdir('d/f.txt')")
t.case("os.listdir(1.5)")
t.case("len(os.stat('d'))")
t.case("os.stat('d/f.txt')[6:8][0]")
t.case("os.stat('d/f.txt').st_mtime == os.path.getmtime('d/f.txt')")
t.case("os.stat('d/f.txt').st_mtime_ns // 1000000000 == os.stat('d/f.txt')[stat.ST_MTIME]")
t.case("os.stat('d/f.txt') == os.stat('l')")
t.case("os.stat('d/f.txt') == os.lstat('l')")
t.case("os.stat('d/f.txt').nosuch")
t.case("os.stat(None)")
t.case("os.lstat(3)")
t.case("os.fstat(-1)")
t.case("os.fstat(None)")
t.case("os.stat('x\\x00')")
t.case("os.readlink('l')")
t.case("os.readlink('d')")

# changes to the file system
t.case("os.mkdir('new'); r = os.path.isdir('new')")
t.case("os.mkdir('d')")
t.case("os.mkdir('nowhere/x')")
t.case("os.mkdir(None)")
t.case("os.makedirs('m/n/o'); r = os.path.isdir('m/n/o')")
t.case("os.makedirs('m/n/o')")
t.case("os.makedirs('m/n/o', exist_ok=True)")
t.case("os.makedirs('d/f.txt', exist_ok=True)")
t.case("os.makedirs('d/f.txt/x')")
t.case("os.makedirs('m/p/./')")
t.case("os.rmdir('m/n/o'); r = os.path.exists('m/n/o')")
t.case("os.rmdir('m')")
t.case("os.rmdir('nowhere')")
t.case("os.rename('new', 'new2'); r = sorted(os.listdir('.'))")
t.case("os.rename('nowhere', 'x')")
t.case("os.rename('a', None)")
t.case("os.replace('new2', 'new3'); r = os.path.isdir('new3')")
t.case("os.remove('nowhere')")
t.case("os.remove('d')")
t.case("os.unlink('ro'); r = os.path.exists('ro')")
t.case("os.chdir('nowhere')")
t.case("os.chdir(None)")
t.case("os.access(None, 0)")
t.case("os.umask('x')")
t.case("os.kill(999999999, 0)")
t.case("os.kill('x', 0)")
t.case("os.open('nowhere', os.O_RDONLY)")
t.case("os.getenv('PYA_NOPE', 'dflt')")
t.case("os.getenv(1)")
t.case("os.getuid() == os.geteuid()")
t.case("len(os.urandom(16))")
t.case("os.urandom(-1)")
for c in ["sep", "altsep", "curdir", "pardir", "extsep", "pathsep", "devnull", "linesep", "name",
          "F_OK", "R_OK", "W_OK", "X_OK", "path.sep", "path.devnull"]:
    t.case("os." + c)
# utime: the times it sets, read back
t.case("os.utime('d/sub/g.py', (1577934245, 1577934245.5))\nr = [os.stat('d/sub/g.py').st_mtime, os.stat('d/sub/g.py').st_atime]")
t.case("os.utime('d/sub/g.py', ns=(1000000000, 2000000007))\nr = [os.stat('d/sub/g.py').st_mtime_ns, os.stat('d/sub/g.py').st_atime_ns]")
t.case("os.utime('d/sub/g.py')\nr = os.stat('d/sub/g.py').st_mtime > 1577934245")
for bad in ["'nowhere', (1, 1)", "'d/sub/g.py', (1,)", "'d/sub/g.py', 5", "'d/sub/g.py', (1, 1), ns=(1, 1)", "'d/sub/g.py', ns=1", "'d/sub/g.py', ('a', 1)"]:
    t.case("os.utime(%s)" % bad)
t.dump()
