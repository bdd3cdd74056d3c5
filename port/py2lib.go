package port

import (
	"strings"
)

// Python 2's string and types modules: string.join(xs, sep) and the like
// become the string methods they stand for, string.digits and the like
// the literal, types.StringType the type it names: type("") in a
// comparison with type(x), str in isinstance. "import string" and
// "import types" go when every use translates (stmt.go).

// stringFuncs are string module functions that are a method of their
// first argument (string.split(s, sep) is s.split(sep)).
var stringFuncs = map[string]string{
	"split": "split", "splitfields": "split", "strip": "strip", "lstrip": "lstrip", "rstrip": "rstrip",
	"lower": "lower", "upper": "upper", "find": "find", "rfind": "rfind", "index": "index", "rindex": "rindex",
	"replace": "replace", "count": "count", "capitalize": "capitalize", "swapcase": "swapcase",
	"zfill": "zfill", "ljust": "ljust", "rjust": "rjust", "center": "center", "expandtabs": "expandtabs",
	"rsplit": "rsplit",
}

// stringConsts are the string module's constants.
var stringConsts = map[string]string{
	"digits": "0123456789", "hexdigits": "0123456789abcdefABCDEF", "octdigits": "01234567",
	"ascii_letters":   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"letters":         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"ascii_lowercase": "abcdefghijklmnopqrstuvwxyz", "lowercase": "abcdefghijklmnopqrstuvwxyz",
	"ascii_uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "uppercase": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	"whitespace":  ` \t\n\r\x0b\x0c`,
	"punctuation": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}

// typesNames are the types module's names: the value that stands for
// each in a comparison, and in isinstance.
var typesNames = map[string][2]string{
	"StringType": {`type("")`, "str"}, "UnicodeType": {`type("")`, "str"}, "StringTypes": {`(type(""),)`, "str"},
	"IntType": {"type(0)", "int"}, "LongType": {"type(0)", "int"}, "FloatType": {"type(0.0)", "float"},
	"ListType": {"type([])", "list"}, "TupleType": {"type(())", "tuple"}, "DictType": {"type({})", "dict"},
	"DictionaryType": {"type({})", "dict"}, "BooleanType": {"type(True)", "bool"}, "NoneType": {"type(None)", ""},
}

// libModule reports whether name, used as a module, is Python's string
// or types module (and not a variable of the program).
func (t *translator) libModule(obj *node, mod string) bool {
	return obj.kind == "identifier" && t.text(obj) == mod && !t.isLocal(mod) && !t.program.assigned[mod]
}

// libAttribute translates string.X and types.X outside a call; ok is
// false for other attributes.
func (t *translator) libAttribute(n *node) (string, bool) {
	obj, attr := n.get("object"), t.text(n.get("attribute"))
	switch {
	case t.libModule(obj, "string"):
		if c, ok := stringConsts[attr]; ok {
			return quote(c), true
		}
		if attr == "maketrans" || attr == "translate" {
			t.fail("string.%s: no pyasync equivalent", attr)
			return "", true
		}
	case t.libModule(obj, "types"):
		v, ok := typesNames[attr]
		if !ok {
			t.fail("types.%s: no pyasync equivalent; test with isinstance or hasattr", attr)
			return "", true
		}
		if t.isinstanceClass(n) {
			if v[1] == "" {
				t.fail("isinstance(x, types.NoneType): write x == None")
			}
			return v[1], true
		}
		return v[0], true
	}
	return "", false
}

// isinstanceClass reports whether n is (in) the class argument of
// isinstance() or issubclass().
func (t *translator) isinstanceClass(n *node) bool {
	p := n.parent
	if p != nil && p.kind == "tuple" {
		n, p = p, p.parent
	}
	if p == nil || p.kind != "argument_list" {
		return false
	}
	args := p.namedKids()
	fn := p.parent.get("function")
	return len(args) == 2 && args[1] == n && fn != nil && fn.kind == "identifier" &&
		(t.text(fn) == "isinstance" || t.text(fn) == "issubclass")
}

// libUsesTranslate reports whether every use of the module mod (string,
// types, or contextlib when Python's has no pyasync counterpart) is one the translator writes without it, so that its import
// can go (a use in a branch for another Python, which is not written,
// does not count).
func (t *translator) libUsesTranslate(mod string) bool {
	ok := true
	t.root.find(false, func(m *node) bool {
		if m.kind != "attribute" || !t.libModule(m.get("object"), mod) || t.deadBranch(m) {
			return false
		}
		attr := t.text(m.get("attribute"))
		switch mod {
		case "string":
			_, c := stringConsts[attr]
			_, f := stringFuncs[attr]
			call := m.parent.kind == "call" && m.field == "function"
			if !c && !(call && (f || attr == "join" || attr == "joinfields" || attr == "atoi" || attr == "atol" || attr == "atof")) {
				ok = false
			}
		case "types":
			if _, known := typesNames[attr]; !known {
				ok = false
			}
		case "contextlib":
			// with contextlib.closing(x) as y: (with.go)
			call := m.parent
			if attr != "closing" || call.kind != "call" || m.field != "function" || call.parent == nil || !inWithItem(call.parent) {
				ok = false
			}
		}
		return !ok
	})
	return ok
}

// libCall translates string.join(xs, sep), string.split(s, ...) and the
// other string functions into methods, string.atoi(s) into int(s).
func (t *translator) libCall(n *node, obj *node, attr string, argv []*node) (string, bool) {
	if !t.libModule(obj, "string") || len(argv) == 0 {
		return "", false
	}
	for _, a := range argv {
		if a.kind == "keyword_argument" || a.kind == "list_splat" || a.kind == "dictionary_splat" {
			return "", false
		}
	}
	recv := t.expr(argv[0])
	if !isDotted(argv[0]) && argv[0].kind != "string" && argv[0].kind != "call" && argv[0].kind != "subscript" {
		recv = "(" + recv + ")"
	}
	rest := func(from int) string {
		var parts []string
		for _, a := range argv[from:] {
			parts = append(parts, t.expr(a))
		}
		return strings.Join(parts, ", ")
	}
	switch attr {
	case "join", "joinfields":
		sep := `" "`
		if len(argv) > 1 {
			sep = t.expr(argv[1])
			if !isPlain(argv[1]) {
				sep = "(" + sep + ")"
			}
		}
		return sep + ".join(" + t.expr(argv[0]) + ")", true
	case "atoi", "atol":
		return "int(" + rest(0) + ")", true
	case "atof":
		return "float(" + rest(0) + ")", true
	}
	if m, ok := stringFuncs[attr]; ok {
		return recv + "." + m + "(" + rest(1) + ")", true
	}
	return "", false
}

// withoutLibImports is an import statement without the string, types and
// contextlib modules when every use of them translates (nil when nothing is left).
func (t *translator) withoutLibImports(n *node) *node {
	if n.kind != "import_statement" {
		return n
	}
	cp := *n
	cp.kids = nil
	names := 0
	for _, k := range n.kids {
		if k.field == "name" && k.kind == "dotted_name" && (t.text(k) == "string" || t.text(k) == "types" || t.text(k) == "contextlib") &&
			t.libUsesTranslate(t.text(k)) {
			continue
		}
		if k.field == "name" {
			names++
		}
		cp.kids = append(cp.kids, k)
	}
	if names == 0 {
		return nil
	}
	return &cp
}

// inWithItem reports whether n is (the value of) an item of a with
// statement.
func inWithItem(n *node) bool {
	for p := n; p != nil; p = p.parent {
		switch p.kind {
		case "with_item":
			return true
		case "as_pattern", "with_clause":
			continue
		}
		if p != n {
			return false
		}
	}
	return false
}
