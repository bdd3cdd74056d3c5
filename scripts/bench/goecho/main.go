// Command goecho is the benchmark's floor: a plain Go, single-threaded,
// level-triggered epoll echo server with a reused buffer (64 KiB, or the
// size given after the port) and no interpreter. What the kernel does not
// take at once waits, and the connection is not read again until it is
// sent. It prints "listening on 127.0.0.1:PORT". It runs the Go runtime
// as pyasync's loop does, and makes the same system calls (see below).
//
//	goecho PORT [READ_SIZE]
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

func main() {
	// as pyasync runs one loop: one P (a spare one would make the
	// scheduler move the loop to another thread at every Gosched)
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(1)
	}
	port := 0
	if len(os.Args) > 1 {
		port, _ = strconv.Atoi(os.Args[1])
	}
	lfd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		panic(err)
	}
	unix.SetsockoptInt(lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	if err := unix.Bind(lfd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		panic(err)
	}
	unix.Listen(lfd, 4096)
	sa, _ := unix.Getsockname(lfd)
	fmt.Printf("listening on 127.0.0.1:%d\n", sa.(*unix.SockaddrInet4).Port)
	epfd, _ := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, lfd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(lfd)})
	events := make([]unix.EpollEvent, 1024)
	size := 65536
	if len(os.Args) > 2 {
		if n, err := strconv.Atoi(os.Args[2]); err == nil && n > 0 {
			size = n
		}
	}
	buf := make([]byte, size)
	// pending[fd]: what the kernel did not take yet; while it is not
	// empty the connection is watched for writing only (back-pressure)
	var pending [][]byte
	watch := func(fd int, ev uint32) {
		unix.EpollCtl(epfd, unix.EPOLL_CTL_MOD, fd, &unix.EpollEvent{Events: ev, Fd: int32(fd)})
	}
	closeConn := func(fd int) {
		pending[fd] = pending[fd][:0]
		unix.Close(fd)
	}
	// as pyasync's loop does: a goroutine that never passes through the
	// scheduler is treated by the runtime's monitor as running too long
	// after 10 ms, loses its P in system calls and keeps the monitor
	// waking every 20 µs; a Gosched every 5 ms prevents it
	lastYield, waits := time.Now(), 0
	for {
		if waits++; waits%8 == 0 {
			if now := time.Now(); now.Sub(lastYield) >= 5*time.Millisecond {
				lastYield = now
				runtime.Gosched()
			}
		}
		// as pyasync's loop does: first a wait that cannot block, made
		// without telling the scheduler; then, if nothing was ready, one
		// that blocks
		n := epollNow(epfd, events)
		if n <= 0 {
			var err error
			if n, err = unix.EpollWait(epfd, events, -1); err == unix.EINTR {
				continue
			}
		}
		for i := 0; i < n; i++ {
			fd := int(events[i].Fd)
			if fd == lfd {
				for {
					c, _, err := unix.Accept4(lfd, unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC)
					if err != nil {
						break
					}
					for c >= len(pending) {
						pending = append(pending, nil)
					}
					unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, c, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(c)})
				}
				continue
			}
			if p := pending[fd]; len(p) > 0 {
				k, err := sock.SendNow(fd, p, 0)
				if err != nil && !errors.Is(err, unix.EAGAIN) {
					closeConn(fd)
					continue
				}
				if k > 0 {
					pending[fd] = p[:copy(p, p[k:])]
				}
				if len(pending[fd]) == 0 {
					watch(fd, unix.EPOLLIN)
				}
				continue
			}
			k, err := sock.RecvNow(fd, buf, 0)
			if k <= 0 || err != nil {
				if !errors.Is(err, unix.EAGAIN) {
					closeConn(fd)
				}
				continue
			}
			w, err := sock.SendNow(fd, buf[:k], 0)
			if err != nil && !errors.Is(err, unix.EAGAIN) {
				closeConn(fd)
				continue
			}
			if w < 0 {
				w = 0
			}
			if w < k {
				pending[fd] = append(pending[fd][:0], buf[w:k]...)
				watch(fd, unix.EPOLLOUT)
			}
		}
	}
}

// epollNow is a wait that cannot block, made raw as pyasync's loop makes
// it (the kernel returns at once, so the Go scheduler need not hear of it).
// Reads and writes go through pyasync's own sock.RecvNow and SendNow.
func epollNow(epfd int, events []unix.EpollEvent) int {
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if e != 0 {
		return -1
	}
	return int(n)
}
