package tests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPortProgramCommand: pyasync port -o DIR writes one .star per
// module at its place in the tree and says on stderr what is left, what
// is not Python and where the program went; the ported program runs,
// its modules reached with import_module, each with its own __name__.
func TestPortProgramCommand(t *testing.T) {
	src := t.TempDir()
	writeFiles(t, src, map[string]string{
		"main.py":          "import sys\nfrom pkg import tool\nimport pkg.tool as t2\nprint(tool.name(), t2.NAME, __name__)\nif __name__ == '__main__':\n    print('main block')\n",
		"pkg/__init__.py":  "",
		"pkg/tool.py":      "from . import other\nNAME = __name__\ndef name():\n    return other.who() + ' ' + NAME\n",
		"pkg/other.py":     "import pkg.tool\ndef who():\n    return 'other of ' + pkg.tool.NAME\n",
		"pkg/notpython.py": "\x00\x01binary",
	})
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := runPyasync(t, "", "port", "-o", out, filepath.Join(src, "main.py"))
	if code != 0 {
		t.Fatalf("port -o: status %d\n%s", code, stderr)
	}
	for _, want := range []string{
		"warning: import cycle pkg.tool -> pkg.other -> pkg.tool",
		"wrote 4 file(s) under " + out + "; run: pyasync " + filepath.Join(out, "main.star"),
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	for _, f := range []string{"main.star", "pkg/__init__.star", "pkg/tool.star", "pkg/other.star"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	stdout, stderr, code := runPyasync(t, "", filepath.Join(out, "main.star"))
	if want := "other of pkg.tool pkg.tool pkg.tool __main__\nmain block\n"; code != 0 || stdout != want {
		t.Errorf("the ported program: status %d, stdout %q, want %q\n%s", code, stdout, want, stderr)
	}

	// a module that is not Python, one that exists nowhere: said, the
	// rest written, status 1
	os.WriteFile(filepath.Join(src, "main.py"), []byte("import pkg.notpython\nimport nowhere\nprint(1)\n"), 0o644)
	_, stderr, code = runPyasync(t, "", "port", "-o", out, filepath.Join(src, "main.py"))
	for _, want := range []string{
		"pkg/notpython.py: not Python: a binary file",
		"main.py:2: TODO(port): no module nowhere in pyasync or in the program",
		"1 file(s) not translated, 1 place(s) left for you",
	} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("status %d, stderr lacks %q:\n%s", code, want, stderr)
		}
	}

	// the command line
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"port", "-o", out, "no/such.py"}, 2, "can't open file 'no/such.py'"},
		{[]string{"port", "-o", out, "-"}, 2, "usage: pyasync port"},
		{[]string{"port", "-o"}, 2, "unknown option -o"},
	} {
		if _, stderr, code := runPyasync(t, "", c.args...); code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("pyasync %v: status %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.want)
		}
	}
}

// TestPortSingleFileSaysWhatIsNotPython: pyasync port FILE says when
// FILE is not Python at all, rather than a translation of TODOs.
func TestPortSingleFileSaysWhatIsNotPython(t *testing.T) {
	out, stderr, code := runPyasync(t, "#!/bin/sh\nfor f in *; do\n  echo \"$f\"\ndone\n", "port", "-")
	if code != 1 || out != "" || !strings.Contains(stderr, "<stdin>: not Python: the parser could not read") {
		t.Errorf("a shell script: status %d, out %q, stderr %q", code, out, stderr)
	}
}
