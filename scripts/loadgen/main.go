// Command loadgen is a closed-loop TCP echo load generator for pyasync's
// benchmarks: C connections each send a message, wait for it to come back
// whole, and send again, for a fixed time. It prints round trips per
// second. Loopback only.
//
//	go run ./scripts/loadgen -addr 127.0.0.1:8080 -c 100 -size 64 -d 5s
package main

import (
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "echo server address")
	conns := flag.Int("c", 100, "connections")
	size := flag.Int("size", 64, "message size in bytes")
	dur := flag.Duration("d", 5*time.Second, "duration")
	flag.Parse()

	var total atomic.Int64
	var wg sync.WaitGroup
	deadline := time.Now().Add(*dur)
	errs := make(chan error, *conns)
	for i := 0; i < *conns; i++ {
		c, err := net.DialTimeout("tcp", *addr, 10*time.Second)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		wg.Add(1)
		go func(c net.Conn) {
			defer wg.Done()
			defer c.Close()
			msg := make([]byte, *size)
			buf := make([]byte, *size)
			n := int64(0)
			for time.Now().Before(deadline) {
				c.SetDeadline(time.Now().Add(30 * time.Second))
				if _, err := c.Write(msg); err != nil {
					errs <- err
					return
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					errs <- err
					return
				}
				n++
			}
			total.Add(n)
		}(c)
	}
	start := time.Now()
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	fmt.Printf("%.0f round trips/s (%d in %.2fs, %d connections, %d bytes)\n",
		float64(total.Load())/elapsed.Seconds(), total.Load(), elapsed.Seconds(), *conns, *size)
}
