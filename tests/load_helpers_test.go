package tests

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A bounded request load for the restart and load-balancer tests: each
// of clients goroutines makes one connection per request, sends a line
// and reads the one-line reply, until total requests are answered or
// failed and every step has run. A step runs, in order, once that many
// requests are done; the load goes on while a step runs (that is the
// point: a restart under load), and so runs past total until the last
// step returns.

// loadStep is something done to the servers under load: at is how many
// requests must be done first.
type loadStep struct {
	at int
	do func()
}

// loadResult counts a load's requests.
type loadResult struct {
	mu       sync.Mutex
	ok       int
	failed   int
	errs     []string       // the first few failures
	lost     []string       // the client addresses of the failures
	replies  map[string]int // replies by their first word
	failedIn map[int]int    // failures by the number of steps done when they started
	// a reply's second word, when it is an address (host:port), is the
	// client's as the server saw it: wrongPeer counts those that are not
	// the client's own
	wrongPeer int
	peerErrs  []string
}

func (r *loadResult) add(epoch int, local, reply string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.failed++
		r.failedIn[epoch]++
		r.lost = append(r.lost, local)
		if len(r.errs) < 5 {
			r.errs = append(r.errs, err.Error())
		}
		return
	}
	r.ok++
	word, rest, _ := strings.Cut(reply, " ")
	r.replies[word]++
	if peer, _, _ := strings.Cut(rest, " "); strings.Contains(peer, ":") && peer != local {
		r.wrongPeer++
		if len(r.peerErrs) < 5 {
			r.peerErrs = append(r.peerErrs, fmt.Sprintf("client %s, reply %q", local, reply))
		}
	}
}

// request makes one connection to addr, sends line and returns the reply
// line and the client's own address. The deadline only keeps a broken
// server from hanging the test.
func request(addr, line string) (string, string, error) {
	c, err := net.DialTimeout("tcp", addr, 30*time.Second)
	if err != nil {
		return "", "", err
	}
	defer c.Close()
	local := c.LocalAddr().String()
	c.SetDeadline(time.Now().Add(60 * time.Second))
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return "", local, err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return "", local, err
	}
	return strings.TrimSpace(reply), local, nil
}

// runLoad runs the load against addr (see above).
func runLoad(t *testing.T, addr string, clients, total int, steps ...loadStep) *loadResult {
	t.Helper()
	r := &loadResult{replies: map[string]int{}, failedIn: map[int]int{}}
	var done atomic.Int64
	var epoch atomic.Int32 // steps done
	var stepsDone atomic.Bool
	advanced := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for n := 0; ; n++ {
				if done.Load() >= int64(total) && stepsDone.Load() {
					return
				}
				e := int(epoch.Load())
				reply, local, err := request(addr, "ping")
				r.add(e, local, reply, err)
				done.Add(1)
				select {
				case advanced <- struct{}{}:
				default:
				}
			}
		}(i)
	}
	for _, s := range steps {
		for done.Load() < int64(s.at) {
			<-advanced
		}
		s.do()
		epoch.Add(1)
	}
	stepsDone.Store(true)
	wg.Wait()
	return r
}

// logLines keeps what a process writes, line by line, and lets a test
// wait for a line.
type logLines struct {
	mu    sync.Mutex
	cond  *sync.Cond
	lines []string
	eof   bool
}

func newLogLines(t *testing.T, pipe func() (io.ReadCloser, error)) *logLines {
	t.Helper()
	p, err := pipe()
	if err != nil {
		t.Fatal(err)
	}
	l := &logLines{}
	l.cond = sync.NewCond(&l.mu)
	go func() {
		s := bufio.NewScanner(p)
		for s.Scan() {
			l.mu.Lock()
			l.lines = append(l.lines, s.Text())
			l.cond.Broadcast()
			l.mu.Unlock()
		}
		l.mu.Lock()
		l.eof = true
		l.cond.Broadcast()
		l.mu.Unlock()
	}()
	return l
}

// waitCount waits until n lines contain want, and returns them; it fails
// the test if the output ends first.
func (l *logLines) waitCount(t *testing.T, want string, n int) []string {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		var got []string
		for _, line := range l.lines {
			if strings.Contains(line, want) {
				got = append(got, line)
			}
		}
		if len(got) >= n {
			return got
		}
		if l.eof {
			t.Fatalf("output ended with %d of %d lines containing %q:\n%s", len(got), n, want, strings.Join(l.lines, "\n"))
		}
		l.cond.Wait()
	}
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
