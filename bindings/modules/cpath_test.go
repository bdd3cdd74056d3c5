package modules

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestPlainRealpathTakesOnlyWhatIsItsOwnRealPath: the shortcut answers
// for absolute paths in normal form with no link or missing part, and
// leaves every other to the full walk; where it answers, the full walk
// gives the path itself.
func TestPlainRealpathTakesOnlyWhatIsItsOwnRealPath(t *testing.T) {
	dir, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(file, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "d"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		path  string
		plain bool
	}{
		{file, true},
		{dir + "/d", true},
		{dir, true},
		{dir + "/link", false},    // a link
		{dir + "/missing", false}, // missing
		{dir + "/d/", false},      // not in normal form
		{dir + "//f", false},
		{dir + "/./f", false},
		{dir + "/d/../f", false},
		{dir + "/d/.", false},
		{"/", false},
		{"relative/f", false},
		{dir + "/f\x00", false},
	} {
		if got := plainRealpath(c.path); got != c.plain {
			t.Errorf("plainRealpath(%q) = %v, want %v", c.path, got, c.plain)
		}
		if c.plain {
			out, _, err := joinRealpath("", c.path, true, map[string]*string{})
			if err != nil || absPath(out) != c.path {
				t.Errorf("realpath(%q) by the full walk = %q, %v; the shortcut gives the path", c.path, out, err)
			}
		}
	}
}

// TestStatAtAndOpenAtAsXSys: the stack-copied calls give what x/sys's
// give, for paths that fit and paths that do not.
func TestStatAtAndOpenAtAsXSys(t *testing.T) {
	dir := t.TempDir()
	long := dir
	for len(long) < cPathMax+10 {
		long += "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		if err := os.Mkdir(long, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{dir, dir + "/missing", long, long + "/missing", "", "a\x00b"} {
		var st1, st2 unix.Stat_t
		err1, err2 := statAt(p, &st1, true), unix.Stat(p, &st2)
		if err1 != err2 || err1 == nil && st1.Ino != st2.Ino {
			t.Errorf("statAt(%q): %v (inode %d), unix.Stat: %v (inode %d)", p, err1, st1.Ino, err2, st2.Ino)
		}
		fd1, err1 := openAt(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		fd2, err2 := unix.Open(p, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if (err1 == nil) != (err2 == nil) || err1 != nil && err1.Error() != err2.Error() {
			t.Errorf("openAt(%q): %v, unix.Open: %v", p, err1, err2)
		}
		for _, fd := range []int{fd1, fd2} {
			if fd >= 0 {
				unix.Close(fd)
			}
		}
	}
}
