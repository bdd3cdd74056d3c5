// Command loadgen is a closed-loop TCP echo load generator for pyasync's
// benchmarks: C connections each send a message, wait for it to come back
// whole, and send again, for a fixed time. It prints round trips per
// second. Loopback only.
//
//	go run ./scripts/loadgen -addr 127.0.0.1:8080 -c 100 -size 64 -d 5s [-idle 5000] [-spin]
//
// -idle N opens N more connections that stay silent beside the active ones.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/pyasync/pyasync/scripts/load"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "echo server address")
	conns := flag.Int("c", 100, "connections")
	size := flag.Int("size", 64, "message size in bytes")
	dur := flag.Duration("d", 5*time.Second, "duration")
	idle := flag.Int("idle", 0, "idle connections opened beside the active ones")
	flag.BoolVar(&load.Spin, "spin", false, "poll for replies without sleeping (when this process has a CPU of its own)")
	flag.Parse()
	if *idle > 0 {
		is, err := load.Dial(*addr, *idle)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		defer load.Close(is)
	}
	cs, err := load.Dial(*addr, *conns)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	defer load.Close(cs)
	n, elapsed, err := load.PingPong(cs, *size, *dur)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	fmt.Printf("%.0f round trips/s (%d in %.2fs, %d connections, %d bytes)\n",
		float64(n)/elapsed.Seconds(), n, elapsed.Seconds(), *conns, *size)
}
