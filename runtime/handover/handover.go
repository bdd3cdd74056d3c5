// Package handover keeps the listening sockets of a process whose
// workers are replaced by a new generation on a restart (pyasync -j N
// and SIGHUP), so that the new generation goes on accepting on the very
// sockets the old one listened on: no connection the kernel has queued
// is lost when the old generation stops.
//
// A Table holds, by address, a duplicate of each listening descriptor
// the generations made. When a socket of generation g binds an address
// the table holds a descriptor for that g has not taken yet, Adopt makes
// the socket's own descriptor a duplicate of it (dup3): the socket is
// then the same kernel socket, with the same accept queue, already bound
// and listening. Commit(g), once generation g is up, closes the table's
// descriptors that g did not take (addresses the new script no longer
// listens on: their sockets close when the old generation's do); Abort(g),
// when g failed to start, closes the ones g made and gives back the ones
// it took.
//
// In ReusePort mode nothing is adopted: the new generation binds new
// sockets beside the old with SO_REUSEPORT, and the connections queued
// on an old socket when it closes are reset by the kernel. It is there to
// measure that difference (examples/haproxy/README.md).
package handover

import (
	"sync"

	"golang.org/x/sys/unix"
)

// Mode is how a generation gets the listening sockets of the one before.
type Mode int

const (
	// Descriptors: the new generation adopts the old one's descriptors.
	Descriptors Mode = iota
	// ReusePort: the new generation binds beside the old (SO_REUSEPORT).
	ReusePort
)

// Table is the listening descriptors of a process's generations. It is
// safe for use by the workers of several generations at once.
type Table struct {
	mode   Mode
	mu     sync.Mutex
	byAddr map[string][]*entry
}

// entry is one listening socket: the table's descriptor for it, the
// latest generation that listens on it, and the one before (0: none).
type entry struct {
	fd          int
	owner, prev int
}

// NewTable makes an empty table.
func NewTable(mode Mode) *Table { return &Table{mode: mode, byAddr: map[string][]*entry{}} }

// Mode is the table's mode.
func (t *Table) Mode() Mode { return t.mode }

// Generation is one generation's view of a table. Generations are
// numbered from 1, each newer than the one before.
type Generation struct {
	t *Table
	n int
}

// Generation returns generation n's view of t.
func (t *Table) Generation(n int) *Generation { return &Generation{t: t, n: n} }

// Adopt makes fd, a socket about to bind addr (a key naming family,
// address and port), the listening socket an earlier generation made
// for addr, if the table holds one this generation has not taken yet.
// It reports whether it did; fd then listens already.
func (g *Generation) Adopt(addr string, fd int) (bool, error) {
	if g == nil || g.t.mode != Descriptors {
		return false, nil
	}
	t := g.t
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.byAddr[addr] {
		if e.owner >= g.n {
			continue
		}
		if err := unix.Dup3(e.fd, fd, unix.O_CLOEXEC); err != nil {
			return false, err
		}
		e.prev, e.owner = e.owner, g.n
		return true, nil
	}
	return false, nil
}

// Listening records that fd, a socket of this generation bound to addr
// and not adopted, now listens: the table keeps a duplicate of it for
// the generations to come.
func (g *Generation) Listening(addr string, fd int) error {
	if g == nil || g.t.mode != Descriptors {
		return nil
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return err
	}
	t := g.t
	t.mu.Lock()
	defer t.mu.Unlock()
	t.byAddr[addr] = append(t.byAddr[addr], &entry{fd: dup, owner: g.n})
	return nil
}

// Commit closes the table's descriptors that generation g, now serving,
// did not take.
func (t *Table) Commit(g *Generation) {
	t.keep(func(e *entry) bool { return e.owner >= g.n })
}

// Abort undoes what generation g, which failed to start, did: the
// descriptors it made are closed, the ones it took given back.
func (t *Table) Abort(g *Generation) {
	t.keep(func(e *entry) bool {
		if e.owner != g.n {
			return true
		}
		if e.prev == 0 {
			return false
		}
		e.owner, e.prev = e.prev, 0
		return true
	})
}

// keep closes and drops the entries for which ok is false.
func (t *Table) keep(ok func(*entry) bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for addr, es := range t.byAddr {
		kept := es[:0]
		for _, e := range es {
			if ok(e) {
				kept = append(kept, e)
			} else {
				unix.Close(e.fd)
			}
		}
		if len(kept) == 0 {
			delete(t.byAddr, addr)
		} else {
			t.byAddr[addr] = kept
		}
	}
}

// Len is how many listening descriptors the table holds.
func (t *Table) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for _, es := range t.byAddr {
		n += len(es)
	}
	return n
}
