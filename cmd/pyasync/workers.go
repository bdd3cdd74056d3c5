package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/pyerr"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/interp"
)

// workers runs n independent interpreters, each with its own loop on its
// own OS thread, each running the script. One worker's failure is
// reported (prefixed "worker N:") and its channels closed, so that the
// kernel stops sending it connections; the others go on. The exit status
// is the highest of the workers'.
func workers(n int, name string, src []byte, argv []string, stdout, stderr io.Writer) int {
	setProcs(n, false)
	if n > 1 {
		pysocket.ReusePort.Store(true)
	}
	ins := make([]*interp.Interp, n)
	for i := range ins {
		in, err := interp.New(interp.Config{Argv: argv, Stdout: stdout, Stderr: stderr, Worker: i, Workers: n})
		if err != nil {
			fmt.Fprintf(stderr, "pyasync: worker %d: %v\n", i, err)
			return 1
		}
		defer in.Close()
		ins[i] = in
	}
	stop := watchSignals(ins)
	defer stop()
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i, in := range ins {
		wg.Add(1)
		go func(i int, in *interp.Interp) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			_, err := in.ExecFile(name, src)
			code, msg := interp.Status(err)
			if code != 0 {
				in.CloseChannels()
			}
			if msg != "" {
				if n > 1 {
					msg = prefixLines(fmt.Sprintf("worker %d: ", i), msg)
				}
				io.WriteString(stderr, msg)
			}
			codes[i] = code
		}(i, in)
	}
	wg.Wait()
	status := 0
	for _, c := range codes {
		if c > status {
			status = c
		}
	}
	return status
}

func prefixLines(prefix, msg string) string {
	lines := strings.SplitAfter(msg, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(prefix + l)
		}
	}
	return b.String()
}

// watchSignals turns SIGINT and SIGTERM into an interrupt of every
// interpreter whose script does not handle the signal itself
// (asyncore.on_signal); a second unhandled signal ends the process at once.
// SIGUSR1 or SIGUSR2 that no script handles ends the process at once,
// with status 128 + the signal's number, as Python's default does.
func watchSignals(ins []*interp.Interp) (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, asyncore.ProcessSignals...)
	done := make(chan struct{})
	go func() {
		count := 0
		for {
			select {
			case s := <-ch:
				if s == syscall.SIGUSR1 || s == syscall.SIGUSR2 {
					if !slices.ContainsFunc(ins, func(in *interp.Interp) bool { return in.Asyncore.HandlesSignal(s) }) {
						os.Exit(128 + int(s.(syscall.Signal)))
					}
					continue
				}
				code, reason := 130, pyerr.KeyboardInterrupt
				if s == syscall.SIGTERM {
					code, reason = 143, pyerr.Terminated
				}
				handled := 0
				for _, in := range ins {
					if in.Asyncore.HandlesSignal(s) {
						handled++
						continue
					}
					in.Interrupt(reason)
				}
				if handled == 0 {
					count++
					if count > 1 {
						os.Exit(code)
					}
				}
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(ch); close(done) }
}
