package tests

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeNewcomerPath: the README's first command builds ./pyasync and
// every command after it runs that binary as written; .ci/run runs the
// README's build and test commands; the README lists every example, and
// each example's header runs it the README's way.
func TestReadmeNewcomerPath(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	var code []string // the README's indented command lines, in order
	for _, line := range strings.Split(readme, "\n") {
		if strings.HasPrefix(line, "    ") && strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "     ") {
			code = append(code, strings.TrimSpace(line))
		}
	}
	const build, test = "CGO_ENABLED=0 go build -o pyasync ./cmd/pyasync", "go test ./..."
	if len(code) < 3 || code[0] != build || !strings.HasPrefix(code[1], "./pyasync examples/") || code[2] != test {
		t.Errorf("the README's first commands are %q; want the build (%q), an example run with ./pyasync, then the tests (%q)", code[:min(3, len(code))], build, test)
	}
	// a command that runs pyasync runs ./pyasync, the binary built above
	bare := regexp.MustCompile("(?:^|[\\s`(=])(?:bin/)?pyasync (?:[-\\w./]+\\.star|FILE|-|check|port|version|examples/|scripts/)")
	for _, m := range bare.FindAllString(readme, -1) {
		t.Errorf("the README runs %q, not the ./pyasync its first command builds", strings.TrimSpace(m))
	}
	ci, err := os.ReadFile("../.ci/run")
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{build, test} {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(cmd) + `$`).Match(ci) {
			t.Errorf(".ci/run does not run the README's %q", cmd)
		}
	}

	_, examples, _ := strings.Cut(readme, "\n## Examples\n")
	examples, _, _ = strings.Cut(examples, "\n## ")
	files, _ := filepath.Glob("../examples/*.star")
	for _, f := range files {
		name := filepath.Base(f)
		if !strings.Contains(examples, "`"+name+"`") {
			t.Errorf("the README's Examples section does not list %s", name)
		}
		src, _ := os.ReadFile(f)
		if !strings.Contains(string(src), "\n# Run it:   ./pyasync examples/"+name) {
			t.Errorf("%s: its header does not say \"Run it:   ./pyasync examples/%s\"", name, name)
		}
	}
}
