package asyncore

import (
	"fmt"
	"time"

	"go.starlark.net/starlark"
)

// When accept() fails because the process is out of descriptors (EMFILE,
// ENFILE), CPython's asyncore lets the error reach handle_error, which
// closes the listening socket; a listener that ignored it would spin, as
// the pending connection keeps it readable. pyasync reports it once, stops
// watching that listener for acceptPause, and tries again, until a
// descriptor is free and accepting succeeds.

const acceptPause = 100 * time.Millisecond

type pausedListener struct {
	until    time.Time
	reported bool
}

func (m *Module) pauseAccepts(th *starlark.Thread, self starlark.Value, fd int, err error) {
	if m.paused == nil {
		m.paused = map[int]*pausedListener{}
		m.pauseNoted = map[starlark.Value]bool{}
	}
	if fd >= 0 {
		m.paused[fd] = &pausedListener{until: time.Now().Add(acceptPause)}
	}
	if !m.pauseNoted[self] {
		m.pauseNoted[self] = true
		fmt.Fprintf(m.cfg.Stderr, "error: accept on %s: %v; not accepting until descriptors are free\n", strOn(th, self), err)
	}
}

func (m *Module) resumeAccepts(th *starlark.Thread, self starlark.Value) {
	if m.pauseNoted[self] {
		delete(m.pauseNoted, self)
		fmt.Fprintf(m.cfg.Stderr, "info: accepting again on %s\n", strOn(th, self))
	}
}

// acceptPaused reports whether fd's listener is resting now.
func (m *Module) acceptPaused(fd int) bool {
	p, ok := m.paused[fd]
	if !ok {
		return false
	}
	if time.Until(p.until) <= 0 {
		delete(m.paused, fd)
		return false
	}
	return true
}

// untilRested shortens timeout so that the wait ends when the first
// resting listener may accept again.
func (m *Module) untilRested(timeout time.Duration) time.Duration {
	for _, p := range m.paused {
		left := max(time.Until(p.until), 0)
		if timeout < 0 || left < timeout {
			timeout = left
		}
	}
	return timeout
}
