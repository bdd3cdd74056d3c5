package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// oracleMarker, in a test script, says that its .stdout golden is what
// CPython prints running the same script (with star/cpython.py).
const oracleMarker = "# oracle: cpython"

// TestGoldensAreWhatCPythonPrints runs every script marked with
// oracleMarker under CPython and compares what it prints with the golden
// output that TestStarlarkScripts holds pyasync to, so that a golden
// cannot drift from CPython's behaviour.
func TestGoldensAreWhatCPythonPrints(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: ", err)
	}
	scripts, _ := filepath.Glob("star/*/test_*.star")
	n := 0
	for _, path := range scripts {
		src, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(src, []byte(oracleMarker)) {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(path, ".star"), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(path, ".star") + ".stdout")
			if err != nil {
				t.Fatalf("no golden: %v", err)
			}
			cmd := exec.Command(python, "star/cpython.py", path)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			got, err := cmd.Output()
			if err != nil {
				t.Fatalf("python3 failed: %v\n%s", err, stderr.String())
			}
			if !bytes.Equal(got, want) {
				t.Errorf("CPython prints something else than the golden; regenerate it with\n  python3 tests/star/cpython.py tests/%s > tests/%s.stdout\nand check the difference:\ngot:\n%s\nwant:\n%s",
					path, strings.TrimSuffix(path, ".star"), got, want)
			}
		})
	}
	if n == 0 {
		t.Fatal("no script is marked " + oracleMarker)
	}
}
