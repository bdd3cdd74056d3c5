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

// TestQuoteIsPythonRepr: filenames read as Python's repr() of a str.
func TestQuoteIsPythonRepr(t *testing.T) {
	for in, want := range map[string]string{
		"x":          `'x'`,
		"it's":       `"it's"`,
		`a"b'c`:      `'a"b\'c'`,
		"tab\there":  `'tab\there'`,
		"nl\n":       `'nl\n'`,
		"\x01\x7f":   `'\x01\x7f'`,
		"é":          `'é'`,
		"\u2028":     `'\u2028'`,
		`\\`:         `'\\\\'`,
		"bad\xffutf": `'bad\xffutf'`,
	} {
		if got := Quote(in); got != want {
			t.Errorf("Quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestWithPathsNamesTheFiles: one path after a colon, two joined by an
// arrow, as Python's open() and os.rename() report them.
func TestWithPathsNamesTheFiles(t *testing.T) {
	if got := WithPaths(unix.ENOENT, "/nonexistent/x").Error(); got != "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/x'" {
		t.Errorf("one path: %s", got)
	}
	if got := WithPaths(unix.ENOENT, "/nonexistent/a", "/nonexistent/b").Error(); got != "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/a' -> '/nonexistent/b'" {
		t.Errorf("two paths: %s", got)
	}
	other := errors.New("other")
	if WithPaths(other, "x") != other {
		t.Error("an error without an errno must pass through")
	}
}
