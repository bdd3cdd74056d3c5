package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// server is one program under test.
type server struct {
	name string
	argv []string
	env  []string // added to this process's environment
	cpus string   // the CPUs it is pinned to when pinned ("0" when empty)
}

// proc is a running server.
type proc struct {
	cmd    *exec.Cmd
	addr   string
	stderr *strings.Builder
}

var portRE = regexp.MustCompile(`:(\d+)\s*$`)

// start runs s (on CPU 0, or its cpus, when pinned) and waits for the
// line ending in ":PORT" that every server prints when it listens; what
// it prints after that (the messages an SMTP server prints) is read and
// dropped, so that it never waits on a full pipe.
func start(s server, pinned bool) (*proc, error) {
	argv := s.argv
	if pinned {
		cpus := s.cpus
		if cpus == "" {
			cpus = "0"
		}
		argv = append([]string{"taskset", "-c", cpus}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	if len(s.env) > 0 {
		cmd.Env = append(os.Environ(), s.env...)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &proc{cmd: cmd, stderr: &strings.Builder{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	out := bufio.NewReader(stdout)
	line, _ := out.ReadString('\n')
	m := portRE.FindStringSubmatch(line)
	if m == nil {
		p.stop()
		return nil, fmt.Errorf("did not start: %s", strings.TrimSpace(line+p.stderr.String()))
	}
	go io.Copy(io.Discard, out)
	p.addr = "127.0.0.1:" + m[1]
	return p, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop interrupts the server (SIGINT, on which pyasync writes its CPU
// profile when asked for one) and kills it if it has not ended within
// 5 s.
func (p *proc) stop() {
	p.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() {
		p.cmd.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// cpuTime is the server's user+system time.
func (p *proc) cpuTime() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.pid()))
	if err != nil {
		return 0
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return time.Duration((utime + stime) / 100 * float64(time.Second)) // USER_HZ = 100
}

// rss is the server's resident memory in bytes.
func (p *proc) rss() int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.pid()))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}

// fds counts the server's open descriptors.
func (p *proc) fds() int {
	ents, _ := os.ReadDir(fmt.Sprintf("/proc/%d/fd", p.pid()))
	return len(ents)
}

func (p *proc) failure(err error) string {
	return fmt.Sprintf("failed: %v %s", err, lastLine(p.stderr.String()))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
