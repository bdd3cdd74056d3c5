package logging

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/modules"
)

// run runs src with logging, warnings, sys and time predeclared, and
// returns what it wrote on stdout and stderr.
func run(t *testing.T, src string) (string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	w := modules.NewWarnings(&errb)
	env := starlark.StringDict{
		"logging":  New(Config{Stderr: &errb, Warnings: w}),
		"warnings": w,
		"sys":      modules.NewSys([]string{"t.star"}, strings.NewReader(""), &out, &errb, 0, 1, "test"),
		"time":     modules.Time,
	}
	for k, v := range class.Builtins {
		env[k] = v
	}
	for k, v := range exceptions.Builtins() {
		env[k] = v
	}
	th := &starlark.Thread{Name: "main", Print: func(_ *starlark.Thread, msg string) { out.WriteString(msg + "\n") }}
	if _, err := starlark.ExecFile(th, "t.star", src, env); err != nil {
		t.Fatalf("%v\nstdout: %s\nstderr: %s", err, out.String(), errb.String())
	}
	return out.String(), errb.String()
}

// TestRecordTimeProcessAndThreadFields: asctime is the local time of
// created with its milliseconds ("2024-05-06 07:08:09,123"), and the
// other fields that change from run to run have Python's shapes.
func TestRecordTimeProcessAndThreadFields(t *testing.T) {
	before := time.Now()
	out, _ := run(t, `
h = logging.StreamHandler(sys.stdout)
h.setFormatter(logging.Formatter("%(asctime)s|%(created)f|%(msecs)d|%(relativeCreated)d|%(process)d|%(thread)d|%(threadName)s|%(processName)s"))
logging.root.addHandler(h)
logging.warning("x")
`)
	parts := strings.Split(strings.TrimSpace(out), "|")
	if len(parts) != 8 {
		t.Fatalf("got %q", out)
	}
	created, err := strconv.ParseFloat(parts[1], 64)
	if err != nil || created < float64(before.Unix())-1 || created > float64(time.Now().Unix())+1 {
		t.Errorf("created = %q, want the time of the call", parts[1])
	}
	ct := time.Unix(int64(created), 0).Local()
	msecs, _ := strconv.Atoi(parts[2])
	if want := fmt.Sprintf("%s,%03d", ct.Format("2006-01-02 15:04:05"), msecs); parts[0] != want {
		t.Errorf("asctime = %q, want %q (created %s)", parts[0], want, parts[1])
	}
	if msecs < 0 || msecs > 999 {
		t.Errorf("msecs = %d", msecs)
	}
	if parts[4] != strconv.Itoa(os.Getpid()) {
		t.Errorf("process = %s, want %d", parts[4], os.Getpid())
	}
	for i, re := range map[int]string{3: `^\d+$`, 5: `^\d+$`, 6: `^MainThread$`, 7: `^MainProcess$`} {
		if !regexp.MustCompile(re).MatchString(parts[i]) {
			t.Errorf("field %d = %q, want %s", i, parts[i], re)
		}
	}
}

// TestFormatTimeFollowsDatefmtAndConverter: datefmt goes through
// time.strftime, and a converter set on the Formatter class
// (time.gmtime) is used, as in Python.
func TestFormatTimeFollowsDatefmtAndConverter(t *testing.T) {
	out, _ := run(t, `
r = logging.makeLogRecord({"created": 86400.5, "msecs": 500})
f = logging.Formatter("%(asctime)s %(message)s", datefmt="%Y/%m/%d %H:%M")
f.converter = time.gmtime
print(f.formatTime(r, f.datefmt))
logging.Formatter.converter = time.gmtime
print(logging.Formatter().formatTime(r))
g = logging.Formatter()
g.default_msec_format = "%s.%03d"
print(g.formatTime(r))
`)
	want := "1970/01/02 00:00\n1970-01-02 00:00:00,500\n1970-01-02 00:00:00.500\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}

// TestFileHandlerWritesLines: FileHandler appends formatted lines to its
// file (mode "w" empties it first), opens it only when it first writes
// with delay=True, and closes it on close().
func TestFileHandlerWritesLines(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "app.log")
	os.WriteFile(path, []byte("old\n"), 0o644)
	delayed := filepath.Join(dir, "delayed.log")
	out, _ := run(t, fmt.Sprintf(`
log = logging.getLogger("file")
h = logging.FileHandler(%q)
h.setFormatter(logging.Formatter("%%(levelname)s %%(message)s"))
log.addHandler(h)
log.warning("one %%d", 1)
log.error("two")
print(h.baseFilename == %q, h.stream.name == %q, h.stream.closed)
h.close()
print(h.stream)
log.removeHandler(h)
d = logging.FileHandler(%q, delay=True)
print(d.stream)
log.addHandler(d)
log.warning("three")
d.close()
w = logging.FileHandler(%q, mode="w")
w.close()
`, path, path, path, delayed, delayed))
	if out != "True True False\nNone\nNone\n" {
		t.Errorf("printed %q", out)
	}
	if data, _ := os.ReadFile(path); string(data) != "old\nWARNING one 1\nERROR two\n" {
		t.Errorf("%s holds %q", path, data)
	}
	if data, err := os.ReadFile(delayed); err != nil || len(data) != 0 {
		t.Errorf("%s (emptied by mode w) holds %q, %v", delayed, data, err)
	}
}

// TestHandleErrorReportsAndLoggingGoesOn: a message that cannot be
// formatted prints Python's "--- Logging error ---" report on stderr and
// the program goes on; with raiseExceptions false, nothing is printed.
func TestHandleErrorReportsAndLoggingGoesOn(t *testing.T) {
	_, stderr := run(t, `
def f():
    logging.warning("x %d", "y")
f()
logging.warning("after")
logging.raiseExceptions = False
logging.warning("%s %s", "only one")
logging.warning("still going")
`)
	for _, want := range []string{
		"--- Logging error ---\nTraceback (most recent call last):\nTypeError: ",
		// t.star is not a file: no source lines, as in Python
		"Call stack:\n  File \"t.star\", line 4, in <module>\n  File \"t.star\", line 3, in f\n",
		"Message: 'x %d'\nArguments: ('y',)\nWARNING:root:after\nWARNING:root:still going\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Count(stderr, "--- Logging error ---") != 1 {
		t.Errorf("want one report, raiseExceptions = False silencing the second:\n%s", stderr)
	}
}

// TestExceptionShowsTheExceptionBeingHandled: logger.exception, in a
// function that caught an exception, appends its traceback; outside,
// "NoneType: None", as Python's; exc_info= may name the exception.
func TestExceptionShowsTheExceptionBeingHandled(t *testing.T) {
	_, stderr := run(t, `
def bad():
    int("x")
def handler():
    e, _ = catch(bad)
    logging.exception("failed")
    logging.error("given", exc_info=e)
handler()
logging.exception("outside")
`)
	want := "ERROR:root:failed\nTraceback (most recent call last):\n" +
		"  File \"t.star\", line 5, in handler\n  File \"t.star\", line 3, in bad\n" +
		"ValueError: invalid literal for int() with base 10: 'x'\n" +
		"ERROR:root:given\nTraceback (most recent call last):\n" +
		"  File \"t.star\", line 5, in handler\n  File \"t.star\", line 3, in bad\n" +
		"ValueError: invalid literal for int() with base 10: 'x'\n" +
		"ERROR:root:outside\nNoneType: None\n"
	if stderr != want {
		t.Errorf("got:\n%s\nwant:\n%s", stderr, want)
	}
}

// TestStackInfoListsTheCallers: stack_info=True appends the frames of
// the logging call, outermost first, with their source lines.
func TestStackInfoListsTheCallers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.star")
	src := "def f():\n    logging.warning(\"here\", stack_info=True)\nf()\n"
	os.WriteFile(path, []byte(src), 0o644)
	var errb bytes.Buffer
	env := starlark.StringDict{"logging": New(Config{Stderr: &errb})}
	th := &starlark.Thread{Name: "main"}
	if _, err := starlark.ExecFile(th, path, src, env); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("WARNING:root:here\nStack (most recent call last):\n  File %q, line 3, in <module>\n    f()\n  File %q, line 2, in f\n    logging.warning(\"here\", stack_info=True)\n", path, path)
	if errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
}
