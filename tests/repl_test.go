package tests

import (
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// term is pyasync's prompt on a pseudo-terminal.
type term struct {
	t    *testing.T
	cmd  *exec.Cmd
	f    *os.File
	mu   sync.Mutex
	out  strings.Builder
	seen int // how much of the normalised output expect has consumed
	more chan struct{}
}

func startREPL(t *testing.T, home string, args ...string) *term {
	t.Helper()
	cmd := exec.Command(pyasync, args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "TERM=xterm")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	tm := &term{t: t, cmd: cmd, f: f, more: make(chan struct{}, 1)}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.out.Write(buf[:n])
				tm.mu.Unlock()
				select {
				case tm.more <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		f.Close()
	})
	tm.expect(">>> ")
	return tm
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// expect waits until the screen output after the last match contains
// want, with escape sequences and carriage returns removed.
func (tm *term) expect(want string) string {
	tm.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		tm.mu.Lock()
		text := strings.ReplaceAll(ansi.ReplaceAllString(tm.out.String(), ""), "\r", "")
		tm.mu.Unlock()
		if i := strings.Index(text[tm.seen:], want); i >= 0 {
			before := text[tm.seen : tm.seen+i]
			tm.seen += i + len(want)
			return before
		}
		select {
		case <-tm.more:
		case <-deadline:
			tm.t.Fatalf("prompt never showed %q; screen after the last match:\n%s", want, text[tm.seen:])
		}
	}
}

func (tm *term) send(s string) {
	tm.t.Helper()
	if _, err := io.WriteString(tm.f, s); err != nil {
		tm.t.Fatal(err)
	}
}

const replServer = `def _r(self):
    d = self.recv(100)
    if d:
        self.send("got " + d)
H = subclass(asyncore.dispatcher_with_send, "H", handle_read = _r)
S = subclass(asyncore.dispatcher, "S", handle_accepted = lambda self, s, a: H(s), writable = lambda self: False)
srv = S()
srv.create_socket()
srv.bind(("127.0.0.1", 0))
srv.listen(5)
print("PO" + "RT %d" % srv.socket.getsockname()[1])
`

// TestREPLServesWhileThePromptWaits: a server defined at the prompt
// answers a client while the prompt waits for input; its state can be
// inspected between requests.
func TestREPLServesWhileThePromptWaits(t *testing.T) {
	tm := startREPL(t, t.TempDir())
	for _, line := range strings.Split(strings.TrimSpace(replServer), "\n") {
		tm.send(line + "\r")
		if strings.HasPrefix(line, "    ") {
			continue
		}
	}
	tm.send("\r")
	tm.expect("PORT ")
	portLine := tm.expect("\n")
	port := strings.TrimSpace(portLine)
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+port, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	io.WriteString(c, "hello")
	buf := make([]byte, len("got hello"))
	io.ReadFull(c, buf)
	if reply := string(buf); reply != "got hello" {
		t.Fatalf("reply %q", reply)
	}
	tm.send("len(asyncore.socket_map)\r")
	tm.expect("\n2\n")
}

func TestREPLTabCompletesAttributes(t *testing.T) {
	tm := startREPL(t, t.TempDir())
	tm.send("asyncore.socket_m\t")
	tm.expect("asyncore.socket_map")
	tm.send("\r")
	tm.expect("{}")
	tm.send("d = asyncore.dispatcher()\r")
	tm.expect(">>> ")
	tm.send("d.handle_acc\t")
	tm.expect("d.handle_accept")
}

func TestREPLHistoryFromAnEarlierRun(t *testing.T) {
	home := t.TempDir()
	os.WriteFile(filepath.Join(home, ".pyasync_history"), []byte("print(\"from history\", 6 * 7)\n"), 0o600)
	tm := startREPL(t, home)
	tm.send("\x1b[A")
	tm.expect("print(\"from history\", 6 * 7)")
	tm.send("\r")
	tm.expect("from history 42")
	tm.send("x = 1\r")
	tm.send("print(\"SA\" + \"VED\")\r")
	tm.expect("SAVED")
	tm.expect(">>> ") // a fresh prompt: readline waits in raw mode
	tm.send("\x04")   // Ctrl-D
	done := make(chan struct{})
	go func() { tm.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("Ctrl-D did not end the prompt")
	}
	hist, _ := os.ReadFile(filepath.Join(home, ".pyasync_history"))
	if !strings.Contains(string(hist), "x = 1") {
		t.Errorf("history not saved: %q", hist)
	}
}

func TestREPLInterruptsALoopAndABusyStatement(t *testing.T) {
	tm := startREPL(t, t.TempDir())
	tm.send("d = asyncore.dispatcher()\r")
	tm.expect(">>> ")
	tm.send("d.create_socket()\r")
	tm.expect(">>> ")
	tm.send("d.writable = lambda: False\r")
	tm.expect(">>> ")
	tm.send("print(\"LOOP\" + \"ING\"); asyncore.loop()\r")
	tm.expect("LOOPING") // the statement runs: the terminal is out of raw mode
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.expect(">>> ")
	tm.send("len(asyncore.socket_map)\r")
	tm.expect("\n1\n")
	tm.send("def spin():\r    while True:\r        pass\r\r")
	tm.send("print(\"SPIN\" + \"NING\"); spin()\r")
	tm.expect("SPINNING")
	tm.send("\x03")
	tm.expect("KeyboardInterrupt")
	tm.send("1 + 1\r")
	tm.expect("\n2\n")
}

func TestREPLPasteWithBlankLineInside(t *testing.T) {
	tm := startREPL(t, t.TempDir())
	// pasted in one piece, with a blank line inside the function and the
	// next statement right after the block's blank line
	tm.send("def f():\r    x = 20\r\r    return x + 22\r\rf()\r")
	tm.expect("42\n")
}

func TestREPLAfterScript(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.star")
	os.WriteFile(script, []byte("answer = 41\ndef inc(x):\n    return x + 1\n"), 0o644)
	tm := startREPL(t, dir, "-i", script)
	tm.send("inc(answer)\r")
	tm.expect("42\n")
	tm.send("nope\r")
	tm.expect("undefined: nope")
	tm.send("answer\r")
	tm.expect("41\n")
}

func TestREPLEndsOnSIGTERMWhileThePromptWaits(t *testing.T) {
	// the prompt is waiting for a line (readline's reader is blocked
	// reading the terminal) when SIGTERM comes: the session ends with 143
	// instead of waiting for a key that never comes
	tm := startREPL(t, t.TempDir())
	tm.send("1 + 1\r")
	tm.expect("\n2\n")
	tm.expect(">>> ")
	tm.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- tm.cmd.Wait() }()
	select {
	case err := <-done:
		if code := tm.cmd.ProcessState.ExitCode(); code != 143 {
			t.Fatalf("exit status %d (%v), want 143", code, err)
		}
	case <-time.After(60 * time.Second):
		// SIGQUIT makes the Go runtime print every goroutine's stack on
		// the terminal: the report says where the way out was stuck
		tm.cmd.Process.Signal(syscall.SIGQUIT)
		select {
		case <-done:
		case <-time.After(10 * time.Second):
		}
		tm.mu.Lock()
		out := tm.out.String()
		tm.mu.Unlock()
		t.Fatalf("SIGTERM did not end the prompt; the terminal showed:\n%s", out)
	}
}

// TestREPLExitHelpAndDir: at the prompt, exit and quit say how to leave,
// help() says what pyasync is, dir() lists the names defined so far, and
// exit() ends the session with status 0.
func TestREPLExitHelpAndDir(t *testing.T) {
	tm := startREPL(t, t.TempDir())
	tm.send("exit\r")
	tm.expect("Use exit() or Ctrl-D (i.e. EOF) to exit\n")
	tm.send("quit\r")
	tm.expect("Use quit() or Ctrl-D (i.e. EOF) to exit\n")
	tm.send("help()\r")
	tm.expect("subclass(base, \"Name\"")
	tm.send("zeta = 1\r")
	tm.expect(">>> ")
	tm.send("def alpha():\r    return dir()\r\r")
	tm.expect(">>> ")
	tm.send("dir()\r")
	tm.expect("['alpha', 'zeta']\n")
	tm.send("def beta(x):\r    y = 2\r    return dir()\r\r")
	tm.expect(">>> ")
	tm.send("beta(1)\r")
	tm.expect("['x', 'y']\n")
	tm.send("exit()\r")
	if err := tm.cmd.Wait(); err != nil {
		t.Errorf("exit(): %v, want status 0", err)
	}
}
