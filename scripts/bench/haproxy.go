package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The HAProxy section: requests/s through HAProxy (examples/haproxy's
// haproxy.cfg, its log line left out) to one and to two pyasync hosts
// (examples/haproxy/backend.star, -j 1 each, quiet), every request on a
// connection of its own: connect, a line, the host's one-line answer,
// close; HAProxy adds a PROXY v2 header to each. Nothing is pinned: the
// hosts, HAProxy and the clients share the machine's CPUs, so the
// figures say what this machine gives, not what more hosts would.

// haproxyClients is how many connections the load keeps going at once.
const haproxyClients = 32

// haproxySection measures the section and returns its report (Markdown).
func haproxySection(tmp, pa string, d time.Duration, runs int) string {
	var b strings.Builder
	b.WriteString("## Behind HAProxy\n\n")
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		b.WriteString("**Skipped: haproxy is not installed** (Debian: `apt-get install haproxy`).\n\n")
		progress("haproxy", "", "skipped: haproxy not installed")
		return b.String()
	}
	cfg := filepath.Join(tmp, "haproxy.cfg")
	src, err := os.ReadFile("examples/haproxy/haproxy.cfg")
	check(err)
	check(os.WriteFile(cfg, []byte(strings.Replace(string(src), "log stdout format raw local0", "", 1)), 0o644))

	load, _ := os.ReadFile("/proc/loadavg")
	figs := map[int]*figure{}
	for i := 0; i < runs; i++ {
		for _, hosts := range []int{1, 2} {
			figs[hosts] = figs[hosts].join(throughHAProxy(bin, cfg, pa, hosts, d))
		}
	}
	for _, hosts := range []int{1, 2} {
		progress("haproxy", fmt.Sprintf("%d host(s)", hosts), figs[hosts].cell("%.0f")+" req/s")
	}
	fmt.Fprintf(&b, "HAProxy %s (examples/haproxy/haproxy.cfg: TCP mode, round robin, `send-proxy-v2`, HTTP health checks; its per-connection log left out) in front of `examples/haproxy/backend.star` (PROXY protocol on accept, one line answered per connection), `-j 1` per host. %d clients, each making one connection per request: connect, a line, the answer, close. **Nothing is pinned: the hosts, HAProxy and the clients share this machine's CPUs**, so a second host adds a loop, not a machine; the load average when the section began was %s.\n\n", haproxyVersion(bin), haproxyClients, strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " "))
	b.WriteString("| hosts behind HAProxy | requests/s |\n|---|---|\n")
	for _, hosts := range []int{1, 2} {
		fmt.Fprintf(&b, "| %d | %s |\n", hosts, figs[hosts].cell("%.0f"))
	}
	b.WriteString("\n")
	return b.String()
}

func haproxyVersion(bin string) string {
	out, _ := exec.Command(bin, "-v").Output()
	f := strings.Fields(string(out))
	if len(f) > 2 {
		return f[2]
	}
	return ""
}

// throughHAProxy starts hosts pyasync hosts and HAProxy in front of them
// (one host is named twice when alone) and measures requests/s for d.
func throughHAProxy(bin, cfg, pa string, hosts int, d time.Duration) *figure {
	f := &figure{}
	var addrs []string
	for i := 0; i < hosts; i++ {
		port := freePort()
		stop, err := startQuiet(exec.Command(pa, "-j", "1", "examples/haproxy/backend.star", fmt.Sprintf("h%d", i), port, "quiet"), "listening")
		if err != nil {
			f.err = err.Error()
			return f
		}
		defer stop()
		addrs = append(addrs, "127.0.0.1:"+port)
	}
	if hosts == 1 {
		addrs = append(addrs, addrs[0])
	}
	front := "127.0.0.1:" + freePort()
	cmd := exec.Command(bin, "-db", "-f", cfg)
	cmd.Env = append(os.Environ(), "FRONT="+front, "HOST_A="+addrs[0], "HOST_B="+addrs[1])
	stop, err := startQuiet(cmd, "")
	if err != nil {
		f.err = err.Error()
		return f
	}
	defer stop()
	// HAProxy is up once it answers
	for i := 0; ; i++ {
		if _, err := haproxyRequest(front); err == nil {
			break
		} else if i == 100 {
			f.err = "haproxy did not answer: " + err.Error()
			return f
		}
		time.Sleep(20 * time.Millisecond)
	}
	var n, failed atomic.Int64
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	start := time.Now()
	for range haproxyClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				if _, err := haproxyRequest(front); err != nil {
					failed.Add(1)
					continue
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	if failed.Load() > 0 {
		f.err = fmt.Sprintf("%d requests failed", failed.Load())
		return f
	}
	f.xs = append(f.xs, float64(n.Load())/time.Since(start).Seconds())
	return f
}

// haproxyRequest is one request on a connection of its own.
func haproxyRequest(addr string) (string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Write([]byte("ping\n")); err != nil {
		return "", err
	}
	return bufio.NewReader(c).ReadString('\n')
}

// startQuiet starts cmd, waits for a line of its output containing
// ready (none when ""), and drops what else it prints; stop ends it.
func startQuiet(cmd *exec.Cmd, ready string) (stop func(), err error) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	stop = func() { cmd.Process.Kill(); cmd.Wait() }
	r := bufio.NewReader(out)
	if ready != "" {
		line, err := r.ReadString('\n')
		if err != nil || !strings.Contains(line, ready) {
			stop()
			return nil, fmt.Errorf("%s did not start: %q %v", cmd.Path, line, err)
		}
	}
	go io.Copy(io.Discard, r)
	return stop, nil
}
