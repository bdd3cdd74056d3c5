package tests

import (
	"os/exec"
	"testing"
)

// TestPyasyncAsynchatClientAgainstCPythonServer: a pyasync async_chat
// client (split lines, pipelined lines, a producer) against a CPython
// asynchat server.
func TestPyasyncAsynchatClientAgainstCPythonServer(t *testing.T) {
	py := python3WithAsyncore(t)
	srv := startServer(t, py, "-W", "ignore", "interop/asynchat_server.py")
	out, stderr, code := runPyasync(t, "", "interop/asynchat_client.star", srv.port)
	want := "echo: hello\necho: one\necho: two\necho: three\necho: from a producer\nbye\n"
	if code != 0 || out != want {
		t.Fatalf("status %d, got %q, want %q (stderr %q)", code, out, want, stderr)
	}
}

// TestCPythonAsynchatClientAgainstPyasyncChatServer: a CPython async_chat
// client against examples/chat_server.star.
func TestCPythonAsynchatClientAgainstPyasyncChatServer(t *testing.T) {
	py := python3WithAsyncore(t)
	srv := startServer(t, pyasync, "../examples/chat_server.star", "0")
	out, err := exec.Command(py, "-W", "ignore", "interop/asynchat_chat_client.py", srv.port, "guido").CombinedOutput()
	want := "Welcome! Please enter your nickname:\nHello guido, 0 here.\nHere: guido\nBye guido\n"
	if err != nil || string(out) != want {
		t.Fatalf("CPython client: %v\ngot  %q\nwant %q", err, out, want)
	}
}
