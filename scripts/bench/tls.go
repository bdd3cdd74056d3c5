package main

import (
	"bytes"
	"crypto/tls"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/pyasync/pyasync/runtime/tlsconn/tlstest"
)

// The TLS section: a TLS echo server three ways, pyasync running
// examples/tls_echo_server.star, CPython's asyncore and ssl running the
// same program (tls_echo_server.py), and the floor, crypto/tls in a
// plain Go server (gotls/). Two workloads, each server started afresh
// for each run:
//
//   - handshakes: client goroutines each connect, take a TLS 1.3
//     handshake (X25519, an ECDSA P-256 certificate), exchange one line
//     and close, again and again: handshakes/s, and the server's CPU per
//     handshake;
//   - bulk: one connection, the client writing 64 KiB at a time (at most
//     1 MiB unanswered) while it reads the echo back: MB/s echoed, the
//     server's CPU per MB, and the share of its time the load generator
//     spent on the CPU (near 100%, it would be the bottleneck).
//
// Every server uses the same cipher suite, TLS_AES_128_GCM_SHA256, the
// one crypto/tls picks where the CPU has AES instructions: OpenSSL would
// pick TLS_AES_256_GCM_SHA384 and CPython has no call to choose TLS 1.3
// suites, so CPython's server gets an OpenSSL configuration file that
// lists that suite alone (opensslConf).

const (
	tlsHandshakeGoal = "TLS handshakes: server CPU per handshake no worse than CPython's"
	tlsBulkGoal      = "TLS bulk echo: MB/s at least CPython's and at least 0.8x the Go floor"
)

// tlsFigures are one server's figures.
type tlsFigures struct {
	hs, hsCPU, mbs, mbCPU, client *figure
	cipher                        string
}

// opensslConf is the OpenSSL configuration given to CPython's server
// (OPENSSL_CONF): TLS 1.3 with crypto/tls's suite alone.
const opensslConf = `openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
Ciphersuites = TLS_AES_128_GCM_SHA256
`

// tlsSection measures the TLS servers and returns the section and the
// targets' lines (goal, achieved).
func tlsSection(tmp, pa string, py []string, d time.Duration, runs int, pinned bool) (string, [][2]string) {
	certs, err := tlstest.New(tmp)
	check(err)
	gotls := filepath.Join(tmp, "gotls")
	build(gotls, "./scripts/bench/gotls")
	cert, key := certs.Server.CertFile, certs.Server.KeyFile
	conf := filepath.Join(tmp, "openssl.cnf")
	check(os.WriteFile(conf, []byte(opensslConf), 0o644))
	servers := []server{
		{"pyasync", []string{pa, "examples/tls_echo_server.star", cert, key, "0"}, nil, ""},
		{"CPython asyncore+ssl", append(append([]string(nil), py...), "scripts/bench/tls_echo_server.py", cert, key), []string{"OPENSSL_CONF=" + conf}, ""},
		{"Go crypto/tls", []string{gotls, cert, key}, nil, ""},
	}
	cfg := &tls.Config{RootCAs: tlstest.Pool(certs.CA), ServerName: "localhost",
		MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519}}
	figs := map[string]*tlsFigures{}
	for _, s := range servers {
		figs[s.name] = &tlsFigures{hs: &figure{}, hsCPU: &figure{}, mbs: &figure{}, mbCPU: &figure{}, client: &figure{}}
	}
	// each run measures every server in turn, so that the machine's
	// drift between runs falls on all of them alike (pairedRatio)
	for r := 0; r < runs; r++ {
		for _, s := range servers {
			f := figs[s.name]
			if f.hs.err != "" {
				continue
			}
			p, err := start(s, pinned)
			if err != nil {
				f.hs.err = err.Error()
				continue
			}
			n, cpu := tlsHandshakes(p, cfg, 4, d)
			f.hs.xs = append(f.hs.xs, float64(n)/d.Seconds())
			f.hsCPU.xs = append(f.hsCPU.xs, float64(cpu.Microseconds())/float64(max(n, 1)))
			echoed, cpu, client, cipher := tlsBulk(p, cfg, d)
			mb := float64(echoed) / 1e6
			f.client.xs = append(f.client.xs, 100*client.Seconds()/d.Seconds())
			f.mbs.xs = append(f.mbs.xs, mb/d.Seconds())
			f.mbCPU.xs = append(f.mbCPU.xs, float64(cpu.Microseconds())/1000/max(mb, 1e-9))
			f.cipher = cipher
			p.stop()
		}
	}
	for _, s := range servers {
		f := figs[s.name]
		progress("TLS", s.name, fmt.Sprintf("%s hs/s, %s MB/s", f.hs.cell("%.0f"), f.mbs.cell("%.0f")))
	}

	var b strings.Builder
	fmt.Fprintf(&b, "## TLS: handshakes and bulk through an echo\n\n")
	fmt.Fprintf(&b, "A TLS echo server three ways: pyasync running `examples/tls_echo_server.star` (CPython's own test_ssl idiom: the handshake taken a step further at each read event, `readable()` draining `pending()`, 1024 bytes per `recv`, each sent back in lower case), CPython running the same program on asyncore and ssl (`scripts/bench/tls_echo_server.py`), and the floor, crypto/tls in a plain Go server, a goroutine per connection, reading 1024 bytes at a time (`scripts/bench/gotls`). *Handshakes*: 4 client goroutines connect, take a TLS 1.3 handshake (X25519, ECDSA P-256), exchange a line and close, for %v; CPython's server waits on its own small writes (OpenSSL's session tickets) and so does fewer, which its CPU per handshake does not count. *Bulk*: one connection, 64 KiB writes with at most 1 MiB unanswered, for %v; *client CPU* is the share of that time the load generator (crypto/tls, encrypting what it sends and decrypting the echo) spent on its CPU, which stays well below 100%% when the server is what limits the rate. Every server uses TLS_AES_128_GCM_SHA256, which crypto/tls picks: CPython's OpenSSL would pick TLS_AES_256_GCM_SHA384, and is given a configuration (OPENSSL_CONF) listing the other suite alone, CPython having no call to choose TLS 1.3 suites. Each of the %d runs starts every server afresh, in turn; a ratio in the targets is the median over the runs of the two servers' figures in the same run.\n\n", d, d, runs)
	fmt.Fprintf(&b, "| server | handshakes/s | CPU/handshake (µs) | bulk MB/s | CPU/MB (ms) | client CPU (%%) | cipher |\n|---|---|---|---|---|---|---|\n")
	for _, s := range servers {
		f := figs[s.name]
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", s.name, f.hs.cell("%.0f"), f.hsCPU.cell("%.0f"), f.mbs.cell("%.0f"), f.mbCPU.cell("%.2f"), f.client.cell("%.0f"), f.cipher)
	}
	b.WriteString("\n")

	var targets [][2]string
	pa2, cp, gf := figs["pyasync"], figs["CPython asyncore+ssl"], figs["Go crypto/tls"]
	if pa2.hsCPU.ok() && cp.hsCPU.ok() && gf.hsCPU.ok() {
		r, _ := pairedRatio(pa2.hsCPU, cp.hsCPU)
		rg, _ := pairedRatio(pa2.hsCPU, gf.hsCPU)
		targets = append(targets, [2]string{tlsHandshakeGoal, fmt.Sprintf("%.2fx CPython's CPU per handshake (medians %.0f vs %.0f µs), %.2fx the Go floor's: %s",
			r, pa2.hsCPU.median(), cp.hsCPU.median(), rg, yesNo(r <= 1))})
	}
	if pa2.mbs.ok() && cp.mbs.ok() && gf.mbs.ok() {
		rc, _ := pairedRatio(pa2.mbs, cp.mbs)
		rg, _ := pairedRatio(pa2.mbs, gf.mbs)
		cc, _ := pairedRatio(pa2.mbCPU, cp.mbCPU)
		cg, _ := pairedRatio(pa2.mbCPU, gf.mbCPU)
		targets = append(targets, [2]string{tlsBulkGoal, fmt.Sprintf("%.2fx CPython, %.2fx the Go floor (medians %.0f, %.0f, %.0f MB/s; CPU per MB %.2fx CPython's, %.2fx the Go floor's): %s",
			rc, rg, pa2.mbs.median(), cp.mbs.median(), gf.mbs.median(), cc, cg, yesNo(rc >= 1 && rg >= 0.8))})
	}
	return b.String(), targets
}

func yesNo(ok bool) string {
	if ok {
		return "met"
	}
	return "**not met**"
}

// tlsHandshakes runs the handshake workload against p for d with n
// client goroutines: the handshakes done, and the server's CPU time.
func tlsHandshakes(p *proc, cfg *tls.Config, n int, d time.Duration) (int, time.Duration) {
	var done atomic.Int64
	var wg sync.WaitGroup
	stop := time.Now().Add(d)
	cpu0 := p.cpuTime()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 6)
			for time.Now().Before(stop) {
				c, err := tls.Dial("tcp", p.addr, cfg)
				if err != nil {
					return
				}
				if _, err := c.Write([]byte("HELLO\n")); err == nil {
					if _, err := io.ReadFull(c, buf); err == nil && string(buf) == "hello\n" {
						done.Add(1)
					}
				}
				c.Close()
			}
		}()
	}
	wg.Wait()
	return int(done.Load()), p.cpuTime() - cpu0
}

// tlsBulk runs the bulk workload against p for d: the bytes echoed, the
// server's CPU time, this process's (the load generator's), and the
// cipher suite.
func tlsBulk(p *proc, cfg *tls.Config, d time.Duration) (int64, time.Duration, time.Duration, string) {
	c, err := tls.Dial("tcp", p.addr, cfg)
	if err != nil {
		return 0, 0, 0, err.Error()
	}
	defer c.Close()
	chunk := bytes.Repeat([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"), 2048) // 64 KiB
	var echoed atomic.Int64
	done := make(chan struct{})
	go func() {
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
	cpu0, self0 := p.cpuTime(), selfCPU()
	begin := time.Now()
	for sent := int64(0); time.Since(begin) < d; {
		if sent-echoed.Load() > 1<<20 {
			time.Sleep(50 * time.Microsecond)
			continue
		}
		if _, err := c.Write(chunk); err != nil {
			break
		}
		sent += int64(len(chunk))
	}
	got, cpu, self := echoed.Load(), p.cpuTime()-cpu0, selfCPU()-self0
	c.Close()
	<-done
	return got, cpu, self, tls.CipherSuiteName(c.ConnectionState().CipherSuite)
}

// selfCPU is this process's CPU time (user+system) so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
