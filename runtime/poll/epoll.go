package poll

import (
	"time"

	"golang.org/x/sys/unix"
)

// epoller is a level-triggered epoll poller with persistent registration.
type epoller struct {
	epfd   int
	waker  waker
	table  table
	kernel []unix.EpollEvent // reused for every epoll_wait
	// fallback: fds epoll refused with EPERM, watched with poll(2)
	fallback bool
	files    []int
	pfds     []unix.PollFd
	ctls     int // epoll_ctl calls made, for tests
	yield    yielder
}

// NewEpoll returns an epoll poller.
func NewEpoll() (Poller, error) { return newEpoll(false) }

func newEpoll(fallback bool) (*epoller, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	w, err := newWaker()
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	p := &epoller{epfd: epfd, waker: w, kernel: make([]unix.EpollEvent, 256), fallback: fallback}
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(w.fd)}
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, w.fd, &ev); err != nil {
		p.Close()
		return nil, err
	}
	return p, nil
}

func toEpoll(ev Events) uint32 {
	var e uint32
	if ev&In != 0 {
		e |= unix.EPOLLIN
	}
	if ev&Out != 0 {
		e |= unix.EPOLLOUT
	}
	if ev&Pri != 0 {
		e |= unix.EPOLLPRI
	}
	return e
}

// fromEpoll converts what epoll reported for a descriptor, with one
// look at a table (it is done for every event).
func fromEpoll(e uint32) Events { return epollEvents[e&epollBits] }

// epollBits are the bits of an epoll event that fromEpoll converts: the
// five below 32.
const epollBits = unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLPRI | unix.EPOLLHUP | unix.EPOLLERR

// epollEvents is fromEpoll's table: the Events of each combination of
// epollBits.
var epollEvents = func() (t [epollBits + 1]Events) {
	for e := range uint32(len(t)) {
		var ev Events
		if e&unix.EPOLLIN != 0 {
			ev |= In
		}
		if e&unix.EPOLLOUT != 0 {
			ev |= Out
		}
		if e&unix.EPOLLPRI != 0 {
			ev |= Pri
		}
		if e&unix.EPOLLHUP != 0 {
			ev |= Hup
		}
		if e&unix.EPOLLERR != 0 {
			ev |= Err
		}
		t[e] = ev
	}
	return t
}()

func (p *epoller) Interest(fd int) Events { return p.table.get(fd) }
func (p *epoller) Len() int               { return p.table.n }

func (p *epoller) Set(fd int, interest Events) error {
	if fd < 0 {
		return unix.EBADF
	}
	old := p.table.get(fd)
	if old == interest {
		return nil
	}
	if p.isFile(fd) {
		p.table.set(fd, interest)
		if interest == 0 {
			p.dropFile(fd)
		}
		return nil
	}
	ev := unix.EpollEvent{Events: toEpoll(interest), Fd: int32(fd)}
	var err error
	p.ctls++
	switch {
	case interest == 0:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil)
		if err == unix.ENOENT || err == unix.EBADF {
			err = nil
		}
	case old == 0:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev)
		if err == unix.EEXIST {
			err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_MOD, fd, &ev)
		}
	default:
		err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_MOD, fd, &ev)
		if err == unix.ENOENT {
			err = unix.EpollCtl(p.epfd, unix.EPOLL_CTL_ADD, fd, &ev)
		}
	}
	if err == unix.EPERM && p.fallback && interest != 0 {
		// a regular file: always ready, which poll(2) reports
		p.files = append(p.files, fd)
		err = nil
	}
	if err != nil {
		return err
	}
	p.table.set(fd, interest)
	return nil
}

func (p *epoller) isFile(fd int) bool {
	for _, f := range p.files {
		if f == fd {
			return true
		}
	}
	return false
}

func (p *epoller) dropFile(fd int) {
	for i, f := range p.files {
		if f == fd {
			p.files = append(p.files[:i], p.files[i+1:]...)
			return
		}
	}
}

func (p *epoller) Forget(fd int) {
	if p.table.get(fd) == 0 {
		return
	}
	if p.isFile(fd) {
		p.dropFile(fd)
	} else {
		p.ctls++
		unix.EpollCtl(p.epfd, unix.EPOLL_CTL_DEL, fd, nil)
	}
	p.table.set(fd, 0)
}

func (p *epoller) Wait(timeout time.Duration, buf []Event) ([]Event, error) {
	buf = buf[:0]
	if len(p.files) > 0 {
		p.yield.maybe(timeout != 0)
		return p.waitWithFiles(timeout, buf)
	}
	if timeout != 0 {
		// Under load something is usually ready already: take it with a
		// call that cannot block, so that the Go scheduler is not told of
		// a blocking system call (which, with one P, hands the P to
		// another thread and back at every wait).
		if n := epollPoll(p.epfd, p.kernel); n > 0 {
			p.yield.maybe(false)
			return p.collect(n, buf), nil
		}
	}
	p.yield.maybe(timeout != 0)
	var deadline time.Time // only a timed wait needs it, after EINTR
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	for {
		n, err := epollWait(p.epfd, p.kernel, timeout)
		if err == unix.EINTR {
			// a signal (the Go runtime sends them too): wait for the rest
			if timeout, err = remaining(timeout, deadline); err != nil {
				return buf, nil
			}
			continue
		}
		if err != nil {
			return buf, err
		}
		return p.collect(n, buf), nil
	}
}

func (p *epoller) collect(n int, buf []Event) []Event {
	p.yield.events(n)
	for i := 0; i < n; i++ {
		e := &p.kernel[i]
		fd := int(e.Fd)
		if fd == p.waker.fd {
			p.waker.drain()
			continue
		}
		buf = append(buf, Event{Fd: fd, Events: fromEpoll(e.Events)})
	}
	if n == len(p.kernel) && n < 1<<16 {
		p.kernel = make([]unix.EpollEvent, 2*n) // a full batch: take more next time
	}
	return buf
}

// waitWithFiles polls the regular files together with the epoll fd itself.
func (p *epoller) waitWithFiles(timeout time.Duration, buf []Event) ([]Event, error) {
	p.pfds = append(p.pfds[:0], unix.PollFd{Fd: int32(p.epfd), Events: unix.POLLIN})
	for _, fd := range p.files {
		p.pfds = append(p.pfds, unix.PollFd{Fd: int32(fd), Events: toPoll(p.table.get(fd))})
	}
	if err := Poll(p.pfds, timeout); err != nil {
		return buf, err
	}
	for _, pfd := range p.pfds[1:] {
		if pfd.Revents != 0 {
			buf = append(buf, Event{Fd: int(pfd.Fd), Events: fromPoll(pfd.Revents)})
		}
	}
	if p.pfds[0].Revents != 0 {
		n, err := unix.EpollWait(p.epfd, p.kernel, 0)
		if err != nil && err != unix.EINTR {
			return buf, err
		}
		if n > 0 {
			buf = p.collect(n, buf)
		}
	}
	return buf, nil
}

func (p *epoller) Wake() error { return p.waker.wake() }

func (p *epoller) Close() error {
	unix.Close(p.waker.fd)
	return unix.Close(p.epfd)
}
