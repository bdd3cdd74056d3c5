package tests

import (
	"bufio"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// smtpdServer starts examples/smtpd.star and collects what it prints.
func smtpdServer(t *testing.T, args ...string) (string, func() string) {
	t.Helper()
	cmd := exec.Command(pyasync, append([]string{"../examples/smtpd.star", "0"}, args...)...)
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	r := bufio.NewReaderSize(stdout, 1<<20)
	first, _ := r.ReadString('\n')
	m := portRE.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no port in %q", first)
	}
	var out strings.Builder
	done := make(chan struct{})
	go func() {
		buf := make([]byte, 1<<16)
		for {
			n, err := r.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				close(done)
				return
			}
		}
	}()
	return m[1], func() string {
		cmd.Process.Signal(interruptSignal)
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatal("smtpd did not stop")
		}
		return out.String()
	}
}

// TestSmtpdWithSmtplib: examples/smtpd.star, a port of CPython's smtpd,
// driven by Python's smtplib.
func TestSmtpdWithSmtplib(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: smtplib checks skipped")
	}
	port, stop := smtpdServer(t)
	out, err := exec.Command(py, "interop/smtp_client.py", port).CombinedOutput()
	if err != nil {
		t.Fatalf("smtplib: %v\n%s", err, out)
	}
	for _, want := range []string{
		"ehlo 250 True HELP",
		"helo-after-ehlo 503 Duplicate HELO/EHLO",
		"several {}",
		"big sent 1049600",
		"mail 250\nrset 250\nmail-again 250\nrcpt 250\ndata 250",
		"long (500, b'Error: line too long')",
		"noop (250, b'OK')",
		"help Supported commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY",
		"vrfy 252",
		"expn (502, b'EXPN not implemented')",
		"quit (221, b'Bye')",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("smtplib saw:\n%s\nwant %q", out, want)
		}
	}
	printed := stop()
	for _, want := range []string{
		"Subject: several\nX-Peer: 127.0.0.1\n\nto three people\n",
		"Subject: dots\nX-Peer: 127.0.0.1\n\n.leading dot\n..two dots\nend\n",
		"Subject: after rset\nX-Peer: 127.0.0.1\n\nhello\n------------ END MESSAGE ------------",
	} {
		if !strings.Contains(printed, want) {
			t.Errorf("DebuggingServer output lacks %q", want)
		}
	}
	// the 1 MB message arrived whole: 1024 lines of 1023 x's
	big := strings.Repeat("x", 1023) + "\n"
	if strings.Count(printed, big) != 1024 {
		t.Errorf("1 MB message: %d full lines printed, want 1024", strings.Count(printed, big))
	}
	if strings.Count(printed, "---------- MESSAGE FOLLOWS ----------") != 4 {
		t.Errorf("%d messages printed, want 4", strings.Count(printed, "---------- MESSAGE FOLLOWS ----------"))
	}
}

// TestSmtpdDataSizeLimit: a message over data_size_limit is refused with
// CPython's 552, and a SIZE parameter over it too.
func TestSmtpdDataSizeLimit(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: smtplib checks skipped")
	}
	port, stop := smtpdServer(t, "100")
	script := `
import smtplib, sys
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=60)
s.ehlo("x")
s.mail("a@example.com")
s.rcpt("b@example.com")
print(s.data("Subject: big\r\n\r\n" + "z" * 500))
print(s.mail("a@example.com", ["SIZE=1000"]))
s.quit()
`
	out, err := exec.Command(py, "-c", script, port).CombinedOutput()
	if err != nil {
		t.Fatalf("smtplib: %v\n%s", err, out)
	}
	want := "(552, b'Error: Too much mail data')\n(552, b'Error: message size exceeds fixed maximum message size')\n"
	if string(out) != want {
		t.Errorf("got %q, want %q", out, want)
	}
	if printed := stop(); strings.Contains(printed, "MESSAGE FOLLOWS") {
		t.Errorf("an oversized message was delivered: %q", printed)
	}
}
