// Package batchmon, imported for its effect, keeps the Go runtime's
// system monitor from interrupting the program while it starts: its
// initialisation puts the monitor's thread in the SCHED_BATCH scheduling
// class, whose threads do not preempt a running thread when they wake,
// and Restore, called once the start is over, puts it back in the
// normal class.
//
// The monitor (sysmon) is a thread of its own that wakes every 20 µs
// while the program runs, and backs off only after some 50 wake-ups in
// a row that found nothing to do: ~55 wake-ups during the ~10 ms of
// `pyasync empty.star`. Where the process has one CPU (taskset, or a
// container's single CPU), each wake-up preempts the program's thread:
// two context switches, and caches and TLB refilled after them. In the
// batch class the monitor runs when the program's thread blocks or its
// time slice ends: for `pyasync empty.star` pinned to one CPU, ~140 ->
// ~28 context switches, ~59 -> ~7 wake-ups, and 1.2 ms less wall and
// CPU time (paired medians of 300 alternating runs). The monitor's
// duties (taking a P back from a long system call, preempting a
// goroutine that runs for over 10 ms) are late by at most a time slice
// meanwhile.
//
// The monitor is the first thread the runtime makes, before any package
// initialises: the first thread ID after the process's own in the order
// the kernel hands IDs out (see first). A thread the monitor starts
// while in the batch class inherits the class: Restore puts every
// thread of the process that is in it back in the normal class.
// Nothing is done when the process was started in another class than
// the normal one (chrt), nor where /proc or the system calls are
// refused; the program runs as before either way.
//
// The package needs only the runtime and syscall, so that Go's
// initialisation order takes it early, right after syscall. It knows
// nothing of Starlark.
package batchmon

import (
	"sync"
	"syscall"
	"unsafe"
)

// Linux's scheduling classes (not in package syscall).
const (
	schedNormal = 0
	schedBatch  = 3
)

// moved is the monitor's thread ID when the initialisation put it in
// the batch class, else 0.
var moved int

func init() {
	if getScheduler(0) != schedNormal {
		return
	}
	if tid := first(syscall.Getpid(), threads()); tid > 0 && setScheduler(tid, schedBatch) == nil {
		moved = tid
	}
}

var restore sync.Once

// Restore puts the monitor, and any thread it started meanwhile, back in
// the normal scheduling class. Calls after the first do nothing.
func Restore() {
	restore.Do(func() {
		if moved == 0 {
			return
		}
		for _, tid := range threads() {
			if getScheduler(tid) == schedBatch {
				setScheduler(tid, schedNormal)
			}
		}
	})
}

// pidMaxLimit is the largest pid_max Linux allows on 64-bit machines:
// thread IDs are below it.
const pidMaxLimit = 1 << 22

// first is, of the thread IDs tids other than pid's, the one made first
// after the process (whose ID its first thread has): the kernel hands
// IDs out in increasing order, and wraps around to low ones after
// pid_max, so the IDs made after pid are ordered by how far they are
// past it, modulo the wrap. 0 if there is none.
func first(pid int, tids []int) int {
	best, bestDist := 0, 0
	for _, t := range tids {
		if t == pid || t <= 0 {
			continue
		}
		d := t - pid
		if d < 0 {
			d += pidMaxLimit
		}
		if best == 0 || d < bestDist {
			best, bestDist = t, d
		}
	}
	return best
}

// threads lists the thread IDs of the process (/proc/self/task); nil
// if it cannot be read.
func threads() []int {
	fd, err := syscall.Open("/proc/self/task", syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return nil
	}
	defer syscall.Close(fd)
	var buf [2048]byte
	var names []string
	for {
		n, err := syscall.ReadDirent(fd, buf[:])
		if err != nil || n <= 0 {
			break
		}
		_, _, names = syscall.ParseDirent(buf[:n], -1, names)
	}
	tids := make([]int, 0, len(names))
	for _, name := range names {
		t := 0
		for i := 0; i < len(name); i++ {
			if name[i] < '0' || name[i] > '9' {
				t = -1
				break
			}
			t = t*10 + int(name[i]-'0')
		}
		if t > 0 {
			tids = append(tids, t)
		}
	}
	return tids
}

// getScheduler is the scheduling class of thread tid (0: the calling
// thread), -1 if it cannot be read.
func getScheduler(tid int) int {
	r, _, e := syscall.RawSyscall(syscall.SYS_SCHED_GETSCHEDULER, uintptr(tid), 0, 0)
	if e != 0 {
		return -1
	}
	return int(r)
}

// setScheduler puts thread tid in the scheduling class policy (one
// without priorities: the thread's nice value stays).
func setScheduler(tid, policy int) error {
	var priority int32 // struct sched_param
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETSCHEDULER, uintptr(tid), uintptr(policy), uintptr(unsafe.Pointer(&priority))); e != 0 {
		return e
	}
	return nil
}
