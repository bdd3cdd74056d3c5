package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// writePGO runs pyasync alone through the benchmark's workloads with its
// CPU profiler on (PYASYNC_CPUPROFILE) and merges the profiles into out:
// the profile from which `go build` optimises cmd/pyasync when it is
// cmd/pyasync/default.pgo (profile-guided optimisation: the hot calls of
// the loop, the interpreter and the socket layer are inlined and their
// interface calls devirtualised). pyasync is built without a profile for
// this, so that a stale one does not shape the new one.
//
// Run it again when the hot paths change:
//
//	go run ./scripts/bench -pgo cmd/pyasync/default.pgo
func writePGO(out string, d time.Duration, tmp string, pinned bool) {
	pa := filepath.Join(tmp, "pyasync-nopgo")
	cmd := exec.Command("go", "build", "-pgo=off", "-o", pa, "./cmd/pyasync")
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	var profiles []string
	profiled := func(name string, argv ...string) server {
		prof := filepath.Join(tmp, fmt.Sprintf("%d.pprof", len(profiles)))
		profiles = append(profiles, prof)
		return server{name, append([]string{pa}, argv...), []string{"PYASYNC_CPUPROFILE=" + prof}}
	}
	report := func(what string, f *figure, unit string) {
		if !f.ok() {
			check(fmt.Errorf("%s: %s", what, f.err))
		}
		progress(what, "pyasync", f.cell("%.0f")+" "+unit)
	}
	for _, c := range []int{10, 100, 1000} {
		r, _ := pingPong(profiled("echo", "examples/echo_server.star", "0"), c, 0, d, 1, pinned)
		report(fmt.Sprintf("ping-pong, %d connections", c), r, "rt/s")
	}
	report("bulk 1 GiB", bulk(profiled("echo", "examples/echo_server.star", "0"), gib, 1, pinned), "MB/s")
	report("asynchat lines", lines(profiled("lines", "scripts/bench/lines_server.star"), d, 1, pinned), "lines/s")
	if _, err := exec.LookPath("wrk"); err == nil {
		report("http wrk", http(profiled("http", "examples/http_server.star", "0", httpRoot(tmp)), d, 1, pinned), "req/s")
	} else {
		progress("http wrk", "", "skipped: wrk not installed (its handlers are then not in the profile)")
	}
	merge := exec.Command("go", append([]string{"tool", "pprof", "-proto"}, profiles...)...)
	merge.Stderr = os.Stderr
	data, err := merge.Output()
	check(err)
	check(os.WriteFile(out, data, 0o644))
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes) from %d profiles\n", out, len(data), len(profiles))
}
