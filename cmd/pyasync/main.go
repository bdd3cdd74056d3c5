// Command pyasync runs asyncore programs written in Starlark on a native
// event loop.
//
//	pyasync FILE.star [ARGS...]    run a script; sys.argv is [FILE.star, ARGS...]
//	pyasync -c 'CODE' [ARGS...]    run a string
//	pyasync - [ARGS...]            read the program from stdin (also when stdin is not a terminal)
//	pyasync -j N FILE.star [ARGS]  run N workers, one loop per core
//	pyasync                        the interactive prompt (stdin a terminal)
//	pyasync -i FILE.star [ARGS]    run a script, then the prompt with its globals
//	pyasync check FILE.star...     parse and resolve only
//	pyasync port FILE.py           translate an asyncore program to Starlark
//	pyasync port -o DIR MAIN.py    ... with the modules it imports, into DIR
//	pyasync version                print the version
//	pyasync -h                     print this help
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/interp"
	"github.com/pyasync/pyasync/runtime/batchmon" // the runtime's monitor quiet while the program starts
	"github.com/pyasync/pyasync/runtime/gcpace"
	_ "github.com/pyasync/pyasync/runtime/oneproc"    // one P from the start: see setProcs
	_ "github.com/pyasync/pyasync/runtime/prefault"   // the start-up's heap mapped at once
	_ "github.com/pyasync/pyasync/runtime/startstack" // a 16 KiB stack from the start
)

const usage = `usage: pyasync [FILE.star | -c CODE | -] [ARGS...]
       pyasync [-i FILE.star [ARGS...]]
       pyasync -j N FILE.star [ARGS...]
       pyasync check FILE.star...
       pyasync port [--python 2|3] FILE.py > FILE.star
       pyasync port [--python 2|3] -o DIR MAIN.py
       pyasync version

Runs an asyncore program written in Starlark on a native event loop.

  FILE.star        run a script; sys.argv is [FILE.star, ARGS...]
  -c CODE          run CODE; sys.argv is ["-c", ARGS...]
  -                read the program from stdin (also when stdin is not a terminal)
  (nothing)        the interactive prompt, when stdin is a terminal: the loop
                   keeps serving while it waits; history in ~/.pyasync_history
  -i FILE          run FILE, then open the prompt with its globals
  -j N FILE        run N workers, each an interpreter with its own loop on its
                   own OS thread, each running FILE; with N > 1 listening
                   sockets use SO_REUSEPORT so the kernel spreads connections;
                   sys.worker (0..N-1) and sys.workers tell a script where it runs;
                   on SIGHUP FILE is loaded again as new workers on the same
                   listening sockets, and the old ones finish their connections
  check FILE...    parse and resolve only; print file:line:col: message for the
                   first error of each file and exit 1 if any
  port FILE.py     translate a Python 2 or 3 asyncore program to Starlark on
                   stdout; what it cannot translate stays as a TODO(port)
                   comment, listed on stderr, and the status is then 1
                   (see PORTING.md); --python forces the dialect
  port -o DIR MAIN.py
                   translate the program MAIN.py and every module it imports
                   from its own tree into DIR, one .star file each at its
                   place in the tree; run it with pyasync DIR/MAIN.star
  version          print the version
  -h, --help       print this help

Exit status: 0 at a normal end, 1 on an uncaught error, n for sys.exit(n),
130 after Ctrl-C (SIGINT), 143 after SIGTERM, 138 and 140 after an
unhandled SIGUSR1 and SIGUSR2.
`

func main() {
	restoreEnvProcs()
	// collect garbage every 16 MB of allocation rather than every 4 MB
	// while little is alive (see runtime/gcpace, with the measurements
	// behind the figure); GOGC overrides it
	gcpace.Enable()
	// make the Go runtime take the descriptors its timers need (an epoll
	// instance and an eventfd, made at the first timer) now: made later,
	// by a script's time.sleep() or a collection after the script has
	// used up its descriptor limit, their failure is fatal to the runtime
	time.AfterFunc(time.Hour, func() {}).Stop()
	// the runtime's monitor thread back in the normal scheduling class
	// once the program has started (a short run ends before)
	time.AfterFunc(100*time.Millisecond, batchmon.Restore)
	// PYASYNC_CPUPROFILE=file writes a Go CPU profile of the whole run,
	// for looking at where the loop spends its time (go tool pprof).
	if path := os.Getenv("PYASYNC_CPUPROFILE"); path != "" {
		if f, err := os.Create(path); err == nil {
			pprof.StartCPUProfile(f)
			code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
			pprof.StopCPUProfile()
			f.Close()
			os.Exit(code)
		}
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		if isTerminal(os.Stdin) {
			return repl("", []string{""}, stderr)
		}
		args = []string{"-"}
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "version", "--version", "-V":
		fmt.Fprintf(stdout, "pyasync %s\n", interp.Version)
		return 0
	case "check":
		return check(args[1:], stderr)
	case "port":
		return portCmd(args[1:], stdin, stdout, stderr)
	case "-i":
		if len(args) < 2 {
			return repl("", []string{""}, stderr)
		}
		return repl(args[1], args[1:], stderr)
	case "-j":
		if len(args) < 3 {
			fmt.Fprintf(stderr, "pyasync: -j needs a number and a file\n%s", usage)
			return 2
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 || n > 1024 {
			fmt.Fprintf(stderr, "pyasync: -j %s: want a number of workers between 1 and 1024\n", args[1])
			return 2
		}
		src, err := os.ReadFile(args[2])
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: can't open file '%s': %v\n", args[2], unwrapPath(err))
			return 2
		}
		return workers(n, args[2], src, args[2:], stdout, stderr)
	case "-c":
		if len(args) < 2 {
			fmt.Fprintln(stderr, "pyasync: -c needs an argument (the program)")
			return 2
		}
		return execute("<string>", []byte(args[1]), append([]string{"-c"}, args[2:]...), stdout, stderr)
	case "-":
		src, err := io.ReadAll(stdin)
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: reading stdin: %v\n", err)
			return 1
		}
		return execute("<stdin>", src, append([]string{"-"}, args[1:]...), stdout, stderr)
	}
	if len(args[0]) > 1 && args[0][0] == '-' {
		fmt.Fprintf(stderr, "pyasync: unknown option %s\n%s", args[0], usage)
		return 2
	}
	src, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: can't open file '%s': %v\n", args[0], unwrapPath(err))
		return 2
	}
	return execute(args[0], src, args, stdout, stderr)
}

// execute runs one program to its end and returns the exit status.
func execute(name string, src []byte, argv []string, stdout, stderr io.Writer) int {
	setProcs(1, false)
	in, err := interp.New(interp.Config{Argv: argv, Stdout: stdout, Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	defer in.Close()
	stop := watchSignals(func(f func(*interp.Interp)) { f(in) })
	_, err = in.ExecFile(name, src)
	stop()
	code, msg := interp.Status(err)
	if code == 130 || code == 143 {
		in.CloseChannels()
	}
	fmt.Fprint(stderr, msg)
	return code
}

// check parses and resolves each file.
func check(files []string, stderr io.Writer) int {
	if len(files) == 0 {
		fmt.Fprintln(stderr, "pyasync check: no files given")
		return 2
	}
	in, err := checker()
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	defer in.Close()
	status := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", f, unwrapPath(err))
			status = 1
			continue
		}
		if err := in.Check(f, src); err != nil {
			fmt.Fprintln(stderr, err)
			status = 1
		}
	}
	return status
}

// checker is an interpreter used only to check files: nothing runs in it.
func checker() (*interp.Interp, error) {
	return interp.New(interp.Config{Stdout: io.Discard, Stderr: io.Discard})
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

func isTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
