// Package handover keeps the listening sockets of a process whose
// workers are replaced by a new generation on a restart (pyasync -j N
// and SIGHUP), so that the new generation goes on accepting on the very
// sockets the old one listened on: no connection the kernel has queued
// is lost when the old generation stops.
//
// A Table holds, by address, a duplicate of each listening descriptor
// the generations made, for as long as a socket of some generation uses
// it. When a socket of generation g binds an address the table holds a
// descriptor for that g has not taken yet, Adopt makes the socket's own
// descriptor a duplicate of it (dup3): the socket is then the same kernel
// socket, with the same accept queue, already bound and listening. Each
// socket that listens through the table holds a Ref and releases it when
// it closes; the table closes its duplicate when the last is released,
// so a socket every generation closed (a worker that failed, a listener
// the script closed) stops taking connections as it would without the
// table. Commit(g), once generation g is up, makes the descriptors g did
// not take unavailable to later generations (the old generation's, about
// to close); Abort(g), when g failed to start, gives back the ones it
// took.
//
// In ReusePort mode nothing is adopted: the new generation binds new
// sockets beside the old with SO_REUSEPORT, and the connections queued
// on an old socket when it closes are reset by the kernel. It is there to
// measure that difference (README.md, "Restarts").
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
// latest generation that listens on it and the one before (0: none), and
// how many sockets hold it.
type entry struct {
	fd          int
	owner, prev int
	refs        int
	retired     bool // no later generation may take it
}

// Ref is a socket's hold on a table entry.
type Ref struct {
	t *Table
	e *entry
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
// It returns the socket's hold on it, or nil when it adopted nothing; fd
// then listens already.
func (g *Generation) Adopt(addr string, fd int) (*Ref, error) {
	if g == nil || g.t.mode != Descriptors {
		return nil, nil
	}
	t := g.t
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.byAddr[addr] {
		if e.owner >= g.n || e.retired {
			continue
		}
		if err := unix.Dup3(e.fd, fd, unix.O_CLOEXEC); err != nil {
			return nil, err
		}
		e.prev, e.owner = e.owner, g.n
		e.refs++
		return &Ref{t, e}, nil
	}
	return nil, nil
}

// Listening records that fd, a socket of this generation bound to addr
// and not adopted, now listens: the table keeps a duplicate of it for
// the generations to come, while the socket's hold lasts.
func (g *Generation) Listening(addr string, fd int) (*Ref, error) {
	if g == nil || g.t.mode != Descriptors {
		return nil, nil
	}
	dup, err := unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	t := g.t
	t.mu.Lock()
	defer t.mu.Unlock()
	e := &entry{fd: dup, owner: g.n, refs: 1}
	t.byAddr[addr] = append(t.byAddr[addr], e)
	return &Ref{t, e}, nil
}

// Release ends a socket's hold (it closed); the table's descriptor is
// closed with the last. Releasing twice is harmless.
func (r *Ref) Release() {
	if r == nil || r.e == nil {
		return
	}
	t, e := r.t, r.e
	r.e = nil
	t.mu.Lock()
	defer t.mu.Unlock()
	e.refs--
	if e.refs <= 0 {
		t.drop(e)
	}
}

// drop closes e and forgets it; t is locked.
func (t *Table) drop(e *entry) {
	for addr, es := range t.byAddr {
		for i, x := range es {
			if x != e {
				continue
			}
			unix.Close(e.fd)
			es = append(es[:i], es[i+1:]...)
			if len(es) == 0 {
				delete(t.byAddr, addr)
			} else {
				t.byAddr[addr] = es
			}
			return
		}
	}
}

// Commit makes the descriptors that generation g, now serving, did not
// take unavailable to later generations: their sockets are closing.
func (t *Table) Commit(g *Generation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, es := range t.byAddr {
		for _, e := range es {
			if e.owner < g.n {
				e.retired = true
			}
		}
	}
}

// Abort undoes what generation g, which failed to start, did: the
// descriptors it made become unavailable (its sockets are closing), the
// ones it took go back to the generation before.
func (t *Table) Abort(g *Generation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, es := range t.byAddr {
		for _, e := range es {
			switch {
			case e.owner != g.n:
			case e.prev == 0:
				e.retired = true
			default:
				e.owner, e.prev = e.prev, 0
			}
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
