package poll

import (
	"time"

	"golang.org/x/sys/unix"
)

// poller is the poll(2) backend: the table is handed to the kernel on
// every Wait, as CPython's poll2() does.
type poller struct {
	waker waker
	table table
	fds   []int // descriptors with interest, in registration order
	pfds  []unix.PollFd
	yield yielder
}

// NewPoll returns a poll(2) poller.
func NewPoll() (Poller, error) {
	w, err := newWaker()
	if err != nil {
		return nil, err
	}
	return &poller{waker: w}, nil
}

func toPoll(ev Events) int16 {
	var e int16
	if ev&In != 0 {
		e |= unix.POLLIN
	}
	if ev&Out != 0 {
		e |= unix.POLLOUT
	}
	if ev&Pri != 0 {
		e |= unix.POLLPRI
	}
	return e
}

func fromPoll(e int16) Events {
	var ev Events
	if e&unix.POLLIN != 0 {
		ev |= In
	}
	if e&unix.POLLOUT != 0 {
		ev |= Out
	}
	if e&unix.POLLPRI != 0 {
		ev |= Pri
	}
	if e&unix.POLLHUP != 0 {
		ev |= Hup
	}
	if e&unix.POLLERR != 0 {
		ev |= Err
	}
	if e&unix.POLLNVAL != 0 {
		ev |= Nval
	}
	return ev
}

func (p *poller) Interest(fd int) Events { return p.table.get(fd) }
func (p *poller) Len() int               { return p.table.n }

func (p *poller) Set(fd int, interest Events) error {
	if fd < 0 {
		return unix.EBADF
	}
	old := p.table.get(fd)
	if old == interest {
		return nil
	}
	if old == 0 {
		p.fds = append(p.fds, fd)
	} else if interest == 0 {
		p.remove(fd)
	}
	p.table.set(fd, interest)
	return nil
}

func (p *poller) remove(fd int) {
	for i, f := range p.fds {
		if f == fd {
			p.fds = append(p.fds[:i], p.fds[i+1:]...)
			return
		}
	}
}

func (p *poller) Forget(fd int) {
	if p.table.get(fd) != 0 {
		p.remove(fd)
		p.table.set(fd, 0)
	}
}

func (p *poller) Wait(timeout time.Duration, buf []Event) ([]Event, error) {
	buf = buf[:0]
	p.yield.maybe(timeout != 0)
	p.pfds = append(p.pfds[:0], unix.PollFd{Fd: int32(p.waker.fd), Events: unix.POLLIN})
	for _, fd := range p.fds {
		p.pfds = append(p.pfds, unix.PollFd{Fd: int32(fd), Events: toPoll(p.table.get(fd))})
	}
	if err := Poll(p.pfds, timeout); err != nil {
		return buf, err
	}
	if p.pfds[0].Revents != 0 {
		p.waker.drain()
	}
	for _, pfd := range p.pfds[1:] {
		if pfd.Revents != 0 {
			buf = append(buf, Event{Fd: int(pfd.Fd), Events: fromPoll(pfd.Revents)})
		}
	}
	p.yield.events(len(buf))
	return buf, nil
}

func (p *poller) Wake() error  { return p.waker.wake() }
func (p *poller) Close() error { return unix.Close(p.waker.fd) }
