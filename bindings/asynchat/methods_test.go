package asynchat_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/asynchat"
	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/class"
)

// classes are the classes of asyncore and asynchat, by name.
func classes(t *testing.T) map[string]*class.Class {
	t.Helper()
	ac, err := asyncore.New(asyncore.Config{Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ac.Close() })
	out := map[string]*class.Class{}
	for _, mod := range []starlark.HasAttrs{ac.Value().(starlark.HasAttrs), asynchat.New(ac).Value().(starlark.HasAttrs)} {
		for _, name := range mod.AttrNames() {
			if c, ok := mustAttr(t, mod, name).(*class.Class); ok {
				out[name] = c
			}
		}
	}
	for _, name := range []string{"dispatcher", "dispatcher_with_send", "file_wrapper", "file_dispatcher", "async_chat", "simple_producer", "fifo"} {
		if out[name] == nil {
			t.Fatalf("no class %s", name)
		}
	}
	return out
}

func mustAttr(t *testing.T, v starlark.HasAttrs, name string) starlark.Value {
	t.Helper()
	x, err := v.Attr(name)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// Every Go method of every class is found under its Python name, and
// every error of a call with arguments it cannot take names the method
// called: d.writable(1) fails with "writable: got 1 arguments, want 0",
// though readable() and writable() are one Go function.
func TestEveryMethodNamesItselfInItsErrors(t *testing.T) {
	th := &starlark.Thread{Name: "test"}
	n := 0
	all := classes(t)
	for _, cname := range []string{"dispatcher", "dispatcher_with_send", "file_wrapper", "file_dispatcher", "async_chat", "simple_producer", "fifo"} {
		c := all[cname]
		for _, name := range c.AttrNames() {
			v, _ := c.Own(name)
			meth, ok := v.(*class.Method)
			if !ok {
				continue
			}
			n++
			if meth.Name() != name {
				t.Errorf("%s.%s is the method %q", cname, name, meth.Name())
			}
			self := class.NewInstance(c)
			bound, err := self.Attr(name)
			if err != nil {
				t.Fatal(err)
			}
			args := make(starlark.Tuple, 12)
			for i := range args {
				args[i] = starlark.None
			}
			_, err = starlark.Call(th, bound, args, nil)
			if err == nil || !strings.HasPrefix(err.Error(), name+": ") {
				t.Errorf("%s.%s(None * 12): error %v, want one that starts %q", cname, name, err, name+": ")
			}
		}
	}
	if n < 40 {
		t.Errorf("checked %d methods, want all of them", n)
	}
	d := class.NewInstance(all["dispatcher"])
	writable, _ := d.Attr("writable")
	if _, err := starlark.Call(th, writable, starlark.Tuple{starlark.MakeInt(1)}, nil); err == nil || err.Error() != "writable: got 1 arguments, want 0" {
		t.Errorf("d.writable(1): %v", err)
	}
}

// The Go functions of the method tables take their names from the method
// called, never from a literal: no call of starlark.UnpackArgs or
// UnpackPositionalArgs in a class.Func names it with a string constant.
func TestMethodFunctionsNameNoLiteral(t *testing.T) {
	for _, dir := range []string{".", "../asyncore"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		fset := token.NewFileSet()
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, decl := range f.Decls {
				fd, ok := decl.(*ast.FuncDecl)
				if !ok || fd.Body == nil || !isMethodFunc(fd) {
					continue
				}
				ast.Inspect(fd.Body, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok || len(call.Args) == 0 {
						return true
					}
					if sel, ok := call.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Unpack") {
						if lit, ok := call.Args[0].(*ast.BasicLit); ok {
							t.Errorf("%s: %s names itself %s", fset.Position(call.Pos()), fd.Name.Name, lit.Value)
						}
					}
					return true
				})
			}
		}
	}
}

// isMethodFunc reports whether fd is a class.Func: its second parameter
// is fn *class.Method.
func isMethodFunc(fd *ast.FuncDecl) bool {
	params := fd.Type.Params.List
	if len(params) < 2 {
		return false
	}
	star, ok := params[1].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Method"
}
