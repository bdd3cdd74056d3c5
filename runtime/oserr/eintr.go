package oserr

import "golang.org/x/sys/unix"

// IgnoringEINTR calls f again for as long as it fails with EINTR (a
// signal arrived during a system call that the kernel does not restart
// by itself), as Go's os package does and as Python does since PEP 475,
// and returns its last error. Every untimed system call of pyasync that
// retries EINTR does it through here; a timed wait (runtime/poll) goes
// on with the time left instead.
func IgnoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
