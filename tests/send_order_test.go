package tests

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSendOrderAsCPython: a handler sends in every way asyncore and
// asynchat offer — push(), a producer, the channel's send(), a delegated
// self.socket.send(), sendall() and sendto() — in every order, then ends
// with close_when_done(), close() or shutdown(): each peer receives what
// it receives when CPython 3.11 runs the same program
// (tests/port/send_order_py3.py, and its translation by pyasync port).
// pyasync holds what a handler pushes to send it in one system call when
// the handler returns; the socket sends it before anything sent later.
func TestSendOrderAsCPython(t *testing.T) {
	py := python3WithAsyncore(t)
	star := portFile(t, "send_order_py3.py")
	want, err := exec.Command(py, "-W", "ignore", filepath.Join("port", "send_order_py3.py")).CombinedOutput()
	if err != nil {
		t.Fatalf("CPython: %v\n%s", err, want)
	}
	got, stderr, code := runPyasync(t, "", star)
	if code != 0 || stderr != "" {
		t.Fatalf("pyasync: status %d, stderr:\n%s", code, stderr)
	}
	wantLines, gotLines := strings.Split(string(want), "\n"), strings.Split(got, "\n")
	if len(wantLines) != 6*5*4*3*2*3+1 {
		t.Fatalf("CPython printed %d lines, want one per case", len(wantLines))
	}
	bad := 0
	for i := range wantLines {
		if i >= len(gotLines) || gotLines[i] != wantLines[i] {
			if bad++; bad <= 5 {
				g := "(nothing)"
				if i < len(gotLines) {
					g = gotLines[i]
				}
				t.Errorf("case %d:\n CPython: %s\n pyasync: %s", i, wantLines[i], g)
			}
		}
	}
	if bad > 5 || len(gotLines) != len(wantLines) {
		t.Errorf("%d of %d cases differ; pyasync printed %d lines", bad, len(wantLines)-1, len(gotLines))
	}
}
