package tests

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCPythonClientsAgainstPyasyncEchoServer: CPython 3.11 asyncore
// clients, with select and with poll, against examples/echo_server.star.
func TestCPythonClientsAgainstPyasyncEchoServer(t *testing.T) {
	py := python3WithAsyncore(t)
	srv := startServer(t, pyasync, "../examples/echo_server.star", "0")
	for _, mode := range []string{"select", "poll"} {
		t.Run(mode, func(t *testing.T) {
			out, err := exec.Command(py, "-W", "ignore", "interop/asyncore_echo_clients.py", srv.port, "20", "5", mode).CombinedOutput()
			if err != nil || strings.TrimSpace(string(out)) != "ok 20" {
				t.Fatalf("CPython clients: %v\n%s", err, out)
			}
		})
	}
}

// TestPyasyncClientAgainstCPythonEchoServer: examples/echo_client.star
// against CPython 3.11's asyncore echo server.
func TestPyasyncClientAgainstCPythonEchoServer(t *testing.T) {
	py := python3WithAsyncore(t)
	srv := startServer(t, py, "-W", "ignore", "interop/asyncore_echo_server.py")
	out, stderr, code := runPyasync(t, "", "../examples/echo_client.star", srv.port, "hello", "CPython")
	if code != 0 || strings.TrimSpace(out) != "echoed: hello CPython" {
		t.Fatalf("pyasync client: status %d, stdout %q, stderr %q", code, out, stderr)
	}
}
