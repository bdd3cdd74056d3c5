// Command loadgen is a closed-loop TCP echo load generator for pyasync's
// benchmarks: C connections each send a message, wait for it to come back
// whole, and send again, for a fixed time. It prints round trips per
// second. Loopback only.
//
//	go run ./scripts/loadgen -addr 127.0.0.1:8080 -c 100 -size 64 -d 5s [-idle 5000] [-spin]
//	go run ./scripts/loadgen -addr 127.0.0.1:8080 -bulk 1073741824
//
// -idle N opens N more connections that stay silent beside the active ones.
// -bulk N instead streams N bytes through the echo on one connection, in
// 64 KiB writes, checking every byte that comes back, and prints MB/s.
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
	bulk := flag.Int64("bulk", 0, "stream this many bytes through the echo on one connection instead")
	flag.Parse()
	if *bulk > 0 {
		elapsed, err := load.Bulk(*addr, *bulk, 65536)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		fmt.Printf("%.0f MB/s (%d bytes each way in %.2fs)\n", float64(*bulk)/1e6/elapsed.Seconds(), *bulk, elapsed.Seconds())
		return
	}
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
