package modules

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/runtime/oserr"
)

// TestRealpathMatchesCPython builds a tree of files, directories and
// symbolic links (relative, absolute, chained, dangling, looping, leading
// out of the tree and back: what a server that keeps requests under a
// folder must see through) and wants os.path.realpath and islink to give
// what CPython's give for every path in it, with strict=False and True.
func TestRealpathMatchesCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: realpath not compared with CPython")
	}
	dir := t.TempDir()
	www := filepath.Join(dir, "www")
	for _, d := range []string{"www/sub/deep", "outside"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	os.WriteFile(filepath.Join(www, "file"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "outside", "secret"), []byte("x"), 0o644)
	for link, target := range map[string]string{
		"www/rel":        "sub/deep",
		"www/abs":        filepath.Join(dir, "outside"),
		"www/up":         "../outside/secret",
		"www/chain":      "rel",
		"www/dangling":   "nowhere/else",
		"www/loop1":      "loop2",
		"www/loop2":      "loop1",
		"www/self":       "self",
		"www/sub/back":   "../..",
		"www/sub/dotdot": "../rel/..",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	var paths []string
	for _, p := range []string{
		"", ".", "www", "www/", "www//sub/./deep/", "www/file", "www/rel", "www/rel/..",
		"www/abs", "www/abs/secret", "www/abs/../www/file", "www/up", "www/chain/x/y",
		"www/dangling", "www/dangling/more", "www/loop1", "www/loop1/x", "www/self/..",
		"www/sub/back", "www/sub/back/www/rel", "www/sub/dotdot", "www/missing/../file",
		"../..", "www/../../..", "nope", "www/file/..",
	} {
		paths = append(paths, p, filepath.Join(dir, p))
	}
	t.Chdir(dir)
	in, _ := json.Marshal(paths)
	script := `
import json, os, sys
out = []
for p in json.loads(sys.argv[1]):
    row = [os.path.realpath(p), os.path.islink(p)]
    try:
        row.append(os.path.realpath(p, strict=True))
    except OSError as e:
        row.append(type(e).__name__)
    out.append(row)
print(json.dumps(out))
`
	got, err := exec.Command(py, "-c", script, string(in)).Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var want [][3]any
	if err := json.Unmarshal(got, &want); err != nil {
		t.Fatal(err)
	}
	path := newPath(starlark.NewDict(0))
	realpath, _ := path.Attr("realpath")
	islink, _ := path.Attr("islink")
	th := &starlark.Thread{Name: "test"}
	for i, p := range paths {
		r, err := starlark.Call(th, realpath, starlark.Tuple{starlark.String(p)}, nil)
		if err != nil || string(r.(starlark.String)) != want[i][0] {
			t.Errorf("realpath(%q) = %v (%v), want %q", p, r, err, want[i][0])
		}
		l, _ := starlark.Call(th, islink, starlark.Tuple{starlark.String(p)}, nil)
		if bool(l.(starlark.Bool)) != want[i][1] {
			t.Errorf("islink(%q) = %v, want %v", p, l, want[i][1])
		}
		r, err = starlark.Call(th, realpath, starlark.Tuple{starlark.String(p)}, []starlark.Tuple{{starlark.String("strict"), starlark.True}})
		var oe *oserr.Error
		switch {
		case errors.As(err, &oe):
			if oe.TypeName() != want[i][2] {
				t.Errorf("realpath(%q, strict=True) raised %s, want %v", p, oe.TypeName(), want[i][2])
			}
		case err != nil || string(r.(starlark.String)) != want[i][2]:
			t.Errorf("realpath(%q, strict=True) = %v (%v), want %v", p, r, err, want[i][2])
		}
	}
}
