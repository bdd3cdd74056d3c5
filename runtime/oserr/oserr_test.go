package oserr

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestErrorReadsLikePython(t *testing.T) {
	cases := []struct {
		errno unix.Errno
		want  string
	}{
		{unix.ECONNREFUSED, "ConnectionRefusedError: [Errno 111] Connection refused"},
		{unix.EBADF, "OSError: [Errno 9] Bad file descriptor"},
		{unix.EAGAIN, "BlockingIOError: [Errno 11] Resource temporarily unavailable"},
		{unix.EPIPE, "BrokenPipeError: [Errno 32] Broken pipe"},
		{unix.EADDRINUSE, "OSError: [Errno 98] Address already in use"},
		{unix.ECONNRESET, "ConnectionResetError: [Errno 104] Connection reset by peer"},
		{unix.Errno(4242), "OSError: [Errno 4242] Unknown error 4242"},
	}
	for _, c := range cases {
		if got := New(c.errno).Error(); got != c.want {
			t.Errorf("New(%d) = %q, want %q", int(c.errno), got, c.want)
		}
	}
}

func TestFilenameReadsLikePython(t *testing.T) {
	for name, want := range map[string]string{
		"x":      "FileNotFoundError: [Errno 2] No such file or directory: 'x'",
		"it's":   `FileNotFoundError: [Errno 2] No such file or directory: "it's"`,
		"a\tb\\": `FileNotFoundError: [Errno 2] No such file or directory: 'a\tb\\'`,
	} {
		err := WithFilename(os.NewSyscallError("open", unix.ENOENT), name)
		if got := err.Error(); got != want {
			t.Errorf("WithFilename(ENOENT, %q) = %q, want %q", name, got, want)
		}
	}
	if other := errors.New("x"); WithFilename(other, "f") != other {
		t.Error("an error without an errno must pass through")
	}
}

func TestFromErrKeepsTheErrno(t *testing.T) {
	err := FromErr(os.NewSyscallError("connect", unix.ECONNREFUSED))
	if !errors.Is(err, unix.ECONNREFUSED) {
		t.Fatalf("errors.Is lost the errno: %v", err)
	}
	var oe *Error
	if !errors.As(err, &oe) || oe.TypeName() != "ConnectionRefusedError" {
		t.Fatalf("FromErr = %#v", err)
	}
	if FromErr(nil) != nil {
		t.Error("FromErr(nil) != nil")
	}
	other := errors.New("other")
	if FromErr(other) != other {
		t.Error("a non-errno error must pass through")
	}
}

func TestNames(t *testing.T) {
	if Name(unix.ECONNREFUSED) != "ECONNREFUSED" || Name(unix.Errno(4242)) != "" {
		t.Error("Name")
	}
	c := map[string]unix.Errno{}
	prev := ""
	for name, code := range Codes {
		if name <= prev {
			t.Errorf("Codes: %q after %q, want the names in order", name, prev)
		}
		prev, c[name] = name, code
	}
	if c["EWOULDBLOCK"] != unix.EAGAIN || c["EAGAIN"] != unix.EAGAIN || c["EPIPE"] != unix.EPIPE || len(c) < 100 {
		t.Errorf("Codes: %d names, EWOULDBLOCK=%d EAGAIN=%d EPIPE=%d", len(c), c["EWOULDBLOCK"], c["EAGAIN"], c["EPIPE"])
	}
	if s := Strerror(unix.Errno(4242)); s != "Unknown error 4242" {
		t.Errorf("Strerror(4242) = %q", s)
	}
}

// TestAgainstCPython compares every errno's text and exception class
// with python3's, when python3 is installed.
func TestAgainstCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: texts not compared with CPython")
	}
	out, err := exec.Command(py, "-c", `
import errno, os
for code in sorted(errno.errorcode):
    e = OSError(code, os.strerror(code))
    print("%d\t%s\t%s" % (code, type(e).__name__, os.strerror(code)))
`).Output()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.SplitN(line, "\t", 3)
		code, _ := strconv.Atoi(f[0])
		e := New(unix.Errno(code))
		if want := fmt.Sprintf("%s: [Errno %d] %s", f[1], code, f[2]); e.Error() != want {
			t.Errorf("errno %d: %q, CPython %q", code, e.Error(), want)
		}
		n++
	}
	if n < 100 {
		t.Errorf("only %d errnos compared", n)
	}
}
