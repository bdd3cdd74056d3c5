package tests

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// pyasync is the path of the binary built for these tests.
var pyasync string

// scratch is the suite's own temporary folder, removed when it ends: what
// outlives a test (Debian packages fetched once for several) goes there.
// (TMPDIR is left alone: AF_UNIX paths under t.TempDir() must stay short.)
var scratch string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "pyasync-test-bin")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pyasync = filepath.Join(dir, "pyasync")
	build := exec.Command("go", "build", "-o", pyasync, "../cmd/pyasync")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building pyasync:", err)
		os.Exit(1)
	}
	scratch = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is a program started in the background whose first line of
// output ends with the address it listens on.
type server struct {
	cmd  *exec.Cmd
	port string
	out  *bufio.Reader
	rest syncBuffer    // what it printed after that line
	eof  chan struct{} // closed when its output ends
}

var portRE = regexp.MustCompile(`:(\d+)\s*$`)

// startServer starts name with args and waits (bounded) for the line that
// announces its port.
func startServer(t *testing.T, name string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(name, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, out: bufio.NewReader(stdout), eof: make(chan struct{})}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	lines := make(chan string, 1)
	go func() {
		line, _ := s.out.ReadString('\n')
		lines <- line
	}()
	select {
	case line := <-lines:
		m := portRE.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("%s %v: no port in its first line %q", name, args, line)
		}
		s.port = m[1]
	case <-time.After(60 * time.Second):
		t.Fatalf("%s %v did not announce its port", name, args)
	}
	go func() {
		io.Copy(&s.rest, s.out)
		close(s.eof)
	}()
	return s
}

// wait waits (bounded) for a server that stops by itself and returns
// what it printed after its first line.
func (s *server) wait(t *testing.T) (string, error) {
	t.Helper()
	select {
	case <-s.eof:
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not end")
	}
	return s.rest.String(), s.cmd.Wait()
}

// runPyasync runs the binary to its end (bounded) and returns its output
// and exit status.
func runPyasync(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(pyasync, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(120 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("pyasync %v did not finish", args)
	}
	return out.String(), errb.String(), cmd.ProcessState.ExitCode()
}

// python3WithAsyncore returns python3's path, or skips the test with the
// reason.
func python3WithAsyncore(t *testing.T) string {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: CPython interoperability not tested")
	}
	if err := exec.Command(py, "-W", "ignore", "-c", "import asyncore, asynchat").Run(); err != nil {
		t.Skip("python3 has no asyncore (removed in Python 3.12): CPython interoperability not tested")
	}
	return py
}

// interruptSignal stops a server started by a test.
var interruptSignal = syscall.SIGINT
