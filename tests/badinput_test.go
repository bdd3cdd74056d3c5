package tests

import (
	"io"
	"math/big"
	"os"
	goruntime "runtime"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/bindings/class"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/interp"
)

// TestEveryBuiltinRejectsBadArguments calls every predeclared function,
// every module function, every class (with and without __init__ having
// run), every socket method and every method of a file object (open and
// closed) with wrong types, wrong counts, negative and huge numbers, NUL
// bytes and closed sockets. Each call must return (an error or a value)
// without a Go panic, and every error must be one line.
func TestEveryBuiltinRejectsBadArguments(t *testing.T) {
	// calls that make files (FileHandler("x"), os.mkdir("x"), tempfile's)
	// make them here, and umask(-1) must not outlive the test
	t.Chdir(t.TempDir())
	t.Setenv("TMPDIR", t.TempDir())
	defer unix.Umask(unix.Umask(0o022))
	in, err := interp.New(interp.Config{Argv: []string{"t"}, Stdin: strings.NewReader("line\n"), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	th := in.Thread

	closed, _ := pysocket.New(unix.AF_INET, unix.SOCK_STREAM, 0)
	closed.Close()
	huge := starlark.MakeBigInt(new(big.Int).Lsh(big.NewInt(1), 100))
	values := []starlark.Value{
		starlark.None, starlark.String("x"), starlark.String("a\x00b"), starlark.MakeInt(-1),
		starlark.MakeInt64(1 << 40), huge, starlark.Float(1e300), starlark.NewList(nil),
		starlark.NewDict(0), closed, starlark.Bytes("\xff"),
	}
	var argLists []starlark.Tuple
	argLists = append(argLists, starlark.Tuple{})
	for _, v := range values {
		argLists = append(argLists, starlark.Tuple{v})
		argLists = append(argLists, starlark.Tuple{v, v})
		argLists = append(argLists, starlark.Tuple{starlark.MakeInt(99999), v})
	}
	argLists = append(argLists, make(starlark.Tuple, 9))
	for i := range argLists[len(argLists)-1] {
		argLists[len(argLists)-1][i] = starlark.MakeInt(7)
	}

	type target struct {
		name string
		fn   starlark.Callable
	}
	var targets []target
	var collect func(prefix string, v starlark.Value, depth int)
	collect = func(prefix string, v starlark.Value, depth int) {
		if depth > 2 {
			return
		}
		switch v := v.(type) {
		case *class.Class:
			targets = append(targets, target{prefix, v})
			inst := class.NewInstance(v) // __init__ never ran
			for _, m := range v.AttrNames() {
				if a, err := inst.Attr(m); err == nil {
					if c, ok := a.(starlark.Callable); ok {
						targets = append(targets, target{prefix + "()." + m, c})
					}
				}
			}
		case starlark.Callable:
			targets = append(targets, target{prefix, v})
		}
		if ha, ok := v.(starlark.HasAttrs); ok {
			if _, isClass := v.(*class.Class); isClass {
				return
			}
			for _, m := range ha.AttrNames() {
				a, err := ha.Attr(m)
				if err == nil && a != nil {
					collect(prefix+"."+m, a, depth+1)
				}
			}
		}
	}
	names := in.Predeclared.Keys()
	sort.Strings(names)
	for _, n := range names {
		collect(n, in.Predeclared[n], 0)
	}
	// the objects the standard library modules return: loggers,
	// handlers, records, parsers, options...
	made, err := starlark.ExecFileOptions(interp.Options(), th, "made.star", madeByModules, in.Predeclared)
	if err != nil {
		t.Fatal(err)
	}
	madeNames := made.Keys()
	for _, n := range madeNames {
		collect(n, made[n], 1)
	}
	// socket methods on an open and on a closed socket
	open, _ := pysocket.New(unix.AF_INET, unix.SOCK_STREAM, 0)
	defer open.Close()
	for _, s := range []*pysocket.Socket{open, closed} {
		for _, m := range s.AttrNames() {
			if a, _ := s.Attr(m); a != nil {
				if c, ok := a.(starlark.Callable); ok {
					targets = append(targets, target{"socket." + m, c})
				}
			}
		}
	}
	// the objects the standard library's functions return, with their
	// methods
	for _, expr := range []string{
		`struct.Struct("<ih")`, `struct.iter_unpack("<h", "abcd")`, `hashlib.sha256(b"x")`, `hashlib.md5()`,
		`urllib.parse.urlsplit("http://u:p@h:1/p?q#f")`, `urllib.parse.urlparse(b"http://h/p;a")`,
		`urllib.parse.urldefrag("x#y")`,
	} {
		v, err := starlark.EvalOptions(&syntax.FileOptions{}, th, "objects", expr, in.Predeclared)
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if ha, ok := v.(starlark.HasAttrs); ok {
			for _, m := range ha.AttrNames() {
				if a, _ := ha.Attr(m); a != nil {
					if c, ok := a.(starlark.Callable); ok {
						targets = append(targets, target{expr + "." + m, c})
					}
				}
			}
		}
	}
	// file objects' methods, on an open and on a closed file
	for _, mode := range []string{"w+", "r"} {
		f, err := starlark.Call(th, in.Predeclared["open"], starlark.Tuple{starlark.String("f.txt"), starlark.String(mode)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		fo := f.(starlark.HasAttrs)
		if mode == "r" {
			closeFile, _ := fo.Attr("close")
			starlark.Call(th, closeFile, nil, nil)
		}
		for _, m := range fo.AttrNames() {
			if a, _ := fo.Attr(m); a != nil {
				if c, ok := a.(starlark.Callable); ok {
					targets = append(targets, target{"file(" + mode + ")." + m, c})
				}
			}
		}
	}
	// methods of the values re returns: a compiled pattern and a match
	reMod := in.Predeclared["re"].(starlark.HasAttrs)
	compile, _ := reMod.Attr("compile")
	pat, err := starlark.Call(th, compile, starlark.Tuple{starlark.String(`(?P<x>a)(b)?`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	match, _ := pat.(starlark.HasAttrs).Attr("match")
	m, err := starlark.Call(th, match, starlark.Tuple{starlark.String("ab")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []starlark.Value{pat, m} {
		ha := v.(starlark.HasAttrs)
		for _, name := range ha.AttrNames() {
			if a, _ := ha.Attr(name); a != nil {
				if c, ok := a.(starlark.Callable); ok {
					targets = append(targets, target{v.Type() + "." + name, c})
				}
			}
		}
	}
	if len(targets) < 150 {
		t.Fatalf("only %d callables found", len(targets))
	}

	fdsBefore := fdSet()
	calls := 0
	for _, tg := range targets {
		for _, args := range argLists {
			for _, kw := range [][]starlark.Tuple{nil, {{starlark.String("bogus"), starlark.MakeInt(1)}}} {
				calls++
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s%v: Go panic: %v", tg.name, args, r)
						}
					}()
					in.Reset()
					in.Asyncore.SocketMap().Clear() // nothing for loop() to wait on
					_, err := starlark.Call(th, tg.fn, args, kw)
					if err != nil {
						msg := err.Error()
						if strings.Contains(msg, "\n") {
							t.Errorf("%s%v: error is not one line: %q", tg.name, args, msg)
						}
						if strings.Contains(msg, "goroutine") || strings.Contains(msg, "runtime error") {
							t.Errorf("%s%v: Go failure reached the user: %q", tg.name, args, msg)
						}
					}
				}()
			}
		}
	}
	// successful calls may have created descriptors: the sockets, now
	// unreachable, are closed by the collector (bindings/socket's
	// cleanups; closing their numbers here could race with those and
	// close another test's descriptor); the rest (pipe()) are closed here
	goruntime.GC()
	for fd := range fdSet() {
		var st unix.Stat_t
		if !fdsBefore[fd] && unix.Fstat(fd, &st) == nil && st.Mode&unix.S_IFMT != unix.S_IFSOCK {
			unix.Close(fd)
		}
	}
	t.Logf("%d callables, %d calls", len(targets), calls)
}

// madeByModules makes one of each kind of object the standard library
// modules return, for TestEveryBuiltinRejectsBadArguments.
const madeByModules = `
logger = logging.getLogger("bad.input")
handler = logging.StreamHandler()
file_handler = logging.FileHandler("bad-input.log", delay=True)
rotating_handler = logging.handlers.RotatingFileHandler("bad-rotating.log", maxBytes=100, backupCount=2, delay=True)
watched_handler = logging.handlers.WatchedFileHandler("bad-watched.log", delay=True)
temporary_file = tempfile.TemporaryFile()
named_temporary_file = tempfile.NamedTemporaryFile(dir=".")
formatter = logging.Formatter("%(message)s")
record = logging.makeLogRecord({"msg": "m"})
log_filter = logging.Filter("bad")
parser = optparse.OptionParser(prog="p")
option = parser.add_option("-x", "--xx")
group = parser.add_option_group("g")
values = parser.get_default_values()
help_formatter = optparse.IndentedHelpFormatter()
catcher = warnings.catch_warnings()
deque = collections.deque([1, 2], 3)
default_dict = collections.defaultdict(list, a = [1])
ordered_dict = collections.OrderedDict(a = 1)
counter = collections.Counter("abca")
Point = collections.namedtuple("Point", "x y")
point = Point(1, 2)
stat_result = os.stat(".")
generator = random.Random(1)
stdin = sys.stdin
`

func fdSet() map[int]bool {
	ents, _ := os.ReadDir("/proc/self/fd")
	out := map[int]bool{}
	for _, e := range ents {
		if n, err := strconv.Atoi(e.Name()); err == nil {
			out[n] = true
		}
	}
	return out
}
