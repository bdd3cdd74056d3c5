package socket

import (
	"errors"
	"runtime"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// A socket a script drops without close() is closed when the collector
// finds it unreachable, as CPython closes one when its last reference
// goes (there at once, here at the next collection): its descriptor is
// never leaked. A Socket that gives its descriptor up itself (close(),
// detach()) cancels that first, so that a number the kernel has reused
// is never closed behind the new owner's back; and the collector closes
// a number only while it still names the socket's file (device and
// inode), in case the script closed it under the socket's feet.

// dropped counts the descriptors closed for sockets scripts dropped.
var dropped atomic.Int64

// ownedFD is a descriptor a Socket owns, and the file it was opened on
// (device and inode).
type ownedFD struct {
	fd       int
	dev, ino uint64
}

// own makes s's descriptor closed when s becomes unreachable.
func own(s *Socket) *Socket {
	var st unix.Stat_t
	if err := unix.Fstat(int(s.fd), &st); err != nil {
		return s
	}
	s.owned = runtime.AddCleanup(s, closeDropped, ownedFD{int(s.fd), uint64(st.Dev), st.Ino})
	s.isOwned = true
	return s
}

// closeDropped closes the descriptor of a dropped socket if it still
// refers to that socket's file: one that a script closed under the
// socket's feet (os.close(s.fileno())) and the kernel gave to something
// else is left alone.
func closeDropped(o ownedFD) {
	var st unix.Stat_t
	if err := unix.Fstat(o.fd, &st); err != nil || uint64(st.Dev) != o.dev || st.Ino != o.ino {
		return
	}
	unix.Close(o.fd)
	dropped.Add(1)
}

// disown cancels own: s no longer holds its descriptor.
func (s *Socket) disown() {
	if s.isOwned {
		s.owned.Stop()
		s.isOwned = false
	}
}

// reclaimWait bounds how long a call that ran out of descriptors waits
// for the collector to close a dropped one before it reports EMFILE.
const reclaimWait = 25 * time.Millisecond

// withDescriptors runs create, which makes descriptors, and once more if
// it failed for want of them (EMFILE, ENFILE) and a collection closed
// some that scripts had dropped.
func withDescriptors(create func() error) error {
	err := create()
	if !errors.Is(err, unix.EMFILE) && !errors.Is(err, unix.ENFILE) {
		return err
	}
	before := dropped.Load()
	runtime.GC()
	// the collector queues the closes; they run on another goroutine,
	// which a busy machine may not schedule at once: wait for the first
	// close, up to reclaimWait when none comes (nothing was dropped)
	deadline := time.Now().Add(reclaimWait)
	for i := 0; dropped.Load() == before && time.Now().Before(deadline); i++ {
		if i < 10 {
			runtime.Gosched()
		} else {
			time.Sleep(200 * time.Microsecond)
		}
	}
	if dropped.Load() == before {
		return err
	}
	return create()
}
