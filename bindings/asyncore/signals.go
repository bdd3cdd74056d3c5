package asyncore

import (
	"fmt"
	"os"
	"os/signal"
	"slices"
	"sync/atomic"
	"syscall"

	"go.starlark.net/starlark"

	"github.com/pyasync/pyasync/bindings/pyerr"
)

// Signals, an extension of asyncore (SPEC section 4):
//
//	asyncore.on_signal(signum, fn)   run fn(signum) inside the loop when
//	                                 the signal arrives; fn None removes it
//
// The signal is caught by a goroutine that marks it pending and wakes the
// poller; the loop runs the handler between passes, on its own thread,
// like any other callback. Without a handler, SIGINT and SIGTERM keep
// their default behaviour (the program stops, exit 130 or 143).

// ProcessSignals are the signals the pyasync command watches for the
// whole process while a script runs: SIGINT and SIGTERM interrupt the
// scripts that do not handle them; SIGUSR1 and SIGUSR2 end the process,
// as their default action does under Python (the Go runtime would ignore
// them). on_signal(signum, None) leaves them watched.
var ProcessSignals = []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGUSR2}

// signals is the signal state of one Module.
type signals struct {
	handlers map[int]starlark.Value
	handled  atomic.Uint64 // bit n: a script handles signal n (read by other goroutines)
	pending  atomic.Uint64 // bit n: signal n arrived and awaits its handler
	ch       chan os.Signal
}

// HandlesSignal reports whether the script set a handler for sig, so
// that the default Ctrl-C/SIGTERM behaviour must stand aside. Safe from
// any goroutine.
func (m *Module) HandlesSignal(sig os.Signal) bool {
	s, ok := sig.(syscall.Signal)
	return ok && s > 0 && s < 64 && m.sig.handled.Load()&(1<<uint(s)) != 0
}

func (m *Module) onSignal(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var signum int
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 2, &signum, &fn); err != nil {
		return nil, err
	}
	if signum <= 0 || signum >= 64 || signum == int(syscall.SIGKILL) || signum == int(syscall.SIGSTOP) {
		return nil, fmt.Errorf("on_signal: signal number %d cannot be handled", signum)
	}
	if _, ok := fn.(starlark.Callable); !ok && fn != starlark.None {
		return nil, fmt.Errorf("on_signal: for parameter fn: got %s, want callable or None", fn.Type())
	}
	s := &m.sig
	if s.ch == nil {
		s.ch = make(chan os.Signal, 16)
		s.handlers = map[int]starlark.Value{}
		go func(ch chan os.Signal) {
			for sig := range ch {
				if n, ok := sig.(syscall.Signal); ok {
					for {
						old := s.pending.Load()
						if s.pending.CompareAndSwap(old, old|1<<uint(n)) {
							break
						}
					}
					m.poller.Wake()
				}
			}
		}(s.ch)
	}
	bit := uint64(1) << uint(signum)
	if fn == starlark.None {
		delete(s.handlers, signum)
		for {
			old := s.handled.Load()
			if s.handled.CompareAndSwap(old, old&^bit) {
				break
			}
		}
		if !slices.Contains(ProcessSignals, os.Signal(syscall.Signal(signum))) {
			signal.Reset(syscall.Signal(signum))
		}
		return starlark.None, nil
	}
	s.handlers[signum] = fn
	for {
		old := s.handled.Load()
		if s.handled.CompareAndSwap(old, old|bit) {
			break
		}
	}
	signal.Notify(s.ch, syscall.Signal(signum))
	return starlark.None, nil
}

// runSignals calls the handlers of the signals that arrived.
func (m *Module) runSignals(th *starlark.Thread) error {
	s := &m.sig
	pending := s.pending.Swap(0)
	for n := 1; pending != 0 && n < 64; n++ {
		if pending&(1<<uint(n)) == 0 {
			continue
		}
		pending &^= 1 << uint(n)
		fn, ok := s.handlers[n]
		if !ok {
			continue
		}
		if err := m.runSignalHandler(th, fn, n); err != nil {
			return err
		}
	}
	return nil
}

// runSignalHandler calls fn(signum); its error is reported, unless it
// must end the loop (SystemExit, an interrupt).
func (m *Module) runSignalHandler(th *starlark.Thread, fn starlark.Value, signum int) error {
	if _, err := starlark.Call(th, fn, starlark.Tuple{starlark.MakeInt(signum)}, nil); err != nil {
		if pyerr.Reraised(err) || m.interrupted.Load() != nil {
			return err
		}
		m.report(th, "signal handler "+callableName(fn), err)
	}
	return nil
}

// stopSignals releases the signal goroutine.
func (m *Module) stopSignals() {
	if m.sig.ch != nil {
		signal.Stop(m.sig.ch)
		close(m.sig.ch)
		m.sig.ch = nil
	}
}
