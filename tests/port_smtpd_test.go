package tests

import (
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPortCPythonSmtpd ports CPython 3.11's own smtpd.py, 960 lines of
// asyncore and asynchat. Everything must translate but its imports of
// modules (and names) pyasync does not have: its try/except blocks
// become catch() and throw(), its @property accessors property(), its
// private self.__server _SMTPChannel__server. Each TODO must name the
// line where its import starts, each must be left in the output, and
// the translation must check.
func TestPortCPythonSmtpd(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no smtpd.py to port")
	}
	loc, err := exec.Command(py, "-W", "ignore", "-c", "import smtpd; print(smtpd.__file__)").Output()
	if err != nil {
		t.Skip("python3 has no smtpd module (removed in Python 3.12): nothing to port")
	}
	path := strings.TrimSpace(string(loc))
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	out, stderr, code := runPyasync(t, "", "port", path)
	if code != 1 {
		t.Fatalf("pyasync port smtpd.py: status %d, want 1 (TODOs left)", code)
	}
	todoRE := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:(\d+): TODO\(port\): (.*)$`)
	isImport := func(l string) bool { return strings.HasPrefix(l, "import ") || strings.HasPrefix(l, "from ") }
	starts := map[string]func(string) bool{
		"no module":  isImport, // a module pyasync does not have
		"pyasync's ": isImport, // a name a module of pyasync's lacks
	}
	todos := 0
	var checkLine string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		m := todoRE.FindStringSubmatch(l)
		if m == nil {
			if strings.Contains(l, "does not check") {
				checkLine = l
			}
			continue
		}
		todos++
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(lines) {
			t.Errorf("%s: line %d is not in smtpd.py", l, n)
			continue
		}
		orig := strings.TrimSpace(lines[n-1])
		ok := false
		for prefix, at := range starts {
			if strings.HasPrefix(m[2], prefix) {
				if !at(orig) {
					t.Errorf("TODO %q names line %d, which is %q", m[2], n, orig)
				}
				ok = true
			}
		}
		if !ok {
			t.Errorf("left untranslated outside imports: %s\n(line %d: %q)", m[2], n, orig)
		}
	}
	if todos == 0 {
		t.Fatalf("no TODO reported, but smtpd.py imports modules pyasync does not have:\n%s", stderr)
	}
	if got := strings.Count(out, "# TODO(port): "); got != todos {
		t.Errorf("%d TODO comments in the output, %d reported on stderr", got, todos)
	}
	for _, want := range []string{
		`SMTPChannel = subclass(asynchat.async_chat, "SMTPChannel",`,
		`SMTPServer = subclass(asyncore.dispatcher, "SMTPServer",`,
		`DebuggingServer = subclass(SMTPServer, "DebuggingServer",`,
		`PureProxy = subclass(SMTPServer, "PureProxy",`,
		"def _SMTPChannel_smtp_HELO(self, arg):",
		"def _SMTPChannel_found_terminator(self):",
		"    smtp_HELO = _SMTPChannel_smtp_HELO,",
		"    _SMTPChannel__server = property(_SMTPChannel___server, _SMTPChannel_set___server),",
		"err, result2 = catch(conn.getpeername)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the translation lacks %q", want)
		}
	}
	// An import always binds its names, even one left as a TODO (it
	// fails at run time, as Python's would without the module), so the
	// translation checks.
	if checkLine != "" {
		t.Errorf("the translation does not check: %s", checkLine)
	}
}
