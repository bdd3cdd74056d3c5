// Package load generates closed-loop echo load for pyasync's benchmarks:
// each connection sends a message, waits for it to come back whole, and
// sends again, until the time is up. Loopback only.
package load

import (
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
	var total atomic.Int64
	var wg sync.WaitGroup
	var firstErr atomic.Value
	start := time.Now()
	deadline := start.Add(d)
	for _, c := range conns {
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			msg := make([]byte, size)
			buf := make([]byte, size)
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
				n++
			}
			total.Add(n)
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return total.Load(), elapsed, err
	}
	return total.Load(), elapsed, nil
}
