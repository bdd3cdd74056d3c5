package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"github.com/pyasync/pyasync/scripts/load"
)

// pingPong measures 64-byte round trips on active connections with idle
// ones open beside them: round trips/s and server CPU µs per round trip.
func pingPong(s server, active, idle int, d time.Duration, runs int, pinned bool) (rps, cpu *figure) {
	rps, cpu = &figure{}, &figure{}
	fail := func(msg string) (*figure, *figure) {
		rps.err, cpu.err = msg, ""
		return rps, cpu
	}
	p, err := start(s, pinned)
	if err != nil {
		return fail(err.Error())
	}
	defer p.stop()
	idleConns, err := load.Dial(p.addr, idle)
	if err != nil {
		return fail(p.failure(err))
	}
	defer load.Close(idleConns)
	conns, err := load.Dial(p.addr, active)
	if err != nil {
		return fail(p.failure(err))
	}
	defer load.Close(conns)
	load.PingPong(conns, 64, d/10) // warm-up
	for i := 0; i < runs; i++ {
		c0 := p.cpuTime()
		n, elapsed, err := load.PingPong(conns, 64, d)
		c1 := p.cpuTime()
		if err != nil || n == 0 {
			return fail(p.failure(err))
		}
		rps.xs = append(rps.xs, float64(n)/elapsed.Seconds())
		cpu.xs = append(cpu.xs, (c1-c0).Seconds()*1e6/float64(n))
	}
	return rps, cpu
}

// interleaved measures each of servers once per run, in turn, for runs
// runs, so that the machine's drift between runs falls on all of them
// alike (and pairedRatio can compare the servers run by run).
func interleaved(servers []server, runs int, measure func(s server) *figure) map[string]*figure {
	figs := map[string]*figure{}
	for i := 0; i < runs; i++ {
		for _, s := range servers {
			figs[s.name] = figs[s.name].join(measure(s))
		}
	}
	return figs
}

// bulk streams size bytes through an echo on one connection: MB/s.
func bulk(s server, size int64, runs int, pinned bool) *figure {
	f := &figure{}
	for i := 0; i < runs; i++ {
		p, err := start(s, pinned)
		if err != nil {
			f.err = err.Error()
			return f
		}
		elapsed, err := load.Bulk(p.addr, size, 65536)
		p.stop()
		if err != nil {
			f.err = p.failure(err)
			return f
		}
		f.xs = append(f.xs, float64(size)/1e6/elapsed.Seconds())
	}
	return f
}

// eachRun starts s once and records what measure gives for each of runs
// runs; the first failure (a non-empty message) ends the figure.
func eachRun(s server, runs int, pinned bool, measure func(p *proc) (float64, string)) *figure {
	f := &figure{}
	p, err := start(s, pinned)
	if err != nil {
		f.err = err.Error()
		return f
	}
	defer p.stop()
	for i := 0; i < runs; i++ {
		v, msg := measure(p)
		if msg != "" {
			f.err = msg
			return f
		}
		f.xs = append(f.xs, v)
	}
	return f
}

// lines runs pipelined lines against a line server: lines/s.
func lines(s server, d time.Duration, runs int, pinned bool) *figure {
	return eachRun(s, runs, pinned, func(p *proc) (float64, string) {
		n, elapsed, err := load.Lines(p.addr, 10, 64, 32, d)
		if err != nil || n == 0 {
			return 0, p.failure(err)
		}
		return float64(n) / elapsed.Seconds(), ""
	})
}

// records runs batches of binary records against a record server:
// records/s, and the server's CPU µs per record (which the machine's
// other load does not enter as much as the rate).
func records(s server, d time.Duration, pinned bool) (rps, cpu *figure) {
	return perUnit(s, pinned, func(addr string) (int64, time.Duration, error) {
		return load.Records(addr, 10, 64, d)
	})
}

// perUnit starts s and drives it with drive, a closed-loop load that
// reports the units of work it saw done and in what time: units/s, and
// the server's CPU µs per unit.
func perUnit(s server, pinned bool, drive func(addr string) (int64, time.Duration, error)) (rate, cpu *figure) {
	rate, cpu = &figure{}, &figure{}
	p, err := start(s, pinned)
	if err != nil {
		rate.err = err.Error()
		return rate, cpu
	}
	defer p.stop()
	c0 := p.cpuTime()
	n, elapsed, err := drive(p.addr)
	c1 := p.cpuTime()
	if err != nil || n == 0 {
		rate.err = p.failure(err)
		return rate, cpu
	}
	rate.xs = append(rate.xs, float64(n)/elapsed.Seconds())
	cpu.xs = append(cpu.xs, (c1-c0).Seconds()*1e6/float64(n))
	return rate, cpu
}

var wrkRPS = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
var wrkCount = regexp.MustCompile(`(\d+) requests in`)
var wrkBad = regexp.MustCompile(`(Non-2xx or 3xx responses|Socket errors):.*`)

// http runs wrk (1 thread, 50 keep-alive connections, on this process's
// CPU) against an HTTP server for a 1 KiB file: requests/s, and the
// server's CPU µs per request (user+system, every thread's), and wrk's
// own (gen: what the load generator takes from the CPUs the servers
// share with it). wrk runs for d rounded to whole seconds, at least one.
func http(s server, d time.Duration, pinned bool) (rps, cpu, gen *figure) {
	rps, cpu, gen = &figure{}, &figure{}, &figure{}
	p, err := start(s, pinned)
	if err != nil {
		rps.err = err.Error()
		return rps, cpu, gen
	}
	defer p.stop()
	url := "http://" + p.addr + "/index.html"
	secs := max(1, int(d.Round(time.Second)/time.Second)) // wrk takes whole seconds
	c0 := p.cpuTime()
	w := exec.Command("wrk", "-t1", "-c50", fmt.Sprintf("-d%ds", secs), url)
	out, err := w.CombinedOutput()
	c1 := p.cpuTime()
	m, n := wrkRPS.FindSubmatch(out), wrkCount.FindSubmatch(out)
	if err != nil || m == nil || n == nil {
		rps.err = fmt.Sprintf("wrk failed: %v %s", err, lastLine(string(out)))
		return rps, cpu, gen
	}
	if bad := wrkBad.Find(out); bad != nil {
		rps.err = "wrk: " + string(bad)
		return rps, cpu, gen
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	reqs, _ := strconv.ParseFloat(string(n[1]), 64)
	rps.xs = append(rps.xs, v)
	cpu.xs = append(cpu.xs, (c1-c0).Seconds()*1e6/reqs)
	wcpu := w.ProcessState.UserTime() + w.ProcessState.SystemTime()
	gen.xs = append(gen.xs, wcpu.Seconds()*1e6/reqs)
	return rps, cpu, gen
}

// freePort is a TCP port on the loopback that nothing listens on now,
// for servers whose workers must all bind the same one (pyasync -j N
// with SO_REUSEPORT: port 0 would give each worker a port of its own).
func freePort() string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
}

// smtpSession is how many messages an SMTP session sends before QUIT.
const smtpSession = 10

// smtpd runs SMTP sessions against an SMTP server on 10 connections
// (load.SMTP): messages/s, and the server's CPU µs per message.
func smtpd(s server, d time.Duration, pinned bool) (mps, cpu *figure) {
	return perUnit(s, pinned, func(addr string) (int64, time.Duration, error) {
		return load.SMTP(addr, 10, smtpSession, d)
	})
}

var loopSeconds = regexp.MustCompile(`iterations in ([0-9.e-]+) s`)

// loopTime runs a program that times its own loop (scripts/bench/
// headers.star and its twin) to its end, on CPU 0 when pinned: the CPU
// seconds the loop took, as it prints them.
func loopTime(argv []string, pinned bool) *figure {
	f := &figure{}
	if pinned {
		argv = append([]string{"taskset", "-c", "0"}, argv...)
	}
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	m := loopSeconds.FindSubmatch(out)
	if err != nil || m == nil {
		f.err = fmt.Sprintf("failed: %v %s", err, lastLine(string(out)))
		return f
	}
	v, _ := strconv.ParseFloat(string(m[1]), 64)
	f.xs = append(f.xs, v)
	return f
}

// startup runs each argv to its end n times, the programs in turn in
// every round: wall milliseconds, one figure per argv.
func startup(argvs [][]string, n int) []*figure {
	figs := make([]*figure, len(argvs))
	for i := range figs {
		figs[i] = &figure{}
	}
	for r := 0; r < n; r++ {
		for i, argv := range argvs {
			f := figs[i]
			if f.err != "" {
				continue
			}
			t0 := time.Now()
			out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
			if err != nil {
				f.err = fmt.Sprintf("failed: %v %s", err, lastLine(string(out)))
				continue
			}
			f.xs = append(f.xs, float64(time.Since(t0).Microseconds())/1000)
		}
	}
	return figs
}

// memory opens n idle connections to s and reports the growth of its
// resident memory per connection, in bytes.
func memory(s server, n int, pinned bool) *figure {
	f := &figure{}
	p, err := start(s, pinned)
	if err != nil {
		f.err = err.Error()
		return f
	}
	defer p.stop()
	time.Sleep(200 * time.Millisecond)
	before, fds0 := p.rss(), p.fds()
	conns, err := load.Dial(p.addr, n)
	if err != nil {
		f.err = p.failure(err)
		return f
	}
	defer load.Close(conns)
	deadline := time.Now().Add(60 * time.Second)
	for p.fds() < fds0+n {
		if time.Now().After(deadline) {
			f.err = fmt.Sprintf("accepted only %d of %d connections", p.fds()-fds0, n)
			return f
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // let the last accepts settle
	f.xs = append(f.xs, float64(p.rss()-before)/float64(n))
	return f
}

// httpRoot makes the directory the HTTP servers serve: index.html, 1 KiB.
func httpRoot(tmp string) string {
	root := filepath.Join(tmp, "www")
	check(os.MkdirAll(root, 0o755))
	page := make([]byte, 1024)
	for i := range page {
		page[i] = "abcdefghijklmnopqrstuvwxyz\n"[i%27]
	}
	check(os.WriteFile(filepath.Join(root, "index.html"), page, 0o644))
	return root
}

// idleCost measures, in one server process and alternately, 64-byte
// round trips on active connections alone and beside idle ones, so that
// the machine's drift between two separate runs does not enter the
// ratio: round trips/s without and with the idle connections.
func idleCost(s server, active, idle int, d time.Duration, runs int, pinned bool) (without, with *figure) {
	without, with = &figure{}, &figure{}
	p, err := start(s, pinned)
	if err != nil {
		without.err = err.Error()
		return without, with
	}
	defer p.stop()
	conns, err := load.Dial(p.addr, active)
	if err != nil {
		without.err = p.failure(err)
		return without, with
	}
	defer load.Close(conns)
	settle := func(want int) {
		for deadline := time.Now().Add(60 * time.Second); p.fds() != want && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
		}
	}
	load.PingPong(conns, 64, d/10) // warm-up: every active connection is accepted
	base := p.fds()
	for i := 0; i < runs; i++ {
		n, elapsed, err := load.PingPong(conns, 64, d)
		if err != nil || n == 0 {
			without.err = p.failure(err)
			return without, with
		}
		without.xs = append(without.xs, float64(n)/elapsed.Seconds())
		idleConns, err := load.Dial(p.addr, idle)
		if err != nil {
			with.err = p.failure(err)
			return without, with
		}
		settle(base + idle)
		n, elapsed, err = load.PingPong(conns, 64, d)
		load.Close(idleConns)
		if err != nil || n == 0 {
			with.err = p.failure(err)
			return without, with
		}
		with.xs = append(with.xs, float64(n)/elapsed.Seconds())
		settle(base)
	}
	return without, with
}

// alternate measures the servers' CPU per round trip on active
// connections in short slices taken in turn, with every server running
// at once (an idle one waits in the kernel and costs nothing), slices
// times each: adjacent slices share the machine's state, which a run of
// each server after the other does not when the state changes in
// between. Every round starts the servers afresh: a process's figure
// stays within a percent or two of itself for as long as it runs, but
// differs from another process's of the same program by several (where
// its memory landed, say), so that one process per server would make
// every round's ratio the same draw. It returns each server's CPU µs per
// round trip, round by round, for pairedRatio.
func alternate(servers []server, active int, slice time.Duration, slices int, pinned bool) map[string]*figure {
	figs := map[string]*figure{}
	for _, s := range servers {
		figs[s.name] = &figure{}
	}
	for i := 0; i < slices; i++ {
		if !alternateRound(servers, active, slice, pinned, i, figs) {
			break
		}
	}
	return figs
}

// alternateRound is round number round of alternate: it starts the
// servers, warms them up and takes one slice of each, starting with a
// different server every round so that none is always measured first
// (just after the others' warm-up) or last; false when one failed (its
// figure then holds the error).
func alternateRound(servers []server, active int, slice time.Duration, pinned bool, round int, figs map[string]*figure) bool {
	type running struct {
		p     *proc
		conns []net.Conn
	}
	var rs []running
	defer func() {
		for _, r := range rs {
			load.Close(r.conns)
			r.p.stop()
		}
	}()
	for _, s := range servers {
		p, err := start(s, pinned)
		if err != nil {
			figs[s.name].err = err.Error()
			return false
		}
		conns, err := load.Dial(p.addr, active)
		if err != nil {
			figs[s.name].err = p.failure(err)
			p.stop()
			return false
		}
		rs = append(rs, running{p, conns})
		load.PingPong(conns, 64, time.Second) // warm-up
	}
	for j := range rs {
		k := (j + round) % len(rs)
		r := rs[k]
		c0 := r.p.cpuTime()
		n, _, err := load.PingPong(r.conns, 64, slice)
		c1 := r.p.cpuTime()
		f := figs[servers[k].name]
		if err != nil || n == 0 {
			f.err = r.p.failure(err)
			return false
		}
		f.xs = append(f.xs, (c1-c0).Seconds()*1e6/float64(n))
	}
	return true
}
