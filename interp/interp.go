// Package interp is pyasync's interpreter: the Starlark dialect of SPEC
// section 1, the predeclared environment (asyncore, socket, subclass,
// sprintf...), load() relative to the loading file, running a file, and
// turning an uncaught error into a message and an exit status.
//
// One Interp owns one starlark.Thread and one asyncore loop; everything it
// runs runs on the goroutine that calls it. Only Interrupt may be called
// from elsewhere (a signal handler).
package interp

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/class"
	"github.com/pyasync/pyasync/bindings/exceptions"
	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/bindings/pyfile"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/runtime/handover"
)

// Version is pyasync's version.
const Version = "0.1.0"

// Config says where an interpreter's output goes and what sys shows.
type Config struct {
	Argv    []string  // sys.argv
	Stdin   io.Reader // sys.stdin (os.Stdin when nil)
	Stdout  io.Writer // print(), sys.stdout, log_info
	Stderr  io.Writer // sys.stderr, log(), error reports
	Worker  int       // sys.worker
	Workers int       // sys.workers (1 unless -j)
	// Generation, under pyasync -j, is the generation of workers the
	// interpreter belongs to: its listening sockets are handed over to
	// the next generation on a restart (runtime/handover).
	Generation *handover.Generation
	// Serving, if set, is called once, when the script first calls
	// asyncore.loop(): the worker is up.
	Serving func()
}

// Options is the dialect: Starlark with while, recursion, set, top-level
// control and global reassignment, so that ported Python reads naturally.
func Options() *syntax.FileOptions {
	return &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
}

// Interp is one interpreter with its own loop.
type Interp struct {
	cfg         Config
	Thread      *starlark.Thread
	Predeclared starlark.StringDict
	Asyncore    *asyncore.Module
	loaded      map[string]*loadEntry
	modules     map[string]*Module // import_module's, by dotted name (Python's sys.modules)
	main        *Module            // the program running, as "__main__"
	mainDir     string             // its folder: where modules are looked for first
}

type loadEntry struct {
	globals starlark.StringDict
	err     error
	done    bool
}

// New makes an interpreter.
func New(cfg Config) (*Interp, error) {
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	if cfg.Stdin == nil {
		cfg.Stdin = os.Stdin
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	in := &Interp{cfg: cfg, loaded: map[string]*loadEntry{}, modules: map[string]*Module{}}
	am, err := asyncore.New(asyncore.Config{Stdout: cfg.Stdout, Stderr: cfg.Stderr, Serving: cfg.Serving})
	if err != nil {
		return nil, err
	}
	in.Asyncore = am
	in.Predeclared = in.predeclared()
	in.Thread = in.newThread("main")
	return in, nil
}

func (in *Interp) newThread(name string) *starlark.Thread {
	th := &starlark.Thread{
		Name: name,
		Print: func(_ *starlark.Thread, msg string) {
			io.WriteString(in.cfg.Stdout, msg+"\n")
		},
		Load: in.load,
	}
	if in.cfg.Generation != nil {
		pysocket.SetGeneration(th, in.cfg.Generation)
	}
	return th
}

// Close releases the interpreter's loop and closes the files its scripts
// left open.
func (in *Interp) Close() error {
	pyfile.CloseAll(in.Thread)
	return in.Asyncore.Close()
}

// ExecFile runs a script as the program: its __name__ is "__main__",
// its __doc__ the string its first statement is, if any, and the modules
// it imports are looked for in its folder. Its globals
// are never frozen, so handlers may mutate module-level state for the
// life of the program.
func (in *Interp) ExecFile(filename string, src any) (starlark.StringDict, error) {
	f, prog, err := starlark.SourceProgramOptions(Options(), filename, src, in.Predeclared.Has)
	if err != nil {
		return nil, pythonHint(err, src)
	}
	env := in.Predeclared
	m := in.mainModule(in.Thread, filename)
	if doc, ok := docstring(f); ok {
		env = in.namedEnv("__main__")
		env["__doc__"], m.doc = doc, doc
	}
	globals, err := prog.InitFixed(in.Thread, env)
	m.thread, m.globals = nil, globals
	return globals, err
}

// Check parses and resolves a file without running it.
func (in *Interp) Check(filename string, src any) error {
	_, _, err := starlark.SourceProgramOptions(Options(), filename, src, in.Predeclared.Has)
	return pythonHint(err, src)
}

// load implements load("lib.star", "name"): the path is relative to the
// file that loads it, and each file is loaded once per interpreter. The
// file's __name__ is its name without ".star" ("lib").
func (in *Interp) load(th *starlark.Thread, module string) (starlark.StringDict, error) {
	path := module
	if !filepath.IsAbs(path) {
		from := ""
		if th.CallStackDepth() > 0 {
			from = th.CallFrame(0).Pos.Filename()
		}
		path = filepath.Join(filepath.Dir(from), module)
	}
	shown := path // the name positions in the file are shown with
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if e, ok := in.loaded[path]; ok {
		if !e.done {
			return nil, fmt.Errorf("cycle in load graph: %s loads itself", module)
		}
		return e.globals, e.err
	}
	e := &loadEntry{}
	in.loaded[path] = e
	src, err := os.ReadFile(path)
	if err != nil {
		e.err = fmt.Errorf("load: cannot read %s: %v", module, errors.Unwrap(err))
		if errors.Unwrap(err) == nil {
			e.err = fmt.Errorf("load: %v", err)
		}
	} else {
		lth := in.newThread("load " + module)
		class.SetOwner(lth, in.Thread) // its classes' special methods run on the interpreter's thread
		env := in.namedEnv(strings.TrimSuffix(filepath.Base(path), ".star"))
		_, prog, perr := starlark.SourceProgramOptions(Options(), shown, src, env.Has)
		perr = pythonHint(perr, src)
		if perr != nil {
			e.err = perr
		} else {
			e.globals, e.err = prog.InitFixed(lth, env)
			var ee *starlark.EvalError
			if errors.As(e.err, &ee) {
				e.err = &loadError{ee}
			}
		}
	}
	e.done = true
	return e.globals, e.err
}

// loadError is an error raised while a loaded file ran. The script that
// loads it reports it, at its load statement, as "cannot load FILE:"
// and this error, which names the place in FILE where it was raised
// (the innermost of its frames); it unwraps to the evaluation error, so
// that sys.exit() and the like keep their meaning.
type loadError struct{ err *starlark.EvalError }

func (e *loadError) Error() string {
	for i := range e.err.CallStack {
		if fr := e.err.CallStack.At(i); fr.Pos.Filename() != "<builtin>" {
			return fmt.Sprintf("%s: in %s: %s", fr.Pos, fr.Name, e.err.Msg)
		}
	}
	return e.err.Msg
}

func (e *loadError) Unwrap() error { return e.err }

// Interrupt stops whatever runs (a loop, a busy statement) with reason
// pyerr.KeyboardInterrupt or pyerr.Terminated. Safe from any goroutine.
func (in *Interp) Interrupt(reason string) {
	in.Thread.Cancel(reason)
	in.Asyncore.Interrupt(reason)
}

// Reset clears an earlier interrupt, so the thread can run again (the
// REPL does this before each statement).
func (in *Interp) Reset() {
	in.Thread.Uncancel()
	in.Asyncore.ClearInterrupt()
}

// CloseChannels closes every channel of asyncore.socket_map, errors
// ignored: what Ctrl-C and SIGTERM do before the program exits.
func (in *Interp) CloseChannels() {
	in.Reset()
	in.Asyncore.CloseAll(in.Thread, nil, true)
}

// Status turns the outcome of running a program into the exit status and
// the message to print on stderr ("" for none): 0 normal end, n for
// sys.exit(n), 130 for Ctrl-C, 143 for SIGTERM, 1 for an uncaught error.
func Status(err error) (int, string) {
	if err == nil {
		return 0, ""
	}
	var se *pyerr.SystemExit
	if errors.As(err, &se) {
		return se.Code, ""
	}
	if reason, ok := interrupted(err); ok {
		if reason == pyerr.Terminated {
			return 143, "Terminated\n"
		}
		return 130, "KeyboardInterrupt\n"
	}
	return 1, Traceback(err) + "\n"
}

// Traceback is how an uncaught error reads, as Python prints one: the
// Starlark frames, outermost first (a runaway recursion folded), then
// the exception's class and message, "ValueError: bad".
func Traceback(err error) string {
	typ, msg := exceptions.TypeAndMessage(err)
	last := typ
	if msg != "" {
		last += ": " + msg
	}
	stack := stackOf(err) // a loaded file's frames too
	if n := len(stack); n > 0 && stack[n-1].Pos.Filename() == "<builtin>" {
		stack = stack[:n-1] // the built-in that raised is not a frame
	}
	if len(stack) == 0 {
		return last
	}
	return pyerr.FoldBacktrace(stack.String()) + last
}

// interrupted reports whether err comes from a signal, and which.
func interrupted(err error) (string, bool) {
	var ie *pyerr.Interrupt
	if errors.As(err, &ie) {
		return ie.Reason, true
	}
	if pyerr.IsCancelled(err) {
		msg := err.Error()
		if containsWord(msg, pyerr.Terminated) {
			return pyerr.Terminated, true
		}
		return pyerr.KeyboardInterrupt, true
	}
	return "", false
}

func containsWord(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if s[i:i+len(w)] == w {
			return true
		}
	}
	return false
}
