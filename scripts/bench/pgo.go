package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
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
	cmd := exec.Command("go", "build", "-pgo=off", "-trimpath", "-o", pa, "./cmd/pyasync")
	cmd.Stderr = os.Stderr
	check(cmd.Run())
	var profiles []string
	profiled := func(name string, argv ...string) server {
		prof := filepath.Join(tmp, fmt.Sprintf("%d.pprof", len(profiles)))
		profiles = append(profiles, prof)
		return server{name, append([]string{pa}, argv...), []string{"PYASYNC_CPUPROFILE=" + prof}, ""}
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
		r, _, _ := http(profiled("http", "examples/http_server.star", "0", httpRoot(tmp)), d, pinned)
		report("http wrk", r, "req/s")
	} else {
		progress("http wrk", "", "skipped: wrk not installed (its handlers are then not in the profile)")
	}
	merge := exec.Command("go", append([]string{"tool", "pprof", "-proto"}, profiles...)...)
	merge.Stderr = os.Stderr
	data, err := merge.Output()
	check(err)
	data, err = renameBinary(data, pa, "pyasync")
	check(err)
	check(os.WriteFile(out, data, 0o644))
	fmt.Fprintf(os.Stderr, "wrote %s (%d bytes) from %d profiles\n", out, len(data), len(profiles))
}

// renameBinary replaces the path of the profiled binary (in this run's
// temporary directory) with name in a gzipped pprof profile, so that the
// committed profile names no path of the machine it was made on; the
// source paths are already module-relative (-trimpath). The path is an
// entry of the profile's string table, field 6 of the top-level
// message, which is rewritten in place; the compiler reads only function
// names and lines from the profile.
func renameBinary(gz []byte, path, name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var out []byte
	for len(raw) > 0 {
		key, n := binary.Uvarint(raw)
		if n <= 0 {
			return nil, fmt.Errorf("profile: bad field key")
		}
		field, end := raw[:n], n
		switch key & 7 {
		case 0: // varint
			_, m := binary.Uvarint(raw[end:])
			if m <= 0 {
				return nil, fmt.Errorf("profile: bad varint")
			}
			end += m
		case 1: // 64-bit
			end += 8
		case 5: // 32-bit
			end += 4
		case 2: // length-delimited
			l, m := binary.Uvarint(raw[end:])
			if m <= 0 || uint64(len(raw)-end-m) < l {
				return nil, fmt.Errorf("profile: bad length")
			}
			value := raw[end+m : end+m+int(l)]
			end += m + int(l)
			if key>>3 == 6 && string(value) == path {
				out = append(out, field...)
				out = binary.AppendUvarint(out, uint64(len(name)))
				out = append(out, name...)
				raw = raw[end:]
				continue
			}
		default:
			return nil, fmt.Errorf("profile: unknown wire type %d", key&7)
		}
		if end > len(raw) {
			return nil, fmt.Errorf("profile: truncated")
		}
		out = append(out, raw[:end]...)
		raw = raw[end:]
	}
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(out)
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
