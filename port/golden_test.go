package port

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite testdata/translate/*.star and *.notes from the translator's output")

// notes is what a translation says on the side, one line each: the
// TODOs and the warnings, with their lines.
func notes(r *Result) string {
	var b strings.Builder
	for _, td := range r.TODOs {
		fmt.Fprintf(&b, "%d: TODO(port): %s\n", td.Line, td.What)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(&b, "%d: warning: %s\n", w.Line, w.What)
	}
	return b.String()
}

// TestTranslateGolden: each program of testdata/translate translates to
// the reviewed translation kept beside it (NAME.star), with the TODOs
// and warnings of NAME.notes (no file: none). A first line "# python2"
// reads the program as Python 2. go test ./port -update rewrites them.
func TestTranslateGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/translate/*.py")
	if err != nil || len(files) == 0 {
		t.Fatal("no programs in testdata/translate", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Translate(filepath.Base(f), src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			base := strings.TrimSuffix(f, ".py")
			got := map[string]string{".star": r.Output, ".notes": notes(r)}
			for _, ext := range []string{".star", ".notes"} {
				if *updateGolden {
					if got[ext] == "" {
						os.Remove(base + ext)
					} else if err := os.WriteFile(base+ext, []byte(got[ext]), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				want, err := os.ReadFile(base + ext)
				if err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if got[ext] != string(want) {
					t.Errorf("%s%s differs (go test ./port -run Golden -update rewrites it); got:\n%s", base, ext, got[ext])
				}
			}
		})
	}
}
