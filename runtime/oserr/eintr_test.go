package oserr

import (
	"testing"

	"golang.org/x/sys/unix"
)

// TestIgnoringEINTRRetriesOnlyEINTR: the one EINTR helper calls again
// after EINTR, and returns at once any other outcome.
func TestIgnoringEINTRRetriesOnlyEINTR(t *testing.T) {
	for _, tc := range []struct {
		outcomes []error
		want     error
		calls    int
	}{
		{[]error{nil}, nil, 1},
		{[]error{unix.EINTR, unix.EINTR, nil}, nil, 3},
		{[]error{unix.EINTR, unix.EAGAIN, nil}, unix.EAGAIN, 2},
		{[]error{unix.EBADF, nil}, unix.EBADF, 1},
	} {
		calls := 0
		err := IgnoringEINTR(func() error {
			calls++
			return tc.outcomes[calls-1]
		})
		if err != tc.want || calls != tc.calls {
			t.Errorf("outcomes %v: %v after %d calls, want %v after %d", tc.outcomes, err, calls, tc.want, tc.calls)
		}
	}
}
