// Command soak churns connections against pyasync's echo server for a
// fixed time and reports the server's open descriptors, threads and
// resident memory at the start and at the end, which must not grow.
//
//	go run ./scripts/soak [-c 1000] [-d 30s]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	conns := flag.Int("c", 1000, "concurrent churning clients")
	dur := flag.Duration("d", 30*time.Second, "duration")
	flag.Parse()

	tmp, err := os.MkdirTemp("", "pyasync-soak")
	check(err)
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "pyasync")
	build := exec.Command("go", "build", "-o", bin, "./cmd/pyasync")
	build.Stderr = os.Stderr
	check(build.Run())
	srv := exec.Command(bin, "examples/echo_server.star", "0")
	out, _ := srv.StdoutPipe()
	srv.Stderr = os.Stderr
	check(srv.Start())
	defer func() { srv.Process.Kill(); srv.Wait() }()
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := regexp.MustCompile(`:(\d+)\s*$`).FindStringSubmatch(line)
	if m == nil {
		check(fmt.Errorf("server did not start: %q", line))
	}
	addr := "127.0.0.1:" + m[1]
	pid := srv.Process.Pid

	var cycles, failures atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64)
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, err := net.DialTimeout("tcp", addr, 10*time.Second)
				if err != nil {
					failures.Add(1)
					time.Sleep(10 * time.Millisecond)
					continue
				}
				c.SetDeadline(time.Now().Add(30 * time.Second))
				if _, err := c.Write(buf); err == nil {
					if _, err := io.ReadFull(c, buf); err == nil {
						cycles.Add(1)
					} else {
						failures.Add(1)
					}
				}
				c.Close()
			}
		}()
	}
	time.Sleep(*dur / 10)
	start := sample(pid)
	time.Sleep(*dur)
	end := sample(pid)
	close(stop)
	wg.Wait()
	time.Sleep(time.Second) // let the server see the last closes
	after := sample(pid)
	fmt.Printf("%d churning clients for %s: %d connect/echo/close cycles (%.0f/s), %d failures\n\n",
		*conns, *dur, cycles.Load(), float64(cycles.Load())/dur.Seconds(), failures.Load())
	fmt.Println("| server | descriptors | threads | resident memory |")
	fmt.Println("|---|---|---|---|")
	for _, r := range []struct {
		name string
		s    stats
	}{{"start (under load)", start}, {"end (under load)", end}, {"after the load", after}} {
		fmt.Printf("| %s | %d | %d | %d KiB |\n", r.name, r.s.fds, r.s.threads, r.s.rssKiB)
	}
}

type stats struct{ fds, threads, rssKiB int }

func sample(pid int) stats {
	var s stats
	ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid))
	s.fds = len(ents)
	status, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "Threads:"); ok {
			fmt.Sscan(v, &s.threads)
		}
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			fmt.Sscan(v, &s.rssKiB)
		}
	}
	return s
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}
