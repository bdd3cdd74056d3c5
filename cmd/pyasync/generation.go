package main

import (
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/pyasync/pyasync/bindings/pyerr"
	"github.com/pyasync/pyasync/interp"
	"github.com/pyasync/pyasync/runtime/handover"
)

// A generation is the N workers of pyasync -j N that run one load of the
// script: each an interpreter with its own loop on its own OS thread. A
// restart (SIGHUP, workers.go) starts the next generation from the file
// on disk; the old one retires once the new one is up.
type generation struct {
	num  int
	gen  *handover.Generation
	ins  []*interp.Interp
	code []int // each worker's exit status, once it ended

	events chan workerEvent // every worker's serving and ending, in order
	done   chan struct{}    // closed when every worker ended

	// quiet: a generation that failed to start and is being stopped
	// says nothing more on stderr (what failed was said)
	mu    sync.Mutex
	quiet bool
	ended []bool
}

// workerEvent is a worker of a generation becoming up (its script called
// asyncore.loop()) or ending.
type workerEvent struct {
	worker int
	ended  bool
	code   int
}

// startGeneration makes generation num's n interpreters and runs the
// script in each, on its own locked OS thread. Messages of a worker that
// ends (a traceback) go to stderr, prefixed "worker N: " when n > 1.
func startGeneration(num, n int, table *handover.Table, name string, src []byte, argv []string, stdout, stderr io.Writer) (*generation, error) {
	g := &generation{
		num:    num,
		gen:    table.Generation(num),
		ins:    make([]*interp.Interp, n),
		code:   make([]int, n),
		events: make(chan workerEvent, 2*n),
		done:   make(chan struct{}),
		ended:  make([]bool, n),
	}
	for i := range g.ins {
		i := i
		in, err := interp.New(interp.Config{
			Argv: argv, Stdout: stdout, Stderr: stderr, Worker: i, Workers: n,
			Generation: g.gen,
			Serving:    func() { g.events <- workerEvent{worker: i} },
		})
		if err != nil {
			for _, in := range g.ins[:i] {
				in.Close()
			}
			return nil, fmt.Errorf("worker %d: %v", i, err)
		}
		g.ins[i] = in
	}
	var wg sync.WaitGroup
	for i, in := range g.ins {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			_, err := in.ExecFile(name, src)
			code, msg := interp.Status(err)
			if code != 0 {
				in.CloseChannels()
			}
			g.mu.Lock()
			if msg != "" && !g.quiet {
				if n > 1 {
					msg = prefixLines(fmt.Sprintf("worker %d: ", i), msg)
				}
				io.WriteString(stderr, msg)
			}
			g.code[i] = code
			g.ended[i] = true
			in.Close()
			g.mu.Unlock()
			g.events <- workerEvent{worker: i, ended: true, code: code}
		}()
	}
	go func() { wg.Wait(); close(g.done) }()
	return g, nil
}

// each calls f for every worker whose interpreter is still open, with
// the generation locked: f may interrupt it, never wait for it.
func (g *generation) each(f func(*interp.Interp)) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, in := range g.ins {
		if !g.ended[i] {
			f(in)
		}
	}
}

// status is the generation's exit status: the highest of its workers'.
func (g *generation) status() int {
	status := 0
	for _, c := range g.code {
		status = max(status, c)
	}
	return status
}

// up waits until every worker of g is up, and reports whether they all
// are: false as soon as one ended with an error before.
func (g *generation) up() bool {
	up := make([]bool, len(g.ins))
	for n := 0; n < len(g.ins); {
		ev := <-g.events
		if ev.ended && ev.code != 0 {
			return false
		}
		if !up[ev.worker] {
			up[ev.worker] = true // a script that ended at once without error counts as up
			n++
		}
	}
	return true
}

// stop ends a generation that failed to start: its other workers are
// interrupted, silently, and waited for.
func (g *generation) stop() {
	g.mu.Lock()
	g.quiet = true
	g.mu.Unlock()
	g.each(func(in *interp.Interp) { in.Interrupt(pyerr.Terminated) })
	<-g.done
}

// retire asks every worker of g to stop accepting and finish its open
// channels (asyncore's Retire).
func (g *generation) retire() {
	g.each(func(in *interp.Interp) { in.Asyncore.Retire() })
}
