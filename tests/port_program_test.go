package tests

import (
	"fmt"
	"os"
	"os/exec"
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
		"main.py:2: warning: no module nowhere in Python's standard library, pyasync or the program: the module fails as it loads",
		"1 file(s) not translated",
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

// TestPortBadInput: pyasync port -o on a program with one bad module
// beside a good one. Each bad input is said on stderr with its file (and
// line), the exit status says whether a person has something left, and
// the good module and the program are still translated.
func TestPortBadInput(t *testing.T) {
	var long strings.Builder
	for i := 0; i < 2000; i++ { // 10,000 lines
		fmt.Fprintf(&long, "def f%d(a, b=2):\n    x = a * b + %d\n    if x > 3:\n        x -= 1\n    return x\n", i, i)
	}
	for _, c := range []struct {
		name  string
		files map[string]string
		code  int
		says  []string
		run   string // what the ported program prints ("" when it is not run)
	}{
		{
			name: "a module that exists nowhere",
			files: map[string]string{
				"main.py": "import good\nprint(good.X)\nimport nowhere_at_all\nprint('not reached')\n",
			},
			says: []string{"main.py:3: warning: no module nowhere_at_all in Python's standard library, pyasync or the program: the module fails as it loads (ModuleNotFoundError)"},
			// as Python fails without it
			run: "good\n",
		},
		{
			name: "an import cycle",
			files: map[string]string{
				"main.py":  "import good, ring1\nprint(ring1.both())\n",
				"ring1.py": "import ring2\nNAME = 'one'\ndef both():\n    return NAME + ' ' + ring2.NAME\n",
				"ring2.py": "import ring1\nNAME = 'two'\ndef both():\n    return ring1.both()\n",
			},
			says: []string{"warning: import cycle ring1 -> ring2 -> ring1"},
			run:  "one two\n",
		},
		{
			name: "a file that is not Python",
			files: map[string]string{
				"main.py":   "import good\nimport script\nprint(good.X)\n",
				"script.py": "#!/bin/sh\nfor f in *; do\n  echo \"$f\" | sed s/a/b/\ndone\nexit 0\n",
			},
			code: 1,
			says: []string{"script.py: not Python: the parser could not read 3 of its 4 lines of code (the first at line 2)", "1 file(s) not translated"},
		},
		{
			name: "Python 3.10's syntax",
			files: map[string]string{
				"main.py":   "import good\nimport modern\nprint(good.X)\n",
				"modern.py": "def kind(x):\n    match x:\n        case 1:\n            return 'one'\n    return 'other'\ndef big(xs):\n    if (n := len(xs)) > 3:\n        return n\n",
			},
			code: 1,
			says: []string{"modern.py:2: TODO(port): match statement", "modern.py:7: TODO(port): an assignment expression"},
		},
		{
			name: "a file of 10,000 lines",
			files: map[string]string{
				"main.py":     "import good, long_one\nprint(good.X, long_one.f1999(3), long_one.f0(1))\n",
				"long_one.py": long.String(),
			},
			run: "good 2004 2\n",
		},
	} {
		t.Run(strings.ReplaceAll(c.name, " ", "_"), func(t *testing.T) {
			src := t.TempDir()
			writeFiles(t, src, c.files)
			writeFiles(t, src, map[string]string{"good.py": "X = 'good'\n"})
			out := filepath.Join(t.TempDir(), "out")
			_, stderr, code := runPyasync(t, "", "port", "-o", out, filepath.Join(src, "main.py"))
			if code != c.code {
				t.Errorf("status %d, want %d\n%s", code, c.code, stderr)
			}
			for _, want := range c.says {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			for _, f := range []string{"main.star", "good.star"} {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s not written: %v", f, err)
				}
			}
			if c.run == "" {
				return
			}
			stdout, stderr, code := runPyasync(t, "", filepath.Join(out, "main.star"))
			if stdout != c.run {
				t.Errorf("the ported program printed %q, want %q (status %d)\n%s", stdout, c.run, code, stderr)
			}
			if c.name == "a module that exists nowhere" && (code != 1 || !strings.Contains(stderr, "ModuleNotFoundError: No module named 'nowhere_at_all'")) {
				t.Errorf("the ported program: status %d, stderr %q; want 1 and Python's ModuleNotFoundError", code, stderr)
			}
			// the original, where CPython is here, prints the same
			if py, err := exec.LookPath("python3"); err == nil {
				cmd := exec.Command(py, filepath.Join(src, "main.py"))
				got, err := cmd.Output()
				if string(got) != c.run || (err == nil) != (code == 0) {
					t.Errorf("CPython printed %q (%v), want %q (the port's status %d)", got, err, c.run, code)
				}
			}
		})
	}
}
