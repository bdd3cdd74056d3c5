package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/interp"
	"github.com/pyasync/pyasync/port"
)

const portUsage = "usage: pyasync port [--python 2|3] FILE.py > FILE.star\n       pyasync port [--python 2|3] -o DIR MAIN.py"

// portCmd is "pyasync port [--python 2|3] FILE.py": the Starlark
// translation on stdout; each TODO, and any check failure of the result,
// on stderr. With -o DIR, the program MAIN.py and every module it
// imports from its own tree are translated into DIR, one .star file
// each at the place the .py file has in the tree. The status is 0 only
// for a full translation that checks, 1 when places are left, 2 for a
// bad command line or a file that cannot be read.
func portCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var opts port.Options
	out := ""
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		switch {
		case (args[0] == "--python" || args[0] == "-p") && len(args) > 1 && (args[1] == "2" || args[1] == "3"):
			opts.Python = int(args[1][0] - '0')
			args = args[2:]
		case args[0] == "-2" || args[0] == "-3":
			opts.Python = int(args[0][1] - '0')
			args = args[1:]
		case args[0] == "-o" && len(args) > 1:
			out = args[1]
			args = args[2:]
		default:
			fmt.Fprintf(stderr, "pyasync port: unknown option %s (want --python 2 or --python 3, or -o DIR)\n", args[0])
			return 2
		}
	}
	if len(args) != 1 || out != "" && args[0] == "-" {
		fmt.Fprintln(stderr, portUsage)
		return 2
	}
	in, err := checker()
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: %v\n", err)
		return 1
	}
	defer in.Close()
	opts.Modules = predeclaredModules(in)
	if out != "" {
		return portProgram(in, args[0], out, opts, stderr)
	}
	name := args[0]
	var src []byte
	if name == "-" {
		name = "<stdin>"
		src, err = io.ReadAll(stdin)
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: can't open file '%s': %v\n", name, unwrapPath(err))
		return 2
	}
	if why := port.NotPython(src); why != "" {
		fmt.Fprintf(stderr, "pyasync port: %s: %s\n", name, why)
		return 1
	}
	res, err := port.Translate(name, src, opts)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, res.Output)
	left := report(in, name, res, stderr)
	if left > 0 {
		fmt.Fprintf(stderr, "pyasync port: %d place(s) left for you in %s; see PORTING.md\n", left, name)
		return 1
	}
	return 0
}

// report prints a translation's warnings and TODOs and checks it; it
// returns the number of places left. A warning (a translation that may
// not keep the program's meaning) is said but not counted.
func report(in *interp.Interp, name string, res *port.Result, stderr io.Writer) int {
	for _, w := range res.Warnings {
		fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, w.Line, w.What)
	}
	for _, td := range res.TODOs {
		fmt.Fprintf(stderr, "%s:%d: TODO(port): %s\n", name, td.Line, td.What)
	}
	left := len(res.TODOs)
	if err := in.Check(name+" (translated)", []byte(res.Output)); err != nil {
		fmt.Fprintf(stderr, "pyasync port: the translation does not check: %v\n", err)
		left++ // that place too is the user's to fix
	}
	return left
}

// portProgram is "pyasync port -o DIR MAIN.py".
func portProgram(in *interp.Interp, main, dir string, opts port.Options, stderr io.Writer) int {
	prog, err := port.TranslateProgram(main, opts)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: can't open file '%s': %v\n", main, unwrapPath(err))
		return 2
	}
	left, failed, written := 0, 0, 0
	var mainTarget string
	for _, f := range prog.Files {
		if f.Problem != "" {
			if f.Result == nil && !strings.HasPrefix(f.Problem, "a copy of") {
				fmt.Fprintf(stderr, "pyasync port: %s: %s\n", f.Source, f.Problem)
				failed++
			} else {
				fmt.Fprintf(stderr, "%s: warning: %s\n", f.Source, f.Problem)
			}
		}
		if f.Result == nil || f.Target == "" {
			continue
		}
		path := filepath.Join(dir, f.Target)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
			err = os.WriteFile(path, []byte(f.Result.Output), 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "pyasync port: %v\n", err)
			return 1
		}
		written++
		if f.Module == "__main__" {
			mainTarget = path
		}
		if n := report(in, f.Source, f.Result, stderr); n > 0 {
			left += n
		}
	}
	for _, c := range prog.Cycles {
		fmt.Fprintf(stderr, "pyasync port: warning: import cycle %s: each module sees the others' names assigned so far while it starts, as in Python (see PORTING.md)\n", strings.Join(c, " -> "))
	}
	fmt.Fprintf(stderr, "pyasync port: wrote %d file(s) under %s", written, dir)
	if mainTarget != "" {
		fmt.Fprintf(stderr, "; run: pyasync %s", mainTarget)
	}
	fmt.Fprintln(stderr)
	switch {
	case failed > 0 && left > 0:
		fmt.Fprintf(stderr, "pyasync port: %d file(s) not translated, %d place(s) left for you; see PORTING.md\n", failed, left)
	case failed > 0:
		fmt.Fprintf(stderr, "pyasync port: %d file(s) not translated; see PORTING.md\n", failed)
	case left > 0:
		fmt.Fprintf(stderr, "pyasync port: %d place(s) left for you; see PORTING.md\n", left)
	default:
		return 0
	}
	return 1
}

// predeclaredModules lists the modules every script starts with and
// their members, for the translator: it keeps an import of one of these
// and leaves any other for a person.
func predeclaredModules(in *interp.Interp) port.Modules {
	ms := port.Modules{}
	var add func(name string, v starlark.Value, depth int)
	add = func(name string, v starlark.Value, depth int) {
		ha, ok := v.(starlark.HasAttrs)
		if !ok || v.Type() != "module" {
			return
		}
		names := map[string]bool{}
		for _, a := range ha.AttrNames() {
			names[a] = true
			if sub, err := ha.Attr(a); err == nil && sub != nil && depth < 3 {
				add(name+"."+a, sub, depth+1)
			}
		}
		ms[name] = names
	}
	for k, v := range in.Predeclared {
		add(k, v, 0)
	}
	return ms
}
