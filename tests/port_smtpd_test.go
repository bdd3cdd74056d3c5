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
// asyncore and asynchat, with nothing left for a person: its imports
// (warnings._deprecated, email._header_value_parser, smtplib) are
// pyasync's, its try/except blocks become catch() and throw(), its
// @property accessors property(), its private self.__server
// _SMTPChannel__server. The two places where it tells bytes from str
// (DebuggingServer's isinstance(data, str)) are warned about, each at its
// line, and the translation checks.
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
	if code != 0 {
		t.Fatalf("pyasync port smtpd.py: status %d, want 0\n%s", code, stderr)
	}
	if strings.Contains(out, "# TODO(port): ") || strings.Contains(stderr, "TODO(port)") {
		t.Errorf("TODOs left:\n%s", stderr)
	}
	warnRE := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `:(\d+): warning: (.*)$`)
	warned := 0
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Contains(l, "does not check") {
			t.Errorf("the translation does not check: %s", l)
		}
		m := warnRE.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		warned++
		n, _ := strconv.Atoi(m[1])
		if n < 1 || n > len(lines) || !strings.Contains(lines[n-1], "isinstance(data, str)") {
			t.Errorf("%s: the warning does not name a line that tells bytes from str", l)
		}
	}
	if warned != 2 {
		t.Errorf("%d warnings, want 2 (the isinstance(data, str) of DebuggingServer):\n%s", warned, stderr)
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
		"get_addr_spec = email._header_value_parser.get_addr_spec",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the translation lacks %q", want)
		}
	}
}
