package poll

import (
	"os"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// backends runs each test against every Poller.
var backends = map[string]func() (Poller, error){
	"epoll": NewEpoll,
	"poll":  NewPoll,
	"New":   New,
}

func forEach(t *testing.T, f func(t *testing.T, p Poller)) {
	for name, mk := range backends {
		t.Run(name, func(t *testing.T) {
			p, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			f(t, p)
		})
	}
}

func pair(t *testing.T) (int, int) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return fds[0], fds[1]
}

func find(evs []Event, fd int) (Events, bool) {
	for _, e := range evs {
		if e.Fd == fd {
			return e.Events, true
		}
	}
	return 0, false
}

func TestReadableAndWritable(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		a, b := pair(t)
		if err := p.Set(a, In|Out); err != nil {
			t.Fatal(err)
		}
		evs, err := p.Wait(time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		if ev, ok := find(evs, a); !ok || ev&Out == 0 || ev&In != 0 {
			t.Fatalf("fresh socket: %v, want writable only", evs)
		}
		unix.Write(b, []byte("x"))
		evs, _ = p.Wait(time.Second, evs)
		if ev, _ := find(evs, a); ev&In == 0 {
			t.Fatalf("after a write by the peer: %v, want readable", evs)
		}
		// level-triggered: still readable until read
		evs, _ = p.Wait(0, evs)
		if ev, _ := find(evs, a); ev&In == 0 {
			t.Fatalf("not level-triggered: %v", evs)
		}
	})
}

func TestHangUp(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		a, b := pair(t)
		p.Set(a, In)
		unix.Shutdown(b, unix.SHUT_RDWR)
		evs, _ := p.Wait(time.Second, nil)
		if ev, _ := find(evs, a); ev&(In|Hup) == 0 {
			t.Fatalf("peer gone: %v, want readable or hang-up", evs)
		}
	})
}

func TestSetZeroSilences(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		a, b := pair(t)
		p.Set(a, In)
		unix.Write(b, []byte("x"))
		p.Set(a, 0)
		if p.Len() != 0 || p.Interest(a) != 0 {
			t.Fatalf("Len %d Interest %v after Set(fd, 0)", p.Len(), p.Interest(a))
		}
		evs, _ := p.Wait(10*time.Millisecond, nil)
		if len(evs) != 0 {
			t.Fatalf("a silenced fd reported %v", evs)
		}
		p.Set(a, In)
		evs, _ = p.Wait(time.Second, nil)
		if _, ok := find(evs, a); !ok {
			t.Fatal("re-registered fd not reported")
		}
	})
}

func TestForgetThenReuse(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		a, _ := pair(t)
		p.Set(a, In|Out)
		p.Forget(a)
		p.Forget(a) // twice is harmless
		p.Forget(12345)
		if p.Interest(a) != 0 {
			t.Fatal("Forget left interest behind")
		}
	})
}

func TestWakeFromAnotherGoroutine(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(20 * time.Millisecond)
			p.Wake()
		}()
		start := time.Now()
		evs, err := p.Wait(-1, nil)
		wg.Wait()
		if err != nil || len(evs) != 0 {
			t.Fatalf("Wait after Wake: %v %v", evs, err)
		}
		if time.Since(start) > 30*time.Second {
			t.Fatal("Wake did not wake")
		}
	})
}

func TestTimeoutNeverEndsEarly(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		start := time.Now()
		p.Wait(30*time.Millisecond, nil)
		if d := time.Since(start); d < 30*time.Millisecond {
			t.Fatalf("waited %v, want at least 30ms", d)
		}
	})
}

// TestSyscallOnlyOnChange: Set with unchanged interest makes no epoll_ctl.
func TestSyscallOnlyOnChange(t *testing.T) {
	p, err := newEpoll(false)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	a, _ := pair(t)
	p.Set(a, In)
	n := p.ctls
	for i := 0; i < 100; i++ {
		p.Set(a, In)
	}
	if p.ctls != n {
		t.Fatalf("%d epoll_ctl calls for unchanged interest", p.ctls-n)
	}
	p.Set(a, In|Out)
	if p.ctls != n+1 {
		t.Fatalf("changing interest made %d calls, want 1", p.ctls-n)
	}
}

// TestRegularFileThroughNew: epoll refuses regular files; New watches
// them with poll(2).
func TestRegularFileThroughNew(t *testing.T) {
	p, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	f, err := os.CreateTemp(t.TempDir(), "file")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())
	if err := p.Set(fd, In); err != nil {
		t.Fatalf("Set on a regular file: %v", err)
	}
	a, b := pair(t)
	p.Set(a, In)
	unix.Write(b, []byte("x"))
	evs, err := p.Wait(time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := find(evs, fd); !ok {
		t.Errorf("regular file not reported ready: %v", evs)
	}
	if _, ok := find(evs, a); !ok {
		t.Errorf("socket beside a regular file not reported: %v", evs)
	}
	if _, err := NewEpoll(); err != nil {
		t.Fatal(err)
	}
}

func TestNoAllocationPerWait(t *testing.T) {
	forEach(t, func(t *testing.T, p Poller) {
		a, _ := pair(t)
		buf := make([]Event, 0, 16)
		p.Set(a, Out)
		allocs := testing.AllocsPerRun(100, func() {
			p.Set(a, Out)
			buf, _ = p.Wait(0, buf)
		})
		if allocs != 0 {
			t.Errorf("%v allocations per Set+Wait", allocs)
		}
		// a wait with a timeout finds the ready descriptor without blocking
		allocs = testing.AllocsPerRun(100, func() {
			buf, _ = p.Wait(time.Second, buf)
			if _, ok := find(buf, a); !ok {
				t.Fatalf("ready descriptor not reported: %v", buf)
			}
		})
		if allocs != 0 {
			t.Errorf("%v allocations per Wait with a timeout", allocs)
		}
	})
}

func BenchmarkSetWait(b *testing.B) {
	for name, mk := range backends {
		b.Run(name, func(b *testing.B) {
			p, _ := mk()
			defer p.Close()
			fds, _ := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
			defer unix.Close(fds[0])
			defer unix.Close(fds[1])
			p.Set(fds[0], Out)
			buf := make([]Event, 0, 16)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				p.Set(fds[0], Out)
				buf, _ = p.Wait(0, buf)
			}
		})
	}
}

// TestFromEpoll: each epoll bit becomes its Events bit, in any
// combination, and bits beyond them (EPOLLRDHUP, EPOLLET) are ignored.
func TestFromEpoll(t *testing.T) {
	bits := []struct {
		e  uint32
		ev Events
	}{{unix.EPOLLIN, In}, {unix.EPOLLOUT, Out}, {unix.EPOLLPRI, Pri}, {unix.EPOLLHUP, Hup}, {unix.EPOLLERR, Err}}
	for mask := 0; mask < 1<<len(bits); mask++ {
		e, want := uint32(unix.EPOLLRDHUP|unix.EPOLLET), Events(0)
		for i, b := range bits {
			if mask&(1<<i) != 0 {
				e |= b.e
				want |= b.ev
			}
		}
		if got := fromEpoll(e); got != want {
			t.Errorf("fromEpoll(%#x) = %v, want %v", e, got, want)
		}
	}
}
