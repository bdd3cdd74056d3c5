package tests

import (
	"bufio"
	"io"
	"net"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

func dialLine(t *testing.T, port string) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(60 * time.Second))
	return c, bufio.NewReader(c)
}

// TestIdleTimeoutExample: a connection idle for the configured time is
// told so and closed, while a busy one stays open.
func TestIdleTimeoutExample(t *testing.T) {
	srv := startServer(t, pyasync, "../examples/idle_timeout.star", "0", "1.0")
	a, ar := dialLine(t, srv.port)
	io.WriteString(a, "hi\n")
	if line, _ := ar.ReadString('\n'); line != "hi\n" {
		t.Fatalf("echo: %q", line)
	}
	b, br := dialLine(t, srv.port)
	stop := make(chan struct{})
	busy := make(chan error, 1)
	go func() { // b talks every 50 ms: its timer keeps being reset
		for {
			select {
			case <-stop:
				busy <- nil
				return
			case <-time.After(50 * time.Millisecond):
			}
			io.WriteString(b, "ping\n")
			if line, err := br.ReadString('\n'); err != nil || line != "ping\n" {
				busy <- err
				return
			}
		}
	}()
	line, err := ar.ReadString('\n')
	if err != nil || line != "idle for 1.0 s, closing\n" {
		t.Fatalf("idle connection: %q %v", line, err)
	}
	if _, err := ar.ReadString('\n'); err != io.EOF {
		t.Errorf("the idle connection was not closed: %v", err)
	}
	close(stop)
	if err := <-busy; err != nil {
		t.Errorf("the busy connection was dropped: %v", err)
	}
}

// TestGracefulShutdownExample: SIGTERM runs the script's handler inside
// the loop: no new connections, open ones finish, exit status 0.
func TestGracefulShutdownExample(t *testing.T) {
	cmd := exec.Command(pyasync, "../examples/graceful_shutdown.star", "0")
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	out := bufio.NewReader(stdout)
	first, _ := out.ReadString('\n')
	m := portRE.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no port in %q", first)
	}
	c, cr := dialLine(t, m[1])
	io.WriteString(c, "one\n")
	if line, _ := cr.ReadString('\n'); line != "echo: one\n" {
		t.Fatalf("echo: %q", line)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if line, _ := out.ReadString('\n'); !strings.HasPrefix(line, "signal 15: no new connections; 1 open ones finish") {
		t.Fatalf("handler output: %q", line)
	}
	if _, err := net.DialTimeout("tcp", "127.0.0.1:"+m[1], 5*time.Second); err == nil {
		t.Error("a new connection was accepted after shutdown began")
	}
	if line, _ := cr.ReadString('\n'); line != "server shutting down\n" {
		t.Errorf("open connection got %q", line)
	}
	if _, err := cr.ReadString('\n'); err != io.EOF {
		t.Errorf("open connection not closed: %v", err)
	}
	rest, _ := io.ReadAll(out)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("the program did not exit after its channels finished")
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 || !strings.Contains(string(rest), "all connections finished, bye") {
		t.Errorf("status %d, stdout %q, stderr %q", code, rest, stderr.String())
	}
}

// startLooping runs pyasync -c with body, then a loop kept busy by a
// timer, and returns once the script has said it is ready, with its
// stdout after that line.
func startLooping(t *testing.T, body string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(pyasync, "-c", body+`
asyncore.call_every(0.01, lambda: None)
print("ready")
sys.stdout.flush()
asyncore.loop()
`)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill() })
	out := bufio.NewReader(stdout)
	out.ReadString('\n')
	return cmd, out
}

// TestCatchDoesNotSwallowAShutdown: a loop run inside catch (or
// catch_base) still ends the program on Ctrl-C and SIGTERM.
func TestCatchDoesNotSwallowAShutdown(t *testing.T) {
	for _, c := range []struct {
		catcher string
		sig     syscall.Signal
		status  int
	}{{"catch", syscall.SIGINT, 130}, {"catch_base", syscall.SIGINT, 130}, {"catch_base", syscall.SIGTERM, 143}} {
		cmd := exec.Command(pyasync, "-c", `
asyncore.call_every(0.01, lambda: None)
def run():
    print("ready")
    sys.stdout.flush()
    asyncore.loop()
exc, _ = `+c.catcher+`(run)
print("caught", exc)
`)
		stdout, _ := cmd.StdoutPipe()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() })
		out := bufio.NewReader(stdout)
		out.ReadString('\n')
		code := exitAfter(t, cmd, c.sig)
		rest, _ := io.ReadAll(out)
		if code != c.status || strings.Contains(string(rest), "caught") {
			t.Errorf("%s, %v: status %d (want %d), output %q", c.catcher, c.sig, code, c.status, rest)
		}
	}
}

// exitAfter sends sig to cmd and returns its exit status; the test ends
// if it has not exited within 60 seconds.
func exitAfter(t *testing.T, cmd *exec.Cmd, sig syscall.Signal) int {
	t.Helper()
	cmd.Process.Signal(sig)
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("%v did not end the program", sig)
	}
	return cmd.ProcessState.ExitCode()
}

// TestSignalHandlerErrorIsReported: a failing signal handler is reported
// and the loop goes on; an unhandled SIGINT keeps its default.
func TestSignalHandlerErrorIsReported(t *testing.T) {
	cmd, out := startLooping(t, `
def bad(signum):
    fail("handler broke")
asyncore.on_signal(signal.SIGUSR1, bad)`)
	cmd.Process.Signal(syscall.SIGUSR1)
	line, _ := out.ReadString('\n')
	if !strings.HasPrefix(line, "error: uncaptured python exception in signal handler bad (Exception:handler broke") {
		t.Errorf("report: %q", line)
	}
	if code := exitAfter(t, cmd, syscall.SIGINT); code != 130 {
		t.Errorf("status %d, want 130", code)
	}
}

// TestUnhandledSIGUSR1EndsTheProgram: SIGUSR1 without an on_signal
// handler ends the program (status 128+10), as Python's default action
// does; a handler removed again leaves that default back.
func TestUnhandledSIGUSR1EndsTheProgram(t *testing.T) {
	cmd, _ := startLooping(t, `
asyncore.on_signal(signal.SIGUSR1, lambda signum: None)
asyncore.on_signal(signal.SIGUSR1, None)`)
	if code := exitAfter(t, cmd, syscall.SIGUSR1); code != 128+int(syscall.SIGUSR1) {
		t.Errorf("status %d, want %d", code, 128+int(syscall.SIGUSR1))
	}
}
