package port

import (
	"strings"
	"sync"
)

// predeclared are the modules every pyasync script starts with.
var predeclared = sync.OnceValue(func() map[string]bool {
	return map[string]bool{
		"asyncore": true, "asynchat": true, "socket": true, "errno": true,
		"time": true, "sys": true, "os": true, "os.path": true, "signal": true,
	}
})

// importStmt drops imports of predeclared modules, binds the names of
// "from m import x" and "import m as y", and leaves other modules for a
// person: pyasync has no module of that name.
func (t *translator) importStmt(n *node, indent int) {
	if n.kind == "future_import_statement" {
		return
	}
	var out []string
	var missing []string
	if n.kind == "import_statement" {
		for _, k := range n.all("name") {
			name, alias := t.importName(k)
			switch {
			case !predeclared()[name]:
				missing = append(missing, name)
			case alias != "" && alias != name:
				out = append(out, alias+" = "+name)
			}
		}
	} else {
		mod := t.text(n.get("module_name"))
		if mod == "__future__" {
			return
		}
		if !predeclared()[mod] {
			missing = append(missing, mod)
		} else if firstKind(n, "wildcard_import") != nil {
			t.todo(n, indent, "from "+mod+" import *: write "+mod+".name where each name is used")
			return
		}
		for _, k := range n.all("name") {
			name, alias := t.importName(k)
			if alias == "" {
				alias = name
			}
			out = append(out, alias+" = "+mod+"."+name)
		}
	}
	if len(missing) > 0 {
		t.todo(n, indent, "no module "+strings.Join(missing, ", ")+" in pyasync: use the predeclared modules (see PORTING.md)")
		return
	}
	for _, l := range out {
		t.emit(indent, l)
	}
}

// importName is the dotted name and alias of an import item.
func (t *translator) importName(k *node) (name, alias string) {
	if k.kind == "aliased_import" {
		return t.text(k.get("name")), t.text(k.get("alias"))
	}
	return t.text(k), ""
}
