// Package poll watches file descriptors for readiness: a level-triggered
// epoll poller with persistent registrations, a poll(2) poller behind the
// same interface, and New, which uses epoll and falls back to poll(2) for
// the descriptors epoll refuses (regular files).
//
// Each poller keeps a table of the interest last registered per
// descriptor, so the kernel hears about a descriptor only when its
// interest changes. A Poller is used by one goroutine; only Wake may be
// called from others.
package poll

import (
	"errors"
	"time"

	"golang.org/x/sys/unix"
)

// Events is a set of readiness conditions.
type Events uint32

const (
	In   Events = 1 << iota // readable (or a listener has a connection)
	Out                     // writable
	Pri                     // urgent (out-of-band) data
	Hup                     // hang-up
	Err                     // error condition
	Nval                    // the descriptor is not open
)

// Event is one ready descriptor.
type Event struct {
	Fd     int
	Events Events
}

// Poller watches file descriptors.
type Poller interface {
	// Set makes interest the events watched on fd; the system is told
	// only when interest differs from what was last registered. Set(fd, 0)
	// stops watching fd: no hang-up or error is reported for it either.
	Set(fd int, interest Events) error
	// Interest returns what is registered for fd (0 if nothing).
	Interest(fd int) Events
	// Forget drops fd from the table and the kernel; call it before
	// closing fd. An unknown fd is ignored.
	Forget(fd int)
	// Wait blocks until an event, a Wake or the timeout (negative:
	// forever; 0: poll without blocking), appends the ready descriptors
	// to buf[:0] and returns it. A signal does not end the wait early
	// (EINTR is retried with the time left). Wake-ups are consumed, never
	// reported. Every few milliseconds it first gives the Go scheduler a
	// turn (see yielder), which a loop that never blocks in Go needs.
	Wait(timeout time.Duration, buf []Event) ([]Event, error)
	// Wake makes a concurrent or the next Wait return at once.
	Wake() error
	// Len is the number of descriptors with non-zero interest.
	Len() int
	// Close releases the poller.
	Close() error
}

// table is the interest last registered per descriptor.
type table struct {
	interest []Events
	n        int
}

func (t *table) get(fd int) Events {
	if fd < 0 || fd >= len(t.interest) {
		return 0
	}
	return t.interest[fd]
}

func (t *table) set(fd int, ev Events) {
	for fd >= len(t.interest) {
		t.interest = append(t.interest, make([]Events, len(t.interest)+64)...)
	}
	old := t.interest[fd]
	if old == 0 && ev != 0 {
		t.n++
	} else if old != 0 && ev == 0 {
		t.n--
	}
	t.interest[fd] = ev
}

// millis converts a timeout for epoll_wait and poll: rounded up, so that a
// wait never ends before its deadline.
func millis(d time.Duration) int {
	if d < 0 {
		return -1
	}
	ms := (d + time.Millisecond - 1) / time.Millisecond
	if ms > 1<<30 {
		ms = 1 << 30
	}
	return int(ms)
}

// errTimedOut ends a wait whose time ran out while retrying EINTR.
var errTimedOut = errors.New("timed out")

// remaining is what is left of a wait interrupted by a signal; a
// negative timeout (forever) stays so.
func remaining(timeout time.Duration, deadline time.Time) (time.Duration, error) {
	if timeout < 0 {
		return timeout, nil
	}
	left := time.Until(deadline)
	if left <= 0 {
		return 0, errTimedOut
	}
	return left, nil
}

// Poll is poll(2) that goes on waiting, for the time left, after a
// signal, as Python's select module does since PEP 475 (a negative
// timeout waits for ever); the revents of pfds say what is ready, all
// zero when the time ran out.
func Poll(pfds []unix.PollFd, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		_, err := unix.Poll(pfds, millis(timeout))
		if err != unix.EINTR {
			return err
		}
		var terr error
		if timeout, terr = remaining(timeout, deadline); terr != nil {
			for i := range pfds {
				pfds[i].Revents = 0
			}
			return nil
		}
	}
}

// waker is an eventfd that interrupts a wait.
type waker struct{ fd int }

func newWaker() (waker, error) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	return waker{fd}, err
}

func (w waker) wake() error {
	var one = [8]byte{1}
	_, err := unix.Write(w.fd, one[:])
	if err == unix.EAGAIN {
		return nil // already pending
	}
	return err
}

func (w waker) drain() {
	var buf [8]byte
	unix.Read(w.fd, buf[:])
}

// New returns an epoll poller that watches what epoll refuses (regular
// files) with poll(2).
func New() (Poller, error) { return newEpoll(true) }
