package tests

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The differential test of pyasync port on real programs. Each program
// is fetched when the test runs (CPython's standard library, Debian's
// packages: never copied into this repository), ported with no hand
// edit (pyasync port -o DIR), run under pyasync and, beside it, the
// original under CPython 3.11 or Python 2.7; a stock client drives each
// and the test compares what the client sees and what the server
// prints.
//
// realPrograms says, for each program, the state its port reaches today.
// The test fails when a program falls short of it (a regression) or
// leaves more TODOs than it did; a program that does better is logged,
// to raise its row. go test -v -run PortReal prints each program's
// lines, TODOs, warnings and client result.

// realState is how far a ported program gets.
type realState int

const (
	notPorted realState = iota // pyasync port -o wrote no program to run
	ported                     // it is written, but does not start under pyasync
	starts                     // it starts and accepts connections
	serves                     // the client runs to its end against it
	matches                    // the client sees, and the server prints, what the original's do
)

func (s realState) String() string {
	return [...]string{"not ported", "ported", "starts", "serves", "matches"}[s]
}

// realProgram is one program of the test.
type realProgram struct {
	name string
	// fetch lays the program out under dir and returns its main file's
	// path there and the interpreter (with its environment) that runs
	// the original, or why it cannot (the test then skips, saying so).
	fetch func(t *testing.T, dir string) (main string, python []string, env []string, skip string)
	// args are the program's arguments, for a server on port serving root.
	args func(port, root string) []string
	// drive runs the stock client against port and returns what it saw.
	drive func(t *testing.T, port string) (string, error)
	// normal takes out of the server's output what changes between two
	// runs of the same program (times, client ports).
	normal func(string) string

	want     realState // the state its port reaches today
	maxTODOs int       // the TODOs its port leaves today
	// why the row is not yet "matches", for the reader of the table
	note string
}

var realPrograms = []realProgram{
	{
		name:   "tests/port/tree (five modules)",
		fetch:  lineServerTree,
		args:   func(port, _ string) []string { return []string{port} },
		drive:  lineClient,
		normal: func(s string) string { return s },
		want:   matches,
		note:   "green",
	},
	{
		name:  "smtpd.py (CPython 3.11)",
		fetch: cpythonSmtpd,
		args: func(port, _ string) []string {
			return []string{"-n", "-c", "DebuggingServer", "127.0.0.1:" + port}
		},
		drive:  smtplibClient,
		normal: func(s string) string { return s },
		want:   serves,
		note:   "the server prints each line of a message as Python 3 prints bytes (b'Subject: several') and pyasync as a str: smtpd's command line leaves decode_data False, and DebuggingServer tells bytes from str with isinstance(data, str), which holds for every pyasync string (the port warns at both lines); the row below runs the same smtpd.py with decode_data=True",
	},
	{
		name:   "smtpd.py (CPython 3.11, decode_data=True)",
		fetch:  cpythonSmtpdModule,
		args:   func(port, _ string) []string { return []string{port} },
		drive:  smtplibClient,
		normal: func(s string) string { return s },
		want:   matches,
		note:   "green",
	},
	{
		name:  "smtpd.py (Python 2.7)",
		fetch: python2Smtpd,
		args: func(port, _ string) []string {
			return []string{"-n", "-c", "DebuggingServer", "127.0.0.1:" + port}
		},
		drive:  smtplibClient,
		normal: func(s string) string { return s },
		want:   matches,
		note:   "green",
	},
	{
		name:   "supervisor's medusa HTTP server",
		fetch:  medusa,
		args:   func(port, root string) []string { return []string{root, port} },
		drive:  httpClients,
		normal: medusaLog,
		want:   matches,
		note:   "green",
	},
	{
		name:  "pyftpdlib's FTP server (Debian's python3-pyftpdlib)",
		fetch: pyftpdlib,
		// each server writes (STOR, RNTO, DELE, MFMT) in a copy of its own
		args:   func(port, root string) []string { return []string{copyOfTree(root), port} },
		drive:  ftpClient,
		normal: func(s string) string { return s },
		want:   matches,
		note:   "green",
	},
}

// TestPortRealPrograms runs the table.
func TestPortRealPrograms(t *testing.T) {
	root := realRoot(t)
	for _, p := range realPrograms {
		t.Run(strings.Fields(p.name)[0]+"/"+strings.Join(strings.Fields(p.name)[1:], "_"), func(t *testing.T) {
			o := runReal(t, p, root)
			t.Logf("%s: %d lines in %d file(s); port exit %d, %d TODOs, %d warnings, %d check failures; %s",
				p.name, o.lines, o.files, o.portStatus, o.todos, o.warnings, o.checkFails, o.summary())
			switch {
			case o.reached < p.want:
				t.Errorf("%s regressed: it %s, where it %s before\n%s", p.name, o.reached, p.want, o.why)
			case o.reached > p.want:
				t.Logf("%s now reaches %q, beyond %q: raise its row in realPrograms", p.name, o.reached, p.want)
			}
			if o.todos > p.maxTODOs {
				t.Errorf("%s: %d TODOs left, %d before", p.name, o.todos, p.maxTODOs)
			}
			if o.reached != matches {
				t.Logf("not yet green: %s", p.note)
			}
		})
	}
}

// realOutcome is what happened to one program.
type realOutcome struct {
	files, lines, todos, warnings, checkFails, portStatus int
	reached                                               realState
	why                                                   string // what stopped it there
}

func (o realOutcome) summary() string {
	if o.reached == matches {
		return "client and server output match the original's"
	}
	return "reached " + o.reached.String() + ": " + firstLines(o.why, 3)
}

// runReal ports one program and runs it beside its original.
func runReal(t *testing.T, p realProgram, root string) realOutcome {
	dir := t.TempDir()
	main, python, env, skip := p.fetch(t, dir)
	if skip != "" {
		t.Skip(skip)
	}
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := runPyasync(t, "", "port", "-o", out, filepath.Join(dir, main))
	o := realOutcome{portStatus: code}
	for _, l := range strings.Split(stderr, "\n") {
		switch {
		case strings.Contains(l, ": TODO(port): "):
			o.todos++
		case strings.Contains(l, ": warning: "):
			o.warnings++
		case strings.Contains(l, "does not check"):
			o.checkFails++
		}
	}
	filepath.Walk(out, func(path string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(path, ".star") {
			rel, _ := filepath.Rel(out, path)
			if src, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(rel, ".star")+".py")); err == nil {
				o.files++
				o.lines += strings.Count(string(src), "\n")
			}
		}
		return nil
	})
	star := filepath.Join(out, strings.TrimSuffix(main, ".py")+".star")
	if _, err := os.Stat(star); err != nil {
		o.why = "pyasync port wrote no " + star + ":\n" + stderr
		return o
	}
	o.reached = ported

	// the original: the harness is broken if it does not serve
	port := freePort(t)
	orig := startReal(t, append(python, filepath.Join(dir, main)), env, port, p.args(port, root))
	if orig.failed != "" {
		t.Fatalf("the original does not start: %s", orig.failed)
	}
	origClient, err := p.drive(t, port)
	if err != nil {
		t.Fatalf("the client fails against the original: %v\n%s", err, origClient)
	}
	origServer := p.normal(orig.stop(t))

	port = freePort(t)
	ported := startReal(t, []string{pyasync, star}, nil, port, p.args(port, root))
	if ported.failed != "" {
		o.why = ported.failed
		return o
	}
	client, err := p.drive(t, port)
	if err != nil && ported.endedAlone() {
		// it listened, then ended by itself (an error as it started)
		o.why = fmt.Sprintf("it ended (%v) while the client ran: %s", ported.cmd.ProcessState, lastLines(ported.stdout.String()+ported.stderr.String(), 3))
		return o
	}
	o.reached = starts
	server := p.normal(ported.stop(t))
	if err != nil {
		o.why = fmt.Sprintf("the client failed: %v\n%s", err, difference("client", origClient, client))
		if server != origServer {
			o.why += "\n" + difference("server", origServer, server)
		}
		return o
	}
	o.reached = serves
	if client != origClient || server != origServer {
		o.why = difference("client", origClient, client) + difference("server", origServer, server)
		return o
	}
	o.reached = matches
	return o
}

// difference names the first line where got differs from want ("" when
// they are equal).
func difference(what, want, got string) string {
	if want == got {
		return ""
	}
	at := commonPrefix([]byte(want), []byte(got))
	start := strings.LastIndexByte(want[:at], '\n') + 1
	line := func(s string) string {
		if end := strings.IndexByte(s[start:], '\n'); end >= 0 {
			return s[start : start+end]
		}
		return s[start:]
	}
	return fmt.Sprintf("%s output differs at line %d:\n  original: %.200q\n  ported:   %.200q\n",
		what, strings.Count(want[:start], "\n")+1, line(want), line(got))
}

// lastLines is the last n lines of s, joined with " | ".
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, " | ")
}

// realServer is a program started by the test.
type realServer struct {
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan struct{}
	failed string // why it did not start serving ("" when it did)
}

// startReal starts argv with args and waits (bounded) until port accepts
// a connection or the program ends.
func startReal(t *testing.T, argv, env []string, port string, args []string) *realServer {
	t.Helper()
	s := &realServer{done: make(chan struct{})}
	s.cmd = exec.Command(argv[0], append(argv[1:], args...)...)
	s.cmd.Env = append(os.Environ(), env...)
	s.cmd.Stdout, s.cmd.Stderr = &s.stdout, &s.stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { s.cmd.Wait(); close(s.done) }()
	t.Cleanup(func() { s.cmd.Process.Kill(); <-s.done })
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-s.done:
			s.failed = fmt.Sprintf("%s ended (%v) before serving: %s", filepath.Base(argv[len(argv)-1]), s.cmd.ProcessState, lastLines(s.stdout.String()+s.stderr.String(), 3))
			return s
		default:
		}
		if c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second); err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			s.failed = "it did not listen on its port within a minute:\n" + s.stderr.String()
			return s
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// endedAlone reports whether the server ended by itself: it has, or it
// does within a few seconds (a client that failed at once may see the
// server's socket closed before its process is gone).
func (s *realServer) endedAlone() bool {
	select {
	case <-s.done:
		return true
	case <-time.After(5 * time.Second):
		return false
	}
}

// stop interrupts the server (SIGINT), waits for it to end and returns
// what it printed on stdout.
func (s *realServer) stop(t *testing.T) string {
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	return s.stdout.String()
}

// realRoot is the folder the HTTP and FTP servers serve: small files, a page, a
// folder with an index, a 300 KB binary file and a name with a space.
func realRoot(t *testing.T) string {
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"hello.txt":      "hello\n",
		"page.html":      "<html><body>page</body></html>\n",
		"sub/index.html": "<html><body>index</body></html>\n",
		"with space.txt": "spaced\n",
	})
	big := make([]byte, 300<<10)
	rand.Read(big)
	if err := os.WriteFile(filepath.Join(root, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// lineServerTree is tests/port/tree, a program written for this test.
func lineServerTree(t *testing.T, dir string) (string, []string, []string, string) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "", nil, nil, "python3 is not installed: the original cannot run"
	}
	if err := exec.Command("cp", "-r", "port/tree/.", dir).Run(); err != nil {
		t.Fatal(err)
	}
	return "main.py", []string{py, "-W", "ignore"}, nil, ""
}

// lineClient talks to tests/port/tree's line server from two
// connections and returns what it read.
func lineClient(t *testing.T, port string) (string, error) {
	var b strings.Builder
	for _, lines := range [][]string{{"abc", "Mixed Case"}, {"x", "quit"}} {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 30*time.Second)
		if err != nil {
			return b.String(), err
		}
		c.SetDeadline(time.Now().Add(60 * time.Second))
		r := bufio.NewReader(c)
		read := func() error {
			l, err := r.ReadString('\n')
			b.WriteString(l)
			return err
		}
		err = read()
		for _, l := range lines {
			if err == nil {
				fmt.Fprintf(c, "%s\n", l)
				err = read()
			}
		}
		c.Close()
		if err != nil {
			return b.String(), err
		}
	}
	return b.String(), nil
}

// writeFiles writes files (path under dir -> text).
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// cpythonSmtpd is CPython 3.11's smtpd.py, copied alone into dir.
func cpythonSmtpd(t *testing.T, dir string) (string, []string, []string, string) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "", nil, nil, "python3 is not installed: no smtpd.py to port"
	}
	loc, err := exec.Command(py, "-W", "ignore", "-c", "import smtpd; print(smtpd.__file__)").Output()
	if err != nil {
		return "", nil, nil, "python3 has no smtpd module (removed in Python 3.12): nothing to port"
	}
	return copyInto(t, strings.TrimSpace(string(loc)), dir), []string{py, "-W", "ignore"}, nil, ""
}

// cpythonSmtpdModule is CPython 3.11's smtpd.py with tests/port/real/
// smtpd_main.py beside it, which imports it and serves its
// DebuggingServer with decode_data=True.
func cpythonSmtpdModule(t *testing.T, dir string) (string, []string, []string, string) {
	_, python, env, skip := cpythonSmtpd(t, dir)
	if skip != "" {
		return "", nil, nil, skip
	}
	return copyInto(t, filepath.Join("port", "real", "smtpd_main.py"), dir), python, env, ""
}

// python2Smtpd is Python 2.7's smtpd.py, copied alone into dir.
func python2Smtpd(t *testing.T, dir string) (string, []string, []string, string) {
	py, env, skip := python2(t)
	if skip != "" {
		return "", nil, nil, skip + ": Python 2's smtpd.py is not ported"
	}
	cmd := exec.Command(py, "-c", "import smtpd, sys; sys.stdout.write(smtpd.__file__)")
	cmd.Env = append(os.Environ(), env...)
	loc, err := cmd.Output()
	if err != nil {
		return "", nil, nil, "python2.7 has no smtpd module: Python 2's smtpd.py is not ported"
	}
	path := strings.TrimSuffix(strings.TrimSpace(string(loc)), "c") // smtpd.pyc -> smtpd.py
	return copyInto(t, path, dir), []string{py}, env, ""
}

func copyInto(t *testing.T, path, dir string) string {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(path)), src, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(path)
}

// debianPython is the dist-packages folder of a Debian package,
// downloaded and unpacked once per run.
func debianPython(name string) (string, error) {
	debianMu.Lock()
	defer debianMu.Unlock()
	if got, ok := debianPackages[name]; ok {
		return got.dir, got.err
	}
	dir, err := fetchDebian(name)
	debianPackages[name] = struct {
		dir string
		err error
	}{dir, err}
	return dir, err
}

var (
	debianMu       sync.Mutex
	debianPackages = map[string]struct {
		dir string
		err error
	}{}
)

func fetchDebian(name string) (string, error) {
	for _, tool := range []string{"apt-get", "dpkg"} {
		if _, err := exec.LookPath(tool); err != nil {
			return "", fmt.Errorf("%s is not installed: Debian's %s package cannot be fetched", tool, name)
		}
	}
	dir, err := os.MkdirTemp(scratch, name)
	if err != nil {
		return "", err
	}
	get := exec.Command("apt-get", "download", name)
	get.Dir = dir
	if out, err := get.CombinedOutput(); err != nil {
		return "", fmt.Errorf("apt-get download %s failed (no network or package lists?): %v: %s", name, err, firstLines(string(out), 2))
	}
	debs, _ := filepath.Glob(filepath.Join(dir, name+"_*.deb"))
	if len(debs) != 1 {
		return "", fmt.Errorf("apt-get download %s left no %s_*.deb", name, name)
	}
	if out, err := exec.Command("dpkg", "-x", debs[0], filepath.Join(dir, "x")).CombinedOutput(); err != nil {
		return "", fmt.Errorf("dpkg -x: %v: %s", err, out)
	}
	pkgs, _ := filepath.Glob(filepath.Join(dir, "x", "usr", "lib", "python3*", "dist-packages"))
	if len(pkgs) != 1 {
		return "", fmt.Errorf("the %s package has no dist-packages folder", name)
	}
	return pkgs[0], nil
}

// pyftpdlib is Debian's python3-pyftpdlib (pyftpdlib/) with
// tests/port/real/ftpd_main.py beside it; the original runs under
// CPython 3.11, whose asyncore and asynchat it is built on.
func pyftpdlib(t *testing.T, dir string) (string, []string, []string, string) {
	py, err := exec.LookPath("python3")
	if err != nil {
		return "", nil, nil, "python3 is not installed: the original pyftpdlib cannot run"
	}
	pkgs, err := debianPython("python3-pyftpdlib")
	if err != nil {
		return "", nil, nil, err.Error()
	}
	if err := exec.Command("cp", "-r", filepath.Join(pkgs, "pyftpdlib"), dir).Run(); err != nil {
		t.Fatal(err)
	}
	return copyInto(t, filepath.Join("port", "real", "ftpd_main.py"), dir), []string{py, "-W", "ignore"}, nil, ""
}

// copyOfTree copies the folder root into a new folder of the suite's
// scratch space and returns it ("" when it cannot: the server then
// fails to start, which the test reports).
func copyOfTree(root string) string {
	dir, err := os.MkdirTemp(scratch, "tree")
	if err != nil {
		return ""
	}
	if err := exec.Command("cp", "-r", root+"/.", dir).Run(); err != nil {
		return ""
	}
	return dir
}

// ftpClient is tests/port/real/ftp_checks.py: Python's ftplib, reading
// as an anonymous user and writing as "user" (see ftpd_main.py).
func ftpClient(t *testing.T, port string) (string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no ftplib client")
	}
	return runBoundedOutput(exec.Command(py, "port/real/ftp_checks.py", port))
}

// medusa is supervisor's supervisor/ package with tests/port/real/
// medusa_main.py beside it. The original runs under Python 2.7: medusa's
// HTTP channel matches str patterns against the bytes it receives, which
// only Python 2 allows (supervisor itself serves HTTP with its own
// channel class).
func medusa(t *testing.T, dir string) (string, []string, []string, string) {
	py, env, skip := python2(t)
	if skip != "" {
		return "", nil, nil, skip + ": the original medusa cannot run"
	}
	pkgs, err := debianPython("supervisor")
	if err != nil {
		return "", nil, nil, err.Error()
	}
	if err := exec.Command("cp", "-r", filepath.Join(pkgs, "supervisor"), dir).Run(); err != nil {
		t.Fatal(err)
	}
	return copyInto(t, filepath.Join("port", "real", "medusa_main.py"), dir), []string{py}, env, ""
}

// python2 is Python 2.7.18 (pyenv's) and the environment that selects
// it, or why there is none.
func python2(t *testing.T) (string, []string, string) {
	py, err := exec.LookPath("python2.7")
	if err != nil {
		return "", nil, "python2.7 is not installed"
	}
	env := []string{"PYENV_VERSION=2.7.18"}
	cmd := exec.Command(py, "-c", "import sys; assert sys.version_info[:2] == (2, 7)")
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Run(); err != nil {
		return "", nil, "python2.7 (PYENV_VERSION=2.7.18) does not run"
	}
	return py, env, ""
}

// smtplibClient is tests/interop/smtp_client.py: Python's smtplib.
func smtplibClient(t *testing.T, port string) (string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no smtplib client")
	}
	out, err := runBoundedOutput(exec.Command(py, "interop/smtp_client.py", port))
	return out, err
}

// httpClients asks with curl and with http.client (port/real/http_checks.py).
func httpClients(t *testing.T, port string) (string, error) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: no http.client client")
	}
	var b strings.Builder
	if c, err := exec.LookPath("curl"); err == nil {
		url := "http://127.0.0.1:" + port
		for _, args := range [][]string{
			{url + "/hello.txt"}, {"-I", url + "/hello.txt"}, {url + "/missing"}, {url + "/sub"},
			{"--http1.0", url + "/page.html"}, {"-H", "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT", url + "/hello.txt"},
		} {
			out, err := runBoundedOutput(exec.Command(c, append([]string{"-s", "-i", "--max-time", "60"}, args...)...))
			fmt.Fprintf(&b, "curl %s -> %v\n%s\n", strings.ReplaceAll(strings.Join(args, " "), url, "URL"), err, sortHeaders(dropDate(out)))
		}
	} else {
		b.WriteString("curl is not installed: only http.client asks\n")
	}
	out, err := runBoundedOutput(exec.Command(py, "port/real/http_checks.py", port))
	b.WriteString(out)
	return b.String(), err
}

// sortHeaders puts the header lines of an HTTP response (curl -i's
// output) in order: HTTP leaves the order of fields free, and a server
// that keeps them in a dict, as medusa does, sends them in the dict's
// order, which is Python 2's hash order in the original.
func sortHeaders(s string) string {
	head, body, found := strings.Cut(s, "\r\n\r\n")
	if !found {
		return s
	}
	lines := strings.Split(head, "\r\n")
	sort.Strings(lines[1:])
	return strings.Join(lines, "\r\n") + "\r\n\r\n" + body
}

var dateHeader = regexp.MustCompile(`(?mi)^date: .*\r?\n`)

func dropDate(s string) string { return dateHeader.ReplaceAllString(s, "") }

// medusaLog takes the times and client ports out of medusa's log.
func medusaLog(s string) string {
	for _, r := range []struct{ re, with string }{
		{`127\.0\.0\.1:\d+`, "127.0.0.1:PORT"},
		{`\[\d+/\w+/\d+:\d+:\d+:\d+ [+-]\d+\]`, "[DATE]"},
		{`started at .*`, "started at DATE"},
		{`Port:\d+`, "Port:PORT"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.with)
	}
	return s
}

// runBoundedOutput runs a client to its end (runBounded) and returns
// its output, stderr after stdout.
func runBoundedOutput(cmd *exec.Cmd) (string, error) {
	var errs syncBuffer
	cmd.Stderr = &errs
	out, err := runBounded(cmd)
	return string(out) + errs.String(), err
}
