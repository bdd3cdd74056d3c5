package interp

import (
	"path/filepath"
	"testing"
)

// A function made by an expression at the prompt reads the session's
// globals as its predeclared names, and the session changes them: it
// must see a global's new value, not the one it saw first (scripts and
// modules cache their predeclared names, the prompt's expressions must
// not).
func TestPromptExpressionSeesGlobalsChange(t *testing.T) {
	in, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	s := in.NewSession(nil)
	for _, step := range []struct{ src, want string }{
		{"y = 1", ""},
		{"(lambda: y)", "<function lambda>"},
		{"g = _", ""},
		{"g()", "1"},
		{"y = 2", ""},
		{"g()", "2"},
	} {
		got, err := s.Eval(step.src)
		if err != nil {
			t.Fatalf("%s: %v", step.src, err)
		}
		if got != step.want {
			t.Errorf("%s: got %q, want %q", step.src, got, step.want)
		}
	}
}

// A script's functions read the predeclared names it was given, the
// same each time (a name is looked up once, then cached).
func TestScriptPredeclaredNames(t *testing.T) {
	in, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	src := "def f():\n    return len(str(isinstance(1, int)))\nr = [f(), f(), f()]\n"
	globals, err := in.ExecFile(filepath.Join(t.TempDir(), "s.star"), src)
	if err != nil {
		t.Fatal(err)
	}
	if got := globals["r"].String(); got != "[4, 4, 4]" {
		t.Errorf("r = %s, want [4, 4, 4]", got)
	}
}
