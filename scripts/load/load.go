// Package load generates closed-loop load for pyasync's benchmarks:
// each connection sends a message, waits for it to come back whole, and
// sends again, until the time is up. Loopback only.
package load

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
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

// closedLoop writes msg(i) on connection i and reads as many bytes back,
// again and again until d has passed, on every connection at once. Each
// round trip counts per; with check, what comes back must equal what was
// sent. It returns the count and the time taken.
func closedLoop(conns []net.Conn, d time.Duration, msg func(i int) []byte, check bool, per int64) (int64, time.Duration, error) {
	var total atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(d)
	for i, c := range conns {
		wg.Add(1)
		go func(c net.Conn, msg []byte) {
			defer wg.Done()
			buf := make([]byte, len(msg))
			n := int64(0)
			for time.Now().Before(deadline) {
				c.SetDeadline(time.Now().Add(30 * time.Second))
				if _, err := c.Write(msg); err != nil {
					firstErr.CompareAndSwap(nil, err)
					break
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					firstErr.CompareAndSwap(nil, err)
					break
				}
				if check && !bytes.Equal(buf, msg) {
					firstErr.CompareAndSwap(nil, fmt.Errorf("the data came back changed"))
					break
				}
				n += per
			}
			total.Add(n)
		}(c, msg(i))
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return total.Load(), elapsed, err
	}
	return total.Load(), elapsed, nil
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
