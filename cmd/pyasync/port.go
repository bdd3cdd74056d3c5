package main

import (
	"fmt"
	"io"
	"os"

	"github.com/pyasync/pyasync/port"
)

// portCmd is "pyasync port [--python 2|3] FILE.py": the Starlark
// translation on stdout; each TODO, and any check failure of the result,
// on stderr. The status is 0 only for a full translation that checks.
func portCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var opts port.Options
	for len(args) > 0 && len(args[0]) > 1 && args[0][0] == '-' {
		switch {
		case (args[0] == "--python" || args[0] == "-p") && len(args) > 1 && (args[1] == "2" || args[1] == "3"):
			opts.Python = int(args[1][0] - '0')
			args = args[2:]
		case args[0] == "-2" || args[0] == "-3":
			opts.Python = int(args[0][1] - '0')
			args = args[1:]
		default:
			fmt.Fprintf(stderr, "pyasync port: unknown option %s (want --python 2 or --python 3)\n", args[0])
			return 2
		}
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: pyasync port [--python 2|3] FILE.py > FILE.star")
		return 2
	}
	name := args[0]
	var src []byte
	var err error
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
	res, err := port.Translate(name, src, opts)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, res.Output)
	status := 0
	for _, w := range res.Warnings {
		// a translation that may not keep the program's meaning: said,
		// but not counted against the exit status
		fmt.Fprintf(stderr, "%s:%d: warning: %s\n", name, w.Line, w.What)
	}
	for _, td := range res.TODOs {
		fmt.Fprintf(stderr, "%s:%d: TODO(port): %s\n", name, td.Line, td.What)
		status = 1
	}
	in, err := checker()
	if err != nil {
		fmt.Fprintf(stderr, "pyasync port: %v\n", err)
		return 1
	}
	defer in.Close()
	left := len(res.TODOs)
	if err := in.Check(name+" (translated)", []byte(res.Output)); err != nil {
		fmt.Fprintf(stderr, "pyasync port: the translation does not check: %v\n", err)
		status = 1
		left++ // that place too is the user's to fix
	}
	if status != 0 {
		fmt.Fprintf(stderr, "pyasync port: %d place(s) left for you in %s; see PORTING.md\n", left, name)
	}
	return status
}
