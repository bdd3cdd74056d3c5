package main

import (
	"os/exec"
	"strings"
	"testing"
)

// hotInlines are the calls of the event loop's hot path that the
// compiler must inline when it builds pyasync with its profile
// (default.pgo): each is a function return fewer between a system call
// and the code that goes on after it, and every such return is
// mispredicted (see sock.RecvNow). Each is where the call is made and the
// function called, as go build -gcflags=-m reports them.
//
// dispatcherSendOn's call of socket.(*Socket).SendBytes was on the list
// until the send path's callers grew (class-instance method calls, the
// read path's recut): the compiler has declined it since, with the old
// profile and with a new one, and the echo server's instructions per
// round trip (go run ./scripts/instr -w echo) are 4,621-4,648 without
// it, against 5,376 with it before those changes.
//
// dispatch's call of (*Module).read left the list when the interpreter's
// calls stopped deferring their clean-up (third_party/go.starlark.net
// patches 37-42): with a profile made from that code the compiler
// declines it, and the echo server counts 2,875 instructions per round
// trip, against 2,970 with the profile before, which still inlines it
// (HTTP 224.6k against 227.2k per request, the header loop 26.9k
// against 27.3k per iteration).
//
// dispatcher_with_send_send's call of (*Module).dispatcherSendOn left it
// when a class's Go methods came to be called as built-ins' (patch 52):
// with a profile made from that code the compiler declines it, and the
// echo server counts 2,608 instructions per round trip, against 2,654
// with the profile before, which still inlines it (HTTP 202.9k against
// 204.1k per request, the header loop 25.92k against 26.10k per
// iteration; medians of 3).
var hotInlines = []struct{ file, callee string }{
	{"bindings/socket/ahead.go", "sock.RecvNow"},                      // in (*Socket).RecvAhead
	{"bindings/asyncore/dispatcher.go", "socket.(*Socket).RecvAhead"}, // in dispatcherRecv
	{"bindings/socket/socket.go", "sock.SendNow"},                     // in (*Socket).send
	{"bindings/asyncore/read.go", "(*Module).readEvents"},             // in read
	{"bindings/asyncore/read.go", "(*sendQueue).leave"},               // in readEvents
}

// TestHotPathInlines builds pyasync as the README does, with its profile,
// and fails if the compiler no longer inlines a call that the hot path
// relies on (a renamed function the profile does not know, a function
// grown too big): then the profile needs making again (go run
// ./scripts/bench -pgo cmd/pyasync/default.pgo), or the function cutting
// down.
func TestHotPathInlines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds pyasync: not in -short mode")
	}
	out, err := exec.Command("go", "build", "-o", "/dev/null", "-gcflags=github.com/pyasync/pyasync/...=-m", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for _, want := range hotInlines {
		found := false
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, want.file+":") && strings.HasSuffix(line, "inlining call to "+want.callee) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: the call of %s is not inlined", want.file, want.callee)
		}
	}
}
