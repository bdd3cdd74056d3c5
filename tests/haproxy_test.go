package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// The recipe of examples/haproxy under load: HAProxy (Debian's package)
// in front of two pyasync hosts, each in its own network namespace joined
// to this one by a veth pair, with send-proxy-v2 and an HTTP health
// check. One host is killed and the other restarted (SIGHUP) while a
// bounded load runs through HAProxy.

// nsPrefix names this package's namespaces: the test's process id
// follows, so that namespaces a killed run left are recognised.
const nsPrefix = "pyasync-test-"

// host is one pyasync host in its own namespace.
type host struct {
	name, ns, addr string // addr: its address, as HAProxy reaches it
	hostSide       string // this side's address on the veth pair
	cmd            *exec.Cmd
	out, errs      *logLines
}

// ipCmd runs ip with args.
func ipCmd(args ...string) error {
	out, err := exec.Command("ip", args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("ip %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(out)))
	}
	return nil
}

// removeStaleNamespaces deletes the namespaces of runs whose process is
// gone.
func removeStaleNamespaces() {
	out, _ := exec.Command("ip", "netns", "list").Output()
	for _, line := range strings.Split(string(out), "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		rest, ok := strings.CutPrefix(name, nsPrefix)
		if !ok {
			continue
		}
		pid, _, _ := strings.Cut(rest, "-")
		if n, err := strconv.Atoi(pid); err == nil && syscall.Kill(n, 0) == syscall.ESRCH {
			ipCmd("netns", "del", name)
		}
	}
}

// makeHostNamespace makes namespace number i of this run, joined to this
// one by a veth pair on a private /24 (10.213.x.0), and returns the two
// addresses; it is deleted when the test ends, however it ends. The test
// is skipped, saying why, where namespaces cannot be made.
func makeHostNamespace(t *testing.T, i int) (ns, hostSide, inside string) {
	t.Helper()
	pid := os.Getpid()
	ns = fmt.Sprintf("%s%d-%d", nsPrefix, pid, i)
	if err := ipCmd("netns", "add", ns); err != nil {
		t.Skipf("cannot make a network namespace (needs root and ip): %v", err)
	}
	outside, peer := fmt.Sprintf("pyh%d%c", pid%10000000, 'a'+i), fmt.Sprintf("pyn%d%c", pid%10000000, 'a'+i)
	t.Cleanup(func() {
		ipCmd("netns", "del", ns)
		ipCmd("link", "del", outside) // gone with the namespace, unless moving it failed
	})
	net := fmt.Sprintf("10.213.%d", 2*(pid%100)+i+1)
	hostSide, inside = net+".1", net+".2"
	for _, args := range [][]string{
		{"link", "add", outside, "type", "veth", "peer", "name", peer},
		{"link", "set", peer, "netns", ns},
		{"addr", "add", hostSide + "/24", "dev", outside},
		{"link", "set", outside, "up"},
		{"netns", "exec", ns, "ip", "addr", "add", inside + "/24", "dev", peer},
		{"netns", "exec", ns, "ip", "link", "set", peer, "up"},
		{"netns", "exec", ns, "ip", "link", "set", "lo", "up"},
	} {
		if err := ipCmd(args...); err != nil {
			t.Skipf("cannot join a network namespace with a veth pair: %v", err)
		}
	}
	return ns, hostSide, inside
}

// startHost runs examples/haproxy/backend.star with -j workers in
// namespace ns and waits until every worker listens.
func startHost(t *testing.T, name, ns, hostSide, inside string, workers int) *host {
	t.Helper()
	script, _ := filepath.Abs("../examples/haproxy/backend.star")
	args := []string{"netns", "exec", ns, pyasync, "-j", strconv.Itoa(workers), script, name, "8000"}
	h := &host{name: name, ns: ns, addr: inside + ":8000", hostSide: hostSide, cmd: exec.Command("ip", args...)}
	h.out, h.errs = newLogLines(t, h.cmd.StdoutPipe), newLogLines(t, h.cmd.StderrPipe)
	if err := h.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.cmd.Process.Kill(); h.cmd.Wait() })
	h.out.waitCount(t, "listening on port", workers)
	return h
}

// startHAProxy runs HAProxy with examples/haproxy/haproxy.cfg in front of
// hosts a and b, and returns the address it listens on and its log, a
// line per connection. It is skipped, saying why, without HAProxy.
func startHAProxy(t *testing.T, a, b *host) (string, *logLines) {
	t.Helper()
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		t.Skip("haproxy not installed (Debian's package haproxy): " + err.Error())
	}
	front := "127.0.0.1:" + freePort(t)
	cfg, _ := filepath.Abs("../examples/haproxy/haproxy.cfg")
	cmd := exec.Command(bin, "-db", "-f", cfg)
	cmd.Env = append(os.Environ(), "FRONT="+front, "HOST_A="+a.addr, "HOST_B="+b.addr)
	errs := newLogLines(t, cmd.StderrPipe)
	log := newLogLines(t, cmd.StdoutPipe)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("haproxy said:\n%s", errs)
		}
	})
	// HAProxy listens before it checks: a health check seen by both
	// hosts means it is up
	for _, h := range []*host{a, b} {
		h.out.waitCount(t, "health check from", 1)
	}
	return front, log
}

// TestHAProxyKillOneRestartOther: through HAProxy, one host killed and
// the other restarted under load: only requests in flight on the killed
// host fail, and every reply carries the client's own address, which the
// host had from the PROXY header.
func TestHAProxyKillOneRestartOther(t *testing.T) {
	if _, err := exec.LookPath("haproxy"); err != nil {
		t.Skip("haproxy not installed (Debian's package haproxy): " + err.Error())
	}
	removeStaleNamespaces()
	nsA, outA, inA := makeHostNamespace(t, 0)
	nsB, outB, inB := makeHostNamespace(t, 1)
	a := startHost(t, "a", nsA, outA, inA, 1)
	b := startHost(t, "b", nsB, outB, inB, 2)
	front, hlog := startHAProxy(t, a, b)

	// the health checks come with a LOCAL header: the address is
	// HAProxy's own on that host's veth pair
	for _, h := range []*host{a, b} {
		line := h.out.waitCount(t, "health check from", 1)[0]
		if !strings.Contains(line, "health check from "+h.hostSide+":") {
			t.Errorf("host %s: %q, want a check from %s", h.name, line, h.hostSide)
		}
	}

	const clients, total = 8, 3000
	restarts := 0
	restartB := func() {
		b.cmd.Process.Signal(syscall.SIGHUP)
		restarts++
		b.errs.waitCount(t, " up;", restarts)
	}
	res := runLoad(t, front, clients, total,
		loadStep{total / 5, restartB},
		loadStep{2 * total / 5, func() { a.cmd.Process.Kill(); a.cmd.Wait() }},
		loadStep{3 * total / 5, restartB},
	)
	t.Logf("%d answered (%v), %d failed by steps done when they started %v: %v", res.ok, res.replies, res.failed, res.failedIn, res.errs)

	// epoch 1: started after B's first restart and before A was dead
	for epoch, n := range res.failedIn {
		if epoch != 1 {
			t.Errorf("%d requests started after %d steps failed: only those in flight on the killed host may", n, epoch)
		}
	}
	// and HAProxy had sent each of them to A
	for _, addr := range res.lost {
		line := hlog.waitCount(t, addr+" ", 1)[0]
		if !strings.Contains(line, " pyasync/a ") {
			t.Errorf("the request from %s failed on another host than the killed one: %q", addr, line)
		}
	}
	if res.replies["a"] == 0 || res.replies["b"] == 0 {
		t.Errorf("replies by host: %v, want both", res.replies)
	}
	if res.wrongPeer != 0 {
		t.Errorf("%d replies named another client than the one that asked: %v", res.wrongPeer, res.peerErrs)
	}
	// B logged every request it answered, with the client's address from
	// the PROXY header: this host's loopback, where the clients are
	logged := b.out.waitCount(t, "b client ", res.replies["b"])
	answered := map[string]bool{}
	for _, line := range logged {
		if !strings.HasPrefix(line, "b client 127.0.0.1:") {
			t.Errorf("host b logged %q, want the client's 127.0.0.1 address", line)
			break
		}
		answered[strings.TrimPrefix(line, "b client ")] = true
	}
	// and no failed request was one B had answered
	for _, addr := range res.lost {
		if answered[addr] {
			t.Errorf("the request from %s failed, but host b answered it", addr)
		}
	}
	// every generation of B's workers found every header valid
	b.cmd.Process.Signal(syscall.SIGTERM)
	b.cmd.Wait()
	for _, line := range b.out.waitCount(t, "without a valid PROXY header", 2*(restarts+1)) {
		if !strings.Contains(line, ": 0 connections") {
			t.Errorf("host b: %q", line)
		}
	}
}
