package poll

import (
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"
)

// noPwait2 is set once the kernel has answered ENOSYS to epoll_pwait2
// (Linux < 5.11).
var noPwait2 atomic.Bool

// epollWait waits with a nanosecond timeout where the kernel offers
// epoll_pwait2, so that a timer is not woken up to a millisecond late;
// elsewhere it falls back to epoll_wait's milliseconds, rounded up.
func epollWait(epfd int, events []unix.EpollEvent, timeout time.Duration) (int, error) {
	if timeout <= 0 || noPwait2.Load() {
		return unix.EpollWait(epfd, events, millis(timeout))
	}
	ts := unix.NsecToTimespec(int64(timeout))
	n, _, e := unix.Syscall6(unix.SYS_EPOLL_PWAIT2, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])),
		uintptr(len(events)), uintptr(unsafe.Pointer(&ts)), 0, 0)
	if e == unix.ENOSYS {
		noPwait2.Store(true)
		return unix.EpollWait(epfd, events, millis(timeout))
	}
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// epollPoll is epoll_wait with a zero timeout, made as a raw system call:
// it never blocks, so the scheduler need not know. It returns the number
// of events, 0 on any error.
func epollPoll(epfd int, events []unix.EpollEvent) int {
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if e != 0 {
		return 0
	}
	return int(n)
}
