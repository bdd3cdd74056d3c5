package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// restartScript answers each line with its version and the line, then
// closes; on SIGTERM (and so when its generation retires) it stops
// accepting and lets open channels finish.
const restartScript = `
VERSION = "%s"
port = int(sys.argv[1])
channels = []

def _chan_init(self, sock):
    asynchat.async_chat.__init__(self, sock)
    self.set_terminator("\n")
    self.data = []
    channels.append(self)

def _chan_found(self):
    self.push(VERSION + " " + "".join(self.data) + "\n")
    self.close_when_done()

def _chan_close(self):
    if self in channels:
        channels.remove(self)
    self.close()

Channel = subclass(asynchat.async_chat, "Channel",
    __init__ = _chan_init,
    collect_incoming_data = lambda self, data: self.data.append(data),
    found_terminator = _chan_found,
    handle_close = _chan_close,
)

def _server_init(self):
    asyncore.dispatcher.__init__(self)
    self.create_socket()
    self.set_reuse_addr()
    self.bind(("127.0.0.1", port))
    self.listen(socket.SOMAXCONN)

Server = subclass(asyncore.dispatcher, "Server",
    __init__ = _server_init,
    handle_accepted = lambda self, sock, addr: Channel(sock),
    writable = lambda self: False,
)

server = Server()

def shutdown(signum):
    # each channel closes once it answered: the open ones finish by
    # themselves (closing them now would drop requests on their way)
    server.close()

asyncore.on_signal(signal.SIGTERM, shutdown)
print("%%s worker %%d listening" %% (VERSION, sys.worker))
sys.stdout.flush()
asyncore.loop()
print("%%s worker %%d done" %% (VERSION, sys.worker))
sys.stdout.flush()
`

// restarted is a pyasync -j N process whose script the test rewrites and
// restarts, and what it writes.
type restarted struct {
	cmd            *exec.Cmd
	script         string
	port           string
	stdout, stderr *logLines
	ups, refusals  int // restarts done and refused so far
}

func startRestartable(t *testing.T, workers int, env ...string) *restarted {
	t.Helper()
	r := &restarted{script: filepath.Join(t.TempDir(), "restart.star"), port: freePort(t)}
	r.write(t, "v1")
	r.cmd = exec.Command(pyasync, "-j", fmt.Sprint(workers), r.script, r.port)
	r.cmd.Env = append(os.Environ(), env...)
	r.stdout, r.stderr = newLogLines(t, r.cmd.StdoutPipe), newLogLines(t, r.cmd.StderrPipe)
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.cmd.Process.Kill(); r.cmd.Wait() })
	r.stdout.waitCount(t, "v1 worker", workers)
	return r
}

func (r *restarted) write(t *testing.T, version string) {
	t.Helper()
	src := fmt.Sprintf(restartScript, version)
	if version == "broken" {
		src = "fail(\"this version does not start\")\n" + src
	}
	if err := os.WriteFile(r.script, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// restart rewrites the script as version, sends SIGHUP and waits for the
// restart to be done or, for the broken version, refused.
func (r *restarted) restart(t *testing.T, version string) {
	t.Helper()
	r.write(t, version)
	if err := r.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if version == "broken" {
		r.refusals++
		r.stderr.waitCount(t, "failed to start", r.refusals)
		return
	}
	r.ups++
	r.stderr.waitCount(t, " up;", r.ups)
	if got := len(r.stderr.waitCount(t, "failed to start", 0)); got != r.refusals {
		t.Fatalf("%d restarts refused, want %d:\n%s", got, r.refusals, r.stderr)
	}
}

// restartUnderLoad restarts a pyasync -j workers process three times
// under a bounded load (one restart refused, its script broken) and
// returns the load's counts.
func restartUnderLoad(t *testing.T, workers, total int, env ...string) *loadResult {
	r := startRestartable(t, workers, env...)
	addr := "127.0.0.1:" + r.port
	steps := []loadStep{
		{total / 5, func() { r.restart(t, "v2") }},
		{2 * total / 5, func() { r.restart(t, "broken") }},
		{3 * total / 5, func() { r.restart(t, "v3") }},
		{4 * total / 5, func() { r.restart(t, "v4") }},
	}
	res := runLoad(t, addr, 8, total, steps...)
	// the old generations finished and said so; the last one serves on
	finished := map[string]int{}
	for _, line := range r.stdout.waitCount(t, " done", 3*workers) {
		v, _, _ := strings.Cut(line, " ")
		finished[v]++
	}
	for _, v := range []string{"v1", "v2", "v3"} {
		if finished[v] != workers {
			t.Errorf("workers of %s that finished: %v", v, finished)
		}
	}
	if reply, _, err := request(addr, "last"); err != nil || reply != "v4 last" {
		t.Errorf("after the restarts: %q, %v; want v4 last", reply, err)
	}
	r.cmd.Process.Signal(syscall.SIGTERM)
	if err := r.cmd.Wait(); err != nil {
		t.Errorf("exit after SIGTERM: %v, want 0 (the script handles SIGTERM)", err)
	}
	return res
}

// TestRestartDropsNothing: SIGHUP starts a new generation from the file
// on disk on the listening sockets of the old, which finishes its
// channels and ends; a script that fails to start leaves the old
// generation serving. Across three restarts and a refused one under
// load, with -j 1 and -j 2, no request fails.
func TestRestartDropsNothing(t *testing.T) {
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("j%d", workers), func(t *testing.T) {
			res := restartUnderLoad(t, workers, 4000)
			t.Logf("-j %d, descriptors handed over: %d answered, %d failed, by version %v", workers, res.ok, res.failed, res.replies)
			if res.failed != 0 {
				t.Errorf("%d requests failed across the restarts: %v", res.failed, res.errs)
			}
			everyGenerationServed(t, res)
		})
	}
}

// everyGenerationServed fails unless each of the four generations
// answered and the script that failed to start did not.
func everyGenerationServed(t *testing.T, res *loadResult) {
	t.Helper()
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		if res.replies[v] == 0 {
			t.Errorf("no reply from %s: %v", v, res.replies)
		}
	}
	if res.replies["broken"] != 0 {
		t.Errorf("the broken script answered")
	}
}

// TestRestartReusePortMeasured runs the same load with the other
// hand-over, PYASYNC_HANDOVER=reuseport (new sockets beside the old):
// the connections queued on an old socket when it closes are reset. It
// reports the count of those, a measurement, not a requirement; what it
// requires is that this hand-over restarts too: every generation
// answered, the broken one did not.
func TestRestartReusePortMeasured(t *testing.T) {
	for _, workers := range []int{1, 2} {
		t.Run(fmt.Sprintf("j%d", workers), func(t *testing.T) {
			res := restartUnderLoad(t, workers, 4000, "PYASYNC_HANDOVER=reuseport")
			t.Logf("-j %d, SO_REUSEPORT beside the old: %d answered, %d failed (%v)", workers, res.ok, res.failed, res.errs)
			everyGenerationServed(t, res)
		})
	}
}
