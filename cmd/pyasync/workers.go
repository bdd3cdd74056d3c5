package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	"github.com/pyasync/pyasync/bindings/asyncore"
	"github.com/pyasync/pyasync/bindings/pyerr"
	pysocket "github.com/pyasync/pyasync/bindings/socket"
	"github.com/pyasync/pyasync/interp"
	"github.com/pyasync/pyasync/runtime/handover"
)

// workers runs n independent interpreters, each with its own loop on its
// own OS thread, each running the script. One worker's failure is
// reported (prefixed "worker N:") and its channels closed, so that the
// kernel stops sending it connections; the others go on. The exit status
// is the highest of the workers'.
//
// SIGHUP restarts without loss: the file is read again and run as a new
// generation of n workers (generation.go), whose listening sockets are
// the old generation's own (runtime/handover: a bind to an address the
// old generation listens on takes over its socket, accept queue and
// all). Once every new worker is up (its script called asyncore.loop()),
// the old generation retires: it stops accepting, finishes its open
// channels and ends (bindings/asyncore/retire.go). A script that fails
// to load or start says why on stderr and is stopped; the old generation
// goes on serving. PYASYNC_HANDOVER=reuseport makes the new generation
// bind new sockets beside the old instead (SO_REUSEPORT), to compare.
func workers(n int, name string, src []byte, argv []string, stdout, stderr io.Writer) int {
	setProcs(n, false)
	mode := handover.Descriptors
	if os.Getenv("PYASYNC_HANDOVER") == "reuseport" {
		mode = handover.ReusePort
	}
	if n > 1 || mode == handover.ReusePort {
		pysocket.ReusePort.Store(true)
	}
	table := handover.NewTable(mode)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	cur, err := startGeneration(1, n, table, name, src, argv, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: %v\n", err)
		return 1
	}
	var mu sync.Mutex
	live := []*generation{cur} // the current one and those retiring
	each := func(f func(*interp.Interp)) {
		mu.Lock()
		defer mu.Unlock()
		for _, g := range live {
			g.each(f)
		}
	}
	stop := watchSignals(each)
	defer stop()
	for {
		select {
		case <-hup:
			add := func(g *generation) {
				mu.Lock()
				live = append(live, g)
				mu.Unlock()
			}
			next := restart(cur, table, n, name, argv, stdout, stderr, add)
			if next == nil {
				continue
			}
			cur.retire()
			cur = next
		case <-cur.done:
			for _, g := range live {
				<-g.done
			}
			return cur.status()
		}
	}
}

// restart starts the generation after cur from the file on disk (add
// makes it one of the live ones, which signals reach), and returns it
// once it is up; nil, having said why, when it could not be.
func restart(cur *generation, table *handover.Table, n int, name string, argv []string, stdout, stderr io.Writer, add func(*generation)) *generation {
	src, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: restart: can't open file '%s': %v; generation %d goes on\n", name, unwrapPath(err), cur.num)
		return nil
	}
	next, err := startGeneration(cur.num+1, n, table, name, src, argv, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "pyasync: restart: %v; generation %d goes on\n", err, cur.num)
		return nil
	}
	add(next)
	if !next.up() {
		next.stop()
		table.Abort(next.gen)
		fmt.Fprintf(stderr, "pyasync: restart: %s failed to start (above); generation %d goes on\n", name, cur.num)
		return nil
	}
	table.Commit(next.gen)
	fmt.Fprintf(stderr, "pyasync: restart: generation %d of %s up; generation %d finishes its connections\n", next.num, name, cur.num)
	return next
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
// interpreter (each calls f for each one open) whose script does not
// handle the signal itself (asyncore.on_signal); a second unhandled
// signal ends the process at once. SIGUSR1 or SIGUSR2 that no script
// handles ends the process at once, with status 128 + the signal's
// number, as Python's default does.
//
// stop ends the watch when the program is over and the process about to
// exit: the signals stay registered until it does (one arriving then is
// dropped), since signal.Stop would hand each of the four back to the
// runtime's signal thread, a round trip between two threads apiece.
func watchSignals(each func(f func(*interp.Interp))) (stop func()) {
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, asyncore.ProcessSignals...)
	done := make(chan struct{})
	go func() {
		count := 0
		for {
			select {
			case s := <-ch:
				if s == syscall.SIGUSR1 || s == syscall.SIGUSR2 {
					handles := false
					each(func(in *interp.Interp) { handles = handles || in.Asyncore.HandlesSignal(s) })
					if !handles {
						os.Exit(128 + int(s.(syscall.Signal)))
					}
					continue
				}
				code, reason := 130, pyerr.KeyboardInterrupt
				if s == syscall.SIGTERM {
					code, reason = 143, pyerr.Terminated
				}
				handled := 0
				each(func(in *interp.Interp) {
					if in.Asyncore.HandlesSignal(s) {
						handled++
						return
					}
					in.Interrupt(reason)
				})
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
	return func() { close(done) }
}
