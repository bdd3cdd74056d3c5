package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/port"
)

// TestPortGoldenPrograms runs each program of port/testdata/translate
// (the translator's golden inputs) twice: ported by "pyasync port" and
// run under pyasync, and as it is under CPython 3.11, or under Python
// 2.7 for a Python 2 program; what each prints on stdout and stderr, and
// its exit status, must be the same. A program whose first line says
// "# port-test: translate only" is not run. An interpreter that is
// missing skips its programs, with the reason.
func TestPortGoldenPrograms(t *testing.T) {
	files, err := filepath.Glob("../port/testdata/translate/*.py")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs in port/testdata/translate", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(string(src), "# port-test: translate only") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			star, stderr, code := runPyasync(t, "", "port", f)
			if code != 0 {
				t.Fatalf("pyasync port %s: status %d\n%s", f, code, stderr)
			}
			py := pythonFor(t, string(src))
			path := filepath.Join(t.TempDir(), strings.TrimSuffix(filepath.Base(f), ".py")+".star")
			if err := os.WriteFile(path, []byte(star), 0o644); err != nil {
				t.Fatal(err)
			}
			gotOut, gotErr, gotCode := runPyasync(t, "", path)
			wantOut, wantErr, wantCode := runPython(t, py, f)
			if gotOut != wantOut || gotErr != wantErr || gotCode != wantCode {
				t.Errorf("pyasync (status %d) and %s (status %d) differ\n--- pyasync stdout:\n%s--- python stdout:\n%s--- pyasync stderr:\n%s--- python stderr:\n%s",
					gotCode, strings.Join(py, " "), wantCode, gotOut, wantOut, gotErr, wantErr)
			}
		})
	}
}

// pythonFor is the command that runs the original: Python 2.7 for a
// program the translator reads as Python 2, else python3.
func pythonFor(t *testing.T, src string) []string {
	t.Helper()
	r, err := port.Translate("program.py", []byte(src), port.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Python == 2 {
		if _, err := exec.LookPath("python2.7"); err != nil {
			t.Skip("python2.7 is not installed: the Python 2 original cannot run")
		}
		return []string{"env", "PYENV_VERSION=2.7.18", "python2.7"}
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the original cannot run")
	}
	return []string{"python3", "-W", "ignore"}
}

// runPython runs the original program.
func runPython(t *testing.T, py []string, file string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(py[0], append(py[1:], file)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("%v: %v", py, err)
	}
	if strings.Contains(errb.String(), "pyenv: version") {
		t.Skip("Python 2.7.18 is not installed under pyenv: ", errb.String())
	}
	return out.String(), errb.String(), code
}
