package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// An oracle marker, in a test script, says that its .stdout golden is
// what CPython 3 (or Python 2.7) prints running the same script with
// star/cpython.py.
const (
	oracleMarker  = "# oracle: cpython"
	python2Marker = "# oracle: python2"
)

// TestGoldensAreWhatCPythonPrints runs every script marked as having an
// oracle under that Python and compares what it prints with the golden
// output that TestStarlarkScripts holds pyasync to, so that a golden
// cannot drift from Python's behaviour.
func TestGoldensAreWhatCPythonPrints(t *testing.T) {
	scripts, _ := filepath.Glob("star/*/test_*.star")
	n := 0
	for _, path := range scripts {
		src, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		version := "python3"
		switch {
		case bytes.Contains(src, []byte(python2Marker)):
			version = "python2.7"
		case !bytes.Contains(src, []byte(oracleMarker)):
			continue
		}
		n++
		t.Run(strings.TrimSuffix(path, ".star"), func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(strings.TrimSuffix(path, ".star") + ".stdout")
			if err != nil {
				t.Fatalf("no golden: %v", err)
			}
			python := findPython(t, version)
			cmd := exec.Command(python, "star/cpython.py", path)
			cmd.Env = append(os.Environ(), "PYENV_VERSION=2.7.18") // where pyenv provides Python 2.7
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("python3 failed: %v\n%s", err, stderr.String())
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Python prints something else than the golden; regenerate it with\n  %s tests/star/cpython.py tests/%s > tests/%s.stdout\nand check the difference:\ngot:\n%s\nwant:\n%s",
					version, path, strings.TrimSuffix(path, ".star"), got, want)
			}
		})
	}
	if n == 0 {
		t.Fatal("no script is marked " + oracleMarker)
	}
}

// findPython returns the path of a Python that runs, or skips the test.
func findPython(t *testing.T, name string) string {
	python, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s not found: %v", name, err)
	}
	check := exec.Command(python, "-c", "pass")
	check.Env = append(os.Environ(), "PYENV_VERSION=2.7.18")
	if err := check.Run(); err != nil {
		t.Skipf("%s does not run: %v", name, err)
	}
	return python
}
