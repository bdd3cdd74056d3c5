// tlsbench measures a TLS echo server three ways: pyasync running
// examples/tls_echo_server.star, CPython 3.11's asyncore and ssl running
// the same program (echo_server.py), and the Go floor, crypto/tls in a
// plain Go server (a goroutine per connection). Each server echoes every
// line in lower case. Two workloads:
//
//   - handshakes: client goroutines each connect, take a TLS 1.3
//     handshake (X25519, an ECDSA P-256 certificate), exchange one line
//     and close, again and again: handshakes per second, and the
//     server's CPU time per handshake;
//   - bulk: one connection, the client writing 64 KiB at a time while it
//     reads the echo back: MB/s echoed, and the server's CPU per MB.
//
// Servers run on CPU 0 and the clients on CPU 1 when there are two CPUs
// and taskset is there; each figure is the median of the runs.
//
//	go run ./scripts/tlsbench [-secs 3] [-runs 3] [-clients 4]
package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

func main() {
	serve := flag.Bool("serve", false, "be the Go floor's server (CERTFILE KEYFILE)")
	secs := flag.Float64("secs", 3, "seconds per measurement")
	runs := flag.Int("runs", 3, "runs per server and workload (the median is shown)")
	clients := flag.Int("clients", 4, "client goroutines of the handshake workload")
	flag.Parse()
	if *serve {
		goServer(flag.Arg(0), flag.Arg(1))
		return
	}
	dir, err := os.MkdirTemp("", "tlsbench")
	check(err)
	defer os.RemoveAll(dir)
	certs, err := tlstest.New(dir)
	check(err)
	pyasync := filepath.Join(dir, "pyasync")
	build(pyasync, "./cmd/pyasync")
	self, err := os.Executable()
	check(err)
	cert, key := certs.Server.CertFile, certs.Server.KeyFile
	servers := []server{
		{"pyasync", []string{pyasync, "examples/tls_echo_server.star", cert, key, "0"}},
		{"CPython asyncore+ssl", []string{"python3", "-W", "ignore", "scripts/tlsbench/echo_server.py", cert, key}},
		{"Go crypto/tls", []string{self, "-serve", cert, key}},
	}
	cfg := &tls.Config{RootCAs: tlstest.Pool(certs.CA), ServerName: "localhost",
		MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519}}
	pinned := pinnable()
	if pinned {
		pinSelf("1")
	}
	d := time.Duration(*secs * float64(time.Second))
	fmt.Printf("%d CPUs, %s; servers %s; %d runs of %v each, medians.\n\n", runtime.NumCPU(), runtime.Version(),
		map[bool]string{true: "on CPU 0, clients on CPU 1", false: "and clients not pinned"}[pinned], *runs, d)
	fmt.Println("| server | handshakes/s | CPU/handshake (µs) | bulk MB/s | CPU/MB (ms) | cipher |")
	fmt.Println("|---|---|---|---|---|---|")
	for _, s := range servers {
		var hs, hsCPU, mbs, mbCPU []float64
		var cipher string
		for r := 0; r < *runs; r++ {
			p, err := start(s, pinned)
			if err != nil {
				fmt.Printf("| %s | failed: %v |\n", s.name, err)
				break
			}
			n, cpu := handshakes(p, cfg, *clients, d)
			hs, hsCPU = append(hs, float64(n)/d.Seconds()), append(hsCPU, float64(cpu.Microseconds())/float64(max(n, 1)))
			bytes, cpu, c := bulk(p, cfg, d)
			mb := float64(bytes) / 1e6
			mbs, mbCPU = append(mbs, mb/d.Seconds()), append(mbCPU, float64(cpu.Milliseconds())/max(mb, 1e-9))
			cipher = c
			p.stop()
		}
		if len(hs) == *runs {
			fmt.Printf("| %s | %.0f | %.0f | %.0f | %.2f | %s |\n", s.name, median(hs), median(hsCPU), median(mbs), median(mbCPU), cipher)
		}
	}
}

// handshakes runs the handshake workload against p for d: the
// handshakes done, and the server's CPU time meanwhile.
func handshakes(p *proc, cfg *tls.Config, clients int, d time.Duration) (int, time.Duration) {
	var n atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	cpu0 := p.cpuTime()
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 6)
			for time.Now().Before(stop) {
				c, err := tls.Dial("tcp", p.addr, cfg)
				if err != nil {
					fmt.Fprintln(os.Stderr, "handshake:", err)
					return
				}
				if _, err := c.Write([]byte("HELLO\n")); err == nil {
					if _, err := io.ReadFull(c, buf); err == nil && string(buf) == "hello\n" {
						n.Add(1)
					}
				}
				c.Close()
			}
		}()
	}
	wg.Wait()
	return int(n.Load()), p.cpuTime() - cpu0
}

// bulk runs the bulk workload against p for d: the bytes echoed, the
// server's CPU time meanwhile, and the cipher suite.
func bulk(p *proc, cfg *tls.Config, d time.Duration) (int64, time.Duration, string) {
	c, err := tls.Dial("tcp", p.addr, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bulk:", err)
		return 0, 0, ""
	}
	defer c.Close()
	chunk := bytes.Repeat([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), 2048) // 64 KiB
	var echoed atomic.Int64
	done := make(chan struct{})
	go func() { // the reader
		buf := make([]byte, 64<<10)
		for {
			k, err := c.Read(buf)
			echoed.Add(int64(k))
			if err != nil {
				close(done)
				return
			}
		}
	}()
	cpu0 := p.cpuTime()
	start := time.Now()
	var sent int64
	for time.Since(start) < d {
		// keep at most 1 MiB in flight, so that the server is not
		// measured on a backlog
		if sent-echoed.Load() > 1<<20 {
			time.Sleep(50 * time.Microsecond)
			continue
		}
		if _, err := c.Write(chunk); err != nil {
			break
		}
		sent += int64(len(chunk))
	}
	got, cpu := echoed.Load(), p.cpuTime()-cpu0
	c.Close()
	<-done
	return got, cpu, tls.CipherSuiteName(c.ConnectionState().CipherSuite)
}

// goServer is the Go floor: a crypto/tls echo server, a goroutine per
// connection, lines in lower case.
func goServer(cert, key string) {
	pair, err := tls.LoadX509KeyPair(cert, key)
	check(err)
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{pair}})
	check(err)
	fmt.Printf("Go TLS echo server listening on %s\n", l.Addr())
	for {
		c, err := l.Accept()
		if err != nil {
			continue
		}
		go func() {
			defer c.Close()
			buf := make([]byte, 1024)
			for {
				n, err := c.Read(buf)
				if n > 0 {
					if _, err := c.Write(bytes.ToLower(buf[:n])); err != nil {
						return
					}
				}
				if err != nil {
					return
				}
			}
		}()
	}
}

// server is one program under test; proc a running one.
type server struct {
	name string
	argv []string
}

type proc struct {
	cmd  *exec.Cmd
	addr string
}

var portRE = regexp.MustCompile(`:(\d+)\s*$`)

// start runs s (on CPU 0 when pinned) and waits for the line announcing
// its port.
func start(s server, pinned bool) (*proc, error) {
	argv := s.argv
	if pinned {
		argv = append([]string{"taskset", "-c", "0"}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("did not start: %q", line)
	}
	go io.Copy(io.Discard, out)
	return &proc{cmd: cmd, addr: "127.0.0.1:" + m[1]}, nil
}

func (p *proc) stop() {
	p.cmd.Process.Kill()
	p.cmd.Wait()
}

// cpuTime is the server's user+system time.
func (p *proc) cpuTime() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return time.Duration((utime + stime) / 100 * float64(time.Second)) // USER_HZ = 100
}

// pinnable reports whether servers and clients can have CPUs of their
// own.
func pinnable() bool {
	_, err := exec.LookPath("taskset")
	return err == nil && runtime.NumCPU() >= 2
}

// pinSelf moves this process (its clients) to cpu.
func pinSelf(cpu string) {
	exec.Command("taskset", "-a", "-p", "-c", cpu, strconv.Itoa(os.Getpid())).Run()
}

func build(out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	check(cmd.Run())
}

func median(xs []float64) float64 {
	sort.Float64s(xs)
	return xs[len(xs)/2]
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "tlsbench:", err)
		os.Exit(1)
	}
}
