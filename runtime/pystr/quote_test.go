package pystr

import (
	"os/exec"
	"strings"
	"testing"
)

// TestQuoteIsPythonsRepr compares Quote and QuoteBytes with CPython's
// repr() of the same strings (run live; skipped without python3).
func TestQuoteIsPythonsRepr(t *testing.T) {
	cases := []string{"", "a", "it's", `say "hi"`, `both ' and "`, "tab\tnl\ncr\r", `back\slash`,
		"nul\x00", "del\x7f", "café", "nbsp\u00a0", "line\u2028sep", "emoji \U0001F600", "\u0085"}
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: ", err)
	}
	// each case as Python literals, its repr and its bytes' repr on a line each
	var prog strings.Builder
	prog.WriteString("import sys\nfor s in sys.stdin.read().split('\\x1e'):\n    print(repr(s)); print(repr(s.encode()))\n")
	cmd := exec.Command(python, "-c", prog.String())
	cmd.Stdin = strings.NewReader(strings.Join(cases, "\x1e"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	for i, s := range cases {
		if got := Quote(s); got != want[2*i] {
			t.Errorf("Quote(%q) = %s, want %s", s, got, want[2*i])
		}
		if got := QuoteBytes(s); got != want[2*i+1] {
			t.Errorf("QuoteBytes(%q) = %s, want %s", s, got, want[2*i+1])
		}
	}
	// a byte that is not valid UTF-8 shows as Python 2 shows it
	if got := Quote("a\xffb"); got != `'a\xffb'` {
		t.Errorf("Quote of an invalid byte = %s", got)
	}
}
