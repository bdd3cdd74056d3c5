// Package tests runs pyasync's Starlark test scripts, its command-line and
// interoperability tests. Each tests/star/**/test_*.star script runs in its
// own interpreter; it passes when it ends without an error and leaves no
// descriptor open.
package tests

import (
	"bytes"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/starlarkstruct"

	"github.com/pyasync/pyasync/interp"
)

// errorOf is error_of(fn, *args): the error message of fn(*args), or None.
func errorOf(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 {
		return nil, nil
	}
	_, err := starlark.Call(th, args[0], args[1:], kwargs)
	if err != nil {
		if ee, ok := err.(*starlark.EvalError); ok {
			return starlark.String(ee.Msg), nil
		}
		return starlark.String(err.Error()), nil
	}
	return starlark.None, nil
}

// runScript runs one test script in a fresh interpreter and returns what
// it printed and its error.
func runScript(t *testing.T, path string, argv ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	in, err := interp.New(interp.Config{Argv: append([]string{path}, argv...), Stdout: &out, Stderr: &errb})
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	in.Predeclared["error_of"] = starlark.NewBuiltin("error_of", errorOf)
	in.Predeclared["assertions"] = starlark.NewBuiltin("assertions", starlarkstruct.Make)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = in.ExecFile(path, src)
	in.CloseChannels()
	return out.String(), errb.String(), err
}

// openFDs lists this process's open descriptors.
func openFDs(t *testing.T) []string {
	t.Helper()
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("cannot count descriptors: %v", err)
	}
	var fds []string
	for _, e := range ents {
		target, _ := os.Readlink(filepath.Join("/proc/self/fd", e.Name()))
		fds = append(fds, e.Name()+" -> "+target)
	}
	sort.Strings(fds)
	return fds
}

// variants reads a script's "# variants: a b c" line: the script runs
// once per variant, with the variant as sys.argv[1].
func variants(src []byte) []string {
	for _, line := range strings.Split(string(src), "\n") {
		if rest, ok := strings.CutPrefix(line, "# variants:"); ok {
			return strings.Fields(rest)
		}
	}
	return []string{""}
}

// TestStarlarkScripts runs every star/**/test_*.star script. sys.argv is
// [script, variant, tmpdir]. When X.stdout or X.stderr sits beside X.star,
// the script's output must equal it.
func TestStarlarkScripts(t *testing.T) {
	scripts, _ := filepath.Glob("star/*/test_*.star")
	more, _ := filepath.Glob("star/test_*.star")
	scripts = append(scripts, more...)
	if len(scripts) == 0 {
		t.Fatal("no test scripts found")
	}
	for _, path := range scripts {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, variant := range variants(src) {
			path, variant := path, variant
			name := strings.TrimSuffix(strings.TrimPrefix(path, "star/"), ".star")
			if variant != "" {
				name += "/" + variant
			}
			t.Run(name, func(t *testing.T) {
				if strings.HasPrefix(variant, "ipv6") && !haveIPv6() {
					t.Skip("IPv6 loopback (::1) is not available on this machine")
				}
				before := openFDs(t)
				stdout, stderr, err := runScript(t, path, variant, t.TempDir())
				if err != nil {
					msg := err.Error()
					if ee, ok := err.(*starlark.EvalError); ok {
						msg = ee.Backtrace()
					}
					t.Fatalf("%s failed:\n%s\nstdout:\n%s\nstderr:\n%s", path, msg, stdout, stderr)
				}
				base := strings.TrimSuffix(path, ".star")
				for _, g := range []struct{ ext, got string }{{".stdout", stdout}, {".stderr", stderr}} {
					if want, err := os.ReadFile(base + g.ext); err == nil && string(want) != g.got {
						t.Errorf("%s: output differs from %s%s:\ngot:\n%s\nwant:\n%s", path, base, g.ext, g.got, want)
					}
				}
				after := openFDs(t)
				if len(after) > len(before) {
					t.Errorf("descriptors leaked: before %d, after %d:\nbefore %v\nafter  %v", len(before), len(after), before, after)
				}
				if testing.Verbose() && stdout != "" {
					t.Log(stdout)
				}
			})
		}
	}
}

// haveIPv6 reports whether ::1 can be bound.
func haveIPv6() bool {
	l, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	l.Close()
	return true
}
