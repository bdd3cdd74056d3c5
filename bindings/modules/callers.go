package modules

import (
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
)

// Caller is one Starlark frame of a running thread, as Python's frame
// objects describe a place to logging and warnings.
type Caller struct {
	File     string // the script's path as the program named it
	Line     int
	Function string // "<module>" for a file's top level, as Python names it
	Module   string // "__main__" for the main script, else the file's base name without .star
}

// Callers returns the Starlark frames of th, innermost first. Built-in
// functions are not frames, as C functions are not in CPython, so the
// first Caller of a built-in is the script line that called it.
func Callers(th *starlark.Thread) []Caller {
	depth := th.CallStackDepth()
	if depth == 0 {
		return nil
	}
	main := ""
	if th.Name == "main" {
		main = th.CallFrame(depth - 1).Pos.Filename()
	}
	var out []Caller
	for i := 0; i < depth; i++ {
		fr := th.CallFrame(i)
		file := fr.Pos.Filename()
		if file == "<builtin>" || file == "" {
			continue
		}
		name := fr.Name
		if name == "<toplevel>" {
			name = "<module>"
		}
		module := "__main__"
		if file != main {
			module = strings.TrimSuffix(filepath.Base(file), ".star")
		}
		out = append(out, Caller{File: file, Line: int(fr.Pos.Line), Function: name, Module: module})
	}
	return out
}
