package modules

import (
	"bytes"
	"testing"

	"go.starlark.net/starlark"
)

// TestWarnPlaces: stacklevel beyond the stack gives "sys:1", as in
// Python; a DeprecationWarning issued by a loaded file (not the main
// script) is ignored by the default filters, one issued by the main
// script is shown.
func TestWarnPlaces(t *testing.T) {
	var errb bytes.Buffer
	env := starlark.StringDict{"warnings": NewWarnings(&errb)}
	lib := `
def old():
    warnings.warn("old() from lib", "DeprecationWarning")
def user():
    warnings.warn("user warning from lib")
`
	th := &starlark.Thread{Name: "main", Load: func(th *starlark.Thread, module string) (starlark.StringDict, error) {
		return starlark.ExecFile(&starlark.Thread{Name: "load " + module}, module, lib, env)
	}}
	src := `load("lib.star", "old", "user")
warnings.warn("deep", stacklevel=5)
old()
user()
warnings.warn("from main", "DeprecationWarning")
`
	if _, err := starlark.ExecFile(th, "main.star", src, env); err != nil {
		t.Fatal(err)
	}
	want := "sys:1: UserWarning: deep\n" +
		"lib.star:5: UserWarning: user warning from lib\n" +
		"main.star:5: DeprecationWarning: from main\n"
	if errb.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", errb.String(), want)
	}
}
