package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestDroppedFilesDoNotExhaustDescriptors: with a descriptor limit of
// 40, a script opens a file 2000 times without closing it (open(p).read(),
// which CPython closes when dropped). Running out of descriptors, open()
// lets the collector close the dropped ones and goes on.
func TestDroppedFilesDoNotExhaustDescriptors(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is needed to lower the descriptor limit")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data.txt")
	if err := os.WriteFile(data, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	script := "n = 0\nfor i in range(2000):\n    n += len(open(sys.argv[1]).read())\nprint(n)\n"
	cmd := exec.Command("bash", "-c", `ulimit -n 40 && exec "$0" "$@"`, pyasync, "-c", script, data)
	out, err := cmd.CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "4000" {
		t.Errorf("got %q, %v; want 4000", out, err)
	}
}
