// Command instr counts the instructions a pyasync server executes per
// unit of work (a 64-byte echo round trip, an HTTP request, an SMTP
// message) or a script per iteration of its loop, in user space, under
// valgrind's cachegrind. A count does not move with the machine's state
// as times do (a change of a percent is lost in the noise of CPU time
// per round trip, and shows plainly here), so it is the figure to
// compare two builds of a hot path with; the kernel's share, which it
// leaves out, is the same for both.
//
// It runs the program twice, for a short and a longer load, and divides
// the difference in instructions by the difference in units, so that
// start-up and shut-down cancel out. What the collector does in a run
// is not quite the same from one run to the next: counts of the same
// build differ by a percent or two (more for the servers when the
// machine is so busy that the longer run does little more than the
// short one), so compare the medians of a few runs.
//
//	go run ./scripts/instr [-bin PYASYNC] [-w WORKLOAD] [-c CONNECTIONS] [-floor] [-py] [-keep DIR] [SCRIPT]
//
// Workloads (-w):
//
//	echo     64-byte round trips on -c connections (100) through an echo
//	         server (SCRIPT, examples/echo_server.star by default); -floor
//	         counts the benchmark's plain Go epoll echo server
//	         (scripts/bench/goecho) too, and prints pyasync's count over
//	         its own
//	http     requests for a 1 KiB file by wrk (1 thread, 50 connections)
//	         to examples/http_server.star (needs wrk)
//	smtp     messages in SMTP sessions (as the benchmark's) to
//	         examples/smtpd.star
//	headers  iterations of scripts/bench/headers.star's loop
//	records  binary records (as the benchmark's: 10 connections, 64
//	         records a batch) to scripts/bench/records_server.star
//
// -py counts the workload's CPython twin too (the benchmark's: for echo
// scripts/bench/echo_server.py with poll, for http http_server.py with
// TCP_NODELAY, for smtp CPython's own smtpd, for headers headers.py, for
// records records_server.py) and
// prints pyasync's count over its own. -keep copies pyasync's two
// cachegrind outputs (short.out, long.out, and units.txt with the units
// of each run) into DIR, for cg_annotate or a per-function comparison
// of two builds. -bin runs a pyasync already built
// instead of building this checkout. Needs valgrind (Debian package
// valgrind).
//
// The Go programs run with GODEBUG=cpu.rdtscp=off: the Go runtime reads
// the time stamp counter with RDTSCP where the processor has it, on
// every contended lock, and valgrind (3.19) stops a program at that
// instruction.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/pyasync/pyasync/scripts/load"
)

// workload is what instr can count: the programs, and how a run of it
// is driven.
type workload struct {
	unit   string   // what is counted: "round trip"
	script string   // pyasync's script, when SCRIPT is not given
	twin   []string // CPython's program, after python3 -W ignore
	drive  func(addr string, d time.Duration) (int64, error)
	loop   bool // a program that runs its loop to the end (headers)
}

func main() {
	bin := flag.String("bin", "", "pyasync binary to measure (default: build this checkout)")
	name := flag.String("w", "echo", "workload: echo, http, smtp, headers or records")
	conns := flag.Int("c", 100, "connections (echo)")
	floor := flag.Bool("floor", false, "count the Go epoll floor (scripts/bench/goecho) too (echo)")
	py := flag.Bool("py", false, "count the CPython twin too")
	keep := flag.String("keep", "", "copy pyasync's cachegrind outputs into this directory")
	flag.Parse()
	tmp, err := os.MkdirTemp("", "pyasync-instr")
	check(err)
	scratch = tmp
	defer os.RemoveAll(tmp)
	w, ok := workloads(*conns, tmp)[*name]
	if !ok {
		fail(fmt.Errorf("unknown workload %q", *name))
	}
	if flag.NArg() > 0 {
		w.script = flag.Arg(0)
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		fail(fmt.Errorf("valgrind not found (apt-get install valgrind)"))
	}
	if *bin == "" {
		*bin = filepath.Join(tmp, "pyasync")
		build(*bin, "./cmd/pyasync")
	}
	per := perUnit(w, []string{*bin, w.script}, tmp)
	if *keep != "" {
		keepOutputs(tmp, *keep)
	}
	if *py {
		c := perUnit(w, append([]string{python(), "-W", "ignore"}, w.twin...), tmp)
		fmt.Printf("pyasync / CPython: %.2fx the instructions (%+.0f per %s)\n", per/c, per-c, w.unit)
	}
	if *floor && *name == "echo" {
		goecho := filepath.Join(tmp, "goecho")
		build(goecho, "./scripts/bench/goecho")
		g := perUnit(w, []string{goecho}, tmp)
		fmt.Printf("pyasync / Go floor: %.1fx the instructions (%.0f more per round trip)\n", per/g, per-g)
	}
}

// keepOutputs copies the cachegrind outputs of the last perUnit, and
// the units of its two runs, from tmp into dir.
func keepOutputs(tmp, dir string) {
	check(os.MkdirAll(dir, 0o755))
	for _, f := range []string{"short.out", "long.out"} {
		data, err := os.ReadFile(filepath.Join(tmp, f))
		check(err)
		check(os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	check(os.WriteFile(filepath.Join(dir, "units.txt"), []byte(fmt.Sprintf("%d %d\n", lastUnits[0], lastUnits[1])), 0o644))
}

// lastUnits are the units of work of the last perUnit's short and long
// runs.
var lastUnits [2]int64

// workloads are the workloads by name.
func workloads(conns int, tmp string) map[string]workload {
	return map[string]workload{
		"echo": {unit: "round trip", script: "examples/echo_server.star", twin: []string{"scripts/bench/echo_server.py", "poll"},
			drive: func(addr string, d time.Duration) (int64, error) {
				cs, err := load.Dial(addr, conns)
				if err != nil {
					return 0, err
				}
				defer load.Close(cs)
				n, _, err := load.PingPong(cs, 64, d)
				return n, err
			}},
		"http": {unit: "request", script: "examples/http_server.star", twin: []string{"scripts/bench/http_server.py"}, drive: wrk},
		"smtp": {unit: "message", script: "examples/smtpd.star", twin: []string{"scripts/bench/smtpd_server.py"},
			drive: func(addr string, d time.Duration) (int64, error) {
				n, _, err := load.SMTP(addr, 10, 10, d)
				return n, err
			}},
		"records": {unit: "record", script: "scripts/bench/records_server.star", twin: []string{"scripts/bench/records_server.py"},
			drive: func(addr string, d time.Duration) (int64, error) {
				n, _, err := load.Records(addr, 10, 64, d)
				return n, err
			}},
		"headers": {unit: "iteration", script: "scripts/bench/headers.star", twin: []string{"scripts/bench/headers.py"}, loop: true},
	}
}

var wrkCount = regexp.MustCompile(`(\d+) requests in`)

// wrk asks for index.html, the HTTP workload's file, for d (whole
// seconds) with wrk: the requests answered.
func wrk(addr string, d time.Duration) (int64, error) {
	out, err := exec.Command("wrk", "-t1", "-c50", fmt.Sprintf("-d%ds", int(d/time.Second)), "http://"+addr+"/index.html").CombinedOutput()
	m := wrkCount.FindSubmatch(out)
	if err != nil || m == nil || strings.Contains(string(out), "Non-2xx") {
		return 0, fmt.Errorf("wrk: %v %s", err, out)
	}
	return strconv.ParseInt(string(m[1]), 10, 64)
}

// build compiles the package pkg to out.
func build(out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds pyasync
	cmd.Stderr = os.Stderr
	check(cmd.Run())
}

// python is the interpreter python3 runs (not a version manager's shim).
func python() string {
	out, err := exec.Command("python3", "-c", "import sys; print(sys.executable)").Output()
	if p := strings.TrimSpace(string(out)); err == nil && p != "" {
		return p
	}
	return "python3"
}

// perUnit counts the instructions the program argv executes per unit of
// w, prints it and returns it. A server is given port 0 (and, for http,
// the directory to serve) after argv.
func perUnit(w workload, argv []string, tmp string) float64 {
	var short, long run
	var err error
	if w.loop {
		short, err = countLoop(append(argv, "20000"), filepath.Join(tmp, "short.out"))
		check(err)
		long, err = countLoop(append(argv, "60000"), filepath.Join(tmp, "long.out"))
	} else {
		argv = append(argv, "0")
		if w.unit == "request" {
			argv = append(argv, httpRoot(tmp))
		}
		short, err = count(argv, w.drive, 2*time.Second, filepath.Join(tmp, "short.out"))
		check(err)
		long, err = count(argv, w.drive, 6*time.Second, filepath.Join(tmp, "long.out"))
	}
	check(err)
	if long.units <= short.units {
		fail(fmt.Errorf("%s: the longer run did no more (%d, then %d)", argv[0], short.units, long.units))
	}
	lastUnits = [2]int64{short.units, long.units}
	per := float64(long.instr-short.instr) / float64(long.units-short.units)
	fmt.Printf("%.0f instructions per %s (%s; runs of %d and %d under cachegrind)\n",
		per, w.unit, strings.Join(append([]string{filepath.Base(argv[0])}, argv[1:]...), " "), short.units, long.units)
	return per
}

// httpRoot makes the directory the HTTP servers serve: index.html, 1 KiB,
// as the benchmark's.
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

// run is what one run under cachegrind did.
type run struct {
	units int64 // units of work done
	instr int64 // instructions executed, start to end
}

var portRE = regexp.MustCompile(`:(\d+)\s*$`)

// count runs the server argv under cachegrind, drives it with drive for
// d, stops it and reads its instruction count from out.
func count(argv []string, drive func(string, time.Duration) (int64, error), d time.Duration, out string) (run, error) {
	cmd := cachegrind(argv, out)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return run{}, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return run{}, err
	}
	defer cmd.Process.Kill()
	r := bufio.NewReader(stdout)
	line, _ := r.ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		return run{}, fmt.Errorf("%s did not start: %s", argv[0], strings.TrimSpace(line+stderr.String()))
	}
	go r.WriteTo(discard{}) // what it prints after (an SMTP server, every message)
	units, err := drive("127.0.0.1:"+m[1], d)
	if err != nil {
		return run{}, err
	}
	// interrupted, as at the prompt (pyasync then exits with an error
	// status, the Go floor dies of it); valgrind writes the counts on
	// the way out either way
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	instr, err := summary(out, argv[0], stderr.String())
	return run{units, instr}, err
}

// countLoop runs the program argv, whose last argument is how many
// iterations of its loop to make, to its end under cachegrind.
func countLoop(argv []string, out string) (run, error) {
	cmd := cachegrind(argv, out)
	msg, err := cmd.CombinedOutput()
	if err != nil {
		return run{}, fmt.Errorf("%s: %v %s", argv[0], err, msg)
	}
	n, _ := strconv.ParseInt(argv[len(argv)-1], 10, 64)
	instr, err := summary(out, argv[0], string(msg))
	return run{n, instr}, err
}

// summary reads the instruction count of a cachegrind output file.
func summary(out, prog, stderr string) (int64, error) {
	data, err := os.ReadFile(out)
	if err != nil {
		return 0, fmt.Errorf("%s under valgrind: %v %s", prog, err, strings.TrimSpace(stderr))
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "summary:"); ok {
			return strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
		}
	}
	return 0, fmt.Errorf("no summary line in %s", out)
}

// cachegrind is the command that runs argv under cachegrind, writing
// its counts to out.
func cachegrind(argv []string, out string) *exec.Cmd {
	cmd := exec.Command("valgrind", append([]string{"--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=" + out}, argv...)...)
	cmd.Env = append(os.Environ(), "GODEBUG=cpu.rdtscp=off")
	return cmd
}

// discard takes what a server prints and drops it.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func check(err error) {
	if err != nil {
		fail(err)
	}
}

// scratch is the run's temporary folder, removed by fail too (os.Exit
// runs no deferred call).
var scratch string

func fail(err error) {
	fmt.Fprintln(os.Stderr, "instr:", err)
	if scratch != "" {
		os.RemoveAll(scratch)
	}
	os.Exit(1)
}
