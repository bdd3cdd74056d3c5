package modules

import (
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

// NewHTMLEntities makes html.entities (Python 2's htmlentitydefs), as
// CPython 3.11's:
//
//	name2codepoint   {"amp": 38, ...}: HTML 4.01's references
//	codepoint2name   {38: "amp", ...}
//	entitydefs       {"amp": "&", ...}: each reference's character, in UTF-8
//	html5            {"amp;": "&", "amp": "&", ...}: HTML5's references
//
// The dicts are the program's to change, made when it first uses the
// module.
func NewHTMLEntities() *Lazy {
	return NewLazy("html.entities", func() starlark.StringDict {
		fields := strings.Fields(html4Entities)
		n2c := starlark.NewDict(len(fields))
		c2n := starlark.NewDict(len(fields))
		defs := starlark.NewDict(len(fields))
		for _, f := range fields {
			name, code, _ := strings.Cut(f, "=")
			cp, _ := strconv.Atoi(code)
			n2c.SetKey(starlark.String(name), starlark.MakeInt(cp))
			c2n.SetKey(starlark.MakeInt(cp), starlark.String(name))
			defs.SetKey(starlark.String(name), starlark.String(string(rune(cp))))
		}
		names := strings.Fields(html5Entities)
		html5 := starlark.NewDict(len(names))
		for _, name := range names {
			html5.SetKey(starlark.String(name), starlark.String(unescapeHTML("&"+name)))
		}
		return starlark.StringDict{"name2codepoint": n2c, "codepoint2name": c2n, "entitydefs": defs, "html5": html5}
	})
}
