// Package load generates closed-loop load for pyasync's benchmarks:
// each connection sends a message, waits for it to come back whole, and
// sends again, until the time is up. Loopback only.
package load

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/pyasync/pyasync/runtime/sock"
)

// Dial opens n connections to addr.
func Dial(addr string, n int) ([]net.Conn, error) {
	conns := make([]net.Conn, 0, n)
	for i := 0; i < n; i++ {
		c, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			Close(conns)
			return nil, fmt.Errorf("connection %d: %w", i, err)
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// Close closes every connection.
func Close(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// PingPong runs size-byte round trips on every connection for d and
// returns how many completed and the time taken.
func PingPong(conns []net.Conn, size int, d time.Duration) (int64, time.Duration, error) {
	return closedLoop(conns, d, func(int) []byte { return make([]byte, size) }, false, 1)
}

// Spin makes the closed loops (PingPong, Lines) poll for replies without
// sleeping (see closedLoop). Set it only when the load generator has a
// CPU of its own: on a CPU shared with the server it takes the server's
// time.
var Spin bool

// spinPolls is how many empty polls a spinning loop makes before it
// sleeps in epoll_wait after all (a server that stopped answering): tens
// of milliseconds.
const spinPolls = 100_000

// closedLoop writes msg(i) on connection i and reads as many bytes back,
// again and again until d has passed, on every connection at once. Each
// round trip counts per; with check, what comes back must equal what was
// sent. It returns the count and the time taken, to the last reply.
//
// One goroutine drives every connection through its own epoll instance,
// with raw non-blocking system calls: a client that costs a goroutine
// switch, a timer and an extra read per round trip is slower than the
// servers it measures, and a server that outruns its client only waits
// for it (its CPU per round trip then counts those waits rather than its
// work).
//
// With Spin it never sleeps while replies are outstanding, which takes a
// cost off the server that its work does not decide: a send to a client
// asleep in epoll_wait wakes it (a cross-CPU wake-up that the sender
// pays), and how often the client is found asleep depends on how the two
// processes' speeds interleave. Measured at 100 connections before it
// was added: the Go floor woke the client 2.5k times in 2 s, pyasync and
// CPython 12k-22k times. A client on another machine costs the server no
// wake-up at all.
func closedLoop(conns []net.Conn, d time.Duration, msg func(i int) []byte, check bool, per int64) (int64, time.Duration, error) {
	if len(conns) == 0 {
		return 0, 0, fmt.Errorf("no connections")
	}
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return 0, 0, err
	}
	defer unix.Close(epfd) // which forgets the connections it watched
	type peer struct {
		fd       int
		msg, buf []byte
		got      int
	}
	peers := make([]peer, len(conns))
	for i, c := range conns {
		fd, err := rawFd(c)
		if err != nil {
			return 0, 0, err
		}
		m := msg(i)
		peers[i] = peer{fd: fd, msg: m, buf: make([]byte, len(m))}
		if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, fd, &unix.EpollEvent{Events: unix.EPOLLIN, Fd: int32(i)}); err != nil {
			return 0, 0, err
		}
	}
	start := time.Now()
	deadline := start.Add(d)
	for i := range peers {
		if err := sendAll(peers[i].fd, peers[i].msg); err != nil {
			return 0, 0, err
		}
	}
	var total int64
	events := make([]unix.EpollEvent, len(peers))
	outstanding, stopping := len(peers), false
	quiet := time.Now() // the last time a reply arrived
	for outstanding > 0 {
		n, now, err := nextEvents(epfd, events, quiet)
		if err != nil {
			return total, now.Sub(start), err
		}
		if n == 0 {
			continue
		}
		quiet = now
		stopping = stopping || now.After(deadline)
		for _, ev := range events[:n] {
			p := &peers[ev.Fd]
			k, err := sock.RecvNow(p.fd, p.buf[p.got:], 0)
			if errors.Is(err, unix.EAGAIN) {
				continue
			}
			if err != nil {
				return total, now.Sub(start), err
			}
			if k == 0 {
				return total, now.Sub(start), fmt.Errorf("the server closed a connection")
			}
			if p.got += k; p.got < len(p.buf) {
				continue
			}
			p.got = 0
			if check && !bytes.Equal(p.buf, p.msg) {
				return total, now.Sub(start), fmt.Errorf("the data came back changed")
			}
			total += per
			if stopping {
				outstanding--
				continue
			}
			if err := sendAll(p.fd, p.msg); err != nil {
				return total, now.Sub(start), err
			}
		}
	}
	return total, time.Since(start), nil
}

// rawFd is the descriptor of a TCP connection, which closedLoop reads and
// writes itself while the connection is not otherwise used.
func rawFd(c net.Conn) (int, error) {
	sc, ok := c.(syscall.Conn)
	if !ok {
		return -1, fmt.Errorf("%T has no descriptor", c)
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return -1, err
	}
	fd := -1
	if err := rc.Control(func(f uintptr) { fd = int(f) }); err != nil {
		return -1, err
	}
	return fd, nil
}

// sendAll writes all of p on a non-blocking socket, waiting for room
// when the kernel takes only part (never for a small message).
func sendAll(fd int, p []byte) error {
	for len(p) > 0 {
		k, err := sock.SendNow(fd, p, 0)
		if errors.Is(err, unix.EAGAIN) {
			pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
			if _, err := unix.Poll(pfd, 30000); err != nil && err != unix.EINTR {
				return err
			}
			continue
		}
		if err != nil {
			return err
		}
		p = p[k:]
	}
	return nil
}

// nextEvents waits for events on epfd, polling first without sleeping
// when Spin is set: how many came (0 when the wait ended without any),
// and when. It fails when none has come for 30 s since quiet.
func nextEvents(epfd int, events []unix.EpollEvent, quiet time.Time) (int, time.Time, error) {
	n := epollNow(epfd, events)
	for spin := 0; n <= 0 && Spin && spin < spinPolls; spin++ {
		n = epollNow(epfd, events)
	}
	if n <= 0 {
		var err error
		if n, err = unix.EpollWait(epfd, events, 1000); err != nil && err != unix.EINTR {
			return 0, time.Now(), err
		}
	}
	now := time.Now()
	if n <= 0 {
		if now.Sub(quiet) > 30*time.Second {
			return 0, now, fmt.Errorf("no reply for 30 s")
		}
		return 0, now, nil
	}
	return n, now, nil
}

// epollNow is a wait that cannot block, made raw as pyasync's loop makes
// it (the kernel returns at once, so the Go scheduler need not hear of it).
func epollNow(epfd int, events []unix.EpollEvent) int {
	n, _, e := unix.RawSyscall6(unix.SYS_EPOLL_PWAIT, uintptr(epfd), uintptr(unsafe.Pointer(&events[0])), uintptr(len(events)), 0, 0, 0)
	if e != 0 {
		return -1
	}
	return int(n)
}

// Bulk streams total bytes through an echo on one connection, writing in
// chunk-sized pieces while reading the echo back, and checks every byte.
// It returns the time from the first write to the last byte read.
func Bulk(addr string, total int64, chunk int) (time.Duration, error) {
	c, err := net.DialTimeout("tcp", addr, 10*time.Second)
	if err != nil {
		return 0, err
	}
	defer c.Close()
	const window = 1 << 20 // the most one read returns
	if chunk > window {
		chunk = window
	}
	pattern := make([]byte, window+251)
	for i := range pattern {
		pattern[i] = byte(i % 251)
	}
	start := time.Now()
	werr := make(chan error, 1)
	go func() {
		var sent int64
		for sent < total {
			n := int64(chunk)
			if total-sent < n {
				n = total - sent
			}
			off := sent % 251
			if _, err := c.Write(pattern[off : off+n]); err != nil {
				werr <- err
				return
			}
			sent += n
		}
		werr <- nil
	}()
	buf := make([]byte, window)
	var got int64
	for got < total {
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		n, err := c.Read(buf)
		off := got % 251
		if !bytes.Equal(buf[:n], pattern[off:off+int64(n)]) {
			return 0, fmt.Errorf("the bytes after %d came back changed", got)
		}
		got += int64(n)
		if err != nil {
			return 0, fmt.Errorf("after %d bytes: %w", got, err)
		}
	}
	elapsed := time.Since(start)
	return elapsed, <-werr
}

// Lines runs pipelined line round trips for d on conns connections: each
// sends batch lines of size bytes ("\n" included) in one write and reads
// them all back before the next batch. It returns the lines echoed and
// the time taken.
func Lines(addr string, conns, batch, size int, d time.Duration) (int64, time.Duration, error) {
	cs, err := Dial(addr, conns)
	if err != nil {
		return 0, 0, err
	}
	defer Close(cs)
	lines := func(i int) []byte {
		msg := make([]byte, 0, batch*size)
		for j := 0; j < batch; j++ {
			line := fmt.Sprintf("%d-%d ", i, j)
			for len(line) < size-1 {
				line += "x"
			}
			msg = append(msg, line[:size-1]...)
			msg = append(msg, '\n')
		}
		return msg
	}
	return closedLoop(cs, d, lines, true, int64(batch))
}

// RecordSize is the size of a record of Records, and of its reply.
const RecordSize = 160

// Record is record j of connection i for Records: a 4-byte big-endian
// length, a 16-byte header (kind 1, version 2, flags 0, a 32-bit id, a
// 64-bit timestamp) and a form's query string, padded to RecordSize.
func Record(i, j int) []byte {
	q := fmt.Sprintf("user=u%d&item=%d&qty=%d&price=%d&currency=EUR&country=FR&lang=fr-FR&ref=campaign%%2Fspring&note=hello+world&pad=",
		i, 1000+j, j%7+1, 250+j%13)
	for len(q) < RecordSize-20 {
		q += "x"
	}
	rec := binary.BigEndian.AppendUint32(nil, RecordSize-4)
	rec = binary.BigEndian.AppendUint16(rec, 1)
	rec = append(rec, 2, 0)
	rec = binary.BigEndian.AppendUint32(rec, uint32(i<<16|j))
	rec = binary.BigEndian.AppendUint64(rec, uint64(1_700_000_000_000+j))
	return append(rec, q[:RecordSize-20]...)
}

// Records runs batches of binary records against a record server
// (scripts/bench/records_server.star and its CPython twin): each of
// conns connections sends batch records in one write and reads back as
// many replies, each RecordSize bytes, before the next batch. It
// returns how many records were answered and the time taken.
func Records(addr string, conns, batch int, d time.Duration) (int64, time.Duration, error) {
	cs, err := Dial(addr, conns)
	if err != nil {
		return 0, 0, err
	}
	defer Close(cs)
	records := func(i int) []byte {
		msg := make([]byte, 0, batch*RecordSize)
		for j := 0; j < batch; j++ {
			msg = append(msg, Record(i, j)...)
		}
		return msg
	}
	return closedLoop(cs, d, records, false, int64(batch))
}
