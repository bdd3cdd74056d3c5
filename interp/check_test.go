package interp

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzCheck: any source text is parsed and resolved into a program or a
// one-line "file:line:col: message" error, never a panic. The seeds are
// the examples and test scripts.
func FuzzCheck(f *testing.F) {
	for _, pattern := range []string{"../examples/*.star", "../tests/star/*/*.star"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, _ := os.ReadFile(file)
			f.Add(string(src))
		}
	}
	f.Add("def f(:\n")
	f.Add("x = (1,\n")
	f.Add("\"\"\"unterminated")
	in, err := New(Config{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		f.Fatal(err)
	}
	defer in.Close()
	f.Fuzz(func(t *testing.T, src string) {
		err := in.Check("fuzz.star", src)
		if err != nil && !strings.HasPrefix(err.Error(), "fuzz.star:") {
			t.Fatalf("error without a position: %q", err)
		}
	})
}

func TestIncomplete(t *testing.T) {
	for src, want := range map[string]bool{
		"x = 1\n":                    false,
		"x = (1,\n":                  true,
		"def f():\n":                 true,
		"def f():\n    return 1\n":   true,
		"def f():\n    return 1\n\n": false,
		"if x:\n    pass\nelse:\n":   true,
		"print(\"a\")\n":             false,
		"s = \"\"\"open\n":           true,
	} {
		if got := Incomplete(src); got != want {
			t.Errorf("Incomplete(%q) = %v, want %v", src, got, want)
		}
	}
}
