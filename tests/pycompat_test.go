package tests

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/interp"
)

// golden is one run of a pycompat program under CPython 3.11.
type golden struct {
	Argv           []string
	Stdout, Stderr string
	Status         int
}

// TestProgramsBehaveAsUnderCPython runs each pycompat/*.star program
// (written in what Python and Starlark share; see gen_golden.py) with
// pyasync, once per "# argv:" line, and compares what it printed on
// stdout and stderr and its exit status with pycompat/golden.json: what
// CPython 3.11 did with the same program (python3 pycompat/gen_golden.py
// > pycompat/golden.json writes it).
func TestProgramsBehaveAsUnderCPython(t *testing.T) {
	data, err := os.ReadFile("pycompat/golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var table map[string]golden
	if err := json.Unmarshal(data, &table); err != nil {
		t.Fatal(err)
	}
	programs, _ := filepath.Glob("pycompat/*.star")
	runs := map[string]bool{}
	for _, p := range programs {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		argvs := [][]string{}
		for _, line := range strings.Split(string(src), "\n") {
			if rest, ok := strings.CutPrefix(line, "# argv:"); ok {
				argvs = append(argvs, strings.Fields(rest))
			}
		}
		if len(argvs) == 0 {
			argvs = append(argvs, nil)
		}
		for _, argv := range argvs {
			runs[strings.Join(append([]string{filepath.Base(p)}, argv...), " ")] = true
		}
	}
	var names []string
	for name := range table {
		names = append(names, name)
		if !runs[name] {
			t.Errorf("golden.json has %q, which no program runs: run gen_golden.py again", name)
		}
	}
	for name := range runs {
		if _, ok := table[name]; !ok {
			t.Errorf("no golden output for %q: run gen_golden.py", name)
		}
	}
	sort.Strings(names)
	t.Setenv("COLUMNS", "")
	t.Setenv("POSIXLY_CORRECT", "")
	for _, name := range names {
		want := table[name]
		prog := "pycompat/" + strings.Fields(name)[0]
		t.Run(name, func(t *testing.T) {
			stdout, stderr, status := runPyasync(t, "", append([]string{prog}, want.Argv...)...)
			if stdout != want.Stdout {
				t.Errorf("stdout differs from CPython's:\n%s", lineDiff(stdout, want.Stdout))
			}
			if stderr != want.Stderr {
				t.Errorf("stderr differs from CPython's:\n%s", lineDiff(stderr, want.Stderr))
			}
			if status != want.Status {
				t.Errorf("exit status %d, CPython's %d", status, want.Status)
			}
		})
	}
}

// lineDiff shows the first lines where got and want part.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d:\n  got:  %q\n  want: %q\n--- got:\n%s\n--- want:\n%s", i+1, gl, wl, got, want)
		}
	}
	return ""
}

// TestErrorsAreCPythons runs each snippet of pycompat/errors.json in a
// fresh interpreter and checks that it fails with the exception CPython
// 3.11 raised for it (gen_errors.py): the same class (a module's, such as
// getopt.GetoptError, by its last name) and the same message.
func TestErrorsAreCPythons(t *testing.T) {
	data, err := os.ReadFile("pycompat/errors.json")
	if err != nil {
		t.Fatal(err)
	}
	var rows [][3]*string
	if err := json.Unmarshal(data, &rows); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	for _, r := range rows {
		code := *r[0]
		in, err := interp.New(interp.Config{Argv: []string{"errors.star"}, Stdout: io.Discard, Stderr: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		_, err = in.ExecFile("errors.star", code)
		in.Close()
		if r[1] == nil {
			if err != nil {
				t.Errorf("%s: %v; CPython raised nothing", code, err)
			}
			continue
		}
		want := *r[1] + ": " + *r[2]
		var pe pyerr.Typed
		if !errors.As(err, &pe) {
			t.Errorf("%s: got %v, want %s", code, err, want)
			continue
		}
		typ := pe.TypeName()
		typ = typ[strings.LastIndexByte(typ, '.')+1:]
		if got := typ + ": " + pe.Message(); got != want {
			t.Errorf("%s:\ngot  %s\nwant %s", code, got, want)
		}
	}
}
