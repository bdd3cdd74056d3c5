package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/chzyer/readline"
	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/interp"
)

// The interactive prompt (SPEC section 7). The loop owns the goroutine:
// while the prompt waits, asyncore keeps serving every channel and timer;
// a reader goroutine edits lines with readline and hands each complete
// chunk over, waking the loop. Tab completion asks the loop goroutine
// too, so nothing touches the interpreter from another goroutine.

// stdinCounter counts the line ends that reached readline, so that a blank
// line inside a pasted block can be told from a blank line typed to end
// the block: while more lines are already waiting, the block goes on.
type stdinCounter struct {
	r     io.ReadCloser
	ends  atomic.Int64
	lastR bool
}

func (c *stdinCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for _, b := range p[:n] {
		if b == '\r' || b == '\n' && !c.lastR {
			c.ends.Add(1)
		}
		c.lastR = b == '\r'
	}
	return n, err
}

func (c *stdinCounter) Close() error { return c.r.Close() }

type completion struct {
	text  string
	reply chan []string
}

type completer struct {
	reqs chan completion
	wake func()
}

// Do completes the dotted name before the cursor; in leading whitespace
// it indents.
func (c *completer) Do(line []rune, pos int) ([][]rune, int) {
	text := string(line[:pos])
	if strings.TrimSpace(text) == "" {
		return [][]rune{[]rune("    ")}, 0
	}
	req := completion{text: text, reply: make(chan []string, 1)}
	c.reqs <- req
	c.wake()
	names := <-req.reply
	i := len(text)
	for i > 0 && (isIdentByte(text[i-1])) {
		i--
	}
	prefix := text[i:]
	out := make([][]rune, len(names))
	for k, n := range names {
		out[k] = []rune(n[len(prefix):])
	}
	return out, len([]rune(prefix))
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func historyFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".pyasync_history")
}

// repl runs the prompt; script, when given, runs first and its globals
// are the prompt's (pyasync -i).
func repl(script string, argv []string, stderr io.Writer) int {
	setProcs(1, true)
	counter := &stdinCounter{r: readline.NewCancelableStdin(os.Stdin)}
	comp := &completer{reqs: make(chan completion, 1)}
	rl, err := readline.NewEx(&readline.Config{
		Prompt:            ">>> ",
		HistoryFile:       historyFile(),
		HistorySearchFold: true,
		AutoComplete:      comp,
		InterruptPrompt:   "^C",
		EOFPrompt:         "",
		Stdin:             counter,
	})
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	defer rl.Close()
	// readline's Close waits for its terminal reader, which may be blocked
	// reading stdin (a prompt was waiting, or a line typed ahead left it a
	// read request), and does not close the stdin it was given: closing it
	// first (deferred calls run last-in first-out) ends that read.
	defer counter.Close()
	out, errOut := rl.Stdout(), rl.Stderr()
	in, err := interp.New(interp.Config{Argv: argv, Stdout: out, Stderr: errOut})
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	defer in.Close()
	comp.wake = in.Asyncore.Wake
	terminated, stop := replSignals(in)
	defer stop()

	var globals starlark.StringDict
	if script != "" {
		src, err := os.ReadFile(script)
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: can't open file '%s': %v\n", script, unwrapPath(err))
			return 2
		}
		globals, err = in.ExecFile(script, src)
		if err != nil {
			code, msg := interp.Status(err)
			fmt.Fprint(errOut, msg)
			if code != 1 && code != 130 {
				in.CloseChannels()
				return code
			}
		}
	} else {
		fmt.Fprintf(out, "pyasync %s: asyncore on a native loop. Type help() for help; exit() or Ctrl-D leaves.\n", interp.Version)
	}
	sess := in.NewSession(globals)

	chunks := make(chan string, 1)
	eof := make(chan struct{})
	next := make(chan struct{})
	returned := int64(0)
	go func() { // the reader: one chunk per request on next
		carry := "" // a line read ahead that starts the next chunk
		haveCarry := false
		for range next {
			var lines []string
			rl.SetPrompt(">>> ")
			for {
				var line string
				var err error
				if haveCarry {
					line, haveCarry = carry, false
				} else {
					line, err = rl.Readline()
					if err == nil {
						returned++
					}
				}
				if err == readline.ErrInterrupt {
					if len(lines) == 0 && line == "" {
						fmt.Fprintln(out, "KeyboardInterrupt")
					}
					lines = nil
					rl.SetPrompt(">>> ")
					continue
				}
				if err != nil { // io.EOF: Ctrl-D
					close(eof)
					in.Asyncore.Wake()
					return
				}
				if len(lines) == 0 && strings.TrimSpace(line) == "" {
					continue
				}
				if strings.TrimSpace(line) == "" && len(lines) > 0 && counter.ends.Load() > returned {
					// a blank line while more lines are already waiting: a
					// paste. The block goes on if the next line is indented.
					nextLine, err := rl.Readline()
					if err == nil {
						returned++
						if strings.HasPrefix(nextLine, " ") || strings.HasPrefix(nextLine, "\t") {
							lines = append(lines, line, nextLine)
							rl.SetPrompt("... ")
							continue
						}
						carry, haveCarry = nextLine, true
					}
				}
				lines = append(lines, line)
				src := strings.Join(lines, "\n") + "\n"
				if interp.Incomplete(src) {
					rl.SetPrompt("... ")
					continue
				}
				chunks <- src
				in.Asyncore.Wake()
				break
			}
		}
	}()

	for {
		// Reset forgets the interrupt that ended the last statement; a
		// SIGTERM that came after that statement's end (while its result
		// was printed) is forgotten with it, and so is looked for here
		in.Reset()
		if terminated.Load() {
			fmt.Fprint(errOut, "Terminated\n")
			in.CloseChannels()
			return 143
		}
		next <- struct{}{}
		var src string
		done := false
		err := sess.Serve(func() bool {
			for {
				select {
				case src = <-chunks:
					return true
				case <-eof:
					done = true
					return true
				case req := <-comp.reqs:
					req.reply <- sess.Complete(req.text)
					continue
				default:
					return false
				}
			}
		})
		if err != nil {
			// a signal while serving: SIGTERM ends the prompt
			code, msg := interp.Status(err)
			fmt.Fprint(errOut, msg)
			if code == 143 {
				in.CloseChannels()
				return code
			}
			if src == "" && !done {
				// Ctrl-C while idle: wait for the line being typed
				for src == "" && !done {
					select {
					case src = <-chunks:
					case <-eof:
						done = true
					}
				}
			}
		}
		if done {
			fmt.Fprintln(out)
			in.CloseChannels()
			return 0
		}
		result, err := sess.Eval(src)
		if err != nil {
			code, _ := interp.Status(err)
			if code != 1 && code != 130 {
				in.CloseChannels()
				return code // sys.exit(n), SIGTERM
			}
			fmt.Fprintln(errOut, interp.Report(err))
			continue
		}
		if result != "" {
			fmt.Fprintln(out, result)
		}
	}
}

// replSignals: Ctrl-C (SIGINT) interrupts what runs — a loop() typed at
// the prompt, a busy statement — and the prompt comes back with every
// channel open; SIGTERM ends the session, and terminated says it came.
func replSignals(in *interp.Interp) (terminated *atomic.Bool, stop func()) {
	terminated = new(atomic.Bool)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-ch:
				if in.Asyncore.HandlesSignal(s) {
					continue
				}
				reason := pyerr.KeyboardInterrupt
				if s == syscall.SIGTERM {
					reason = pyerr.Terminated
					terminated.Store(true)
				}
				in.Interrupt(reason)
			case <-done:
				return
			}
		}
	}()
	return terminated, func() { signal.Stop(ch); close(done) }
}
