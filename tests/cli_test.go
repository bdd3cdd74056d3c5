package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestExitStatus(t *testing.T) {
	cases := []struct {
		name, code string
		status     int
		stderr     string
	}{
		{"normal end", `print("hi")`, 0, ""},
		{"sys.exit(n)", `sys.exit(3)`, 3, ""},
		{"sys.exit()", `sys.exit()`, 0, ""},
		{"uncaught error", "def f():\n    fail(\"boom\")\nf()", 1, "Exception: boom"},
		{"uncaught exception ends with its class and message", "def f():\n    throw(ValueError, \"bad\")\nf()", 1, "in f\nValueError: bad\n"},
		{"uncaught user exception", "E = subclass(Exception, \"EndSession\")\nthrow(E(\"bye\"))", 1, "EndSession: bye\n"},
		{"uncaught os error names its subclass", `s = socket.socket(); s.connect(("127.0.0.1", 1))`, 1, "ConnectionRefusedError: [Errno 111] Connection refused\n"},
		{"throw(SystemExit, n) exits with n", `throw(SystemExit, 5)`, 5, ""},
		{"catch does not take sys.exit", `catch(sys.exit, 6)`, 6, ""},
		{"backtrace names the function", "def f():\n    fail(\"boom\")\nf()", 1, "in f"},
		{"os error reads like Python's", `s = socket.socket(); s.close(); s.recv(1)`, 1, "[Errno 9] Bad file descriptor"},
		{"exit inside a handler", `
def w(self):
    sys.exit(7)
D = subclass(asyncore.dispatcher, "D", handle_write = w)
d = D()
d.create_socket()
d.bind(("127.0.0.1", 0))
d.connected = True
asyncore.loop(timeout = 1)
`, 7, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, code := runPyasync(t, "", "-c", c.code)
			if code != c.status {
				t.Errorf("status %d, want %d (stderr %q)", code, c.status, stderr)
			}
			if !strings.Contains(stderr, c.stderr) {
				t.Errorf("stderr %q does not contain %q", stderr, c.stderr)
			}
			if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic:") {
				t.Errorf("a Go panic reached the user: %s", stderr)
			}
		})
	}
}

func TestCommandForms(t *testing.T) {
	out, _, code := runPyasync(t, "", "version")
	if code != 0 || !strings.HasPrefix(out, "pyasync ") {
		t.Errorf("version: %q %d", out, code)
	}
	out, _, code = runPyasync(t, "", "-h")
	if code != 0 || !strings.Contains(out, "usage: pyasync") {
		t.Errorf("-h: %q %d", out, code)
	}
	out, _, code = runPyasync(t, `print(sys.argv)`, "-", "a", "b")
	if code != 0 || strings.TrimSpace(out) != `['-', 'a', 'b']` {
		t.Errorf("stdin program: %q %d", out, code)
	}
	out, _, code = runPyasync(t, "", "-c", `print(sys.argv)`, "x")
	if code != 0 || strings.TrimSpace(out) != `['-c', 'x']` {
		t.Errorf("-c: %q %d", out, code)
	}
	dir := t.TempDir()
	script := filepath.Join(dir, "main.star")
	os.WriteFile(script, []byte(`print(sys.argv[1:])`), 0o644)
	out, _, code = runPyasync(t, "", script, "1", "2")
	if code != 0 || strings.TrimSpace(out) != `['1', '2']` {
		t.Errorf("file: %q %d", out, code)
	}
	_, stderr, code := runPyasync(t, "", filepath.Join(dir, "missing.star"))
	if code != 2 || !strings.Contains(stderr, "can't open file") {
		t.Errorf("missing file: %q %d", stderr, code)
	}
	_, stderr, code = runPyasync(t, "", "--bogus")
	if code != 2 || !strings.Contains(stderr, "unknown option --bogus") {
		t.Errorf("bad option: %q %d", stderr, code)
	}
}

func TestLoadIsRelativeToTheLoadingFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "lib", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "lib", "a.star"), []byte("load(\"sub/b.star\", \"b\")\nstate = {\"n\": 0}\ndef bump():\n    state[\"n\"] += 1\na = \"A\" + b\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "lib", "sub", "b.star"), []byte("b = \"B\"\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.star"), []byte("load(\"lib/a.star\", \"a\", \"bump\", \"state\")\nload(\"lib/a.star\", a2 = \"a\")\nbump()\nbump()\nprint(a, a2, state[\"n\"])\n"), 0o644)
	// run from elsewhere: paths must not depend on the working directory
	cmd := exec.Command(pyasync, filepath.Join(dir, "main.star"))
	cmd.Dir = os.TempDir()
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "AB AB 2" {
		t.Errorf("got %q, %v; want \"AB AB 2\" (module state mutable, loaded once)", out, err)
	}
}

func TestLoadErrorsNameThePlaceInTheLoadedFile(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "lib"), 0o755)
	os.WriteFile(filepath.Join(dir, "lib", "bad.star"), []byte("def f():\n    return {}[\"k\"]\nx = f()\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "lib", "quit.star"), []byte("sys.exit(3)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "bad.star"), []byte("load(\"lib/bad.star\", \"x\")\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "quit.star"), []byte("load(\"lib/quit.star\", \"x\")\n"), 0o644)
	run := func(script string) (string, int) {
		cmd := exec.Command(pyasync, script)
		cmd.Dir = dir
		out, _ := cmd.CombinedOutput()
		return string(out), cmd.ProcessState.ExitCode()
	}
	out, code := run("bad.star")
	want := "  bad.star:1:1: in <toplevel>\n  lib/bad.star:3:6: in <toplevel>\n  lib/bad.star:2:14: in f\nKeyError: 'k'\n"
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("error in a loaded file: status %d, %q; want 1 and %q", code, out, want)
	}
	if out, code := run("quit.star"); code != 3 {
		t.Errorf("sys.exit(3) in a loaded file: status %d, %q", code, out)
	}
}

func TestARunawayRecursionPrintsAShortBacktrace(t *testing.T) {
	_, stderr, code := runPyasync(t, "", "-c", "def f(n):\n    return f(n + 1)\nf(0)\n")
	lines := strings.Count(stderr, "\n")
	if code != 1 || !strings.Contains(stderr, "[Previous line repeated 9999") || !strings.Contains(stderr, "RecursionError: maximum recursion depth exceeded") || lines > 10 {
		t.Errorf("status %d, %d lines, stderr %.500q", code, lines, stderr)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.star")
	bad := filepath.Join(dir, "bad.star")
	undefined := filepath.Join(dir, "undefined.star")
	os.WriteFile(good, []byte("x = 1\nwhile x < 3:\n    x += 1\nasyncore.loop\n"), 0o644)
	os.WriteFile(bad, []byte("x = (1,\n"), 0o644)
	os.WriteFile(undefined, []byte("print(nope)\n"), 0o644)
	_, stderr, code := runPyasync(t, "", "check", good)
	if code != 0 || stderr != "" {
		t.Errorf("check good: %d %q", code, stderr)
	}
	_, stderr, code = runPyasync(t, "", "check", good, bad, undefined)
	if code != 1 {
		t.Errorf("check bad: status %d", code)
	}
	for _, want := range []string{bad + ":2:1: ", undefined + ":1:7: undefined: nope"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check output %q lacks %q", stderr, want)
		}
	}
}

// TestSignalsCloseChannelsAndExit: SIGINT and SIGTERM stop a running
// loop, close every channel and exit 130 and 143.
func TestSignalsCloseChannelsAndExit(t *testing.T) {
	for _, c := range []struct {
		sig    syscall.Signal
		status int
		msg    string
	}{{syscall.SIGINT, 130, "KeyboardInterrupt"}, {syscall.SIGTERM, 143, "Terminated"}} {
		t.Run(c.msg, func(t *testing.T) {
			dir := t.TempDir()
			script := filepath.Join(dir, "serve.star")
			os.WriteFile(script, []byte(`
def _close(self):
    sys.stderr.write("closing %s\n" % type(self))
    asyncore.dispatcher.close(self)
S = subclass(asyncore.dispatcher, "S", close = _close, writable = lambda self: False)
s = S()
s.create_socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
print("listening on 127.0.0.1:%d" % s.socket.getsockname()[1])
sys.stdout.flush()
asyncore.loop()
`), 0o644)
			cmd := exec.Command(pyasync, script)
			var errb strings.Builder
			cmd.Stderr = &errb
			stdout, _ := cmd.StdoutPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 100)
			stdout.Read(buf) // wait for the announcement
			cmd.Process.Signal(c.sig)
			done := make(chan struct{})
			go func() { cmd.Wait(); close(done) }()
			select {
			case <-done:
			case <-time.After(60 * time.Second):
				cmd.Process.Kill()
				t.Fatal("the loop did not stop")
			}
			if code := cmd.ProcessState.ExitCode(); code != c.status {
				t.Errorf("status %d, want %d", code, c.status)
			}
			if !strings.Contains(errb.String(), c.msg) || !strings.Contains(errb.String(), "closing S") {
				t.Errorf("stderr %q: want %q and the channel closed", errb.String(), c.msg)
			}
		})
	}
}

// TestInterruptBusyStatement: Ctrl-C also stops Starlark code that never
// returns to the loop.
func TestInterruptBusyStatement(t *testing.T) {
	cmd := exec.Command(pyasync, "-c", "print(\"busy\")\nsys.stdout.flush()\nwhile True:\n    pass\n")
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 10)
	stdout.Read(buf)
	cmd.Process.Signal(syscall.SIGINT)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatal("a busy statement was not interrupted")
	}
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("status %d, want 130", code)
	}
}
