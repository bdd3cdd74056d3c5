package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestOutOfDescriptorsOnAccept: with a descriptor limit of 48, more
// clients than the server can hold connect. The listener neither closes
// nor spins: it reports once, and when clients leave, the waiting ones
// are accepted and served.
func TestOutOfDescriptorsOnAccept(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to lower the descriptor limit")
	}
	cmd := exec.Command("bash", "-c", `ulimit -n 48 && exec "$0" "$@"`, pyasync, "../examples/echo_server.star", "0")
	stdout, _ := cmd.StdoutPipe()
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("no port in %q (stderr %q)", line, stderr.String())
	}
	addr := "127.0.0.1:" + m[1]
	echo := func(c net.Conn, msg string) error {
		c.SetDeadline(time.Now().Add(60 * time.Second))
		if _, err := io.WriteString(c, msg); err != nil {
			return err
		}
		buf := make([]byte, len(msg))
		if _, err := io.ReadFull(c, buf); err != nil {
			return err
		}
		if string(buf) != msg {
			return fmt.Errorf("echo %q", buf)
		}
		return nil
	}
	// fill the server's descriptor table: each new client is either served
	// (its byte comes back) or left waiting (the server reports EMFILE)
	var served []net.Conn
	for i := 0; i < 80; i++ {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, "x")
		got := make(chan error, 1)
		go func() {
			c.SetReadDeadline(time.Now().Add(60 * time.Second))
			one := make([]byte, 1)
			_, err := c.Read(one)
			got <- err
		}()
		var waiting net.Conn
		for waiting == nil {
			select {
			case err := <-got:
				if err != nil {
					t.Fatalf("client %d: %v", i, err)
				}
				served = append(served, c)
			case <-time.After(10 * time.Millisecond):
				if strings.Contains(stderr.String(), "Too many open files") {
					waiting = c
				}
				continue
			}
			break
		}
		if waiting == nil {
			continue
		}
		defer waiting.Close()
		// the listener does not spin while it waits
		pid := cmd.Process.Pid
		c0 := cpuOf(pid)
		time.Sleep(time.Second) // a sample of CPU use, not a wait for an event
		if used := cpuOf(pid) - c0; used > 500*time.Millisecond {
			t.Errorf("the server used %v of CPU in 1 s while out of descriptors", used)
		}
		// free descriptors: the waiting client is accepted and served
		for _, s := range served[:10] {
			s.Close()
		}
		if err := <-got; err != nil {
			t.Fatalf("the waiting client was not served after descriptors were freed: %v", err)
		}
		if err := echo(waiting, "again"); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(stderr.String(), "Too many open files"); n != 1 {
			t.Errorf("reported %d times, want once:\n%s", n, stderr.String())
		}
		for _, s := range served[10:] {
			s.Close()
		}
		return
	}
	t.Fatal("the descriptor limit was never reached")
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func cpuOf(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	u, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return time.Duration((u + st) / 100 * float64(time.Second))
}

// TestDroppedSocketsGiveTheirDescriptorsBack: sockets a script drops
// without close() are closed by the collector, and a socket() that finds
// the descriptor limit reached runs it first (CPython closes a dropped
// socket at once). With every descriptor in use, time.sleep() (a Go
// timer) still works.
func TestDroppedSocketsGiveTheirDescriptorsBack(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to lower the descriptor limit")
	}
	run := func(drop int) {
		script := filepath.Join(t.TempDir(), "full.star")
		os.WriteFile(script, []byte(fmt.Sprintf(`
def f():
    s = socket.socket()
for i in range(%d):
    f()
held = []
def grab():
    for i in range(100):
        held.append(socket.socket())  # fails at the limit; the loop goes on
def after():
    time.sleep(0.01)
    print("ok", len(held) > 30)
asyncore.call_later(0, grab)
asyncore.call_later(0.02, after)
asyncore.loop(timeout = 0.05, count = 5)
`, drop)), 0o644)
		cmd := exec.Command("bash", "-c", `ulimit -n 64 && exec "$0" "$@"`, pyasync, script)
		out, err := cmd.CombinedOutput() // the timer's error is logged (log_info: stdout)
		if err != nil || !strings.HasSuffix(string(out), "\nok True\n") || !strings.Contains(string(out), "Too many open files") {
			t.Errorf("%d dropped: status %v, output %q; want \"ok True\" after a logged EMFILE", drop, err, out)
		}
	}
	run(0)
	run(2000)
}
