package modules

import (
	"encoding/json"
	"os/exec"
	"testing"

	"go.starlark.net/starlark"
)

// TestHTMLEntitiesMatchCPython compares the four tables of html.entities
// with CPython's, entry by entry and in order.
func TestHTMLEntitiesMatchCPython(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: no html.entities to compare with")
	}
	out, err := exec.Command(py, "-c", `import json, html.entities as e
print(json.dumps({k: [[str(a), str(b)] for a, b in getattr(e, k).items()]
                  for k in ["name2codepoint", "codepoint2name", "entitydefs", "html5"]}))`).Output()
	if err != nil {
		t.Fatal(err)
	}
	var want map[string][][2]string
	if err := json.Unmarshal(out, &want); err != nil {
		t.Fatal(err)
	}
	mod := NewHTMLEntities()
	for name, items := range want {
		v, _ := mod.Attr(name)
		d := v.(*starlark.Dict)
		got := d.Items()
		if len(got) != len(items) {
			t.Errorf("%s: %d entries, CPython has %d", name, len(got), len(items))
			continue
		}
		for i, kv := range got {
			k, v := pyStr(kv[0]), pyStr(kv[1])
			if k != items[i][0] || v != items[i][1] {
				t.Errorf("%s entry %d: %q: %q, CPython has %q: %q", name, i, k, v, items[i][0], items[i][1])
			}
		}
	}
}
