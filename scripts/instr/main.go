// Command instr counts the instructions a pyasync echo server executes
// per 64-byte round trip, in user space, under valgrind's cachegrind. A
// count does not move with the machine's state as times do (a change of
// a percent is lost in the noise of CPU time per round trip, and shows
// plainly here), so it is the figure to compare two builds of a hot path
// with; the kernel's share, which it leaves out, is the same for both.
//
// It runs the server twice, for a short and a longer load, and divides
// the difference in instructions by the difference in round trips, so
// that start-up and shut-down cancel out.
//
//	go run ./scripts/instr [-bin PYASYNC] [-c CONNECTIONS] [-floor] [SCRIPT]
//
// SCRIPT is an echo server taking its port as first argument
// (examples/echo_server.star by default); -bin runs a pyasync already
// built instead of building this checkout; -floor counts the
// benchmark's plain Go epoll echo server (scripts/bench/goecho) too, and
// prints pyasync's count over its own. Needs valgrind (Debian package
// valgrind).
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

func main() {
	bin := flag.String("bin", "", "pyasync binary to measure (default: build this checkout)")
	conns := flag.Int("c", 100, "connections")
	floor := flag.Bool("floor", false, "count the Go epoll floor (scripts/bench/goecho) too")
	flag.Parse()
	script := "examples/echo_server.star"
	if flag.NArg() > 0 {
		script = flag.Arg(0)
	}
	if _, err := exec.LookPath("valgrind"); err != nil {
		fail(fmt.Errorf("valgrind not found (apt-get install valgrind)"))
	}
	tmp, err := os.MkdirTemp("", "pyasync-instr")
	check(err)
	defer os.RemoveAll(tmp)
	if *bin == "" {
		*bin = filepath.Join(tmp, "pyasync")
		build(*bin, "./cmd/pyasync")
	}
	per := perTrip([]string{*bin, script, "0"}, *conns, tmp)
	if !*floor {
		return
	}
	goecho := filepath.Join(tmp, "goecho")
	build(goecho, "./scripts/bench/goecho")
	g := perTrip([]string{goecho, "0"}, *conns, tmp)
	fmt.Printf("pyasync / Go floor: %.1fx the instructions (%.0f more per round trip)\n", per/g, per-g)
}

// build compiles the package pkg to out.
func build(out, pkg string) {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0") // as the README builds pyasync
	cmd.Stderr = os.Stderr
	check(cmd.Run())
}

// perTrip counts the instructions the server argv (which takes port 0
// and prints its address) executes per round trip, prints it and
// returns it.
func perTrip(argv []string, conns int, tmp string) float64 {
	short, err := count(argv, conns, 2*time.Second, filepath.Join(tmp, "short.out"))
	check(err)
	long, err := count(argv, conns, 6*time.Second, filepath.Join(tmp, "long.out"))
	check(err)
	if long.trips <= short.trips {
		fail(fmt.Errorf("%s: the longer run made no more round trips (%d, then %d)", argv[0], short.trips, long.trips))
	}
	per := float64(long.instr-short.instr) / float64(long.trips-short.trips)
	fmt.Printf("%.0f instructions per round trip (%s, %d connections; runs of %d and %d round trips under cachegrind)\n",
		per, strings.Join(append([]string{filepath.Base(argv[0])}, argv[1:]...), " "), conns, short.trips, long.trips)
	return per
}

// run is what one server run under cachegrind did.
type run struct {
	trips int64 // round trips the load generator completed
	instr int64 // instructions the server executed, start to end
}

var portRE = regexp.MustCompile(`:(\d+)\s*$`)

// count runs the server argv under cachegrind, drives conns connections
// through it for d, stops it and reads its instruction count from out.
func count(argv []string, conns int, d time.Duration, out string) (run, error) {
	cmd := exec.Command("valgrind", append([]string{"--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=" + out}, argv...)...)
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
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		return run{}, fmt.Errorf("%s did not start: %s", argv[0], strings.TrimSpace(line+stderr.String()))
	}
	cs, err := load.Dial("127.0.0.1:"+m[1], conns)
	if err != nil {
		return run{}, err
	}
	trips, _, err := load.PingPong(cs, 64, d)
	load.Close(cs)
	if err != nil {
		return run{}, err
	}
	// interrupted, as at the prompt (pyasync then exits with an error
	// status, the Go floor dies of it); valgrind writes the counts on
	// the way out either way
	cmd.Process.Signal(os.Interrupt)
	cmd.Wait()
	data, err := os.ReadFile(out)
	if err != nil {
		return run{}, fmt.Errorf("%s under valgrind: %v %s", argv[0], err, strings.TrimSpace(stderr.String()))
	}
	for _, l := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(l, "summary:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(rest), 10, 64)
			return run{trips, n}, err
		}
	}
	return run{}, fmt.Errorf("no summary line in %s", out)
}

func check(err error) {
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "instr:", err)
	os.Exit(1)
}
